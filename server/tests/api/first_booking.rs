//! A newcomer's first booking in one go: Book (or Join the waiting list)
//! while signed out carries the course and the seats in `next`; signing in,
//! or following the sign-up confirmation link, then books (or joins) at
//! once and sends the person on to Checkout, without a second press.

use crate::support::{TestApp, published_course, spawn_app};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use tessera::entity::{booking, user, waitlist_entry};

const PASSWORD: &str = "correct horse battery";

async fn member_id(app: &TestApp, email: &str) -> i64 {
    user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id
}

async fn bookings_of(app: &TestApp, member: i64) -> Vec<booking::Model> {
    booking::Entity::find()
        .filter(booking::Column::UserId.eq(member))
        .all(&app.db)
        .await
        .unwrap()
}

fn location(res: &reqwest::Response) -> String {
    res.headers()
        .get(reqwest::header::LOCATION)
        .expect("a redirect")
        .to_str()
        .unwrap()
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_up_from_book_arrives_at_checkout_once_the_address_is_confirmed() {
    let app = spawn_app().await;
    let course = published_course(&app.db, 10, 4).await;
    let next = format!("/courses/{}?book=2", course.0);
    let visitor = app.another_client();
    let res = visitor
        .post_form(
            "/api/signup",
            &[
                ("email", "grace@example.com"),
                ("display_name", "Grace Hopper"),
                ("password", PASSWORD),
                ("next", &next),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    // The link carries the intent back.
    let token = visitor
        .emailed_token("grace@example.com", "confirm_email", "/confirm-email")
        .await
        .expect("a confirmation link");
    let res = visitor
        .post_form("/api/confirm_email", &[("token", &token), ("next", &next)])
        .await;
    assert!(res.status().is_success() || res.status().is_redirection());
    let to = location(&res);
    assert!(to.contains("/c/pay/cs_"), "straight to Checkout: {to}");
    let held = bookings_of(&app, member_id(&app, "grace@example.com").await).await;
    assert_eq!(held.len(), 1);
    assert_eq!((held[0].course_id, held[0].seats), (course.0, 2));
    assert_eq!(visitor.who_am_i().await["email"], "grace@example.com");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_in_from_book_arrives_at_checkout_and_a_plain_sign_in_books_nothing() {
    let app = spawn_app().await;
    let course = published_course(&app.db, 10, 4).await;
    assert_eq!(app.signup("ada@example.com", PASSWORD).await.status(), 200);
    let ada = member_id(&app, "ada@example.com").await;

    let plain = app.another_client();
    let res = plain
        .post_form(
            "/api/login",
            &[
                ("email", "ada@example.com"),
                ("password", PASSWORD),
                ("next", &format!("/courses/{}", course.0)),
            ],
        )
        .await;
    assert!(location(&res).ends_with(&format!("/courses/{}", course.0)));
    assert!(bookings_of(&app, ada).await.is_empty());

    let visitor = app.another_client();
    let res = visitor
        .post_form(
            "/api/login",
            &[
                ("email", "ada@example.com"),
                ("password", PASSWORD),
                ("next", &format!("/courses/{}?book=1", course.0)),
            ],
        )
        .await;
    assert!(location(&res).contains("/c/pay/cs_"), "{}", location(&res));
    assert_eq!(bookings_of(&app, ada).await.len(), 1);

    // A wrong password books nothing.
    let res = app
        .another_client()
        .post_form(
            "/api/login",
            &[
                ("email", "ada@example.com"),
                ("password", "not the password"),
                ("next", &format!("/courses/{}?book=3", course.0)),
            ],
        )
        .await;
    assert_eq!(res.status(), 401);
    assert_eq!(bookings_of(&app, ada).await.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_booking_that_cannot_be_made_lands_on_the_course_signed_in() {
    let app = spawn_app().await;
    // One seat a booking: three asked for cannot be held.
    let course = published_course(&app.db, 10, 1).await;
    assert_eq!(app.signup("ada@example.com", PASSWORD).await.status(), 200);
    let visitor = app.another_client();
    let res = visitor
        .post_form(
            "/api/login",
            &[
                ("email", "ada@example.com"),
                ("password", PASSWORD),
                ("next", &format!("/courses/{}?book=3", course.0)),
            ],
        )
        .await;
    let to = location(&res);
    assert!(to.contains(&format!("/courses/{}", course.0)), "{to}");
    assert!(!to.contains("book="), "the intent is not tried again: {to}");
    assert_eq!(visitor.who_am_i().await["email"], "ada@example.com");
    assert!(
        bookings_of(&app, member_id(&app, "ada@example.com").await)
            .await
            .is_empty()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_in_from_join_the_waiting_list_takes_a_place() {
    let app = spawn_app().await;
    let course = published_course(&app.db, 1, 1).await;
    // The course is full.
    assert_eq!(app.signup("bob@example.com", PASSWORD).await.status(), 200);
    let res = app
        .post_form("/api/book_course", &[("course_id", &course.0.to_string())])
        .await;
    assert_eq!(res.status(), 200);

    let ada = app.another_client();
    assert_eq!(
        ada.sign_up_only("ada@example.com", PASSWORD).await.status(),
        200
    );
    let token = ada
        .emailed_token("ada@example.com", "confirm_email", "/confirm-email")
        .await
        .unwrap();
    let next = format!("/courses/{}?wait=1", course.0);
    let res = ada
        .post_form("/api/confirm_email", &[("token", &token), ("next", &next)])
        .await;
    let to = location(&res);
    assert!(
        to.ends_with(&format!("/courses/{}?joined", course.0)),
        "{to}"
    );
    let places = waitlist_entry::Entity::find()
        .filter(waitlist_entry::Column::UserId.eq(member_id(&app, "ada@example.com").await))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(places.len(), 1);
}

use crate::support::spawn_app;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use tessera_server::seed::seed;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_catalog_is_server_rendered_with_the_seeded_courses() {
    let app = spawn_app().await;
    seed(&app.db).await.expect("seed");
    let (status, html) = app.get("/courses").await;
    assert_eq!(status, 200);
    for title in [
        "Sourdough Bread Masterclass",
        "Rust for Web Developers",
        "Japanese Knife Skills",
    ] {
        assert!(html.contains(title), "{title} missing from /courses");
    }
    // Money is formatted per currency.
    assert!(
        html.contains("€49.00") && html.contains("$120.00") && html.contains("¥5000"),
        "prices"
    );
    // The free course says so; drafts never appear.
    assert!(html.contains("Free"));
    assert!(
        !html.contains("Advanced Pottery Wheel"),
        "a draft course leaked into the catalog"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_landing_page_links_to_the_catalog() {
    let app = spawn_app().await;
    seed(&app.db).await.expect("seed");
    let (status, html) = app.get("/").await;
    assert_eq!(status, 200);
    assert!(html.contains("href=\"/courses\""));
    assert!(
        html.contains("Sourdough Bread Masterclass"),
        "upcoming courses on the landing page"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_empty_catalog_says_so() {
    let app = spawn_app().await;
    let (status, html) = app.get("/courses").await;
    assert_eq!(status, 200);
    assert!(html.contains("No courses are on offer yet."));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_course_page_shows_its_details() {
    let app = spawn_app().await;
    seed(&app.db).await.expect("seed");
    let (status, html) = app.get("/courses/1").await;
    assert_eq!(status, 200);
    assert!(html.contains("Sourdough Bread Masterclass"));
    assert!(html.contains("De Bakkerij, Amsterdam"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_past_course_says_why_it_cannot_be_booked() {
    let app = spawn_app().await;
    seed(&app.db).await.expect("seed");
    let (_, list) = app.get("/courses").await;
    assert!(list.contains("Public Speaking Bootcamp"));
    let id = course_id_by_title(&app, "Public Speaking Bootcamp").await;
    let (status, html) = app.get(&format!("/courses/{id}")).await;
    assert_eq!(status, 200);
    assert!(html.contains("This course has already started."));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_and_draft_courses_are_404_not_a_crash() {
    let app = spawn_app().await;
    seed(&app.db).await.expect("seed");
    let draft = course_id_by_title(&app, "Advanced Pottery Wheel").await;
    for path in [
        "/courses/99999".to_owned(),
        "/courses/not-a-number".to_owned(),
        format!("/courses/{draft}"),
    ] {
        let (status, html) = app.get(&path).await;
        assert_eq!(status, 404, "{path}");
        assert!(html.contains("We couldn't find that course."), "{path}");
        assert!(
            !html.contains("Advanced Pottery Wheel"),
            "{path} leaked a draft"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_page_is_a_friendly_404() {
    let app = spawn_app().await;
    let (status, html) = app.get("/no/such/page").await;
    assert_eq!(status, 404);
    assert!(html.contains("We couldn't find that page."));
}

async fn course_id_by_title(app: &crate::support::TestApp, title: &str) -> i64 {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    tessera::entity::course::Entity::find()
        .filter(tessera::entity::course::Column::Title.eq(title))
        .one(&app.db)
        .await
        .expect("query")
        .expect("seeded")
        .id
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_course_you_hold_a_seat_on_says_so_instead_of_offering_book() {
    let app = spawn_app().await;
    seed(&app.db).await.expect("seed");
    let free = tessera::entity::course::Entity::find()
        .filter(tessera::entity::course::Column::Price.eq(0))
        .one(&app.db)
        .await
        .expect("q")
        .expect("a free sample course");
    let page = format!("/courses/{}", free.id);
    let (_, before) = app.get(&page).await;
    assert!(before.contains("data-testid=\"book\""), "signed out: Book");

    app.signup("ada@example.com", "correct horse battery").await;
    let res = app
        .post_form("/api/book_course", &[("course_id", &free.id.to_string())])
        .await;
    assert!(res.status().is_success() || res.status().is_redirection());
    let (_, after) = app.get(&page).await;
    assert!(
        after.contains("You&#x27;re booked on this course.")
            || after.contains("You're booked on this course."),
        "booked"
    );
    assert!(
        !after.contains("data-testid=\"book\""),
        "no second Book button"
    );
    let ada = tessera::entity::user::Entity::find()
        .filter(tessera::entity::user::Column::Email.eq("ada@example.com"))
        .one(&app.db)
        .await
        .expect("q")
        .expect("ada");
    let booking = tessera::entity::booking::Entity::find()
        .filter(tessera::entity::booking::Column::UserId.eq(ada.id))
        .one(&app.db)
        .await
        .expect("q")
        .expect("the booking");
    assert!(
        after.contains(&format!("href=\"/bookings/{}\"", booking.id)),
        "links to the booking"
    );

    // Someone else still sees Book.
    let other = app.another_client();
    other
        .signup("bo@example.com", "correct horse battery")
        .await;
    let (_, theirs) = other.get(&page).await;
    assert!(theirs.contains("data-testid=\"book\""));
    assert!(
        theirs.contains("your seat is confirmed at once") && !theirs.contains("while you pay"),
        "a free course holds nothing while paying"
    );
}

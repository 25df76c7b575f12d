//! A member's own data: a download of everything stored about them, and
//! deleting the account (bookings cancelled by the usual policy first, the
//! records a business keeps left without a name or an address).

use crate::support::{TestApp, eventually, pay, refunds_at_stripe, spawn_app};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use tessera::entity::{attendee, booking, email_outbox, payment, user};
use tessera::{BookingStatus, PaymentStatus};
use tessera_server::seed::seed;

const PASSWORD: &str = "correct horse battery";

/// `email` signed up and confirmed, with a paid booking on `title`.
async fn paid_member(app: &TestApp, email: &str, title: &str) -> (TestApp, booking::Model) {
    let m = app.another_client();
    assert_eq!(m.signup(email, PASSWORD).await.status(), 200);
    let c = crate::support::course_named(&app.db, title).await;
    let res = m
        .post_form("/api/book_course", &[("course_id", &c.id.to_string())])
        .await;
    assert_eq!(res.status(), 200);
    let url = res.headers()["location"].to_str().expect("url").to_owned();
    assert_eq!(pay(&url, "4242424242424242").await.status(), 303);
    let me = user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(&app.db)
        .await
        .expect("q")
        .expect("member");
    let mut confirmed = None;
    eventually("the booking confirmed", async || {
        confirmed = booking::Entity::find()
            .filter(booking::Column::UserId.eq(me.id))
            .filter(booking::Column::Status.eq(BookingStatus::Confirmed))
            .one(&app.db)
            .await
            .expect("q");
        confirmed.is_some()
    })
    .await;
    (m, confirmed.expect("confirmed"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_download_holds_my_bookings_and_nobody_elses() {
    let app = spawn_app().await;
    seed(&app.db).await.expect("seed");
    let (ada, mine) = paid_member(&app, "ada@example.com", "Sourdough Bread Masterclass").await;
    let (_bob, theirs) = paid_member(&app, "bob@example.com", "Sourdough Bread Masterclass").await;

    let res = ada
        .client
        .get(format!("{}/account/my-data.json", ada.address))
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-disposition"]
            .to_str()
            .expect("header")
            .starts_with("attachment")
    );
    let text = res.text().await.expect("body");
    let data: serde_json::Value = serde_json::from_str(&text).expect("json");
    assert_eq!(data["profile"]["email"], "ada@example.com");
    let bookings = data["bookings"].as_array().expect("bookings");
    assert_eq!(bookings.len(), 1);
    assert_eq!(bookings[0]["id"], mine.id);
    assert_eq!(bookings[0]["course"], "Sourdough Bread Masterclass");
    assert_eq!(data["payments"][0]["booking_id"], mine.id);
    assert_eq!(data["payments"][0]["status"], "succeeded");
    assert!(
        data["emails"]
            .as_array()
            .expect("emails")
            .iter()
            .all(|e| e["to"] == "ada@example.com")
    );
    assert!(!text.contains("bob@example.com"), "nobody else's data");
    assert!(!text.contains(&format!("\"id\": {}", theirs.id)));
    assert!(!text.contains("argon2"), "no password hash");

    let stranger = app.another_client();
    let res = stranger
        .client
        .get(format!("{}/account/my-data.json", app.address))
        .send()
        .await
        .expect("request");
    // Sent to sign in first, and back here after.
    assert_eq!(res.status(), 303);
    assert_eq!(
        res.headers()["location"],
        "/login?next=/account/my-data.json"
    );
}

async fn delete(m: &TestApp, password: &str) -> reqwest::Response {
    m.post_form("/api/delete_account", &[("confirm_password", password)])
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deleting_an_account_refunds_a_paid_booking_once_and_keeps_its_records_nameless() {
    let app = spawn_app().await;
    seed(&app.db).await.expect("seed");
    // Starts in nine days: before the cut-off, so a cancellation is refunded.
    let (ada, b) = paid_member(&app, "ada@example.com", "Sourdough Bread Masterclass").await;
    let laptop = app.another_client();
    assert_eq!(
        laptop.login("ada@example.com", PASSWORD).await.status(),
        200
    );

    let preview: serde_json::Value = ada
        .post_form("/api/deletion_preview", &[])
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(preview[0]["booking_id"], b.id);
    assert!(preview[0]["outcome"]["Refund"].is_object(), "{preview}");

    // The wrong password deletes nothing.
    let wrong = delete(&ada, "not my password").await;
    assert_eq!(wrong.status(), 422);
    assert_eq!(laptop.who_am_i().await["email"], "ada@example.com");

    let (first, second) = tokio::join!(delete(&ada, PASSWORD), delete(&laptop, PASSWORD));
    let mut statuses = [first.status().as_u16(), second.status().as_u16()];
    statuses.sort();
    assert_eq!(statuses[0], 200, "{statuses:?}");

    // Both sessions are over, and the address signs in no more.
    assert_eq!(ada.who_am_i().await, serde_json::Value::Null);
    assert_eq!(laptop.who_am_i().await, serde_json::Value::Null);
    assert_ne!(
        app.another_client()
            .login("ada@example.com", PASSWORD)
            .await
            .status(),
        200
    );

    // The booking is cancelled and refunded exactly once at Stripe.
    let p = payment::Entity::find()
        .filter(payment::Column::BookingId.eq(b.id))
        .filter(payment::Column::Status.ne(PaymentStatus::Failed))
        .one(&app.db)
        .await
        .expect("q")
        .expect("payment");
    let intent = p.stripe_payment_intent_id.clone().expect("intent");
    eventually("the refund at Stripe", async || {
        !refunds_at_stripe(&app, &intent).await.is_empty()
    })
    .await;
    assert_eq!(refunds_at_stripe(&app, &intent).await, vec![b.amount]);
    let after = booking::Entity::find_by_id(b.id)
        .one(&app.db)
        .await
        .expect("q")
        .expect("kept for the books");
    assert_eq!(after.status, BookingStatus::Cancelled);
    assert_eq!(after.amount, b.amount);

    // What is kept names nobody.
    let person = user::Entity::find_by_id(b.user_id)
        .one(&app.db)
        .await
        .expect("q")
        .expect("row kept");
    assert!(!person.email.contains("ada"), "{}", person.email);
    assert_ne!(person.display_name, "Ada Lovelace");
    let kept_payment = format!(
        "{:?}",
        payment::Entity::find_by_id(p.id)
            .one(&app.db)
            .await
            .expect("q")
            .expect("payment kept")
    );
    assert!(!kept_payment.contains("ada"), "{kept_payment}");
    assert!(!kept_payment.contains("Lovelace"), "{kept_payment}");
    let seats = attendee::Entity::find()
        .filter(attendee::Column::BookingId.eq(b.id))
        .all(&app.db)
        .await
        .expect("q");
    assert!(
        seats
            .iter()
            .all(|a| a.name != "Ada Lovelace" && a.email.is_none())
    );
    // Once Stripe has told us the refund went through (its webhook renders
    // the refund email from the account as it is then), no email to or
    // about her is kept or written.
    eventually("the refund confirmed by Stripe", async || {
        payment::Entity::find_by_id(p.id)
            .one(&app.db)
            .await
            .expect("q")
            .is_some_and(|p| p.status == PaymentStatus::Refunded)
    })
    .await;
    let emails = email_outbox::Entity::find()
        .filter(email_outbox::Column::Recipient.eq("ada@example.com"))
        .all(&app.db)
        .await
        .expect("q");
    assert!(emails.is_empty(), "no email to her is kept: {emails:?}");
    let to_deleted = email_outbox::Entity::find()
        .filter(email_outbox::Column::Recipient.contains("deleted"))
        .all(&app.db)
        .await
        .expect("q");
    assert!(to_deleted.is_empty(), "{to_deleted:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_changes_their_name_and_time_zone_and_bad_ones_change_nothing() {
    let app = spawn_app().await;
    assert_eq!(app.signup("ada@example.com", PASSWORD).await.status(), 200);
    let save = |name: &'static str, zone: &'static str| {
        let app = &app;
        async move {
            app.post_form(
                "/api/update_profile",
                &[("display_name", name), ("time_zone", zone)],
            )
            .await
        }
    };
    let bad = save("", "Mars/Olympus").await;
    assert_eq!(bad.status(), 422);
    let body: serde_json::Value = bad.json().await.expect("json");
    let fields: Vec<&str> = body["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .filter_map(|f| f["field"].as_str())
        .collect();
    assert_eq!(fields, ["display_name", "time_zone"]);
    assert_eq!(app.who_am_i().await["display_name"], "Ada Lovelace");

    assert_eq!(save("Ada King", "Asia/Tokyo").await.status(), 200);
    let me = app.who_am_i().await;
    assert_eq!(me["display_name"], "Ada King");
    assert_eq!(me["time_zone"], "Asia/Tokyo");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_out_everywhere_else_keeps_only_this_session() {
    let app = spawn_app().await;
    assert_eq!(app.signup("ada@example.com", PASSWORD).await.status(), 200);
    let laptop = app.another_client();
    assert_eq!(
        laptop.login("ada@example.com", PASSWORD).await.status(),
        200
    );
    let res = app.post_form("/api/sign_out_everywhere_else", &[]).await;
    assert_eq!(res.status(), 200);
    assert_eq!(laptop.who_am_i().await, serde_json::Value::Null);
    assert_eq!(app.who_am_i().await["email"], "ada@example.com");
    // The password is unchanged: the laptop signs in again.
    assert_eq!(
        laptop.login("ada@example.com", PASSWORD).await.status(),
        200
    );
    assert_eq!(laptop.who_am_i().await["email"], "ada@example.com");
}

//! One reminder per confirmed booking, `REMINDER_HOURS_BEFORE` the start:
//! never twice, never for a cancelled booking, and not for a booking made
//! after the reminder time. The clock is the caller's, so the tests move it.

use crate::support::fresh_db;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};
use tessera::entity::{booking, course, email_outbox, user};
use tessera::service::reminders::queue_due;
use tessera::{BookingStatus, CourseStatus, Currency, Role};

const BEFORE: Duration = Duration::hours(24);

async fn db() -> DatabaseConnection {
    let db = fresh_db().await;
    tessera_server::db::migrate(&db).await.expect("migrate");
    db
}

async fn course_at(db: &DatabaseConnection, starts_at: DateTime<Utc>) -> i64 {
    let c = course::ActiveModel {
        title: Set("Kintsugi".into()),
        description: Set(String::new()),
        location: Set("Atelier, Kyoto".into()),
        price: Set(4900),
        currency: Set(Currency::Eur),
        capacity: Set(10),
        seats_held: Set(0),
        starts_at: Set(starts_at),
        ends_at: Set(starts_at + Duration::hours(2)),
        time_zone: Set("Asia/Tokyo".into()),
        status: Set(CourseStatus::Published),
        created_at: Set(starts_at - Duration::days(30)),
        updated_at: Set(starts_at - Duration::days(30)),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("course");
    crate::support::meets_once(db, &c).await;
    c.id
}

async fn booking(
    db: &DatabaseConnection,
    email: &str,
    course_id: i64,
    status: BookingStatus,
    booked_at: DateTime<Utc>,
) -> i64 {
    let u = user::ActiveModel {
        email: Set(email.into()),
        password_hash: Set("!".into()),
        display_name: Set("Mia".into()),
        role: Set(Role::Member),
        time_zone: Set("Europe/Berlin".into()),
        email_confirmed_at: Set(Some(booked_at)),
        created_at: Set(booked_at),
        updated_at: Set(booked_at),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("user");
    // Seats held follow the active bookings, as everywhere.
    if status == BookingStatus::Confirmed {
        let c = course::Entity::find_by_id(course_id)
            .one(db)
            .await
            .expect("q")
            .expect("c");
        let mut m: course::ActiveModel = c.clone().into();
        m.seats_held = Set(c.seats_held + 1);
        m.update(db).await.expect("seat");
    }
    booking::ActiveModel {
        user_id: Set(u.id),
        course_id: Set(course_id),
        status: Set(status),
        amount: Set(4900),
        currency: Set(Currency::Eur),
        hold_expires_at: Set(None),
        confirmed_at: Set((status == BookingStatus::Confirmed).then_some(booked_at)),
        cancelled_at: Set((status == BookingStatus::Cancelled).then_some(booked_at)),
        created_at: Set(booked_at),
        updated_at: Set(booked_at),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("booking")
    .id
}

async fn reminders(db: &DatabaseConnection) -> Vec<email_outbox::Model> {
    email_outbox::Entity::find()
        .filter(email_outbox::Column::DedupeKey.starts_with("reminder:"))
        .all(db)
        .await
        .expect("q")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_confirmed_booking_is_reminded_once_at_the_reminder_time() {
    let db = db().await;
    let now = Utc::now();
    let starts = now + Duration::days(3);
    let c = course_at(&db, starts).await;
    let early = booking(
        &db,
        "early@example.com",
        c,
        BookingStatus::Confirmed,
        now - Duration::days(5),
    )
    .await;
    booking(
        &db,
        "gone@example.com",
        c,
        BookingStatus::Cancelled,
        now - Duration::days(5),
    )
    .await;

    // Two days ahead: too early.
    assert_eq!(queue_due(&db, BEFORE, now).await.expect("run"), 0);
    // 23 hours before the start: due, once.
    let due = starts - Duration::hours(23);
    assert_eq!(queue_due(&db, BEFORE, due).await.expect("run"), 1);
    assert_eq!(
        queue_due(&db, BEFORE, due).await.expect("run"),
        0,
        "never twice"
    );
    assert_eq!(
        queue_due(&db, BEFORE, due + Duration::hours(1))
            .await
            .expect("run"),
        0
    );
    let sent = reminders(&db).await;
    assert_eq!(sent.len(), 1, "not for the cancelled booking");
    let r = &sent[0];
    assert_eq!(r.recipient, "early@example.com");
    assert_eq!(
        r.dedupe_key.as_deref(),
        Some(format!("reminder:{early}").as_str())
    );
    assert!(r.subject.contains("Kintsugi"), "{}", r.subject);
    // The start at the venue and in the member's own zone, the place, the
    // booking and its calendar file.
    assert!(r.body_text.contains("JST (Asia/Tokyo)"), "{}", r.body_text);
    assert!(r.body_text.contains("(Europe/Berlin)"), "{}", r.body_text);
    assert!(r.body_text.contains("Atelier, Kyoto"));
    assert!(
        r.body_text
            .contains(&format!("/bookings/{early}/calendar.ics"))
    );
    assert!(r.body_html.contains(&format!("/bookings/{early}")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_booking_made_after_the_reminder_time_gets_no_reminder() {
    let db = db().await;
    let now = Utc::now();
    let starts = now + Duration::hours(10);
    let c = course_at(&db, starts).await;
    // Booked 10 hours before the start, when the reminder time had passed.
    booking(&db, "late@example.com", c, BookingStatus::Confirmed, now).await;
    assert_eq!(queue_due(&db, BEFORE, now).await.expect("run"), 0);
    assert!(reminders(&db).await.is_empty());
}

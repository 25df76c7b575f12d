//! Holding seats: capacity is never exceeded, whatever the load.

use crate::support::fresh_db;
use chrono::{Duration, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DatabaseConnection, EntityTrait, Set, Statement};
use tessera::SeatCount;
use tessera::entity::{course, user};
use tessera::service::booking::{Hold, HoldError, hold_seat};
use tessera::{BookingStatus, CourseId, CourseStatus, Currency, Role, UserId};

async fn db() -> DatabaseConnection {
    let db = fresh_db().await;
    tessera_server::db::migrate(&db).await.expect("migrate");
    db
}

async fn a_course(
    db: &DatabaseConnection,
    capacity: i32,
    price: i64,
    status: CourseStatus,
    starts_in: Duration,
) -> CourseId {
    let now = Utc::now();
    let c = course::ActiveModel {
        title: Set("Glass blowing".into()),
        description: Set(String::new()),
        location: Set("Hot shop".into()),
        price: Set(price),
        currency: Set(Currency::Eur),
        capacity: Set(capacity),
        seats_held: Set(0),
        starts_at: Set(now + starts_in),
        ends_at: Set(now + starts_in + Duration::hours(3)),
        status: Set(status),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("course");
    CourseId(c.id)
}

async fn members(db: &DatabaseConnection, n: usize) -> Vec<UserId> {
    let now = Utc::now();
    let mut ids = Vec::with_capacity(n);
    for i in 0..n {
        let u = user::ActiveModel {
            email: Set(format!("member{i}@example.com")),
            password_hash: Set("!".into()),
            display_name: Set(format!("Member {i}")),
            role: Set(Role::Member),
            email_confirmed_at: Set(Some(now)),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await
        .expect("user");
        ids.push(UserId(u.id));
    }
    ids
}

/// `seats_held` and the number of active bookings, for the invariant.
async fn held_and_active(db: &DatabaseConnection, c: CourseId) -> (i64, i64) {
    let row = db
        .query_one(Statement::from_string(
            db.get_database_backend(),
            format!(
                "SELECT CAST(seats_held AS BIGINT) AS held, \
                 (SELECT COUNT(*) FROM bookings b WHERE b.course_id = c.id \
                  AND b.status IN ('pending_payment', 'confirmed')) AS active \
                 FROM courses c WHERE c.id = {}",
                c.get()
            ),
        ))
        .await
        .expect("query")
        .expect("row");
    (
        row.try_get("", "held").expect("held"),
        row.try_get("", "active").expect("active"),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_members_racing_for_ten_seats_get_exactly_ten() {
    let db = db().await;
    let course = a_course(&db, 10, 4900, CourseStatus::Published, Duration::days(7)).await;
    let people = members(&db, 200).await;
    let now = Utc::now();
    let attempts = people.into_iter().map(|u| {
        let db = db.clone();
        tokio::spawn(async move { hold_seat(&db, u, course, SeatCount::ONE, now).await })
    });
    let results = futures_join_all(attempts).await;
    let held = results
        .iter()
        .filter(|r| matches!(r, Ok(Hold::New(_))))
        .count();
    let full = results
        .iter()
        .filter(|r| matches!(r, Err(HoldError::CapacityFull)))
        .count();
    let other: Vec<String> = results
        .iter()
        .filter(|r| !matches!(r, Ok(Hold::New(_)) | Err(HoldError::CapacityFull)))
        .map(|r| format!("{r:?}"))
        .collect();
    assert!(other.is_empty(), "unexpected outcomes: {other:?}");
    assert_eq!((held, full), (10, 190));
    assert_eq!(held_and_active(&db, course).await, (10, 10));
}

async fn futures_join_all<T>(
    handles: impl IntoIterator<Item = tokio::task::JoinHandle<T>>,
) -> Vec<T> {
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.expect("task"));
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_book_resumes_the_pending_booking() {
    let db = db().await;
    let course = a_course(&db, 5, 4900, CourseStatus::Published, Duration::days(7)).await;
    let me = members(&db, 1).await[0];
    let first = hold_seat(&db, me, course, SeatCount::ONE, Utc::now())
        .await
        .expect("first");
    let Hold::New(first) = first else {
        panic!("expected a new booking, got {first:?}")
    };
    assert_eq!(first.status, BookingStatus::PendingPayment);
    assert_eq!(first.amount, 4900, "the price is taken from the course");
    let again = hold_seat(&db, me, course, SeatCount::ONE, Utc::now())
        .await
        .expect("second");
    assert!(
        matches!(&again, Hold::Resumed(b) if b.id == first.id),
        "{again:?}"
    );
    assert_eq!(
        held_and_active(&db, course).await,
        (1, 1),
        "one seat, not two"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_double_click_holds_one_seat() {
    let db = db().await;
    let course = a_course(&db, 5, 4900, CourseStatus::Published, Duration::days(7)).await;
    let me = members(&db, 1).await[0];
    let now = Utc::now();
    let (a, b) = tokio::join!(
        hold_seat(&db, me, course, SeatCount::ONE, now),
        hold_seat(&db, me, course, SeatCount::ONE, now)
    );
    let ids = [a.expect("a").booking().id, b.expect("b").booking().id];
    assert_eq!(ids[0], ids[1]);
    assert_eq!(held_and_active(&db, course).await, (1, 1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_books_again_once_paid_but_holds_one_unpaid_booking_at_a_time() {
    let db = db().await;
    let free = a_course(&db, 5, 0, CourseStatus::Published, Duration::days(7)).await;
    let me = members(&db, 1).await[0];
    let hold = hold_seat(&db, me, free, SeatCount::ONE, Utc::now())
        .await
        .expect("free booking");
    let Hold::ConfirmedFree(b) = hold else {
        panic!("a free course confirms at once: {hold:?}")
    };
    assert_eq!(b.status, BookingStatus::Confirmed);
    assert!(b.confirmed_at.is_some() && b.hold_expires_at.is_none());
    let again = hold_seat(&db, me, free, SeatCount::ONE, Utc::now())
        .await
        .expect("booking again (for a friend)");
    assert!(
        matches!(&again, Hold::ConfirmedFree(b2) if b2.id != b.id),
        "{again:?}"
    );
    assert_eq!(held_and_active(&db, free).await, (2, 2));

    let paid = a_course(&db, 5, 4900, CourseStatus::Published, Duration::days(7)).await;
    let first = hold_seat(&db, me, paid, SeatCount::ONE, Utc::now())
        .await
        .expect("held");
    let twice = hold_seat(&db, me, paid, SeatCount::ONE, Utc::now())
        .await
        .expect("Book pressed twice");
    assert!(
        matches!(&twice, Hold::Resumed(r) if r.id == first.booking().id),
        "the same request resumes the unpaid booking: {twice:?}"
    );
    let other = hold_seat(&db, me, paid, SeatCount::new(2).expect("2"), Utc::now()).await;
    assert!(
        matches!(other, Err(HoldError::AlreadyBooked(id)) if id.get() == first.booking().id),
        "a different request while one is unpaid: {other:?}"
    );
    assert_eq!(held_and_active(&db, paid).await, (1, 1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn courses_that_cannot_be_booked_say_why_and_hold_nothing() {
    let db = db().await;
    let me = members(&db, 1).await[0];
    let past = a_course(&db, 5, 4900, CourseStatus::Published, -Duration::days(1)).await;
    let cancelled = a_course(&db, 5, 4900, CourseStatus::Cancelled, Duration::days(3)).await;
    let draft = a_course(&db, 5, 4900, CourseStatus::Draft, Duration::days(3)).await;
    let now = Utc::now();
    assert!(matches!(
        hold_seat(&db, me, past, SeatCount::ONE, now).await,
        Err(HoldError::NotBookable(
            tessera::course::NotBookable::Started
        ))
    ));
    assert!(matches!(
        hold_seat(&db, me, cancelled, SeatCount::ONE, now).await,
        Err(HoldError::NotBookable(
            tessera::course::NotBookable::Cancelled
        ))
    ));
    assert!(matches!(
        hold_seat(&db, me, draft, SeatCount::ONE, now).await,
        Err(HoldError::CourseNotFound)
    ));
    assert!(matches!(
        hold_seat(&db, me, CourseId(999_999), SeatCount::ONE, now).await,
        Err(HoldError::CourseNotFound)
    ));
    for c in [past, cancelled, draft] {
        assert_eq!(held_and_active(&db, c).await, (0, 0));
    }
    let _ = course::Entity::find()
        .all(&db)
        .await
        .expect("still readable");
}

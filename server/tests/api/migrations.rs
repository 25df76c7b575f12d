//! The schema's own guarantees, on whichever backend this run uses.

use crate::support::{backend, fresh_db_for_migrations};
use chrono::{Duration, Utc};
use migration::{Migrator, MigratorTrait};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, Set, Statement,
};
use tessera::entity::{booking, course, payment, user};
use tessera::{BookingStatus, CourseStatus, Currency, PaymentStatus, Role};

async fn migrated() -> DatabaseConnection {
    let db = fresh_db_for_migrations().await;
    Migrator::up(&db, None).await.expect("migrations apply");
    db
}

fn a_course() -> course::ActiveModel {
    let now = Utc::now();
    course::ActiveModel {
        title: Set("Pottery".into()),
        description: Set(String::new()),
        location: Set("Studio".into()),
        price: Set(4900),
        currency: Set(Currency::Eur),
        capacity: Set(2),
        seats_held: Set(0),
        starts_at: Set(now + Duration::days(3)),
        ends_at: Set(now + Duration::days(3) + Duration::hours(2)),
        status: Set(CourseStatus::Published),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
}

/// A course inserted before later migrations gave courses more columns
/// (a time zone, a count of meetings): only the id is read back.
async fn course_before_time_zones(db: &DatabaseConnection) -> i64 {
    course::Entity::insert(a_course())
        .exec(db)
        .await
        .expect("course")
        .last_insert_id
}

fn a_user(email: &str) -> user::ActiveModel {
    let now = Utc::now();
    user::ActiveModel {
        email: Set(email.into()),
        password_hash: Set("x".into()),
        display_name: Set("Ada".into()),
        role: Set(Role::Member),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
}

/// Inserts a user into a schema older than migration 21 (which the
/// entity's `email_confirmed_at` is not in yet); answers its id.
async fn user_before_confirmation(db: &DatabaseConnection, u: user::ActiveModel) -> i64 {
    user::Entity::insert(u)
        .exec(db)
        .await
        .expect("user")
        .last_insert_id
}

/// Inserts a booking into a schema of any age (reading the row back would
/// name columns later migrations add); answers its id.
async fn insert_booking(db: &DatabaseConnection, b: booking::ActiveModel) -> i64 {
    booking::Entity::insert(b)
        .exec(db)
        .await
        .expect("booking")
        .last_insert_id
}

fn a_booking(user_id: i64, course_id: i64, status: BookingStatus) -> booking::ActiveModel {
    let now = Utc::now();
    booking::ActiveModel {
        user_id: Set(user_id),
        course_id: Set(course_id),
        status: Set(status),
        amount: Set(4900),
        currency: Set(Currency::Eur),
        hold_expires_at: Set(None),
        confirmed_at: Set(None),
        cancelled_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
}

fn refused<T: std::fmt::Debug>(r: Result<T, DbErr>, what: &str) {
    assert!(r.is_err(), "{} accepted {what}", backend());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn course_checks_refuse_impossible_courses() {
    let db = migrated().await;
    let now = Utc::now();
    refused(
        course::ActiveModel {
            price: Set(-1),
            ..a_course()
        }
        .insert(&db)
        .await,
        "a negative price",
    );
    refused(
        course::ActiveModel {
            capacity: Set(0),
            ..a_course()
        }
        .insert(&db)
        .await,
        "zero capacity",
    );
    refused(
        course::ActiveModel {
            seats_held: Set(3),
            ..a_course()
        }
        .insert(&db)
        .await,
        "seats_held > capacity",
    );
    refused(
        course::ActiveModel {
            seats_held: Set(-1),
            ..a_course()
        }
        .insert(&db)
        .await,
        "negative seats_held",
    );
    refused(
        course::ActiveModel {
            starts_at: Set(now),
            ends_at: Set(now),
            ..a_course()
        }
        .insert(&db)
        .await,
        "ends_at = starts_at",
    );
    let bad_status = db
        .execute(Statement::from_string(
            db.get_database_backend(),
            "UPDATE courses SET status = 'bogus'",
        ))
        .await;
    // No rows yet, so insert one valid course and try again.
    assert!(bad_status.is_ok());
    a_course()
        .insert(&db)
        .await
        .expect("a valid course is accepted");
    refused(
        db.execute(Statement::from_string(
            db.get_database_backend(),
            "UPDATE courses SET status = 'bogus'",
        ))
        .await,
        "an unknown status",
    );
    assert_eq!(
        course::Entity::find().all(&db).await.expect("query").len(),
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn emails_are_unique_and_stored_lower_case() {
    let db = migrated().await;
    a_user("ada@example.com")
        .insert(&db)
        .await
        .expect("first user");
    refused(
        a_user("ada@example.com").insert(&db).await,
        "a duplicate email",
    );
    refused(
        a_user("Bob@Example.com").insert(&db).await,
        "a mixed-case email",
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_unpaid_booking_per_person_and_course() {
    let db = migrated().await;
    let u = user_before_confirmation(&db, a_user("ada@example.com")).await;
    let c = a_course().insert(&db).await.expect("course").id;
    let first = a_booking(u, c, BookingStatus::PendingPayment)
        .insert(&db)
        .await
        .expect("first booking");
    refused(
        a_booking(u, c, BookingStatus::PendingPayment)
            .insert(&db)
            .await,
        "a second pending booking",
    );
    // Paid bookings do not count: a member books again for a friend.
    a_booking(u, c, BookingStatus::Confirmed)
        .insert(&db)
        .await
        .expect("a confirmed one beside a pending one");
    a_booking(u, c, BookingStatus::Confirmed)
        .insert(&db)
        .await
        .expect("and another");
    a_booking(u, c, BookingStatus::Expired)
        .insert(&db)
        .await
        .expect("an expired one is fine");
    let mut cancel: booking::ActiveModel = first.into();
    cancel.status = Set(BookingStatus::Cancelled);
    cancel.update(&db).await.expect("cancel");
    a_booking(u, c, BookingStatus::PendingPayment)
        .insert(&db)
        .await
        .expect("a new unpaid booking once the first is cancelled");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_seat_hold_update_never_exceeds_capacity() {
    let db = migrated().await;
    let c = a_course().insert(&db).await.expect("course").id;
    let hold = || {
        db.execute(Statement::from_sql_and_values(
            db.get_database_backend(),
            match db.get_database_backend() {
                sea_orm::DatabaseBackend::Postgres => {
                    "UPDATE courses SET seats_held = seats_held + 1 WHERE id = $1 AND seats_held < capacity"
                }
                _ => "UPDATE courses SET seats_held = seats_held + 1 WHERE id = ? AND seats_held < capacity",
            },
            [c.into()],
        ))
    };
    let held: Vec<u64> = [hold().await, hold().await, hold().await]
        .into_iter()
        .map(|r| r.expect("update runs").rows_affected())
        .collect();
    assert_eq!(
        held,
        vec![1, 1, 0],
        "capacity 2: the third hold must find no row"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_table_exists_and_down_removes_them_all() {
    let db = migrated().await;
    let tables = [
        "users",
        "courses",
        "bookings",
        "payments",
        "stripe_events",
        "email_outbox",
        "waitlist_entries",
        "account_links",
        "signed_in_devices",
        "passkeys",
        "course_meetings",
        "invoices",
        "invoice_counters",
        "operator_details",
        "billing_details",
        "topics",
        "course_picture_files",
    ];
    for t in tables {
        db.execute_unprepared(&format!("SELECT COUNT(*) FROM {t}"))
            .await
            .unwrap_or_else(|e| panic!("{t}: {e}"));
    }
    let sessions = match db.get_database_backend() {
        sea_orm::DatabaseBackend::Postgres => "tower_sessions.session",
        _ => "tower_sessions",
    };
    db.execute_unprepared(&format!("SELECT COUNT(*) FROM {sessions}"))
        .await
        .expect("session table");

    Migrator::down(&db, None)
        .await
        .expect("every migration has a working down");
    for t in tables {
        assert!(
            db.execute_unprepared(&format!("SELECT COUNT(*) FROM {t}"))
                .await
                .is_err(),
            "{t} survived down"
        );
    }
    assert!(
        db.execute_unprepared(&format!("SELECT COUNT(*) FROM {sessions}"))
            .await
            .is_err()
    );
    // And back up again, cleanly.
    Migrator::up(&db, None).await.expect("up after down");
}

fn a_payment(booking_id: i64, session: &str, status: PaymentStatus) -> payment::ActiveModel {
    let now = Utc::now();
    payment::ActiveModel {
        booking_id: Set(booking_id),
        stripe_checkout_session_id: Set(Some(session.to_owned())),
        stripe_payment_intent_id: Set(None),
        checkout_url: Set(None),
        amount: Set(4900),
        currency: Set(Currency::Eur),
        status: Set(status),
        failure_code: Set(None),
        failure_message: Set(None),
        expires_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
}

/// Inserts a payment without reading it back (the entity has columns later
/// migrations add).
async fn insert_payment(db: &DatabaseConnection, p: payment::ActiveModel) -> Result<i64, DbErr> {
    payment::Entity::insert(p)
        .exec(db)
        .await
        .map(|r| r.last_insert_id)
}

/// Every payment's id, status and session, as the schema had them at
/// migration 9.
async fn payments_as_of_migration_9(
    db: &DatabaseConnection,
) -> Vec<(i64, PaymentStatus, Option<String>)> {
    use sea_orm::{QueryOrder, QuerySelect};
    payment::Entity::find()
        .select_only()
        .columns([
            payment::Column::Id,
            payment::Column::Status,
            payment::Column::StripeCheckoutSessionId,
        ])
        .order_by_asc(payment::Column::Id)
        .into_tuple()
        .all(db)
        .await
        .expect("rows")
}

fn set_status(db: &DatabaseConnection, id: i64, status: &str) -> Statement {
    Statement::from_string(
        db.get_database_backend(),
        format!("UPDATE payments SET status = '{status}' WHERE id = {id}"),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn payments_gain_the_processing_status_keeping_rows_ids_and_indexes() {
    let db = fresh_db_for_migrations().await;
    Migrator::up(&db, Some(8)).await.expect("the first eight");
    let u = user_before_confirmation(&db, a_user("ada@example.com")).await;
    let c = course_before_time_zones(&db).await;
    let b = insert_booking(&db, a_booking(u, c, BookingStatus::PendingPayment)).await;
    let first = insert_payment(&db, a_payment(b, "cs_1", PaymentStatus::Failed))
        .await
        .expect("payment");
    let second = insert_payment(&db, a_payment(b, "cs_2", PaymentStatus::Open))
        .await
        .expect("payment");
    refused(
        db.execute(set_status(&db, second, "processing")).await,
        "processing before migration 9",
    );

    Migrator::up(&db, Some(1)).await.expect("migration 9");
    assert_eq!(
        payments_as_of_migration_9(&db).await,
        vec![
            (first, PaymentStatus::Failed, Some("cs_1".to_owned())),
            (second, PaymentStatus::Open, Some("cs_2".to_owned())),
        ],
        "rows and ids survive the rebuild"
    );
    db.execute(set_status(&db, second, "processing"))
        .await
        .expect("processing is a status now");
    refused(
        db.execute(set_status(&db, second, "bogus")).await,
        "an unknown status",
    );
    refused(
        insert_payment(&db, a_payment(b, "cs_1", PaymentStatus::Open)).await,
        "a duplicate checkout session id (the unique index survives)",
    );
    refused(
        insert_payment(&db, a_payment(b + 1000, "cs_9", PaymentStatus::Open)).await,
        "a payment of no booking (the foreign key survives)",
    );
    refused(
        insert_payment(
            &db,
            payment::ActiveModel {
                amount: Set(-1),
                ..a_payment(b, "cs_8", PaymentStatus::Open)
            },
        )
        .await,
        "a negative amount",
    );
    let third = insert_payment(&db, a_payment(b, "cs_3", PaymentStatus::Open))
        .await
        .expect("a new payment");
    assert!(third > second, "ids keep counting up");

    // Down: processing payments become open (the reconciler asks Stripe),
    // and the old CHECK is back.
    Migrator::down(&db, Some(1))
        .await
        .expect("down migration 9");
    let back = payments_as_of_migration_9(&db).await;
    assert!(back.contains(&(second, PaymentStatus::Open, Some("cs_2".to_owned()))));
    refused(
        db.execute(set_status(&db, second, "processing")).await,
        "processing after down",
    );
    Migrator::up(&db, None).await.expect("up again");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refund_states_move_out_of_the_failure_code_and_back() {
    let db = fresh_db_for_migrations().await;
    Migrator::up(&db, Some(12)).await.expect("the first twelve");
    let u = user_before_confirmation(&db, a_user("ada@example.com")).await;
    let c = course_before_time_zones(&db).await;
    let b = insert_booking(&db, a_booking(u, c, BookingStatus::Cancelled)).await;
    let mut ids = Vec::new();
    for (n, code) in [
        "refund_failed",
        "refund_requested",
        "refund_refused",
        "card_declined",
    ]
    .into_iter()
    .enumerate()
    {
        let p = payment::ActiveModel {
            failure_code: Set(Some(code.to_owned())),
            ..a_payment(b, &format!("cs_{n}"), PaymentStatus::Succeeded)
        };
        ids.push(insert_payment(&db, p).await.expect("payment"));
    }
    let codes = async |db: &DatabaseConnection, column: &str| -> Vec<Option<String>> {
        let mut out = Vec::new();
        for id in &ids {
            let row = db
                .query_one(Statement::from_string(
                    db.get_database_backend(),
                    format!("SELECT {column} AS v FROM payments WHERE id = {id}"),
                ))
                .await
                .expect("query")
                .expect("row");
            out.push(row.try_get::<Option<String>>("", "v").expect("text"));
        }
        out
    };
    Migrator::up(&db, Some(1)).await.expect("migration 13");
    assert_eq!(
        codes(&db, "refund").await,
        [Some("owed"), Some("requested"), Some("refused"), None].map(|s| s.map(str::to_owned))
    );
    assert_eq!(
        codes(&db, "failure_code").await,
        [None, None, None, Some("card_declined")].map(|s| s.map(str::to_owned)),
        "a failure code that is no refund stays"
    );
    // Only this migration's columns: the entity has later ones.
    let read: Option<tessera::booking::RefundState> = {
        use sea_orm::QuerySelect;
        payment::Entity::find_by_id(ids[0])
            .select_only()
            .column(payment::Column::Refund)
            .into_tuple()
            .one(&db)
            .await
            .expect("q")
            .expect("row")
    };
    assert_eq!(read, Some(tessera::booking::RefundState::Owed));

    Migrator::down(&db, Some(1))
        .await
        .expect("down migration 13");
    assert_eq!(
        codes(&db, "failure_code").await,
        [
            Some("refund_failed"),
            Some("refund_requested"),
            Some("refund_refused"),
            Some("card_declined")
        ]
        .map(|s| s.map(str::to_owned))
    );
    assert!(
        db.execute_unprepared("SELECT refund FROM payments")
            .await
            .is_err(),
        "the column is gone"
    );
    Migrator::up(&db, None).await.expect("up again");
}

/// How many bookings carry their course's current start.
async fn bookings_in_step(db: &DatabaseConnection) -> i64 {
    let row = db
        .query_one(Statement::from_string(
            db.get_database_backend(),
            "SELECT COUNT(*) AS n FROM bookings b JOIN courses c ON c.id = b.course_id \
             WHERE b.course_starts_at = c.starts_at",
        ))
        .await
        .expect("query")
        .expect("a row");
    row.try_get::<i64>("", "n").expect("n")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bookings_carry_their_course_start_and_follow_a_moved_course() {
    let db = fresh_db_for_migrations().await;
    Migrator::up(&db, Some(11)).await.expect("the first eleven");
    let u = user_before_confirmation(&db, a_user("ada@example.com")).await;
    let first_id = course_before_time_zones(&db).await;
    insert_booking(&db, a_booking(u, first_id, BookingStatus::Confirmed)).await;

    Migrator::up(&db, Some(1)).await.expect("migration 12");
    assert_eq!(
        bookings_in_step(&db).await,
        1,
        "existing bookings filled in"
    );
    Migrator::up(&db, None).await.expect("the later ones");
    let first = course::Entity::find_by_id(first_id)
        .one(&db)
        .await
        .expect("query")
        .expect("the course");
    let second = a_course().insert(&db).await.expect("course");
    insert_booking(&db, a_booking(u, second.id, BookingStatus::PendingPayment)).await;
    assert_eq!(
        bookings_in_step(&db).await,
        2,
        "a new booking takes its start"
    );

    let mut moved: course::ActiveModel = first.clone().into();
    moved.starts_at = Set(first.starts_at + Duration::days(7));
    moved.ends_at = Set(first.ends_at + Duration::days(7));
    moved.update(&db).await.expect("move the course");
    assert_eq!(bookings_in_step(&db).await, 2, "its booking moved with it");

    // Down to before migration 12 (the later ones go first).
    let from_twelve = u32::try_from(Migrator::migrations().len() - 11).expect("a few");
    Migrator::down(&db, Some(from_twelve))
        .await
        .expect("down migration 12");
    refused(
        db.query_one(Statement::from_string(
            db.get_database_backend(),
            "SELECT course_starts_at FROM bookings",
        ))
        .await,
        "the column after down",
    );
    insert_booking(&db, a_booking(u, first.id, BookingStatus::Cancelled)).await;
    Migrator::up(&db, None).await.expect("up again");
    assert_eq!(bookings_in_step(&db).await, 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn existing_courses_take_the_time_zone_most_members_have() {
    let db = fresh_db_for_migrations().await;
    Migrator::up(&db, Some(13))
        .await
        .expect("the first thirteen");
    let zones = [
        ("a@example.com", "Europe/Berlin"),
        ("b@example.com", "Asia/Tokyo"),
        ("c@example.com", "Asia/Tokyo"),
        // UTC is what a member without a browser zone has: not a vote.
        ("d@example.com", "UTC"),
        ("e@example.com", "UTC"),
        ("f@example.com", "UTC"),
    ];
    for (email, zone) in zones {
        user_before_confirmation(
            &db,
            user::ActiveModel {
                time_zone: Set(zone.into()),
                ..a_user(email)
            },
        )
        .await;
    }
    let id = course_before_time_zones(&db).await;
    Migrator::up(&db, None).await.expect("migration 14");
    let course = course::Entity::find_by_id(id)
        .one(&db)
        .await
        .expect("query")
        .expect("the course");
    assert_eq!(course.time_zone, "Asia/Tokyo");

    // With no member zones at all, UTC.
    let db = fresh_db_for_migrations().await;
    Migrator::up(&db, Some(13))
        .await
        .expect("the first thirteen");
    let id = course_before_time_zones(&db).await;
    Migrator::up(&db, None).await.expect("migration 14");
    let course = course::Entity::find_by_id(id)
        .one(&db)
        .await
        .expect("query")
        .expect("the course");
    assert_eq!(course.time_zone, "UTC");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_debit_becomes_a_status_of_its_own_and_back() {
    let db = fresh_db_for_migrations().await;
    Migrator::up(&db, Some(17))
        .await
        .expect("the first seventeen");
    let u = user_before_confirmation(&db, a_user("ada@example.com")).await;
    let c = course_before_time_zones(&db).await;
    let b = insert_booking(&db, a_booking(u, c, BookingStatus::PendingPayment)).await;
    let debit = insert_payment(
        &db,
        payment::ActiveModel {
            failure_code: Set(Some("async_payment_failed".to_owned())),
            ..a_payment(b, "cs_1", PaymentStatus::Failed)
        },
    )
    .await
    .expect("a refused debit");
    let declined = insert_payment(
        &db,
        payment::ActiveModel {
            failure_code: Set(Some("card_declined".to_owned())),
            ..a_payment(b, "cs_2", PaymentStatus::Failed)
        },
    )
    .await
    .expect("a declined card");
    let status = async |db: &DatabaseConnection, id: i64| -> PaymentStatus {
        use sea_orm::QuerySelect;
        payment::Entity::find_by_id(id)
            .select_only()
            .column(payment::Column::Status)
            .into_tuple()
            .one(db)
            .await
            .expect("q")
            .expect("row")
    };

    Migrator::up(&db, Some(1)).await.expect("migration 18");
    assert_eq!(status(&db, debit).await, PaymentStatus::DebitFailed);
    assert_eq!(status(&db, declined).await, PaymentStatus::Failed);
    let third = insert_payment(&db, a_payment(b, "cs_3", PaymentStatus::Open))
        .await
        .expect("a new payment after the rebuild");
    assert!(third > declined, "ids keep counting up");
    refused(
        insert_payment(&db, a_payment(b, "cs_3", PaymentStatus::Open)).await,
        "a session twice (the unique index came back)",
    );
    refused(
        db.execute(set_status(&db, third, "paid")).await,
        "a status outside the list",
    );
    // Paid bookings no longer count: a member books again for a friend.
    insert_booking(&db, a_booking(u, c, BookingStatus::Confirmed)).await;
    insert_booking(&db, a_booking(u, c, BookingStatus::Confirmed)).await;

    // Down: refused with two paid bookings on one course; once there is
    // one, the refused debit is a failed payment with its code again.
    assert!(
        Migrator::down(&db, Some(1)).await.is_err(),
        "down keeps both paid bookings rather than pick one"
    );
    db.execute(Statement::from_string(
        db.get_database_backend(),
        format!(
            "UPDATE bookings SET status = 'cancelled' WHERE user_id = {u} AND status = 'confirmed'"
        ),
    ))
    .await
    .expect("cancel them");
    db.execute(Statement::from_string(
        db.get_database_backend(),
        format!("UPDATE bookings SET status = 'cancelled' WHERE id = {b}"),
    ))
    .await
    .expect("cancel the pending one");
    Migrator::down(&db, Some(1))
        .await
        .expect("down migration 18");
    assert_eq!(status(&db, debit).await, PaymentStatus::Failed);
    refused(
        db.execute(set_status(&db, debit, "debit_failed")).await,
        "debit_failed after down",
    );
    Migrator::up(&db, None).await.expect("up again");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accounts_made_before_confirmation_count_as_confirmed_and_reset_links_stay() {
    let db = fresh_db_for_migrations().await;
    Migrator::up(&db, Some(20)).await.expect("the first twenty");
    let ada = user_before_confirmation(&db, a_user("ada@example.com")).await;
    let now = Utc::now();
    db.execute(Statement::from_sql_and_values(
        db.get_database_backend(),
        "INSERT INTO password_resets (user_id, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4)",
        [
            ada.into(),
            "ab".repeat(32).into(),
            now.into(),
            (now + Duration::hours(1)).into(),
        ],
    ))
    .await
    .expect("a reset link");
    Migrator::up(&db, None).await.expect("migration 21");

    let row = user::Entity::find_by_id(ada)
        .one(&db)
        .await
        .expect("q")
        .expect("ada");
    assert!(row.email_confirmed_at.is_some(), "an old account may book");
    let links = tessera::entity::account_link::Entity::find()
        .all(&db)
        .await
        .expect("links");
    assert_eq!(links.len(), 1);
    assert_eq!(
        links[0].purpose,
        tessera::entity::account_link::Purpose::ResetPassword
    );

    // A new account made now is not confirmed.
    let bob = user::Entity::insert(a_user("bob@example.com"))
        .exec(&db)
        .await
        .expect("bob")
        .last_insert_id;
    let bob = user::Entity::find_by_id(bob)
        .one(&db)
        .await
        .expect("q")
        .expect("bob");
    assert_eq!(bob.email_confirmed_at, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn existing_courses_become_courses_that_meet_once_and_down_takes_meetings_away() {
    let db = fresh_db_for_migrations().await;
    Migrator::up(&db, Some(25)).await.expect("up to vouchers");
    course_before_time_zones(&db).await;
    course_before_time_zones(&db).await;
    let meetings_in_step = |db: DatabaseConnection| async move {
        let row = db
            .query_one(Statement::from_string(
                db.get_database_backend(),
                "SELECT COUNT(*) AS n FROM course_meetings m JOIN courses c ON c.id = m.course_id \
                 WHERE m.starts_at = c.starts_at AND m.ends_at = c.ends_at \
                 AND m.place IS NULL AND c.meeting_count = 1",
            ))
            .await
            .expect("query")
            .expect("a row");
        row.try_get::<i64>("", "n").expect("n")
    };

    Migrator::up(&db, Some(1)).await.expect("migration 26");
    assert_eq!(
        meetings_in_step(db.clone()).await,
        2,
        "one meeting each, the course's own start and end, a count of one"
    );

    Migrator::down(&db, Some(1)).await.expect("down 26");
    refused(
        db.query_one(Statement::from_string(
            db.get_database_backend(),
            "SELECT COUNT(*) FROM course_meetings",
        ))
        .await,
        "the table after down",
    );
    refused(
        db.query_one(Statement::from_string(
            db.get_database_backend(),
            "SELECT meeting_count FROM courses",
        ))
        .await,
        "the column after down",
    );
    Migrator::up(&db, None).await.expect("up again");
    assert_eq!(meetings_in_step(db.clone()).await, 2);
}

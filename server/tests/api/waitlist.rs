//! The waiting list: each freed seat offered to the longest waiting, with a
//! deadline, never taken by "Book" while people wait, and never a seat or
//! money lost on the way. After every step, `seats_held` equals the active
//! bookings (open offers included) and never exceeds the capacity.

use crate::support::{TestApp, eventually, fresh_db, pay, spawn_app};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, Set, Statement,
};
use tessera::entity::{booking, course, email_outbox, user, waitlist_entry};
use tessera::service::waitlist::{self, JoinError};
use tessera::waitlist::{WaitlistPolicy, WaitlistStatus};
use tessera::{
    BookingId, BookingStatus, CourseId, CourseStatus, Currency, Role, SeatCount, UserId,
};

const PASSWORD: &str = "correct horse battery";

fn policy() -> WaitlistPolicy {
    WaitlistPolicy::default()
}

async fn migrated_db() -> DatabaseConnection {
    let db = fresh_db().await;
    tessera_server::db::migrate(&db).await.expect("migrate");
    db
}

async fn a_course(
    db: &DatabaseConnection,
    capacity: i32,
    price: i64,
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
        status: Set(CourseStatus::Published),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("course");
    CourseId(c.id)
}

async fn members(db: &DatabaseConnection, tag: &str, n: usize) -> Vec<UserId> {
    let now = Utc::now();
    let mut ids = Vec::with_capacity(n);
    for i in 0..n {
        let u = user::ActiveModel {
            email: Set(format!("{tag}{i}@example.com")),
            password_hash: Set("!".into()),
            display_name: Set(format!("{tag} {i}")),
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

/// A paid, confirmed seat, as the seed makes them.
async fn seated(db: &DatabaseConnection, who: UserId, c: CourseId) -> i64 {
    let now = Utc::now();
    db.execute(Statement::from_string(
        db.get_database_backend(),
        format!(
            "UPDATE courses SET seats_held = seats_held + 1 WHERE id = {}",
            c.get()
        ),
    ))
    .await
    .expect("seat");
    booking::ActiveModel {
        user_id: Set(who.get()),
        course_id: Set(c.get()),
        status: Set(BookingStatus::Confirmed),
        amount: Set(4900),
        currency: Set(Currency::Eur),
        hold_expires_at: Set(None),
        confirmed_at: Set(Some(now)),
        cancelled_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("booking")
    .id
}

/// The invariant: `seats_held` = seats of active bookings ≤ capacity.
async fn seats_add_up(db: &DatabaseConnection, c: CourseId) -> i64 {
    let row = db
        .query_one(Statement::from_string(
            db.get_database_backend(),
            format!(
                "SELECT CAST(seats_held AS BIGINT) AS held, CAST(capacity AS BIGINT) AS capacity, \
                 (SELECT CAST(COALESCE(SUM(b.seats), 0) AS BIGINT) FROM bookings b \
                  WHERE b.course_id = c.id \
                  AND b.status IN ('pending_payment', 'confirmed')) AS active \
                 FROM courses c WHERE c.id = {}",
                c.get()
            ),
        ))
        .await
        .expect("query")
        .expect("row");
    let held: i64 = row.try_get("", "held").expect("held");
    let active: i64 = row.try_get("", "active").expect("active");
    let capacity: i64 = row.try_get("", "capacity").expect("capacity");
    assert_eq!(
        held, active,
        "seats_held must equal the seats of active bookings"
    );
    assert!(held <= capacity, "{held} seats held of {capacity}");
    held
}

async fn place(db: &DatabaseConnection, who: UserId, c: CourseId) -> waitlist_entry::Model {
    waitlist_entry::Entity::find()
        .filter(waitlist_entry::Column::UserId.eq(who.get()))
        .filter(waitlist_entry::Column::CourseId.eq(c.get()))
        .order_by_desc(waitlist_entry::Column::Id)
        .one(db)
        .await
        .expect("q")
        .expect("a place")
}

async fn position(db: &DatabaseConnection, who: UserId, c: CourseId) -> Option<u64> {
    waitlist::place_on(db, who, c)
        .await
        .expect("q")
        .and_then(|p| p.position)
}

async fn status_of(db: &DatabaseConnection, booking_id: i64) -> BookingStatus {
    booking::Entity::find_by_id(booking_id)
        .one(db)
        .await
        .expect("q")
        .expect("booking")
        .status
}

async fn places_on(db: &DatabaseConnection, c: CourseId) -> u64 {
    waitlist_entry::Entity::find()
        .filter(waitlist_entry::Column::CourseId.eq(c.get()))
        .count(db)
        .await
        .expect("count")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn joining_is_refused_with_a_reason_when_it_makes_no_sense_and_changes_nothing() {
    let db = migrated_db().await;
    let now = Utc::now();
    let people = members(&db, "j", 3).await;
    let (holder, ada, bob) = (people[0], people[1], people[2]);

    let roomy = a_course(&db, 5, 4900, Duration::days(7)).await;
    let r = waitlist::join(&db, ada, roomy, SeatCount::ONE, &policy(), now).await;
    assert!(matches!(r, Err(JoinError::SeatsFree)), "{r:?}");

    // Two seats left: a group of three may wait, a pair must book.
    let pair_fits = a_course(&db, 2, 4900, Duration::days(7)).await;
    let pair = SeatCount::new(2).expect("2");
    let r = waitlist::join(&db, ada, pair_fits, pair, &policy(), now).await;
    assert!(matches!(r, Err(JoinError::SeatsFree)), "{r:?}");
    let over = SeatCount::new(7).expect("7");
    let r = waitlist::join(&db, ada, pair_fits, over, &policy(), now).await;
    assert!(
        matches!(r, Err(JoinError::OverLimit { limit: 6 })),
        "over the course's limit of six: {r:?}"
    );

    let full = a_course(&db, 1, 4900, Duration::days(7)).await;
    seated(&db, holder, full).await;
    let unpaid = a_course(&db, 1, 4900, Duration::days(7)).await;
    let hold = tessera::service::booking::hold_seat(&db, holder, unpaid, SeatCount::ONE, now)
        .await
        .expect("held");
    let r = waitlist::join(&db, holder, unpaid, SeatCount::ONE, &policy(), now).await;
    assert!(
        matches!(r, Err(JoinError::AlreadyBooked(b)) if b.get() == hold.booking().id),
        "one booking awaiting payment per person and course: {r:?}"
    );
    assert_eq!(
        waitlist::join(&db, holder, full, SeatCount::ONE, &policy(), now)
            .await
            .expect("a paid seat does not stop them waiting for another"),
        1
    );
    assert_eq!(
        waitlist::join(&db, ada, full, SeatCount::ONE, &policy(), now)
            .await
            .expect("joins"),
        2
    );
    let r = waitlist::join(&db, ada, full, SeatCount::ONE, &policy(), now).await;
    assert!(matches!(r, Err(JoinError::AlreadyWaiting)), "{r:?}");

    let past = a_course(&db, 1, 4900, -Duration::days(1)).await;
    let r = waitlist::join(&db, bob, past, SeatCount::ONE, &policy(), now).await;
    assert!(matches!(r, Err(JoinError::NotBookable(_))), "{r:?}");
    // Two hours before the start the list closes.
    let soon = a_course(&db, 1, 4900, Duration::minutes(90)).await;
    seated(&db, holder, soon).await;
    let r = waitlist::join(&db, bob, soon, SeatCount::ONE, &policy(), now).await;
    assert!(matches!(r, Err(JoinError::Closed)), "{r:?}");

    let called_off = a_course(&db, 1, 4900, Duration::days(7)).await;
    let mut m: course::ActiveModel = course::Entity::find_by_id(called_off.get())
        .one(&db)
        .await
        .expect("q")
        .expect("c")
        .into();
    m.status = Set(CourseStatus::Cancelled);
    m.update(&db).await.expect("cancel");
    let r = waitlist::join(&db, bob, called_off, SeatCount::ONE, &policy(), now).await;
    assert!(matches!(r, Err(JoinError::NotBookable(_))), "{r:?}");

    let draft = a_course(&db, 1, 4900, Duration::days(7)).await;
    let mut m: course::ActiveModel = course::Entity::find_by_id(draft.get())
        .one(&db)
        .await
        .expect("q")
        .expect("c")
        .into();
    m.status = Set(CourseStatus::Draft);
    m.update(&db).await.expect("unpublish");
    let r = waitlist::join(&db, bob, draft, SeatCount::ONE, &policy(), now).await;
    assert!(matches!(r, Err(JoinError::CourseNotFound)), "{r:?}");

    for c in [roomy, pair_fits, unpaid, past, soon, called_off, draft] {
        assert_eq!(places_on(&db, c).await, 0, "a refusal adds nobody");
    }
    assert_eq!(
        places_on(&db, full).await,
        2,
        "the second join added nothing"
    );
}

/// An offer that would end in its person's night waits for 09:00 their
/// time: made at 17:58 in Berlin to someone in Berlin, it ends at 09:00 the
/// next day; made at 10:00, at 22:00.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_offer_ending_in_the_night_waits_for_nine_in_the_morning() {
    use chrono::TimeZone;
    let berlin = chrono_tz::Europe::Berlin;
    let day = (Utc::now() + Duration::days(1))
        .with_timezone(&berlin)
        .date_naive();
    let at = |day: chrono::NaiveDate, h: u32, m: u32| {
        berlin
            .from_local_datetime(&day.and_hms_opt(h, m, 0).expect("a time"))
            .single()
            .expect("one instant")
            .with_timezone(&Utc)
    };
    let next_day = day.succ_opt().expect("a day");
    for (made, ends) in [
        (at(day, 17, 58), at(next_day, 9, 0)),
        (at(day, 10, 0), at(day, 22, 0)),
    ] {
        let db = migrated_db().await;
        let c = a_course(&db, 1, 4900, Duration::days(7)).await;
        let people = members(&db, "night", 2).await;
        db.execute(Statement::from_string(
            db.get_database_backend(),
            format!(
                "UPDATE users SET time_zone = 'Europe/Berlin' WHERE id = {}",
                people[1].get()
            ),
        ))
        .await
        .expect("zone");
        let seat = seated(&db, people[0], c).await;
        waitlist::join(
            &db,
            people[1],
            c,
            SeatCount::ONE,
            &policy(),
            made - Duration::hours(1),
        )
        .await
        .expect("join");
        db.execute(Statement::from_string(
            db.get_database_backend(),
            format!("UPDATE courses SET capacity = 2 WHERE id = {}", c.get()),
        ))
        .await
        .expect("a seat more");
        let offers = waitlist::offer_free_seats(&db, c, &policy(), made)
            .await
            .expect("offer");
        assert_eq!(offers.len(), 1, "seat {seat} stays; one more is offered");
        assert_eq!(offers[0].deadline, ends, "offered at {made}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_seats_freed_at_once_go_to_the_first_two_and_nobody_holds_two_offers() {
    let db = migrated_db().await;
    // 09:00 UTC (the members' zone): the offers end at 21:00, before night.
    let now = Utc::now()
        .date_naive()
        .and_hms_opt(9, 0, 0)
        .expect("09:00")
        .and_utc();
    let c = a_course(&db, 1, 4900, Duration::days(7)).await;
    let people = members(&db, "two", 4).await;
    seated(&db, people[0], c).await;
    for (i, who) in people[1..].iter().enumerate() {
        let joined = waitlist::join(
            &db,
            *who,
            c,
            SeatCount::ONE,
            &policy(),
            now + Duration::seconds(i as i64),
        )
        .await
        .expect("join");
        assert_eq!(joined, i as u64 + 1);
    }
    // Two more seats in one go (the capacity raised).
    db.execute(Statement::from_string(
        db.get_database_backend(),
        format!("UPDATE courses SET capacity = 3 WHERE id = {}", c.get()),
    ))
    .await
    .expect("raise");
    let offers = waitlist::offer_free_seats(&db, c, &policy(), now)
        .await
        .expect("offer");
    assert_eq!(
        offers.iter().map(|o| o.user).collect::<Vec<_>>(),
        vec![people[1], people[2]],
        "the first two in line"
    );
    for o in &offers {
        assert_eq!(o.deadline, now + Duration::hours(12));
        assert_eq!(
            status_of(&db, o.booking.get()).await,
            BookingStatus::PendingPayment
        );
    }
    assert_eq!(seats_add_up(&db, c).await, 3);
    assert_eq!(position(&db, people[3], c).await, Some(1));
    // Asked again, nothing more: no seat is offered twice.
    assert!(
        waitlist::offer_free_seats(&db, c, &policy(), now)
            .await
            .expect("offer")
            .is_empty()
    );
    // "Book" by anyone else is refused while people wait.
    let newcomer = members(&db, "late", 1).await[0];
    db.execute(Statement::from_string(
        db.get_database_backend(),
        format!("UPDATE courses SET capacity = 4 WHERE id = {}", c.get()),
    ))
    .await
    .expect("raise");
    let r =
        tessera::service::booking::hold_seat(&db, newcomer, c, tessera::SeatCount::ONE, now).await;
    assert!(
        matches!(r, Err(tessera::service::booking::HoldError::WaitingList)),
        "{r:?}"
    );
    assert_eq!(
        seats_add_up(&db, c).await,
        3,
        "the refused Book took nothing"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_offers_after_the_cut_off_and_none_runs_past_it() {
    let db = migrated_db().await;
    let now = Utc::now();
    let c = a_course(&db, 1, 4900, Duration::hours(5)).await;
    let people = members(&db, "cut", 3).await;
    let seat = seated(&db, people[0], c).await;
    waitlist::join(&db, people[1], c, SeatCount::ONE, &policy(), now)
        .await
        .expect("join");
    waitlist::join(&db, people[2], c, SeatCount::ONE, &policy(), now)
        .await
        .expect("join");
    let starts = course::Entity::find_by_id(c.get())
        .one(&db)
        .await
        .expect("q")
        .expect("c")
        .starts_at;
    let mut freed: booking::ActiveModel = booking::Entity::find_by_id(seat)
        .one(&db)
        .await
        .expect("q")
        .expect("b")
        .into();
    freed.status = Set(BookingStatus::Cancelled);
    freed.update(&db).await.expect("cancel");
    tessera::service::seats::give_back(&db, c, tessera::SeatCount::ONE, now)
        .await
        .expect("release");
    // Five hours before: the offer ends at the cut-off, two hours before.
    let offers = waitlist::offer_free_seats(&db, c, &policy(), now)
        .await
        .expect("offer");
    assert_eq!(offers.len(), 1);
    assert_eq!(offers[0].deadline, starts - Duration::hours(2));
    // It runs out; past the cut-off the list closes and the seat is free
    // for anyone.
    let late = starts - Duration::minutes(90);
    tessera::service::fulfil::end_hold(&db, offers[0].booking, late)
        .await
        .expect("end");
    assert_eq!(
        waitlist::offer_everywhere(&db, &policy(), late)
            .await
            .expect("round"),
        0
    );
    assert_eq!(
        place(&db, people[1], c).await.status,
        WaitlistStatus::Expired
    );
    assert_eq!(
        place(&db, people[2], c).await.status,
        WaitlistStatus::Closed
    );
    assert_eq!(seats_add_up(&db, c).await, 0);
    let walk_in = members(&db, "walkin", 1).await[0];
    let booked =
        tessera::service::booking::hold_seat(&db, walk_in, c, tessera::SeatCount::ONE, late).await;
    assert!(
        matches!(booked, Ok(tessera::service::booking::Hold::New(_))),
        "{booked:?}"
    );
    assert_eq!(seats_add_up(&db, c).await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_join_at_once_while_seats_free_and_each_freed_seat_is_offered_once() {
    let db = migrated_db().await;
    let now = Utc::now();
    let c = a_course(&db, 5, 4900, Duration::days(7)).await;
    let holders = members(&db, "holder", 5).await;
    let mut seats = Vec::new();
    for h in &holders {
        seats.push(seated(&db, *h, c).await);
    }
    let crowd = members(&db, "crowd", 50).await;
    let mut tasks = Vec::new();
    for who in crowd.clone() {
        let db = db.clone();
        tasks.push(tokio::spawn(async move {
            match waitlist::join(&db, who, c, SeatCount::ONE, &policy(), now).await {
                Ok(_) => Ok(true),
                // A seat came free with nobody waiting yet: "book it".
                Err(JoinError::SeatsFree) => Ok(false),
                Err(e) => Err(e),
            }
        }));
    }
    // Meanwhile three holders give their seats back, each offered at once
    // (and the sweeper's round runs too).
    for seat in seats.iter().take(3).copied() {
        let freeing = db.clone();
        tasks.push(tokio::spawn(async move {
            let db = freeing;
            let txn = sea_orm::TransactionTrait::begin(&db).await.expect("txn");
            let moved = tessera::service::status::move_booking(
                &txn,
                tessera::BookingId(seat),
                tessera::BookingEvent::Cancel,
                None,
                now,
            )
            .await
            .expect("cancel");
            if moved.is_some() {
                tessera::service::seats::give_back(&txn, c, tessera::SeatCount::ONE, now)
                    .await
                    .expect("release");
            }
            txn.commit().await.expect("commit");
            waitlist::offer_free_seats(&db, c, &policy(), now)
                .await
                .map(|_| false)
                .map_err(JoinError::from)
        }));
        let sweeping = db.clone();
        tasks.push(tokio::spawn(async move {
            waitlist::offer_everywhere(&sweeping, &policy(), now)
                .await
                .map(|_| false)
                .map_err(JoinError::from)
        }));
    }
    let mut joined = 0;
    for t in tasks {
        if t.await.expect("task").expect("no failure") {
            joined += 1;
        }
    }
    waitlist::offer_everywhere(&db, &policy(), now)
        .await
        .expect("last round");

    let entries = waitlist_entry::Entity::find()
        .filter(waitlist_entry::Column::CourseId.eq(c.get()))
        .all(&db)
        .await
        .expect("q");
    assert_eq!(entries.len(), joined, "everyone who joined, once");
    assert!(
        joined >= 47,
        "only a join racing a freed seat is told to book"
    );
    let offered: Vec<_> = entries
        .iter()
        .filter(|e| e.status == WaitlistStatus::Offered)
        .collect();
    assert_eq!(offered.len(), 3, "each freed seat offered exactly once");
    // Nobody holds two seats: one active booking per person at most.
    let active = booking::Entity::find()
        .filter(booking::Column::CourseId.eq(c.get()))
        .filter(
            booking::Column::Status
                .is_in([BookingStatus::PendingPayment, BookingStatus::Confirmed]),
        )
        .all(&db)
        .await
        .expect("q");
    let mut holders: Vec<i64> = active.iter().map(|b| b.user_id).collect();
    holders.sort_unstable();
    holders.dedup();
    assert_eq!(holders.len(), active.len(), "nobody holds two seats");
    for e in &offered {
        let b = e.booking_id.expect("an offer's booking");
        assert!(
            active.iter().any(|a| a.id == b && a.user_id == e.user_id),
            "each offer's seat is held for its person"
        );
    }
    // Those offered are the first three in line.
    let mut order = entries.clone();
    order.sort_by_key(|e| (e.joined_at, e.id));
    assert!(
        order
            .iter()
            .take(3)
            .all(|e| e.status == WaitlistStatus::Offered),
        "offers went to the head of the list"
    );
    // The rest are 1..47 in line, no gaps, no repeats.
    let mut positions = Vec::new();
    for e in entries
        .iter()
        .filter(|e| e.status == WaitlistStatus::Waiting)
    {
        positions.push(waitlist::position(&db, e).await.expect("position"));
    }
    positions.sort_unstable();
    assert_eq!(positions, (1..=joined as u64 - 3).collect::<Vec<u64>>());
    assert_eq!(seats_add_up(&db, c).await, 5);
}

// ---- Through the site, as members and Stripe see it ----

async fn member(app: &TestApp, email: &str) -> TestApp {
    let m = app.another_client();
    assert_eq!(m.signup(email, PASSWORD).await.status(), 200);
    m
}

async fn user_id(app: &TestApp, email: &str) -> UserId {
    UserId(
        user::Entity::find()
            .filter(user::Column::Email.eq(email))
            .one(&app.db)
            .await
            .expect("q")
            .expect("user")
            .id,
    )
}

async fn join(m: &TestApp, c: CourseId) -> reqwest::Response {
    m.post_form("/api/join_waitlist", &[("course_id", &c.to_string())])
        .await
}

async fn offered_to(app: &TestApp, who: UserId, c: CourseId) -> (i64, DateTime<Utc>) {
    let p = place(&app.db, who, c).await;
    assert_eq!(p.status, WaitlistStatus::Offered, "{p:?}");
    (
        p.booking_id.expect("the offer's booking"),
        p.offer_expires_at.expect("deadline"),
    )
}

async fn emailed(app: &TestApp, key: &str) -> Option<email_outbox::Model> {
    email_outbox::Entity::find()
        .filter(email_outbox::Column::DedupeKey.eq(key))
        .one(&app.db)
        .await
        .expect("q")
}

/// The walk: one seat, three waiting. The holder cancels and the
/// first is offered the seat and emailed; the offer runs out and the second
/// gets it, pays, and is confirmed; the third is still waiting, now first;
/// a newcomer's "Book" meanwhile is refused with the waiting-list message.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_freed_seat_goes_down_the_list_in_order_until_someone_pays() {
    let app = spawn_app().await;
    let c = a_course(&app.db, 1, 4900, Duration::days(7)).await;
    let holder = member(&app, "holder@example.com").await;
    let res = holder
        .post_form("/api/book_course", &[("course_id", &c.to_string())])
        .await;
    let url = res.headers()["location"].to_str().expect("url").to_owned();
    assert_eq!(pay(&url, "4242424242424242").await.status(), 303);
    let held = booking::Entity::find()
        .filter(booking::Column::CourseId.eq(c.get()))
        .one(&app.db)
        .await
        .expect("q")
        .expect("the holder's booking");
    eventually("the holder's payment confirms", async || {
        status_of(&app.db, held.id).await == BookingStatus::Confirmed
    })
    .await;

    let mut waiting = Vec::new();
    for (i, name) in ["first", "second", "third"].iter().enumerate() {
        let email = format!("{name}@example.com");
        let m = member(&app, &email).await;
        let res = join(&m, c).await;
        assert_eq!(res.status(), 200);
        assert_eq!(res.json::<u64>().await.expect("position"), i as u64 + 1);
        waiting.push((m, user_id(&app, &email).await));
    }
    // The dashboard shows each their place, with bookings elsewhere or none.
    let dashboard = async |m: &TestApp| -> serde_json::Value {
        m.post_form("/api/my_bookings", &[])
            .await
            .json()
            .await
            .expect("json")
    };
    let mine = dashboard(&waiting[1].0).await;
    assert_eq!(mine["total"], 0);
    assert_eq!(mine["waiting"][0]["position"], 2, "{mine}");
    let elsewhere = a_course(&app.db, 5, 2500, Duration::days(9)).await;
    let res = waiting[2]
        .0
        .post_form("/api/book_course", &[("course_id", &elsewhere.to_string())])
        .await;
    assert_eq!(res.status(), 200, "a booking on another course");
    let mine = dashboard(&waiting[2].0).await;
    assert_eq!(mine["total"], 1);
    assert_eq!(mine["waiting"][0]["position"], 3, "{mine}");
    let mine = dashboard(&holder).await;
    assert_eq!(mine["waiting"], serde_json::json!([]), "{mine}");
    let again = join(&waiting[0].0, c).await;
    assert_eq!(again.status(), 409);
    let body: serde_json::Value = again.json().await.expect("json");
    assert_eq!(body["code"], "already_waiting");

    let newcomer = member(&app, "newcomer@example.com").await;
    let refused = newcomer
        .post_form("/api/book_course", &[("course_id", &c.to_string())])
        .await;
    assert_eq!(refused.status(), 409);
    let body: serde_json::Value = refused.json().await.expect("json");
    assert_eq!(body["code"], "waiting_list", "{body}");
    assert!(
        body["message"]
            .as_str()
            .unwrap_or_default()
            .contains("waiting list")
    );
    seats_add_up(&app.db, c).await;

    // The holder cancels: the first in line is offered the seat, emailed.
    let cancelled = holder
        .post_form(
            "/api/cancel_booking",
            &[("booking_id", &held.id.to_string())],
        )
        .await;
    assert_eq!(cancelled.status(), 200);
    let (first_offer, deadline) = offered_to(&app, waiting[0].1, c).await;
    let minutes = (deadline - Utc::now()).num_minutes();
    // Twelve hours, or (when those end in the night at the member's clock,
    // UTC here) 09:00 the morning after.
    let morning = deadline.time() == chrono::NaiveTime::from_hms_opt(9, 0, 0).expect("09:00");
    assert!(
        (11 * 60 + 58..=12 * 60).contains(&minutes) || (morning && minutes > 12 * 60),
        "{minutes} minutes, until {deadline}"
    );
    assert_eq!(
        status_of(&app.db, first_offer).await,
        BookingStatus::PendingPayment
    );
    let email = emailed(&app, &format!("seat_offered:{first_offer}"))
        .await
        .expect("the offer is emailed");
    assert_eq!(email.recipient, "first@example.com");
    assert!(
        email.subject.starts_with("A seat is yours until"),
        "{}",
        email.subject
    );
    assert!(
        email.body_text.contains("/bookings/"),
        "a link to take the seat"
    );
    assert!(email.body_html.contains("Take the seat"));
    assert_eq!(seats_add_up(&app.db, c).await, 1);
    assert_eq!(position(&app.db, waiting[1].1, c).await, Some(1));
    // The dashboard shows the offer first, in the same answer as the bookings.
    let mine: serde_json::Value = waiting[0]
        .0
        .post_form("/api/my_bookings", &[])
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(mine["waiting"][0]["offer"]["booking_id"], first_offer);

    // The offer runs out: the sweeper ends it and the second is offered.
    // Just past its own deadline: twelve hours, or 09:00 the next morning
    // when twelve hours would end in the night (so never the clock's hour).
    let later = deadline + Duration::minutes(1);
    tessera::service::housekeeping::sweep_expired_holds(&app.db, &app.gateway, later)
        .await
        .expect("sweep");
    assert_eq!(
        place(&app.db, waiting[0].1, c).await.status,
        WaitlistStatus::Expired
    );
    waitlist::offer_everywhere(&app.db, &policy(), Utc::now())
        .await
        .expect("offer");
    let (second_offer, _) = offered_to(&app, waiting[1].1, c).await;
    assert_eq!(seats_add_up(&app.db, c).await, 1);

    // The second pays through Checkout, like any pending booking.
    let res = waiting[1]
        .0
        .post_form(
            "/api/retry_payment",
            &[("booking_id", &second_offer.to_string())],
        )
        .await;
    assert_eq!(res.status(), 200);
    let url = res.headers()["location"].to_str().expect("url").to_owned();
    assert_eq!(pay(&url, "4242424242424242").await.status(), 303);
    eventually("the second's payment confirms the seat", async || {
        status_of(&app.db, second_offer).await == BookingStatus::Confirmed
    })
    .await;
    assert_eq!(
        place(&app.db, waiting[1].1, c).await.status,
        WaitlistStatus::Accepted
    );
    assert_eq!(
        place(&app.db, waiting[2].1, c).await.status,
        WaitlistStatus::Waiting
    );
    assert_eq!(position(&app.db, waiting[2].1, c).await, Some(1));
    assert_eq!(seats_add_up(&app.db, c).await, 1);

    // The roster shows the list and its history.
    let admin = crate::support::admin(&app).await;
    let roster: serde_json::Value = admin
        .post_form("/api/course_roster", &[("id", &c.to_string())])
        .await
        .json()
        .await
        .expect("json");
    let mut statuses: Vec<&str> = roster["waitlist"]
        .as_array()
        .expect("the list")
        .iter()
        .map(|l| l["status"].as_str().unwrap_or_default())
        .collect();
    // The queue first, then the history (latest first; the sweep above ran
    // on a clock 13 hours ahead, so its order says little here).
    statuses[1..].sort_unstable();
    assert_eq!(statuses, vec!["waiting", "accepted", "expired"]);
}

/// An offer ran out while its person was on Stripe's page; they pay
/// anyway. With the seat gone to the next person, the money goes back,
/// once; with the seat still free, it is theirs.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_payment_after_the_offer_ran_out_gets_a_free_seat_or_its_money_back_once() {
    for someone_else_waits in [true, false] {
        let app = spawn_app().await;
        let c = a_course(&app.db, 1, 4900, Duration::days(7)).await;
        let people = members(&app.db, "late", 1).await;
        seated(&app.db, people[0], c).await;
        let first = member(&app, "first@example.com").await;
        assert_eq!(join(&first, c).await.status(), 200);
        let first_id = user_id(&app, "first@example.com").await;
        let second = member(&app, "second@example.com").await;
        if someone_else_waits {
            assert_eq!(join(&second, c).await.status(), 200);
        }
        // A seat frees: the first is offered it and opens Checkout.
        let seat = booking::Entity::find()
            .filter(booking::Column::UserId.eq(people[0].get()))
            .one(&app.db)
            .await
            .expect("q")
            .expect("b");
        let admin = crate::support::admin(&app).await;
        let res = admin
            .post_form(
                "/api/admin_cancel_booking",
                &[("booking_id", &seat.id.to_string())],
            )
            .await;
        assert_eq!(res.status(), 200);
        let (offer, _) = offered_to(&app, first_id, c).await;
        let res = first
            .post_form("/api/retry_payment", &[("booking_id", &offer.to_string())])
            .await;
        let url = res.headers()["location"].to_str().expect("url").to_owned();
        // The offer runs out before the payment arrives (Stripe still lets
        // the open session be paid).
        tessera::service::fulfil::expire_booking(&app.db, tessera::BookingId(offer), Utc::now())
            .await
            .expect("expire");
        assert_eq!(
            place(&app.db, first_id, c).await.status,
            WaitlistStatus::Expired
        );
        // The freed seat is not offered on yet (the sweeper's round comes
        // later): with someone waiting it is still theirs, not the payer's.
        seats_add_up(&app.db, c).await;

        assert_eq!(pay(&url, "4242424242424242").await.status(), 303);
        let payment = async || {
            tessera::entity::payment::Entity::find()
                .filter(tessera::entity::payment::Column::BookingId.eq(offer))
                .one(&app.db)
                .await
                .expect("q")
                .expect("payment")
        };
        if someone_else_waits {
            eventually("the late payment is refunded", async || {
                payment().await.status == tessera::PaymentStatus::Refunded
            })
            .await;
            let pi = payment().await.stripe_payment_intent_id.expect("pi");
            assert_eq!(
                crate::support::refunds_at_stripe(&app, &pi).await.len(),
                1,
                "refunded exactly once"
            );
            assert_eq!(status_of(&app.db, offer).await, BookingStatus::Expired);
            waitlist::offer_everywhere(&app.db, &policy(), Utc::now())
                .await
                .expect("offer");
            let second_id = user_id(&app, "second@example.com").await;
            let (next, _) = offered_to(&app, second_id, c).await;
            assert_eq!(
                status_of(&app.db, next).await,
                BookingStatus::PendingPayment
            );
        } else {
            eventually("the late payment takes the free seat", async || {
                status_of(&app.db, offer).await == BookingStatus::Confirmed
            })
            .await;
        }
        assert_eq!(seats_add_up(&app.db, c).await, 1);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_free_offer_is_taken_with_one_button_and_no_thanks_passes_it_on() {
    let app = spawn_app().await;
    let c = a_course(&app.db, 1, 0, Duration::days(7)).await;
    let holder = members(&app.db, "free", 1).await[0];
    let seat = seated(&app.db, holder, c).await;
    let first = member(&app, "first@example.com").await;
    let second = member(&app, "second@example.com").await;
    assert_eq!(join(&first, c).await.status(), 200);
    assert_eq!(join(&second, c).await.status(), 200);
    let admin = crate::support::admin(&app).await;
    admin
        .post_form(
            "/api/admin_cancel_booking",
            &[("booking_id", &seat.to_string())],
        )
        .await;
    let first_id = user_id(&app, "first@example.com").await;
    let (offer, _) = offered_to(&app, first_id, c).await;
    // "No thanks": the seat goes to the second.
    let res = first
        .post_form("/api/leave_waitlist", &[("course_id", &c.to_string())])
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        place(&app.db, first_id, c).await.status,
        WaitlistStatus::Declined
    );
    assert_eq!(status_of(&app.db, offer).await, BookingStatus::Cancelled);
    let second_id = user_id(&app, "second@example.com").await;
    let (next, _) = offered_to(&app, second_id, c).await;
    // Someone else cannot take it for them.
    let res = first
        .post_form("/api/accept_offer", &[("booking_id", &next.to_string())])
        .await;
    assert_eq!(res.status(), 404);
    let res = second
        .post_form("/api/accept_offer", &[("booking_id", &next.to_string())])
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(status_of(&app.db, next).await, BookingStatus::Confirmed);
    assert_eq!(
        place(&app.db, second_id, c).await.status,
        WaitlistStatus::Accepted
    );
    assert!(
        emailed(&app, &format!("booking_confirmed:{next}"))
            .await
            .is_some()
    );
    assert_eq!(seats_add_up(&app.db, c).await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_database_refuses_two_open_places_and_an_offer_without_its_seat() {
    let db = migrated_db().await;
    let now = Utc::now();
    let c = a_course(&db, 1, 4900, Duration::days(7)).await;
    let who = members(&db, "db", 1).await[0];
    let entry = |status: WaitlistStatus| waitlist_entry::ActiveModel {
        course_id: Set(c.get()),
        user_id: Set(who.get()),
        status: Set(status),
        joined_at: Set(now),
        offered_at: Set(None),
        offer_expires_at: Set(None),
        booking_id: Set(None),
        closed_at: Set(None),
        ..Default::default()
    };
    entry(WaitlistStatus::Waiting)
        .insert(&db)
        .await
        .expect("a first place");
    assert!(
        entry(WaitlistStatus::Waiting).insert(&db).await.is_err(),
        "a second open place"
    );
    assert!(
        entry(WaitlistStatus::Left).insert(&db).await.is_ok(),
        "closed places are history, as many as there are"
    );
    let other = members(&db, "db2", 1).await[0];
    assert!(
        waitlist_entry::ActiveModel {
            user_id: Set(other.get()),
            ..entry(WaitlistStatus::Offered)
        }
        .insert(&db)
        .await
        .is_err(),
        "an offer names the booking holding its seat"
    );
}

/// An admin raises a full course's capacity by two: the first two waiting
/// are offered the new seats at once, the third keeps waiting; the
/// admin's course list and the catalog show how many wait.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_raising_the_capacity_offers_the_new_seats_in_order() {
    let app = spawn_app().await;
    let admin = crate::support::admin(&app).await;
    let form = |capacity: &'static str| {
        vec![
            ("id", ""),
            ("form[title]", "Raku Firing Weekend"),
            ("form[description]", "Wheel, clay, glaze."),
            ("form[location]", "Studio 4, Utrecht"),
            ("form[price]", "65"),
            ("form[currency]", "EUR"),
            ("form[capacity]", capacity),
            ("form[meetings][0][starts_at]", "2031-05-02T10:00"),
            ("form[meetings][0][ends_at]", "2031-05-02T13:00"),
            ("form[time_zone]", "Europe/Amsterdam"),
        ]
    };
    let mut create = form("1");
    create.remove(0);
    let res = admin.post_form("/api/save_course", &create).await;
    assert_eq!(res.status(), 200);
    let id: i64 = res.json().await.expect("id");
    let c = CourseId(id);
    let res = admin
        .post_form(
            "/api/set_course_published",
            &[("id", &id.to_string()), ("publish", "true")],
        )
        .await;
    assert_eq!(res.status(), 200);
    let holder = members(&app.db, "raku", 1).await[0];
    seated(&app.db, holder, c).await;
    let mut waiting = Vec::new();
    for name in ["first", "second", "third"] {
        let email = format!("{name}@example.com");
        let m = member(&app, &email).await;
        assert_eq!(join(&m, c).await.status(), 200);
        waiting.push(user_id(&app, &email).await);
    }
    let (_, catalog) = app.get("/courses").await;
    assert!(catalog.contains("Full · 3 waiting"), "the catalog says so");
    let rows: serde_json::Value = admin
        .post_form("/api/admin_courses", &[])
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(rows["rows"][0]["course"]["waiting"], 3);

    let id_text = id.to_string();
    let mut raise = form("3");
    raise[0] = ("id", id_text.as_str());
    let res = admin.post_form("/api/save_course", &raise).await;
    assert_eq!(res.status(), 200);
    offered_to(&app, waiting[0], c).await;
    offered_to(&app, waiting[1], c).await;
    assert_eq!(
        place(&app.db, waiting[2], c).await.status,
        WaitlistStatus::Waiting
    );
    assert_eq!(position(&app.db, waiting[2], c).await, Some(1));
    assert_eq!(seats_add_up(&app.db, c).await, 3);
}

/// The offer email's button opens Stripe Checkout for the held seat, for
/// its person only; signed out, it goes through sign-in first.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_offer_emails_link_opens_checkout_for_that_seat_and_only_for_its_person() {
    let app = spawn_app().await;
    let c = a_course(&app.db, 1, 4900, Duration::days(7)).await;
    let holder = members(&app.db, "link", 1).await[0];
    let seat = seated(&app.db, holder, c).await;
    let first = member(&app, "first@example.com").await;
    assert_eq!(join(&first, c).await.status(), 200);
    let admin = crate::support::admin(&app).await;
    admin
        .post_form(
            "/api/admin_cancel_booking",
            &[("booking_id", &seat.to_string())],
        )
        .await;
    let first_id = user_id(&app, "first@example.com").await;
    let (offer, deadline) = offered_to(&app, first_id, c).await;
    let email = emailed(&app, &format!("seat_offered:{offer}"))
        .await
        .expect("emailed");
    let link = format!("/bookings/{offer}/pay");
    assert!(email.body_text.contains(&link), "{}", email.body_text);
    assert!(email.body_html.contains(&link));

    let get = async |who: &TestApp| {
        who.client
            .get(format!("{}{link}", app.address))
            .send()
            .await
            .expect("get")
    };
    let signed_out = get(&app.another_client()).await;
    assert_eq!(signed_out.status(), 303);
    assert_eq!(
        signed_out.headers()["location"],
        format!("/login?next=/bookings/{offer}/pay").as_str()
    );
    let stranger = member(&app, "stranger@example.com").await;
    let res = get(&stranger).await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        res.headers()["location"],
        format!("/bookings/{offer}").as_str()
    );
    assert!(
        tessera::entity::payment::Entity::find()
            .all(&app.db)
            .await
            .expect("q")
            .iter()
            .all(|p| p.booking_id != offer),
        "nobody else opens a checkout for the seat"
    );

    let res = get(&first).await;
    assert_eq!(res.status(), 303);
    let url = res.headers()["location"].to_str().expect("url").to_owned();
    assert!(url.contains("/c/pay/cs_"), "{url}");
    // The seat stays held to the offer's deadline, not a 31-minute hold.
    let b = booking::Entity::find_by_id(offer)
        .one(&app.db)
        .await
        .expect("q")
        .expect("b");
    assert_eq!(
        b.hold_expires_at.map(|t| t.timestamp()),
        Some(deadline.timestamp())
    );
    assert_eq!(pay(&url, "4242424242424242").await.status(), 303);
    eventually("paid through the link", async || {
        status_of(&app.db, offer).await == BookingStatus::Confirmed
    })
    .await;
    // Once paid, the link leads to the booking.
    let res = get(&first).await;
    assert_eq!(
        res.headers()["location"],
        format!("/bookings/{offer}").as_str()
    );
    assert_eq!(seats_add_up(&app.db, c).await, 1);
}

/// A member's open offer on a course: its booking.
async fn offer_of(db: &DatabaseConnection, who: UserId, c: CourseId) -> booking::Model {
    let entry = place(db, who, c).await;
    assert_eq!(entry.status, WaitlistStatus::Offered, "{entry:?}");
    booking::Entity::find_by_id(entry.booking_id.expect("an offer's booking"))
        .one(db)
        .await
        .expect("q")
        .expect("booking")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn freed_seats_go_to_the_first_place_whose_request_fits_and_an_offer_holds_exactly_it() {
    let db = migrated_db().await;
    let now = Utc::now();
    let people = members(&db, "g", 5).await;
    let (x, z, trio, pair, solo) = (people[0], people[1], people[2], people[3], people[4]);
    let n = |k: i64| SeatCount::new(k).expect("count");
    let c = a_course(&db, 5, 4900, Duration::days(7)).await;
    let hold = |who, k| tessera::service::booking::hold_seat(&db, who, c, n(k), now);
    let x_hold = hold(x, 2).await.expect("x holds 2").booking().id;
    let z_hold = hold(z, 3).await.expect("z holds 3").booking().id;
    assert_eq!(seats_add_up(&db, c).await, 5);
    for (who, k) in [(trio, 3), (pair, 2), (solo, 1)] {
        waitlist::join(&db, who, c, n(k), &policy(), now)
            .await
            .expect("joins");
    }

    // Two seats free: the trio does not fit and keeps its place; the pair
    // is offered exactly two, at twice the price.
    tessera::service::fulfil::end_hold(&db, tessera::BookingId(x_hold), now)
        .await
        .expect("x's hold ends");
    let offers = waitlist::offer_free_seats(&db, c, &policy(), now)
        .await
        .expect("offers");
    assert_eq!(offers.len(), 1, "{offers:?}");
    assert_eq!((offers[0].user, offers[0].seats), (pair, n(2)));
    let pair_offer = offer_of(&db, pair, c).await;
    assert_eq!((pair_offer.seats, pair_offer.amount), (2, 9800));
    assert_eq!(
        tessera::service::attendees::of_booking(&db, BookingId(pair_offer.id))
            .await
            .expect("attendees")
            .len(),
        2,
        "an offer seats as many as it holds"
    );
    assert_eq!(seats_add_up(&db, c).await, 5);
    // On the pair's dashboard the offer shows once, under the waiting list.
    let dashboard = tessera::service::my_bookings::page(&db, pair, 1, now)
        .await
        .expect("dashboard");
    assert_eq!(dashboard.waiting.len(), 1);
    assert!(
        dashboard
            .upcoming
            .iter()
            .all(|b| b.id.get() != pair_offer.id),
        "not again among the upcoming: {:?}",
        dashboard.upcoming
    );
    assert_eq!(
        position(&db, trio, c).await,
        Some(1),
        "the trio keeps its place"
    );
    assert_eq!(position(&db, solo, c).await, Some(2));
    let lines = waitlist::roster_lines(&db, c).await.expect("roster");
    let trio_line = lines
        .iter()
        .find(|l| l.email == "g2@example.com")
        .expect("the trio's line");
    assert_eq!(trio_line.seats, 3);
    assert_eq!(
        trio_line.passed_over.map(|(_, free)| free),
        Some(2),
        "the roster says the trio was passed over with two seats free"
    );
    assert!(
        lines
            .iter()
            .filter(|l| l.email != "g2@example.com")
            .all(|l| l.passed_over.is_none()),
        "nobody else was passed over: {lines:?}"
    );

    // The pair says no: one of its seats fits the single, the other stays
    // free for the list (Book is held back while people wait).
    waitlist::leave(&db, pair, c, &policy(), now)
        .await
        .expect("declines");
    let solo_offer = offer_of(&db, solo, c).await;
    assert_eq!((solo_offer.seats, solo_offer.amount), (1, 4900));
    assert_eq!(seats_add_up(&db, c).await, 4);
    assert_eq!(position(&db, trio, c).await, Some(1));
    let late = members(&db, "late", 1).await[0];
    let r = tessera::service::booking::hold_seat(&db, late, c, SeatCount::ONE, now).await;
    assert!(
        matches!(r, Err(tessera::service::booking::HoldError::WaitingList)),
        "the free seat is the list's: {r:?}"
    );

    // Three more free: four in all, and the trio's request fits.
    tessera::service::fulfil::end_hold(&db, tessera::BookingId(z_hold), now)
        .await
        .expect("z's hold ends");
    waitlist::offer_free_seats(&db, c, &policy(), now)
        .await
        .expect("offers");
    let trio_offer = offer_of(&db, trio, c).await;
    assert_eq!((trio_offer.seats, trio_offer.amount), (3, 14700));
    assert_eq!(seats_add_up(&db, c).await, 4, "one seat stays free");
}

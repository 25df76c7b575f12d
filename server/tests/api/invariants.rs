//! Random sequences of what people, admins and Stripe do, driven through the
//! services on a real database (SQLite, or PostgreSQL with
//! TEST_DATABASE_URL) with the simulator as Stripe, some of them two at a
//! time (a cancel racing the confirming webhook, a hold ending as the
//! payment arrives). After every step: `seats_held` equals the seats of the
//! active bookings and never exceeds capacity, no payment is kept without a
//! seat unless a refund is owed on it, and every status a booking or
//! payment went through is one its life allows. The course has a second
//! date, €10 a seat cheaper, that bookings move to (the difference owed
//! back) and not back (dearer, refused); what is owed back of a payment,
//! for seats and moves, never exceeds what it took.

use crate::support::{TestApp, spawn_app};
use chrono::{Duration, Utc};
use proptest::prelude::*;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use std::collections::{BTreeSet, HashMap};
use tessera::entity::{booking, course, payment, user};
use tessera::service::{cancel, checkout, fulfil, refunds};
use tessera::{BookingEvent, BookingStatus, CourseId, Currency, PaymentStatus, Role, UserId};

const PEOPLE: usize = 4;
const CAPACITY: i32 = 4;

/// One step, or two racing each other.
#[derive(Debug, Clone, Copy)]
enum Step {
    One(Act),
    Race(Act, Act),
    /// The worst order for anything racing the confirming webhook: Stripe's
    /// payment for person `n` has written but not committed while the act
    /// starts, and commits while the act waits for the rows.
    PayingWhile(usize, Act),
}

/// How long a written payment stays uncommitted in `PayingWhile`: long
/// enough for the other act to reach its first write and wait on it.
const PAYING_FOR: std::time::Duration = std::time::Duration::from_millis(150);

#[derive(Debug, Clone, Copy)]
enum Act {
    /// Person `n` presses "Book" (or "Book" again) for some seats.
    Book(usize, i64),
    /// Stripe says person `n`'s newest attempt was paid (late or not).
    Pay(usize),
    /// Their card is declined.
    Decline(usize),
    /// Their hold runs out and the sweeper ends it.
    HoldEnds(usize),
    /// They cancel (refunded: the course is nine days away).
    Cancel(usize),
    /// They cancel one seat of their newest booking (the last one cancels
    /// the booking).
    CancelSeat(usize),
    /// Their money goes back from Stripe's dashboard.
    RefundInDashboard(usize),
    /// They move their newest booking to the course's other date.
    Move(usize),
    /// The admin cancels the course.
    CourseCancelled,
}

fn act() -> impl Strategy<Value = Act> {
    (0..PEOPLE).prop_flat_map(act_of)
}

/// An act of person `n` (or the admin's).
fn act_of(n: usize) -> impl Strategy<Value = Act> {
    prop_oneof![
        4 => (1i64..=3).prop_map(move |seats| Act::Book(n, seats)),
        4 => Just(Act::Pay(n)),
        1 => Just(Act::Decline(n)),
        2 => Just(Act::HoldEnds(n)),
        2 => Just(Act::Cancel(n)),
        2 => Just(Act::CancelSeat(n)),
        1 => Just(Act::RefundInDashboard(n)),
        2 => Just(Act::Move(n)),
        1 => Just(Act::CourseCancelled),
    ]
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        5 => act().prop_map(Step::One),
        1 => (act(), act()).prop_map(|(a, b)| Step::Race(a, b)),
        // What the same person (or the admin) does while their payment
        // is being confirmed.
        2 => (0..PEOPLE)
            .prop_flat_map(|n| (Just(n), act_of(n)))
            .prop_map(|(n, a)| Step::PayingWhile(n, a)),
    ]
}

struct World {
    app: TestApp,
    course: i64,
    /// The same course on another date, €10 a seat cheaper.
    other_date: i64,
    people: Vec<i64>,
    /// Every status each booking and payment has been seen in.
    bookings_seen: HashMap<i64, BookingStatus>,
    payments_seen: HashMap<i64, PaymentStatus>,
}

async fn world() -> World {
    let app = spawn_app().await;
    let now = Utc::now();
    let c = course::ActiveModel {
        title: Set("Knife Skills".to_owned()),
        description: Set("Sharp.".to_owned()),
        location: Set("Kitchen 2".to_owned()),
        price: Set(4900),
        currency: Set(Currency::Eur),
        capacity: Set(CAPACITY),
        seats_held: Set(0),
        starts_at: Set(now + Duration::days(9)),
        ends_at: Set(now + Duration::days(9) + Duration::hours(3)),
        status: Set(tessera::CourseStatus::Published),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .expect("course");
    crate::support::meets_once(&app.db, &c).await;
    let other = course::ActiveModel {
        id: sea_orm::NotSet,
        starts_at: Set(c.starts_at + Duration::days(7)),
        ends_at: Set(c.ends_at + Duration::days(7)),
        run_of: Set(Some(c.id)),
        price: Set(3900),
        ..course::ActiveModel::from(c.clone())
    }
    .insert(&app.db)
    .await
    .expect("another date");
    crate::support::meets_once(&app.db, &other).await;
    let mut people = Vec::new();
    for n in 0..PEOPLE {
        let u = user::ActiveModel {
            email: Set(format!("p{n}@example.com")),
            password_hash: Set("!unusable".to_owned()),
            display_name: Set(format!("Person {n}")),
            role: Set(Role::Member),
            email_confirmed_at: Set(Some(now)),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .expect("user");
        people.push(u.id);
    }
    World {
        app,
        course: c.id,
        other_date: other.id,
        people,
        bookings_seen: HashMap::new(),
        payments_seen: HashMap::new(),
    }
}

impl World {
    async fn newest_booking(&self, n: usize) -> Option<booking::Model> {
        booking::Entity::find()
            .filter(booking::Column::UserId.eq(self.people[n]))
            .order_by_desc(booking::Column::Id)
            .one(&self.app.db)
            .await
            .expect("q")
    }

    async fn newest_payment(&self, n: usize) -> Option<payment::Model> {
        let b = self.newest_booking(n).await?;
        payment::Entity::find()
            .filter(payment::Column::BookingId.eq(b.id))
            .order_by_desc(payment::Column::Id)
            .one(&self.app.db)
            .await
            .expect("q")
    }

    async fn run(&self, step: Step) {
        match step {
            Step::One(a) => self.act(a).await,
            Step::Race(a, b) => {
                tokio::join!(self.act(a), self.act(b));
            }
            Step::PayingWhile(n, a) => {
                let Some((txn, done)) = self.paying(n).await else {
                    return self.act(a).await;
                };
                let committing = async {
                    tokio::time::sleep(PAYING_FOR).await;
                    txn.commit().await.expect("commit");
                };
                tokio::join!(committing, self.act(a));
                self.settle(done).await;
            }
        }
    }

    /// Stripe's payment of person `n`'s newest attempt, written in a
    /// transaction not yet committed.
    async fn paying(&self, n: usize) -> Option<(sea_orm::DatabaseTransaction, fulfil::Fulfilment)> {
        let p = self
            .newest_payment(n)
            .await
            .filter(|p| p.stripe_checkout_session_id.is_some())?;
        let facts = crate::support::paid_session(&p);
        let txn = sea_orm::TransactionTrait::begin(&self.app.db)
            .await
            .expect("txn");
        let done = fulfil::fulfil_checkout(&txn, &facts, Utc::now())
            .await
            .expect("fulfil");
        Some((txn, done))
    }

    /// After a committed payment: a refund it owes is asked of Stripe.
    async fn settle(&self, done: fulfil::Fulfilment) {
        if let fulfil::Fulfilment::RefundOwed { payment_id } = done {
            refunds::settle(
                &self.app.db,
                &self.app.gateway,
                tessera::PaymentId(payment_id),
                Utc::now(),
            )
            .await
            .expect("settle");
        }
    }

    async fn act(&self, act: Act) {
        let (db, gateway, now) = (&self.app.db, &self.app.gateway, Utc::now());
        match act {
            Act::Book(n, seats) => {
                let email = format!("p{n}@example.com");
                // Full, already booked, cancelled course: refused, and fine.
                let _ = checkout::book(
                    db,
                    gateway,
                    UserId(self.people[n]),
                    &email,
                    checkout::BookingRequest {
                        course: CourseId(self.course),
                        party: &tessera::attendee::Party::of(
                            tessera::SeatCount::new(seats).expect("1–3 seats"),
                        ),
                        voucher: None,
                    },
                    now,
                )
                .await;
            }
            Act::Pay(n) => {
                if let Some((txn, done)) = self.paying(n).await {
                    txn.commit().await.expect("commit");
                    self.settle(done).await;
                }
            }
            Act::Decline(n) => {
                if let Some(p) = self.newest_payment(n).await {
                    let txn = sea_orm::TransactionTrait::begin(db).await.expect("txn");
                    fulfil::record_failure(
                        &txn,
                        Some(tessera::PaymentId(p.id)),
                        &format!("pi_prop_{}", p.id),
                        "card_declined",
                        "Declined.",
                        false,
                        now,
                    )
                    .await
                    .expect("decline");
                    txn.commit().await.expect("commit");
                }
            }
            Act::HoldEnds(n) => {
                if let Some(b) = self.newest_booking(n).await {
                    fulfil::end_hold(db, tessera::BookingId(b.id), now)
                        .await
                        .expect("sweep");
                }
            }
            Act::Cancel(n) => {
                if let Some(b) = self.newest_booking(n).await {
                    let _ = cancel::cancel_booking(
                        db,
                        gateway,
                        cancel::RefundPolicy::default(),
                        tessera::BookingId(b.id),
                        cancel::Actor::Member(UserId(self.people[n])),
                        now,
                    )
                    .await
                    .expect("cancel");
                }
            }
            Act::CancelSeat(n) => {
                if let Some(b) = self.newest_booking(n).await {
                    let seat = tessera::entity::attendee::Entity::find()
                        .filter(tessera::entity::attendee::Column::BookingId.eq(b.id))
                        .filter(
                            tessera::entity::attendee::Column::Status
                                .eq(tessera::attendee::AttendeeStatus::Active),
                        )
                        .order_by_desc(tessera::entity::attendee::Column::Position)
                        .one(db)
                        .await
                        .expect("q");
                    if let Some(seat) = seat {
                        cancel::cancel_seat(
                            db,
                            gateway,
                            cancel::RefundPolicy::default(),
                            tessera::AttendeeId(seat.id),
                            cancel::Actor::Member(UserId(self.people[n])),
                            now,
                        )
                        .await
                        .expect("cancel a seat");
                    }
                }
            }
            Act::RefundInDashboard(n) => {
                if let Some(p) = self.newest_payment(n).await
                    && let Some(pi) = p.stripe_payment_intent_id
                {
                    let txn = sea_orm::TransactionTrait::begin(db).await.expect("txn");
                    fulfil::record_refund(&txn, &pi, now).await.expect("refund");
                    txn.commit().await.expect("commit");
                }
            }
            Act::Move(n) => {
                if let Some(b) = self.newest_booking(n).await {
                    let to = if b.course_id == self.course {
                        self.other_date
                    } else {
                        self.course
                    };
                    // Not confirmed, or the date full or cancelled: refused,
                    // and fine. Back to the dearer date is a Checkout for
                    // the difference, which `Pay` pays.
                    let _ = tessera::service::moves::pay_to_move(
                        db,
                        gateway,
                        cancel::RefundPolicy::default(),
                        tessera::BookingId(b.id),
                        CourseId(to),
                        UserId(self.people[n]),
                        &format!("p{n}@example.com"),
                        now,
                    )
                    .await;
                }
            }
            Act::CourseCancelled => {
                cancel::cancel_course(
                    db,
                    gateway,
                    CourseId(self.course),
                    cancel::Cancellation::RefundEveryone,
                    now,
                )
                .await
                .expect("cancel course");
            }
        }
    }

    /// The invariants, with what broke them.
    async fn check(&mut self, after: Step) -> Result<(), String> {
        // One snapshot for every read: webhooks the simulator sends after a
        // step (a refund's, an ended session's) are applied in the
        // background and must not fall between two of them.
        let snapshot = if crate::support::backend() == "postgres" {
            sea_orm::TransactionTrait::begin_with_config(
                &self.app.db,
                Some(sea_orm::IsolationLevel::RepeatableRead),
                Some(sea_orm::AccessMode::ReadOnly),
            )
            .await
        } else {
            sea_orm::TransactionTrait::begin(&self.app.db).await
        }
        .expect("a snapshot");
        let db = &snapshot;
        let bookings = booking::Entity::find()
            .filter(booking::Column::CourseId.is_in([self.course, self.other_date]))
            .all(db)
            .await
            .expect("q");
        for date in [self.course, self.other_date] {
            let c = course::Entity::find_by_id(date)
                .one(db)
                .await
                .expect("q")
                .expect("course");
            let active: i32 = bookings
                .iter()
                .filter(|b| b.course_id == date && b.status.is_active())
                .map(|b| b.seats)
                .sum();
            if c.seats_held != active || c.seats_held > c.capacity {
                return Err(format!(
                    "after {after:?}: course {date}: seats_held {} with {active} seats in active bookings, capacity {}",
                    c.seats_held, c.capacity
                ));
            }
        }
        // Each active booking's seats are its attendees still seated, and no
        // booking's seats are owed back more than was paid for them.
        let seated = tessera::entity::attendee::Entity::find()
            .all(db)
            .await
            .expect("q");
        for b in bookings.iter().filter(|b| b.status.is_active()) {
            let mine: Vec<_> = seated.iter().filter(|a| a.booking_id == b.id).collect();
            let active = mine
                .iter()
                .filter(|a| a.status == tessera::attendee::AttendeeStatus::Active)
                .count() as i32;
            if active != b.seats {
                return Err(format!(
                    "after {after:?}: booking {} holds {} seats with {active} attendees seated",
                    b.id, b.seats
                ));
            }
            let owed: i64 = mine.iter().map(|a| a.refund_amount).sum();
            if owed > b.amount {
                return Err(format!(
                    "after {after:?}: booking {} owes back {owed} of {}",
                    b.id, b.amount
                ));
            }
        }
        let payments = payment::Entity::find().all(db).await.expect("q");
        let moves = tessera::entity::booking_move::Entity::find()
            .all(db)
            .await
            .expect("q");
        for m in &moves {
            let owed_at_most = if m.to_course_id == self.other_date {
                1000 * i64::from(m.seats)
            } else {
                0
            };
            if m.refund_amount > owed_at_most {
                return Err(format!(
                    "after {after:?}: move {} of {} seats owes back {}",
                    m.id, m.seats, m.refund_amount
                ));
            }
        }
        for p in &payments {
            // Seats go back from the booking's own payment, never from a
            // difference paid to move it.
            let for_seats: i64 = seated
                .iter()
                .filter(|a| a.booking_id == p.booking_id && a.refund.is_some())
                .filter(|_| p.moves_to.is_none())
                .map(|a| a.refund_amount)
                .sum();
            let for_moves: i64 = moves
                .iter()
                .filter(|m| m.payment_id == Some(p.id))
                .map(|m| m.refund_amount)
                .sum();
            let took = matches!(p.status, PaymentStatus::Succeeded | PaymentStatus::Refunded);
            if took && for_seats + for_moves > p.amount {
                return Err(format!(
                    "after {after:?}: payment {} of {} owes back {for_seats} for seats and {for_moves} for moves",
                    p.id, p.amount
                ));
            }
            let b = bookings
                .iter()
                .find(|b| b.id == p.booking_id)
                .ok_or("a payment of no booking")?;
            // Kept money: a succeeded payment with no refund owed must be
            // the one paying for a confirmed seat (or a difference paid to
            // move a confirmed booking).
            if p.status == PaymentStatus::Succeeded && p.refund.is_none() {
                let kept = payments.iter().filter(|q| {
                    q.booking_id == b.id
                        && q.status == PaymentStatus::Succeeded
                        && q.refund.is_none()
                        && q.moves_to.is_none()
                });
                if b.status != BookingStatus::Confirmed || kept.count() != 1 {
                    return Err(format!(
                        "after {after:?}: payment {} kept for a {:?} booking",
                        p.id, b.status
                    ));
                }
                // A difference kept paid for a move that was made.
                if p.moves_to.is_some() && !moves.iter().any(|m| m.payment_id == Some(p.id)) {
                    return Err(format!(
                        "after {after:?}: payment {} kept for a move never made",
                        p.id
                    ));
                }
            }
            let before = self.payments_seen.insert(p.id, p.status);
            if let Some(from) = before
                && !payment_reachable(from, p.status)
            {
                return Err(format!(
                    "after {after:?}: payment {} went {from:?} → {:?}",
                    p.id, p.status
                ));
            }
        }
        for b in &bookings {
            let before = self.bookings_seen.insert(b.id, b.status);
            let from = before.unwrap_or(BookingStatus::PendingPayment);
            if before.is_none() && b.status == BookingStatus::Confirmed {
                continue; // a free booking is born confirmed; this course is not free
            }
            if !booking_reachable(from, b.status) {
                return Err(format!(
                    "after {after:?}: booking {} went {from:?} → {:?}",
                    b.id, b.status
                ));
            }
        }
        Ok(())
    }
}

/// Statuses a booking can reach from `from` by the state machine's events.
fn booking_reachable(from: BookingStatus, to: BookingStatus) -> bool {
    let mut seen = BTreeSet::from([from.as_str()]);
    let mut todo = vec![from];
    while let Some(s) = todo.pop() {
        if s == to {
            return true;
        }
        for e in BookingEvent::ALL {
            if let Ok(next) = s.apply(e)
                && seen.insert(next.as_str())
            {
                todo.push(next);
            }
        }
    }
    false
}

/// Statuses a payment can reach from `from`.
fn payment_reachable(from: PaymentStatus, to: PaymentStatus) -> bool {
    let mut seen = BTreeSet::from([from.as_str()]);
    let mut todo = vec![from];
    while let Some(s) = todo.pop() {
        if s == to {
            return true;
        }
        for next in PaymentStatus::ALL {
            if s.can_become(next) && seen.insert(next.as_str()) {
                todo.push(next);
            }
        }
    }
    false
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn seats_and_money_hold_whatever_happens_in_whatever_order(steps in proptest::collection::vec(step(), 1..25)) {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        let broken = rt.block_on(async {
            let mut w = world().await;
            for s in steps {
                w.run(s).await;
                w.check(s).await?;
            }
            Ok::<(), String>(())
        });
        prop_assert!(broken.is_ok(), "{}", broken.err().unwrap_or_default());
    }
}

//! Moving a confirmed booking, all its seats, to another date (run) of the
//! same course. The seats are taken on the new run and given back on the
//! old one in one transaction, by conditional writes: the booking moves
//! only if it is still confirmed, on the run it was read on, with the seats
//! it was read with; the new run's seats are taken only if that many are
//! free and nobody waits for them. So it is never on both runs, never on
//! neither, and two people moving into a run's last seat cannot both have
//! it. A cheaper run gives the difference back: each seat's share falls by
//! the difference (never below nothing), and what was paid of it is owed
//! back in the same transaction, asked of Stripe after commit and retried
//! until Stripe takes it. A dearer run is paid for first: a Checkout for
//! the difference (a payment of the booking naming the run, `moves_to`),
//! and the move is made when Stripe reports it paid, by the same
//! conditional writes; until then nothing changes, and a payment that
//! finds the move no longer possible (the run filled, the booking changed)
//! is owed back.

use crate::attendee::AttendeeStatus;
use crate::booking::{BookingStatus, PaymentStatus, RefundState};
use crate::course::{CourseStatus, NotBookable};
use crate::entity::{attendee, booking, booking_move, course, payment};
use crate::ids::{BookingId, CourseId, PaymentId};
use crate::money::Money;
use crate::quote::SeatCount;
use crate::service::cancel::{Actor, RefundPolicy};
use crate::service::notify::{self, Notice};
use crate::service::payments::{CheckoutRequest, GatewayError, StripeGateway};
use crate::service::refunds;
use crate::service::seats::{self, Taker};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, QueryOrder, Set, TransactionTrait,
};

/// Why a booking could not be moved. Nothing changed.
#[derive(Debug, thiserror::Error)]
pub enum MoveError {
    /// No such booking (or not the member's).
    #[error("booking {0} not found")]
    NotFound(BookingId),
    /// No such run.
    #[error("course {0} not found")]
    RunNotFound(CourseId),
    /// Only a confirmed booking moves (also: it changed meanwhile).
    #[error("booking {0} is not confirmed")]
    NotConfirmed(BookingId),
    /// The run is not another date of the booking's course.
    #[error("course {0} is not another date of the booking's course")]
    NotAnotherDate(CourseId),
    /// The run cannot take bookings (a draft, cancelled, started or over).
    #[error("course {0} is not open: {1:?}")]
    RunNotOpen(CourseId, NotBookable),
    /// Past the refund cut-off of the run the member would leave.
    #[error("booking {booking}: moving closed at {closed_at}")]
    TooLate {
        booking: BookingId,
        closed_at: DateTime<Utc>,
    },
    /// The run is priced in another currency.
    #[error("the runs cost {from} and {to} a seat")]
    PriceDiffers { from: Money, to: Money },
    /// The run costs more: the difference is paid first (`pay_to_move`).
    #[error("moving costs {0} more")]
    DifferenceDue(Money),
    /// Stripe could not be reached to take the difference: nothing changed.
    #[error("payment provider unavailable: {0}")]
    ProviderUnavailable(String),
    /// Stripe refused the Checkout for the difference (a bug on our side).
    #[error("Stripe refused the checkout: {0}")]
    ProviderRefused(String),
    /// Not enough seats free on the run, or people wait for them: its
    /// waiting list is the way in.
    #[error("course {0} has no room for the booking's seats")]
    RunFull(CourseId),
    #[error("moving a booking")]
    Database(#[from] DbErr),
}

/// What a move did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moved {
    pub booking: BookingId,
    /// The run it left (its seats are free now: its waiting list's).
    pub from: CourseId,
    pub to: CourseId,
    pub seats: SeatCount,
    /// What goes back because the new run costs less: owed, and asked of
    /// Stripe once before this answers (the reconciler asks again).
    pub refund: Option<Money>,
}

/// What becomes of the price difference between two dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Settle {
    /// Settled: a cheaper date gives it back, a dearer one is paid first
    /// (`pay_to_move`).
    Difference,
    /// An admin waives it: the booking moves at the price it has, nothing
    /// given back and nothing asked.
    Waive,
}

/// A move asked for: which booking, to which date, by whom, and what
/// becomes of the price difference.
#[derive(Debug, Clone, Copy)]
pub struct MoveRequest {
    pub booking: BookingId,
    pub to: CourseId,
    pub actor: Actor,
    pub settle: Settle,
}

/// What a move rests on, read before its writes (each fact is written
/// into their conditions).
struct Plan {
    b: booking::Model,
    from: course::Model,
    target: course::Model,
    /// What a seat costs more on the new run (less when negative).
    dearer_by: i64,
    /// The provider cancelled the booking's date and offered this one
    /// instead: open until the cancelled date's start, and a dearer date
    /// costs nothing more.
    offered: bool,
}

/// Reads booking `id` and run `to` and checks that `actor` may move the one
/// to the other now, whatever the price.
async fn plan(
    db: &impl ConnectionTrait,
    policy: RefundPolicy,
    id: BookingId,
    to: CourseId,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<Plan, MoveError> {
    let b = booking::Entity::find_by_id(id.get())
        .one(db)
        .await?
        .filter(|b| match actor {
            Actor::Member(user) => b.user_id == user.get(),
            Actor::Admin => true,
        })
        .ok_or(MoveError::NotFound(id))?;
    if b.status != BookingStatus::Confirmed {
        return Err(MoveError::NotConfirmed(id));
    }
    let from = course::Entity::find_by_id(b.course_id)
        .one(db)
        .await?
        .ok_or(MoveError::NotFound(id))?;
    let target = course::Entity::find_by_id(to.get())
        .one(db)
        .await?
        .ok_or(MoveError::RunNotFound(to))?;
    if target.id == from.id || target.first_run() != from.first_run() {
        return Err(MoveError::NotAnotherDate(to));
    }
    let not_open = match target.status {
        CourseStatus::Draft => Some(NotBookable::Draft),
        CourseStatus::Cancelled => Some(NotBookable::Cancelled),
        CourseStatus::Published if target.ends_at <= now => Some(NotBookable::Ended),
        CourseStatus::Published if target.starts_at <= now => Some(NotBookable::Started),
        CourseStatus::Published => None,
    };
    if let Some(why) = not_open {
        return Err(MoveError::RunNotOpen(to, why));
    }
    let offered = from.status == CourseStatus::Cancelled && from.replaced_by == Some(target.id);
    let closed_at = if offered {
        from.starts_at
    } else {
        from.starts_at - policy.cutoff
    };
    if matches!(actor, Actor::Member(_)) && now >= closed_at {
        return Err(MoveError::TooLate {
            booking: id,
            closed_at,
        });
    }
    if target.currency != from.currency {
        return Err(MoveError::PriceDiffers {
            from: Money::from_minor(from.price, from.currency),
            to: Money::from_minor(target.price, target.currency),
        });
    }
    let dearer_by = target.price - from.price;
    Ok(Plan {
        b,
        from,
        target,
        dearer_by,
        offered,
    })
}

/// Moves booking `id` to run `to`, as `actor` at `now`, when that costs
/// nothing more or the difference is waived. A member moves their own
/// booking until the refund cut-off of the run they leave; an admin at any
/// time before the new run starts.
#[tracing::instrument(name = "move_booking_to_run", skip_all, fields(booking_id = request.booking.get(), to = request.to.get(), actor = ?request.actor))]
pub async fn move_to_run(
    db: &DatabaseConnection,
    gateway: &StripeGateway,
    policy: RefundPolicy,
    request: MoveRequest,
    now: DateTime<Utc>,
) -> Result<Moved, MoveError> {
    let MoveRequest {
        booking: id,
        to,
        actor,
        settle,
    } = request;
    // Read to decide what to try; every fact the decision rests on is
    // written into the conditions of the writes below.
    let Plan {
        b,
        from,
        target,
        dearer_by,
        offered,
    } = plan(db, policy, id, to, actor, now).await?;
    let settle = if offered && dearer_by > 0 {
        Settle::Waive
    } else {
        settle
    };
    if dearer_by > 0 && settle == Settle::Difference {
        return Err(MoveError::DifferenceDue(Money::from_minor(
            dearer_by.saturating_mul(i64::from(b.seats)),
            from.currency,
        )));
    }
    let cheaper_by = match settle {
        Settle::Difference => -dearer_by,
        Settle::Waive => 0,
    };
    let seat_count = b.seat_count();

    let txn = db.begin().await?;
    // The booking first: it is still confirmed, on the run it was read on,
    // with its seats (a cancellation, a cancelled seat or another move
    // meanwhile makes this change nothing). The database's trigger moves
    // its copy of the start along.
    let moved = booking::Entity::update_many()
        .col_expr(booking::Column::CourseId, Expr::value(target.id))
        .col_expr(booking::Column::CalendarSequence, next_version())
        .col_expr(booking::Column::UpdatedAt, Expr::value(now))
        .filter(booking::Column::Id.eq(id.get()))
        .filter(booking::Column::Status.eq(BookingStatus::Confirmed))
        .filter(booking::Column::CourseId.eq(from.id))
        .filter(booking::Column::Seats.eq(b.seats))
        .exec(&txn)
        .await?
        .rows_affected;
    if moved == 0 {
        txn.rollback().await?;
        return Err(MoveError::NotConfirmed(id));
    }
    // The same rules as "Book" on the new run (published, not started,
    // seats free, nobody waiting for them).
    if !seats::take(&txn, CourseId(target.id), seat_count, Taker::Booking, now).await? {
        txn.rollback().await?;
        return Err(MoveError::RunFull(to));
    }
    seats::give_back(&txn, CourseId(from.id), seat_count, now).await?;
    let owed = if cheaper_by > 0 {
        cheapen(&txn, &b, cheaper_by, target.price, now).await?
    } else {
        None
    };
    let record = booking_move::ActiveModel {
        booking_id: Set(b.id),
        from_course_id: Set(from.id),
        to_course_id: Set(target.id),
        seats: Set(b.seats),
        moved_by: Set(match actor {
            Actor::Member(_) => "member".to_owned(),
            Actor::Admin => "admin".to_owned(),
        }),
        moved_at: Set(now),
        payment_id: Set(owed.map(|(p, _)| p.get())),
        refund_amount: Set(owed.map_or(0, |(_, amount)| amount)),
        refund: Set(owed.map(|_| RefundState::Owed)),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    notify::queue(
        &txn,
        Notice::BookingMoved {
            booking_id: b.id,
            move_id: record.id,
        },
        now,
    )
    .await?;
    txn.commit().await?;
    tracing::info!(
        from = from.id,
        refund = owed.map_or(0, |(_, a)| a),
        "booking moved to another date"
    );
    if owed.is_some() {
        refunds::request_move_refund(db, gateway, record.id).await?;
    }
    Ok(Moved {
        booking: id,
        from: CourseId(from.id),
        to,
        seats: seat_count,
        refund: owed.map(|(_, amount)| Money::from_minor(amount, from.currency)),
    })
}

/// What a seat whose share is `share` gets back moving to a date whose
/// seats cost `per_seat` less and `new_price` each, when a voucher took
/// `discount` off each seat: the difference, but never so much that the
/// seat ends up below the new date's price less that discount (a booking
/// moved to a dearer date without paying more, by an offer or an admin's
/// waiver, has less to give back).
fn back_per_seat(share: i64, per_seat: i64, new_price: i64, discount: i64) -> i64 {
    per_seat.min((share - (new_price - discount)).max(0))
}

/// What a booking of `seats` seats, `amount` paid after a voucher's
/// `discount`, gets back in all moving to a date whose seats cost
/// `per_seat` less and `new_price` each (each seat's share taken as even).
pub fn back_for_booking(
    seats: u8,
    amount: i64,
    discount: i64,
    per_seat: i64,
    new_price: i64,
) -> i64 {
    let n = i64::from(seats.max(1));
    back_per_seat(amount / n, per_seat.max(0), new_price, discount / n).saturating_mul(n)
}

/// Lowers the price of booking `b`, whose row this transaction holds, by
/// `per_seat` on each seat it still has (as `back_per_seat` allows), and
/// answers what of that goes back from the payment that paid for it: at
/// most what is left of that payment.
async fn cheapen(
    txn: &impl ConnectionTrait,
    b: &booking::Model,
    per_seat: i64,
    new_price: i64,
    now: DateTime<Utc>,
) -> Result<Option<(PaymentId, i64)>, DbErr> {
    let seats = attendee::Entity::find()
        .filter(attendee::Column::BookingId.eq(b.id))
        .filter(attendee::Column::Status.eq(AttendeeStatus::Active))
        .all(txn)
        .await?;
    let discount = b.discount().minor();
    let mut lowered = 0;
    for seat in &seats {
        let off = back_per_seat(
            seat.share,
            per_seat,
            new_price,
            discount / i64::from(b.seats.max(1)),
        );
        if off > 0 {
            attendee::Entity::update_many()
                .col_expr(attendee::Column::Share, Expr::value(seat.share - off))
                .col_expr(attendee::Column::UpdatedAt, Expr::value(now))
                .filter(attendee::Column::Id.eq(seat.id))
                .filter(attendee::Column::Share.eq(seat.share))
                .exec(txn)
                .await?;
            lowered += off;
        }
    }
    let per_booking = per_seat.saturating_mul(i64::from(b.seats));
    if seats.is_empty() {
        // A booking from before seats were named: its amount alone.
        lowered = back_for_booking(
            b.seat_count().get(),
            b.amount,
            discount,
            per_seat,
            new_price,
        )
        .min(b.amount);
    }
    booking::Entity::update_many()
        .col_expr(booking::Column::Amount, Expr::value(b.amount - lowered))
        .col_expr(
            booking::Column::ListAmount,
            Expr::value(b.list_amount.map(|l| (l - per_booking).max(0))),
        )
        .filter(booking::Column::Id.eq(b.id))
        .exec(txn)
        .await?;
    let paid = payment::Entity::find()
        .filter(payment::Column::BookingId.eq(b.id))
        .filter(payment::Column::Status.eq(PaymentStatus::Succeeded))
        .filter(payment::Column::Refund.is_null())
        .filter(payment::Column::MovesTo.is_null())
        .one(txn)
        .await?;
    let Some(p) = paid else {
        return Ok(None);
    };
    let back = lowered.min(refunds::refundable_left(txn, PaymentId(p.id)).await?);
    Ok((back > 0).then_some((PaymentId(p.id), back)))
}

/// Where "Move here" on a dearer date leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PayToMove {
    /// Pay the difference on Stripe's page; the move follows the payment.
    Pay { url: String },
    /// It cost nothing more after all (the prices changed): moved.
    Moved(Moved),
}

/// A member's move of booking `id` to the dearer run `to`: a Checkout for
/// the difference (each seat's), on a payment of the booking that names
/// the run. Nothing moves until Stripe reports it paid
/// (`complete_paid_move`); an abandoned payment changes nothing.
#[tracing::instrument(name = "pay_to_move", skip_all, fields(booking_id = id.get(), to = to.get()))]
#[allow(clippy::too_many_arguments)]
pub async fn pay_to_move(
    db: &DatabaseConnection,
    gateway: &StripeGateway,
    policy: RefundPolicy,
    id: BookingId,
    to: CourseId,
    member: crate::ids::UserId,
    email: &str,
    now: DateTime<Utc>,
) -> Result<PayToMove, MoveError> {
    let actor = Actor::Member(member);
    let Plan {
        b,
        from,
        target,
        dearer_by,
        offered,
    } = plan(db, policy, id, to, actor, now).await?;
    if dearer_by <= 0 || offered {
        let moved = move_to_run(
            db,
            gateway,
            policy,
            MoveRequest {
                booking: id,
                to,
                actor,
                settle: Settle::Difference,
            },
            now,
        )
        .await?;
        return Ok(PayToMove::Moved(moved));
    }
    // No money is taken for a run that has no room now (the move itself
    // checks again when the money arrives).
    if target.seats_held + b.seats > target.capacity {
        return Err(MoveError::RunFull(to));
    }
    let amount = dearer_by.saturating_mul(i64::from(b.seats));
    let expires_at = now + crate::service::booking::HOLD;
    // The booking's row first (it is still confirmed, on the run read),
    // then the attempt: an earlier unpaid attempt to move ends with it.
    let txn = db.begin().await?;
    let current = booking::Entity::update_many()
        .col_expr(booking::Column::UpdatedAt, Expr::value(now))
        .filter(booking::Column::Id.eq(b.id))
        .filter(booking::Column::Status.eq(BookingStatus::Confirmed))
        .filter(booking::Column::CourseId.eq(from.id))
        .filter(booking::Column::Seats.eq(b.seats))
        .exec(&txn)
        .await?
        .rows_affected
        == 1;
    if !current {
        txn.rollback().await?;
        return Err(MoveError::NotConfirmed(id));
    }
    let older = crate::service::fulfil::close_open_payments(&txn, id, now).await?;
    let row = payment::ActiveModel {
        booking_id: Set(b.id),
        amount: Set(amount),
        currency: Set(b.currency),
        status: Set(PaymentStatus::Open),
        expires_at: Set(Some(expires_at)),
        moves_to: Set(Some(target.id)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    crate::service::cancel::expire_sessions(gateway, b.id, &older).await;
    let title = format!("{}: move to another date", target.title);
    let terms = crate::service::legal::has_terms(db).await?;
    let request = CheckoutRequest {
        payment_id: row.id,
        booking_id: b.id,
        user_id: b.user_id,
        course_id: target.id,
        course_title: &title,
        course_starts_at: target.starts_at,
        venue_zone: &target.time_zone,
        email,
        amount,
        list_amount: amount,
        voucher: None,
        seats: b.seat_count(),
        currency: b.currency.stripe_code(),
        expires_at,
        terms,
        lang: crate::service::accounts::language_of(db, crate::UserId(b.user_id)).await?,
    };
    match gateway.create_session(&request).await {
        Ok(session) => {
            let url =
                crate::service::checkout::record_session(db, PaymentId(row.id), &session).await?;
            tracing::info!(
                payment_id = row.id,
                amount,
                "checkout for a move's difference"
            );
            Ok(PayToMove::Pay { url })
        }
        Err(e) => {
            crate::service::status::move_payment(
                db,
                PaymentId(row.id),
                &[PaymentStatus::Open],
                PaymentStatus::Failed,
                crate::service::status::PaymentFacts {
                    payment_intent: None,
                    failure: crate::service::status::FailureNote::Record(
                        "provider_unavailable",
                        "The payment page could not be opened.",
                    ),
                },
                now,
            )
            .await?;
            Err(match e {
                GatewayError::Unavailable(reason) => MoveError::ProviderUnavailable(reason),
                GatewayError::Refused { message, .. } => MoveError::ProviderRefused(message),
            })
        }
    }
}

/// Stripe reports payment `pay` of a move's difference to run `to` paid,
/// inside the transaction that records it (the booking's row is locked):
/// the booking moves if it still can, by the same conditional writes as
/// any move, and its price rises by what was paid. Answers the move, or
/// `None` when it could not be made (the booking changed, the run filled
/// or closed, the prices changed): the caller owes the payment back.
pub async fn complete_paid_move(
    db: &impl ConnectionTrait,
    pay: &payment::Model,
    to: CourseId,
    now: DateTime<Utc>,
) -> Result<Option<Moved>, DbErr> {
    let Some(b) = booking::Entity::find_by_id(pay.booking_id)
        .one(db)
        .await?
        .filter(|b| b.status == BookingStatus::Confirmed && b.course_id != to.get())
    else {
        return Ok(None);
    };
    let (Some(from), Some(target)) = (
        course::Entity::find_by_id(b.course_id).one(db).await?,
        course::Entity::find_by_id(to.get()).one(db).await?,
    ) else {
        return Ok(None);
    };
    let per_seat = target.price - from.price;
    let same_run = target.first_run() == from.first_run();
    if !same_run
        || target.currency != pay.currency
        || per_seat <= 0
        || per_seat.saturating_mul(i64::from(b.seats)) != pay.amount
    {
        return Ok(None);
    }
    // The seats first: if the run has no room (or is closed), nothing else
    // is written.
    let seat_count = b.seat_count();
    if !seats::take(db, to, seat_count, Taker::Booking, now).await? {
        return Ok(None);
    }
    let moved = booking::Entity::update_many()
        .col_expr(booking::Column::CourseId, Expr::value(target.id))
        .col_expr(booking::Column::Amount, Expr::value(b.amount + pay.amount))
        .col_expr(
            booking::Column::ListAmount,
            Expr::value(b.list_amount.map(|l| l + pay.amount)),
        )
        .col_expr(booking::Column::CalendarSequence, next_version())
        .col_expr(booking::Column::UpdatedAt, Expr::value(now))
        .filter(booking::Column::Id.eq(b.id))
        .filter(booking::Column::Status.eq(BookingStatus::Confirmed))
        .filter(booking::Column::CourseId.eq(from.id))
        .filter(booking::Column::Seats.eq(b.seats))
        .exec(db)
        .await?
        .rows_affected
        == 1;
    if !moved {
        seats::give_back(db, to, seat_count, now).await?;
        return Ok(None);
    }
    seats::give_back(db, CourseId(from.id), seat_count, now).await?;
    // Each seat's share rises by the difference paid for it.
    attendee::Entity::update_many()
        .col_expr(
            attendee::Column::Share,
            Expr::col(attendee::Column::Share).add(per_seat),
        )
        .col_expr(attendee::Column::UpdatedAt, Expr::value(now))
        .filter(attendee::Column::BookingId.eq(b.id))
        .filter(attendee::Column::Status.eq(AttendeeStatus::Active))
        .exec(db)
        .await?;
    let record = booking_move::ActiveModel {
        booking_id: Set(b.id),
        from_course_id: Set(from.id),
        to_course_id: Set(target.id),
        seats: Set(b.seats),
        moved_by: Set("member".to_owned()),
        moved_at: Set(now),
        payment_id: Set(Some(pay.id)),
        refund_amount: Set(0),
        refund: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    notify::queue(
        db,
        Notice::BookingMoved {
            booking_id: b.id,
            move_id: record.id,
        },
        now,
    )
    .await?;
    tracing::info!(
        booking_id = b.id,
        from = from.id,
        to = target.id,
        "booking moved to a dearer date, its difference paid"
    );
    Ok(Some(Moved {
        booking: BookingId(b.id),
        from: CourseId(from.id),
        to,
        seats: seat_count,
        refund: None,
    }))
}

/// A booking's calendar entry one version on (`SEQUENCE`), so calendar
/// apps replace the entry they have.
pub fn next_version() -> sea_orm::sea_query::SimpleExpr {
    Expr::col(booking::Column::CalendarSequence).add(1)
}

/// A booking's moves, first first.
pub async fn history(
    db: &impl sea_orm::ConnectionTrait,
    id: BookingId,
) -> Result<Vec<booking_move::Model>, DbErr> {
    booking_move::Entity::find()
        .filter(booking_move::Column::BookingId.eq(id.get()))
        .order_by_asc(booking_move::Column::Id)
        .all(db)
        .await
}

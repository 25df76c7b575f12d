//! Deleting an account (GDPR art. 17). What a business must keep for its
//! books stays: bookings and payments, with their amounts, dates and
//! Stripe references. What names or reaches the person goes: their name,
//! email address, password, time zone, the names and addresses of guests
//! they booked for, their links and the emails sent to them. Active
//! bookings are cancelled first under the usual policy (so a paid seat
//! before the cut-off is refunded), and their waiting-list places end.

use crate::account::{DeletionLine, DeletionOutcome};
use crate::entity::{account_link, attendee, booking, email_outbox, passkey, user};
use crate::service::accounts::{HashingFailed, verify_password};
use crate::service::cancel::{self, Actor, CancelError, Cancelled, RefundPolicy};
use crate::service::payments::StripeGateway;
use crate::service::waitlist::{self, LeaveError};
use crate::waitlist::WaitlistPolicy;
use crate::{BookingId, BookingStatus, UserId};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, TransactionTrait};

/// The name a deleted account's bookings show.
pub const DELETED_NAME: &str = "Deleted member";

/// What deleting an account did to its bookings.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Deleted {
    /// Cancelled now, and how.
    pub cancelled: Vec<(BookingId, Cancelled)>,
    /// Left as they were: the course had started, or a bank debit was
    /// still under way (it settles on the anonymous booking).
    pub kept: Vec<BookingId>,
}

/// Why an account was not deleted.
#[derive(Debug, thiserror::Error)]
pub enum DeleteError {
    /// The password given is not the account's.
    #[error("wrong password")]
    WrongPassword,
    /// No such account (or deleted already).
    #[error("no such account")]
    NoAccount,
    #[error("deleting an account")]
    Database(#[from] DbErr),
    #[error(transparent)]
    Hashing(#[from] HashingFailed),
}

/// Deletes `member`'s account once `password` proves it is them.
pub async fn delete_account(
    db: &DatabaseConnection,
    gateway: &StripeGateway,
    policy: RefundPolicy,
    waitlist_policy: &WaitlistPolicy,
    member: UserId,
    password: &str,
    now: DateTime<Utc>,
) -> Result<Deleted, DeleteError> {
    let row = user::Entity::find_by_id(member.get())
        .one(db)
        .await?
        .ok_or(DeleteError::NoAccount)?;
    if !verify_password(password.to_owned(), row.password_hash.clone()).await? {
        return Err(DeleteError::WrongPassword);
    }
    // First the account stops working and stops being anyone: no sign-in
    // (the password hash no longer verifies, and every session's check
    // fails with it), no new booking or waiting-list place (it is no longer
    // confirmed), and no name or address for an email to be written to from
    // here on (the cancellations below, a refund Stripe confirms later: the
    // outbox never writes to the placeholder). The write decides: of two
    // deletions at once, one goes on.
    let closed = user::Entity::update_many()
        .col_expr(user::Column::PasswordHash, Expr::value("!deleted"))
        .col_expr(
            user::Column::EmailConfirmedAt,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(
            user::Column::Email,
            Expr::value(format!(
                "deleted-{}{}",
                member.get(),
                crate::service::notify::DELETED_DOMAIN
            )),
        )
        .col_expr(user::Column::DisplayName, Expr::value(DELETED_NAME))
        .col_expr(user::Column::TimeZone, Expr::value("UTC"))
        .col_expr(user::Column::UpdatedAt, Expr::value(now))
        .filter(user::Column::Id.eq(member))
        .filter(user::Column::PasswordHash.eq(row.password_hash.clone()))
        .exec(db)
        .await?;
    if closed.rows_affected == 0 {
        return Err(DeleteError::NoAccount);
    }

    let mut deleted = Deleted::default();
    let active = booking::Entity::find()
        .filter(booking::Column::UserId.eq(member.get()))
        .filter(
            booking::Column::Status
                .is_in([BookingStatus::PendingPayment, BookingStatus::Confirmed]),
        )
        .all(db)
        .await?;
    for b in active {
        let id = BookingId(b.id);
        match cancel::cancel_booking(db, gateway, policy, id, Actor::Member(member), now).await {
            Ok(outcome) => {
                if let Err(e) = waitlist::offer_seat_of(db, id, waitlist_policy, now).await {
                    tracing::warn!(error = %e, "offering freed seats failed; the sweeper retries");
                }
                deleted.cancelled.push((id, outcome));
            }
            Err(CancelError::Started(_) | CancelError::PaymentProcessing(_)) => {
                deleted.kept.push(id);
            }
            Err(CancelError::NotFound(_) | CancelError::NotPending(_)) => {}
            Err(CancelError::Database(e)) => return Err(e.into()),
        }
    }
    for place in waitlist::places_of(db, member).await? {
        match waitlist::leave(db, member, place.course_id, waitlist_policy, now).await {
            Ok((_, sessions)) => {
                for sid in sessions {
                    if let Err(e) = gateway.expire_session(&sid).await {
                        tracing::warn!(error = %e, "could not end a declined offer's checkout session");
                    }
                }
            }
            Err(LeaveError::NotWaiting) => {}
            Err(LeaveError::Database(e)) => return Err(e.into()),
        }
    }
    erase(db, member, &row.email, now).await?;
    tracing::info!(
        user_id = member.get(),
        cancelled = deleted.cancelled.len(),
        kept = deleted.kept.len(),
        "account deleted"
    );
    Ok(deleted)
}

/// Erases what else names or reaches the person, in one transaction: the
/// people on their bookings, their links, and the emails to their address
/// (queued before the account was closed, or sent).
async fn erase(
    db: &DatabaseConnection,
    member: UserId,
    email: &str,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let txn = db.begin().await?;
    // The people on their bookings, guests included.
    attendee::Entity::update_many()
        .col_expr(attendee::Column::Name, Expr::value(DELETED_NAME))
        .col_expr(attendee::Column::Email, Expr::value(Option::<String>::None))
        .col_expr(attendee::Column::UpdatedAt, Expr::value(now))
        .filter(
            attendee::Column::BookingId.in_subquery(
                Query::select()
                    .column(booking::Column::Id)
                    .from(booking::Entity)
                    .and_where(booking::Column::UserId.eq(member))
                    .to_owned(),
            ),
        )
        .exec(&txn)
        .await?;
    account_link::Entity::delete_many()
        .filter(account_link::Column::UserId.eq(member))
        .exec(&txn)
        .await?;
    // Its sessions ended with the account; its passkeys open nothing now.
    crate::service::devices::forget_all_but(&txn, member, None).await?;
    passkey::Entity::delete_many()
        .filter(passkey::Column::UserId.eq(member))
        .exec(&txn)
        .await?;
    // No public page, no "Taught by", no list at the door any more.
    crate::entity::course_instructor::Entity::delete_many()
        .filter(crate::entity::course_instructor::Column::UserId.eq(member))
        .exec(&txn)
        .await?;
    crate::entity::instructor::Entity::delete_many()
        .filter(crate::entity::instructor::Column::UserId.eq(member))
        .exec(&txn)
        .await?;
    // Its calendar address answers nothing any more.
    crate::entity::calendar_feed::Entity::delete_many()
        .filter(crate::entity::calendar_feed::Column::UserId.eq(member))
        .exec(&txn)
        .await?;
    // What they wanted on invoices; the invoices issued stay, as the books.
    crate::entity::billing_detail::Entity::delete_many()
        .filter(
            crate::entity::billing_detail::Column::BookingId.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(booking::Column::Id)
                    .from(booking::Entity)
                    .and_where(booking::Column::UserId.eq(member))
                    .to_owned(),
            ),
        )
        .exec(&txn)
        .await?;
    // Emails to them, sent or not (the cancellations just made included:
    // the deletion's own email below says what they did).
    email_outbox::Entity::delete_many()
        .filter(email_outbox::Column::Recipient.eq(email))
        .exec(&txn)
        .await?;
    txn.commit().await
}

/// What deleting the account now would do to each active booking, for the
/// page that asks "are you sure?".
pub async fn preview(
    db: &DatabaseConnection,
    policy: RefundPolicy,
    member: UserId,
    now: DateTime<Utc>,
) -> Result<Vec<DeletionLine>, DbErr> {
    use crate::entity::{course, payment};
    let rows = booking::Entity::find()
        .filter(booking::Column::UserId.eq(member.get()))
        .filter(
            booking::Column::Status
                .is_in([BookingStatus::PendingPayment, BookingStatus::Confirmed]),
        )
        .find_also_related(course::Entity)
        .all(db)
        .await?;
    let mut lines = Vec::with_capacity(rows.len());
    for (b, c) in rows {
        let Some(c) = c else { continue };
        let outcome = if c.starts_at <= now {
            DeletionOutcome::Kept
        } else if b.status == BookingStatus::PendingPayment {
            DeletionOutcome::NothingPaid
        } else if !policy.refundable_on(Actor::Member(member), &c, now) {
            DeletionOutcome::NoRefund
        } else {
            let paid = payment::Entity::find()
                .filter(payment::Column::BookingId.eq(b.id))
                .filter(payment::Column::Status.eq(crate::PaymentStatus::Succeeded))
                .filter(payment::Column::MovesTo.is_null())
                .one(db)
                .await?;
            match paid {
                Some(p) => DeletionOutcome::Refund(crate::Money::from_minor(
                    crate::service::refunds::refundable_left(db, crate::PaymentId(p.id)).await?,
                    p.currency,
                )),
                None => DeletionOutcome::NothingPaid,
            }
        };
        lines.push(DeletionLine {
            booking_id: BookingId(b.id),
            title: c.title,
            seats: b.seats,
            outcome,
        });
    }
    lines.sort_by_key(|l| l.booking_id.get());
    Ok(lines)
}

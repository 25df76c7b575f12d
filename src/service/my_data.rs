//! "Download my data" (GDPR art. 15 and 20): everything Tessera stores
//! about a member, as one JSON document. Secrets stay out: the password
//! hash, the hashes of links, Checkout URLs; so do other people's data
//! (the rest of a course's roster).

use crate::UserId;
use crate::account::{PasskeySummary, SignedInDevice};
use crate::entity::{
    attendee, booking, course, email_outbox, passkey, payment, user, waitlist_entry,
};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct MemberData {
    pub exported_at: DateTime<Utc>,
    pub profile: Profile,
    pub bookings: Vec<BookingData>,
    pub payments: Vec<PaymentData>,
    pub waiting_list_places: Vec<PlaceData>,
    pub emails: Vec<EmailData>,
    pub signed_in_devices: Vec<SignedInDevice>,
    /// Names and dates only: the public keys open nothing elsewhere.
    pub passkeys: Vec<PasskeySummary>,
}

#[derive(Debug, Serialize)]
pub struct Profile {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: crate::Role,
    pub time_zone: String,
    pub email_confirmed_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize)]
pub struct BookingData {
    pub id: i64,
    pub course: String,
    pub course_starts_at: Option<DateTime<Utc>>,
    pub status: crate::BookingStatus,
    pub seats: i32,
    /// Minor units of `currency`.
    pub amount: i64,
    pub currency: crate::Currency,
    pub attendees: Vec<AttendeeData>,
    pub created_at: DateTime<Utc>,
    pub confirmed_at: Option<DateTime<Utc>>,
    pub cancelled_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize)]
pub struct AttendeeData {
    pub name: String,
    pub email: Option<String>,
    pub status: crate::attendee::AttendeeStatus,
}

#[derive(Debug, Serialize)]
pub struct PaymentData {
    pub id: i64,
    pub booking_id: i64,
    pub status: crate::PaymentStatus,
    pub amount: i64,
    pub currency: crate::Currency,
    /// Stripe's reference, to quote in a question about a charge.
    pub stripe_payment_intent: Option<String>,
    pub failure_message: Option<String>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize)]
pub struct PlaceData {
    pub course: String,
    pub seats: i32,
    pub status: crate::waitlist::WaitlistStatus,
    pub joined_at: DateTime<Utc>,
    pub offered_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize)]
pub struct EmailData {
    pub to: String,
    pub subject: String,
    /// The text as sent (a link that opened the account is removed once
    /// sent).
    pub text: String,
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
}

/// Everything stored about `member`, or `None` if there is no such account.
pub async fn export(
    db: &DatabaseConnection,
    member: UserId,
    public_url: &str,
    now: DateTime<Utc>,
) -> Result<Option<MemberData>, DbErr> {
    let Some(u) = user::Entity::find_by_id(member.get()).one(db).await? else {
        return Ok(None);
    };
    let rows = booking::Entity::find()
        .filter(booking::Column::UserId.eq(member.get()))
        .order_by_asc(booking::Column::Id)
        .find_also_related(course::Entity)
        .all(db)
        .await?;
    let ids: Vec<i64> = rows.iter().map(|(b, _)| b.id).collect();
    let mut seats = attendee::Entity::find()
        .filter(attendee::Column::BookingId.is_in(ids.clone()))
        .order_by_asc(attendee::Column::Position)
        .all(db)
        .await?;
    let bookings = rows
        .into_iter()
        .map(|(b, c)| BookingData {
            id: b.id,
            course: c.as_ref().map(|c| c.title.clone()).unwrap_or_default(),
            course_starts_at: c.map(|c| c.starts_at),
            status: b.status,
            seats: b.seats,
            amount: b.amount,
            currency: b.currency,
            attendees: seats
                .extract_if(.., |a| a.booking_id == b.id)
                .map(|a| AttendeeData {
                    name: a.name,
                    email: a.email,
                    status: a.status,
                })
                .collect(),
            created_at: b.created_at,
            confirmed_at: b.confirmed_at,
            cancelled_at: b.cancelled_at,
        })
        .collect();
    let payments = payment::Entity::find()
        .filter(payment::Column::BookingId.is_in(ids))
        .order_by_asc(payment::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|p| PaymentData {
            id: p.id,
            booking_id: p.booking_id,
            status: p.status,
            amount: p.amount,
            currency: p.currency,
            stripe_payment_intent: p.stripe_payment_intent_id,
            failure_message: p.failure_message,
            created_at: p.created_at,
        })
        .collect();
    let waiting_list_places = waitlist_entry::Entity::find()
        .filter(waitlist_entry::Column::UserId.eq(member.get()))
        .order_by_asc(waitlist_entry::Column::Id)
        .find_also_related(course::Entity)
        .all(db)
        .await?
        .into_iter()
        .map(|(w, c)| PlaceData {
            course: c.map(|c| c.title).unwrap_or_default(),
            seats: w.seats,
            status: w.status,
            joined_at: w.joined_at,
            offered_at: w.offered_at,
            closed_at: w.closed_at,
        })
        .collect();
    let emails = email_outbox::Entity::find()
        .filter(email_outbox::Column::Recipient.eq(u.email.clone()))
        .order_by_asc(email_outbox::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|e| EmailData {
            to: e.recipient,
            subject: e.subject,
            text: crate::service::notify::fill_site(&e.body_text, public_url),
            status: e.status,
            created_at: e.created_at,
            sent_at: e.sent_at,
        })
        .collect();
    let signed_in_devices = crate::service::devices::list(db, member, None).await?;
    let passkeys = passkey::Entity::find()
        .filter(passkey::Column::UserId.eq(member.get()))
        .order_by_asc(passkey::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|p| PasskeySummary {
            id: p.id,
            name: p.name,
            created_at: p.created_at,
            last_used_at: p.last_used_at,
        })
        .collect();
    Ok(Some(MemberData {
        exported_at: now,
        profile: Profile {
            id: u.id,
            email: u.email,
            name: u.display_name,
            role: u.role,
            time_zone: u.time_zone,
            email_confirmed_at: u.email_confirmed_at,
            created_at: u.created_at,
        },
        bookings,
        payments,
        waiting_list_places,
        emails,
        signed_in_devices,
        passkeys,
    }))
}

//! Emails about a booking, written to the outbox in the same transaction as
//! the change they report: a change that rolls back sends nothing, one that
//! commits always sends. Each row carries a key naming its fact
//! (`booking_confirmed:42`), unique in the table, so one fact queues at most
//! one email however many times (or by however many instances) it is
//! reported.
//!
//! Links and the calendar UID name the site through the placeholders
//! [`SITE`] and [`HOST`], filled in with `PUBLIC_URL` when the dispatcher
//! sends the email (the use cases that write rows do not know it).

use crate::booking::BookingStatus;
use crate::entity::{booking, course, payment, user};
use crate::ids::BookingId;
use crate::money::Money;
use crate::service::calendar::CalendarEvent;
use crate::service::sql;
use crate::venue::VenueZone;
use chrono::Offset as _;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use sea_orm::{ConnectionTrait, DbErr, EntityTrait};
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;

/// Stands for the site's base URL (`PUBLIC_URL`) in stored emails.
pub const SITE: &str = "{{site}}";
/// Stands for the site's host name in stored emails (calendar UIDs).
pub const HOST: &str = "{{host}}";

/// What happened to the money when a booking was cancelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefundNote {
    /// Nothing had been paid.
    NothingPaid,
    /// A refund of this amount (what was paid, less what went back
    /// already) has been requested.
    Refunding(Money),
    /// Paid, but cancelled after the refund cut-off.
    NotRefunded {
        /// The cut-off, in hours before the start.
        cutoff_hours: i64,
    },
}

/// A fact a member is told about by email.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    /// The booking is confirmed (paid, or free). Carries a calendar file.
    BookingConfirmed { booking_id: i64 },
    /// A payment attempt was declined; the seat is still held.
    PaymentFailed {
        /// The declined attempt.
        payment_id: i64,
    },
    /// A delayed payment (SEPA Direct Debit) failed after the session
    /// completed; the seat is still held while the hold runs, else it went
    /// back. A fact of its own: the same attempt may have had a card
    /// declined first.
    DelayedPaymentFailed {
        /// The failed attempt.
        payment_id: i64,
    },
    /// The hold ran out before payment: the seat went back.
    HoldExpired { booking_id: i64 },
    /// The booking was cancelled (by its owner or an admin).
    BookingCancelled {
        booking_id: i64,
        /// What happens to the money.
        refund: RefundNote,
    },
    /// Stripe returned the money of this payment.
    RefundIssued {
        /// The refunded attempt.
        payment_id: i64,
    },
    /// The course was cancelled by the provider; the booking with it.
    CourseCancelled {
        booking_id: i64,
        /// What happens to the money.
        refund: RefundNote,
    },
    /// A seat freed on a full course is held for the person at the head of
    /// its waiting list until the offer's deadline (the booking's hold end).
    SeatOffered {
        /// The offer's pending booking.
        booking_id: i64,
    },
    /// Someone booked this attendee a seat and gave their email: their
    /// own confirmation and calendar file, without payment details.
    AttendeeConfirmed {
        /// The seat.
        attendee_id: i64,
    },
    /// One seat of several was cancelled; the booking keeps the others.
    SeatCancelled {
        /// The seat.
        attendee_id: i64,
        /// What happens to its share of the money.
        refund: RefundNote,
    },
    /// The course starts soon (`REMINDER_HOURS_BEFORE`).
    Reminder {
        /// The confirmed booking.
        booking_id: i64,
    },
    /// Someone tried to create an account with this member's address. The
    /// sign-up form answers the same whether an address is taken or not;
    /// the owner hears about it here instead (once a day at most).
    SignUpWithYourAddress {
        /// The account that has the address.
        user_id: i64,
        /// The day of the attempt (days since 1970), for the key.
        day: i64,
    },
}

impl Notice {
    /// The fact's key: at most one email per key, ever.
    pub fn key(&self) -> String {
        match self {
            Notice::BookingConfirmed { booking_id } => format!("booking_confirmed:{booking_id}"),
            Notice::PaymentFailed { payment_id } => format!("payment_failed:{payment_id}"),
            Notice::DelayedPaymentFailed { payment_id } => {
                format!("delayed_payment_failed:{payment_id}")
            }
            Notice::HoldExpired { booking_id } => format!("hold_expired:{booking_id}"),
            Notice::BookingCancelled { booking_id, .. } => {
                format!("booking_cancelled:{booking_id}")
            }
            Notice::RefundIssued { payment_id } => format!("refund_issued:{payment_id}"),
            Notice::CourseCancelled { booking_id, .. } => format!("course_cancelled:{booking_id}"),
            Notice::SignUpWithYourAddress { user_id, day } => {
                format!("signup_with_your_address:{user_id}:{day}")
            }
            Notice::SeatOffered { booking_id } => format!("seat_offered:{booking_id}"),
            Notice::Reminder { booking_id } => format!("reminder:{booking_id}"),
            Notice::AttendeeConfirmed { attendee_id } => {
                format!("attendee_confirmed:{attendee_id}")
            }
            Notice::SeatCancelled { attendee_id, .. } => format!("seat_cancelled:{attendee_id}"),
        }
    }
}

/// A file sent with an email.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    /// `booking-TS-000042.ics`.
    pub filename: String,
    /// `text/calendar; charset=utf-8; method=PUBLISH`.
    pub content_type: String,
    /// The text itself.
    pub content: String,
}

/// A rendered email, ready for the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email {
    /// To.
    pub recipient: String,
    pub subject: String,
    /// Plain-text body.
    pub text: String,
    /// HTML body.
    pub html: String,
    /// Files.
    pub attachments: Vec<Attachment>,
}

/// Renders `notice` from the rows it concerns and queues it, inside the
/// caller's transaction. Answers whether a row was written (false: this fact
/// was already queued, or its rows are gone).
pub async fn queue(
    db: &impl ConnectionTrait,
    notice: Notice,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let Some(email) = render(db, notice, now).await? else {
        tracing::warn!(?notice, "nothing to email: the booking is gone");
        return Ok(false);
    };
    let attachments = serde_json::to_string(&email.attachments)
        .map_err(|e| DbErr::Custom(format!("encoding attachments: {e}")))?;
    let written = db
        .execute(sql(
            db,
            "INSERT INTO email_outbox (recipient, subject, body_text, body_html, attachments, status, \
             attempts, next_attempt_at, created_at, dedupe_key) \
             VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING",
            vec![
                email.recipient.into(),
                email.subject.into(),
                email.text.into(),
                email.html.into(),
                attachments.into(),
                now.into(),
                now.into(),
                notice.key().into(),
            ],
        ))
        .await?
        .rows_affected();
    Ok(written == 1)
}

/// Queues the confirmation of booking `booking_id`: to the member, and to
/// each attendee whose email the member gave (their own, without payment
/// details), in the caller's transaction.
pub async fn queue_confirmed(
    db: &impl ConnectionTrait,
    booking_id: i64,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    use crate::entity::attendee;
    use sea_orm::{ColumnTrait, QueryFilter};
    queue(db, Notice::BookingConfirmed { booking_id }, now).await?;
    let named = attendee::Entity::find()
        .filter(attendee::Column::BookingId.eq(booking_id))
        .filter(attendee::Column::Status.eq(crate::attendee::AttendeeStatus::Active))
        .filter(attendee::Column::Email.is_not_null())
        .all(db)
        .await?;
    for a in named {
        queue(db, Notice::AttendeeConfirmed { attendee_id: a.id }, now).await?;
    }
    Ok(())
}

/// Everything an email about one booking says.
struct Facts {
    user: user::Model,
    course: course::Model,
    booking: booking::Model,
    tz: Tz,
}

impl Facts {
    fn reference(&self) -> String {
        BookingId(self.booking.id).reference()
    }

    fn amount(&self) -> Money {
        Money::from_minor(self.booking.amount, self.booking.currency)
    }

    fn when(&self) -> String {
        when(&self.course, self.tz)
    }

    fn booking_url(&self) -> String {
        format!("{SITE}/bookings/{}", self.booking.id)
    }

    fn course_url(&self) -> String {
        format!("{SITE}/courses/{}", self.course.id)
    }

    /// Course, time, place, amount and reference: the block every email has.
    fn details(&self) -> Vec<(&'static str, String)> {
        let mut rows = vec![
            ("Course", self.course.title.clone()),
            ("When", self.when()),
            ("Where", self.course.location.clone()),
        ];
        if self.booking.seats > 1 {
            rows.push(("Seats", self.booking.seats.to_string()));
        }
        if !self.amount().is_zero() {
            rows.push(("Amount", self.amount().to_string()));
        }
        rows.push(("Booking reference", self.reference()));
        rows
    }
}

/// At the venue's clock, zone named: "Sat 6 Mar 2027, 10:00 – 18:00 CET
/// (Europe/Berlin)"; where the member's clock says otherwise, theirs too:
/// "…; your time: Sat 6 Mar 2027, 04:00 – 12:00 EST (America/New_York)".
/// A course over several days names both dates.
fn when(c: &course::Model, member: Tz) -> String {
    let venue = VenueZone::stored(&c.time_zone).0;
    let span = |tz: Tz| {
        let start = c.starts_at.with_timezone(&tz);
        let end = c.ends_at.with_timezone(&tz);
        let end_text = if start.date_naive() == end.date_naive() {
            end.format("%H:%M %Z").to_string()
        } else {
            end.format("%a %-d %b %Y, %H:%M %Z").to_string()
        };
        format!(
            "{} – {} ({})",
            start.format("%a %-d %b %Y, %H:%M"),
            end_text,
            tz.name()
        )
    };
    let offset = |tz: Tz| c.starts_at.with_timezone(&tz).offset().fix();
    if offset(venue) == offset(member) {
        span(venue)
    } else {
        format!("{}; your time: {}", span(venue), span(member))
    }
}

async fn facts(db: &impl ConnectionTrait, booking_id: i64) -> Result<Option<Facts>, DbErr> {
    let Some(b) = booking::Entity::find_by_id(booking_id).one(db).await? else {
        return Ok(None);
    };
    let Some(u) = user::Entity::find_by_id(b.user_id).one(db).await? else {
        return Ok(None);
    };
    let Some(c) = course::Entity::find_by_id(b.course_id).one(db).await? else {
        return Ok(None);
    };
    let tz = u.time_zone.parse::<Tz>().unwrap_or(Tz::UTC);
    Ok(Some(Facts {
        user: u,
        course: c,
        booking: b,
        tz,
    }))
}

async fn render(
    db: &impl ConnectionTrait,
    notice: Notice,
    now: DateTime<Utc>,
) -> Result<Option<Email>, DbErr> {
    if let Notice::SignUpWithYourAddress { user_id, .. } = notice {
        return Ok(user::Entity::find_by_id(user_id)
            .one(db)
            .await?
            .map(|u| signup_attempt_email(&u)));
    }
    if let Notice::AttendeeConfirmed { attendee_id } = notice {
        return attendee_email(db, attendee_id, now).await;
    }
    // A seat cancelled alone is told about like its booking, naming the seat.
    let mut seat = None;
    if let Notice::SeatCancelled { attendee_id, .. } = notice {
        seat = crate::entity::attendee::Entity::find_by_id(attendee_id)
            .one(db)
            .await?;
        if seat.is_none() {
            return Ok(None);
        }
    }
    // Notices about a payment name it; it is loaded once and used below.
    let (booking_id, pay) = match notice {
        Notice::SignUpWithYourAddress { .. } | Notice::AttendeeConfirmed { .. } => return Ok(None),
        Notice::SeatCancelled { .. } => (seat.as_ref().map_or(0, |a| a.booking_id), None),
        Notice::BookingConfirmed { booking_id }
        | Notice::SeatOffered { booking_id }
        | Notice::Reminder { booking_id }
        | Notice::HoldExpired { booking_id }
        | Notice::BookingCancelled { booking_id, .. }
        | Notice::CourseCancelled { booking_id, .. } => (booking_id, None),
        Notice::PaymentFailed { payment_id }
        | Notice::DelayedPaymentFailed { payment_id }
        | Notice::RefundIssued { payment_id } => {
            match payment::Entity::find_by_id(payment_id).one(db).await? {
                Some(p) => (p.booking_id, Some(p)),
                None => return Ok(None),
            }
        }
    };
    let Some(f) = facts(db, booking_id).await? else {
        return Ok(None);
    };
    let title = f.course.title.clone();
    let email = match notice {
        Notice::BookingConfirmed { .. } => {
            let event = CalendarEvent {
                booking_id: f.booking.id,
                host: HOST,
                title: &f.course.title,
                description: &f.course.description,
                location: &f.course.location,
                url: &f.booking_url(),
                seats: f.booking.seat_count().get(),
                starts_at: f.course.starts_at,
                ends_at: f.course.ends_at,
                stamp: now,
            }
            .to_ics();
            compose(
                &f,
                format!("Booking confirmed: {title}"),
                if f.booking.seats > 1 {
                    "Your seats are confirmed"
                } else {
                    "Your seat is confirmed"
                },
                &[
                    format!(
                        "Hi {}, your place on {title} is confirmed.",
                        f.user.display_name
                    ),
                    "The calendar file attached adds the course to your calendar.".to_owned(),
                ],
                (&f.booking_url(), "View your booking"),
                vec![Attachment {
                    filename: format!("booking-{}.ics", f.reference()),
                    content_type: "text/calendar; charset=utf-8; method=PUBLISH".to_owned(),
                    content: event,
                }],
            )
        }
        Notice::DelayedPaymentFailed { .. }
            if f.booking.status != crate::booking::BookingStatus::PendingPayment =>
        {
            let reason = pay
                .and_then(|p| p.failure_message)
                .unwrap_or_else(|| "Your bank did not complete the direct debit.".to_owned());
            compose(
                &f,
                format!("Payment failed: {title}"),
                "Your payment didn't go through",
                &[
                    format!(
                        "Hi {}, the payment for {title} was not taken: {reason}",
                        f.user.display_name
                    ),
                    "Your seat's hold had ended meanwhile, so the seat went back. If seats are left you can book again."
                        .to_owned(),
                ],
                (&f.course_url(), "Book again"),
                Vec::new(),
            )
        }
        Notice::PaymentFailed { .. } | Notice::DelayedPaymentFailed { .. } => {
            let reason = pay
                .and_then(|p| p.failure_message)
                .unwrap_or_else(|| "The card was declined.".to_owned());
            let until = f
                .booking
                .hold_expires_at
                .map(|t| {
                    format!(
                        " Your seat is held until {} ({}).",
                        t.with_timezone(&f.tz).format("%H:%M"),
                        f.tz.name()
                    )
                })
                .unwrap_or_default();
            compose(
                &f,
                format!("Payment failed: {title}"),
                "Your payment didn't go through",
                &[
                    format!(
                        "Hi {}, the payment for {title} was not taken: {reason}",
                        f.user.display_name
                    ),
                    if matches!(notice, Notice::DelayedPaymentFailed { .. }) {
                        format!("You can try again, by card or from another account.{until}")
                    } else {
                        format!("You can try again with another card.{until}")
                    },
                ],
                (
                    &format!("{SITE}/payment/cancel?booking={}", f.booking.id),
                    "Retry payment",
                ),
                Vec::new(),
            )
        }
        Notice::HoldExpired { .. } => compose(
            &f,
            format!("Seat released: {title}"),
            "Your held seat was released",
            &[
                format!(
                    "Hi {}, we held a seat on {title} for you, but the payment wasn't completed in time, so the seat went back.",
                    f.user.display_name
                ),
                "Nothing was charged. If seats are left you can book again.".to_owned(),
            ],
            (&f.course_url(), "Book again"),
            Vec::new(),
        ),
        Notice::SeatCancelled { refund, .. } => {
            let who = seat.map(|a| a.name).unwrap_or_default();
            compose(
                &f,
                format!("Seat cancelled: {title}"),
                "One seat is cancelled",
                &[
                    format!(
                        "Hi {}, {who}'s seat on {title} is cancelled; your booking keeps its other {}.",
                        f.user.display_name,
                        match f.booking.seats {
                            1 => "seat".to_owned(),
                            n => format!("{n} seats"),
                        }
                    ),
                    refund_sentence(refund),
                ],
                (&f.booking_url(), "View your booking"),
                Vec::new(),
            )
        }
        Notice::BookingCancelled { refund, .. } => compose(
            &f,
            format!("Booking cancelled: {title}"),
            "Your booking is cancelled",
            &[
                format!(
                    "Hi {}, your booking for {title} is cancelled and your seat released.",
                    f.user.display_name
                ),
                refund_sentence(refund),
            ],
            (&f.booking_url(), "View your booking"),
            Vec::new(),
        ),
        Notice::RefundIssued { .. } => {
            let refunded = pay
                .map(|p| Money::from_minor(p.amount, p.currency))
                .unwrap_or_else(|| f.amount());
            compose(
                &f,
                format!("Refund issued: {refunded} for {title}"),
                "Your refund is on its way",
                &[
                    format!(
                        "Hi {}, we have refunded {refunded} for {title} to the card you paid with.",
                        f.user.display_name
                    ),
                    match f.booking.status {
                        BookingStatus::Cancelled => {
                            "Your booking is cancelled and its seat released.".to_owned()
                        }
                        BookingStatus::Expired => "The payment arrived after the hold on your seat had ended and no seat could be held again, so it was returned.".to_owned(),
                        _ => "Your booking is unchanged.".to_owned(),
                    },
                    "Refunds usually reach your account within 5–10 business days.".to_owned(),
                ],
                (&f.booking_url(), "View your booking"),
                Vec::new(),
            )
        }
        Notice::SignUpWithYourAddress { .. } => return Ok(None),
        Notice::SeatOffered { .. } => {
            let until = f
                .booking
                .hold_expires_at
                .map(|t| {
                    format!(
                        "{} ({})",
                        t.with_timezone(&f.tz).format("%a %-d %b, %H:%M"),
                        f.tz.name()
                    )
                })
                .unwrap_or_default();
            let take = if f.amount().is_zero() {
                "It's free: accept it with one button."
            } else {
                "Pay before then and the seat is confirmed."
            };
            compose(
                &f,
                format!("A seat is yours until {until}: {title}"),
                "A seat has come free for you",
                &[
                    format!(
                        "Hi {}, a seat on {title} has come free and, as you were next on the waiting list, it's held for you until {until}.",
                        f.user.display_name
                    ),
                    format!(
                        "{take} If you can't make it, press \"No thanks\" and it goes to the next person waiting; if the time runs out, it goes to them anyway."
                    ),
                ],
                (
                    &if f.amount().is_zero() {
                        f.booking_url()
                    } else {
                        format!("{}/pay", f.booking_url())
                    },
                    "Take the seat",
                ),
                Vec::new(),
            )
        }
        // Rendered above, before the booking's facts.
        Notice::AttendeeConfirmed { .. } => return Ok(None),
        Notice::Reminder { .. } => compose(
            &f,
            format!("Coming up: {title}"),
            "Your course is coming up",
            &[
                format!(
                    "Hi {}, a reminder that {title} starts soon. We look forward to seeing you.",
                    f.user.display_name
                ),
                format!("Add it to your calendar: {}/calendar.ics", f.booking_url()),
            ],
            (&f.booking_url(), "View your booking"),
            Vec::new(),
        ),
        Notice::CourseCancelled { refund, .. } => compose(
            &f,
            format!("Course cancelled: {title}"),
            "This course has been cancelled",
            &[
                format!(
                    "Hi {}, we're sorry: {title} has been cancelled by the provider, and your booking with it.",
                    f.user.display_name
                ),
                refund_sentence(refund),
            ],
            (&format!("{SITE}/courses"), "Find another course"),
            Vec::new(),
        ),
    };
    Ok(Some(email))
}

/// An attendee's own confirmation: course, time and place, who booked
/// them a seat, and a calendar file; nothing about money. Times at the
/// venue's clock (the attendee's own zone is not known).
async fn attendee_email(
    db: &impl ConnectionTrait,
    attendee_id: i64,
    now: DateTime<Utc>,
) -> Result<Option<Email>, DbErr> {
    let Some(a) = crate::entity::attendee::Entity::find_by_id(attendee_id)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let Some(email) = a.email.clone() else {
        return Ok(None);
    };
    let Some(f) = facts(db, a.booking_id).await? else {
        return Ok(None);
    };
    let booked_by = f.user.display_name.clone();
    let venue = f.course.time_zone.parse::<Tz>().unwrap_or(Tz::UTC);
    // The attendee's view: their name and address, one seat, no amount.
    let theirs = Facts {
        user: user::Model {
            email,
            display_name: a.name.clone(),
            time_zone: venue.name().to_owned(),
            ..f.user.clone()
        },
        booking: booking::Model {
            amount: 0,
            seats: 1,
            ..f.booking.clone()
        },
        course: f.course.clone(),
        tz: venue,
    };
    let title = theirs.course.title.clone();
    let event = CalendarEvent {
        booking_id: theirs.booking.id,
        host: HOST,
        title: &theirs.course.title,
        description: &theirs.course.description,
        location: &theirs.course.location,
        url: &theirs.course_url(),
        seats: 1,
        starts_at: theirs.course.starts_at,
        ends_at: theirs.course.ends_at,
        stamp: now,
    }
    .to_ics();
    Ok(Some(compose(
        &theirs,
        format!("You have a seat: {title}"),
        "You have a seat",
        &[
            format!("Hi {}, {booked_by} booked you a seat on {title}.", a.name),
            "The calendar file attached adds the course to your calendar. If this is not for you, you can ignore this email; questions about the booking go to the person who booked it."
                .to_owned(),
        ],
        (&theirs.course_url(), "About the course"),
        vec![Attachment {
            filename: format!("{}.ics", theirs.reference()),
            content_type: "text/calendar; charset=utf-8; method=PUBLISH".to_owned(),
            content: event,
        }],
    )))
}

fn refund_sentence(refund: RefundNote) -> String {
    match refund {
        RefundNote::NothingPaid => "Nothing was charged.".to_owned(),
        RefundNote::Refunding(amount) => {
            format!("A refund of {amount} is on its way; we'll email you when it has been issued.")
        }
        RefundNote::NotRefunded { cutoff_hours } => format!(
            "It was cancelled less than {cutoff_hours} hours before the start, so under the refund policy no refund is due."
        ),
    }
}

/// "Someone tried to sign up with your address": no booking, so no details
/// block; the same look as the others.
fn signup_attempt_email(u: &user::Model) -> Email {
    let paragraphs = [
        format!(
            "Hi {}, someone just tried to create a Tessera account with this email address, which already has one.",
            u.display_name
        ),
        "If that was you, sign in instead (you can change your password on your account page once signed in). If it was not, you need do nothing: no account was created and yours is unchanged.".to_owned(),
    ];
    let link = format!("{SITE}/login");
    let mut text = String::new();
    for p in &paragraphs {
        let _ = write!(text, "{p}\n\n");
    }
    let _ = write!(text, "Sign in: {link}\n\n-- \nTessera · {SITE}\n");
    let mut html = String::from(
        "<!doctype html><html><head><meta charset=\"utf-8\"></head>\
         <body style=\"margin:0;background:#f5f5f4;font-family:system-ui,-apple-system,Segoe UI,sans-serif;color:#1c1917\">\
         <div style=\"max-width:560px;margin:0 auto;padding:24px\">\
         <p style=\"font-weight:700;font-size:18px;margin:0 0 16px\">Tessera</p>\
         <div style=\"background:#fff;border:1px solid #e7e5e4;border-radius:12px;padding:24px\">\
         <h1 style=\"font-size:20px;margin:0 0 12px\">You already have an account</h1>",
    );
    for p in &paragraphs {
        let _ = write!(
            html,
            "<p style=\"margin:0 0 12px;line-height:1.5\">{}</p>",
            escape_html(p)
        );
    }
    let _ = write!(
        html,
        "<a href=\"{}\" style=\"display:inline-block;background:#0f766e;color:#fff;text-decoration:none;padding:10px 16px;border-radius:8px;font-weight:600\">Sign in</a>\
         </div></div></body></html>",
        escape_html(&link)
    );
    Email {
        recipient: u.email.clone(),
        subject: "Someone tried to sign up with your email address".to_owned(),
        text,
        html,
        attachments: Vec::new(),
    }
}

/// Plain text and HTML from the same parts.
fn compose(
    f: &Facts,
    subject: String,
    heading: &str,
    paragraphs: &[String],
    (link, label): (&str, &str),
    attachments: Vec<Attachment>,
) -> Email {
    let details = f.details();
    let mut text = String::new();
    for p in paragraphs {
        let _ = write!(text, "{p}\n\n");
    }
    for (k, v) in &details {
        let _ = writeln!(text, "{k}: {v}");
    }
    let _ = write!(
        text,
        "\n{label}: {link}\n\n-- \nTessera · {SITE}\nTimes are shown in {}, the time zone of the browser you last signed in with.\n",
        f.tz.name()
    );

    let mut html = String::from(
        "<!doctype html><html><head><meta charset=\"utf-8\"></head>\
         <body style=\"margin:0;background:#f5f5f4;font-family:system-ui,-apple-system,Segoe UI,sans-serif;color:#1c1917\">\
         <div style=\"max-width:560px;margin:0 auto;padding:24px\">\
         <p style=\"font-weight:700;font-size:18px;margin:0 0 16px\">Tessera</p>\
         <div style=\"background:#fff;border:1px solid #e7e5e4;border-radius:12px;padding:24px\">",
    );
    let _ = write!(
        html,
        "<h1 style=\"font-size:20px;margin:0 0 12px\">{}</h1>",
        escape_html(heading)
    );
    for p in paragraphs {
        let _ = write!(
            html,
            "<p style=\"margin:0 0 12px;line-height:1.5\">{}</p>",
            escape_html(p)
        );
    }
    html.push_str("<table style=\"margin:8px 0 16px;border-collapse:collapse;font-size:14px\">");
    for (k, v) in &details {
        let _ = write!(
            html,
            "<tr><td style=\"padding:4px 16px 4px 0;color:#78716c\">{}</td><td style=\"padding:4px 0\">{}</td></tr>",
            escape_html(k),
            escape_html(v)
        );
    }
    let _ = write!(
        html,
        "</table><a href=\"{}\" style=\"display:inline-block;background:#0f766e;color:#fff;text-decoration:none;padding:10px 16px;border-radius:8px;font-weight:600\">{}</a>\
         </div><p style=\"font-size:12px;color:#78716c;margin:16px 0 0\">All times are shown in {}. Tessera · <a href=\"{SITE}\" style=\"color:#78716c\">{SITE}</a></p>\
         </div></body></html>",
        escape_html(link),
        escape_html(label),
        escape_html(f.tz.name()),
    );
    Email {
        recipient: f.user.email.clone(),
        subject,
        text,
        html,
        attachments,
    }
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The host name of a URL: `tessera.example` from `https://tessera.example:8443/x`.
pub fn host_of(url: &str) -> &str {
    url.split_once("://")
        .map(|(_, rest)| rest)
        .unwrap_or(url)
        .split(['/', ':'])
        .next()
        .unwrap_or("localhost")
}

/// Fills in [`SITE`] and [`HOST`] with the site's public URL.
pub fn fill_site(text: &str, public_url: &str) -> String {
    text.replace(SITE, public_url)
        .replace(HOST, host_of(public_url))
}

/// A member's time zone: an IANA name this build knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeZone(Tz);

impl TimeZone {
    /// Parses `Europe/Berlin`; anything unknown is refused.
    pub fn parse(s: &str) -> Option<TimeZone> {
        s.trim().parse::<Tz>().ok().map(TimeZone)
    }

    /// The IANA name.
    pub fn name(self) -> &'static str {
        self.0.name()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;
    use chrono::TimeZone as _;

    fn course() -> course::Model {
        course::Model {
            id: 7,
            title: "Rust <basics>".to_owned(),
            description: "d".to_owned(),
            price: 4900,
            currency: Currency::Eur,
            capacity: 10,
            seats_held: 0,
            seats_per_booking: 6,
            starts_at: Utc.with_ymd_and_hms(2027, 3, 6, 9, 0, 0).unwrap(),
            ends_at: Utc.with_ymd_and_hms(2027, 3, 6, 17, 0, 0).unwrap(),
            location: "Berlin".to_owned(),
            time_zone: "Europe/Berlin".to_owned(),
            status: crate::course::CourseStatus::Published,
            created_at: Utc::now(),
            updated_at: Utc::now(),
        }
    }

    #[test]
    fn times_are_the_venues_and_the_members_own_where_they_differ() {
        let berlin: Tz = "Europe/Berlin".parse().unwrap();
        let amsterdam: Tz = "Europe/Amsterdam".parse().unwrap();
        assert_eq!(
            when(&course(), berlin),
            "Sat 6 Mar 2027, 10:00 – 18:00 CET (Europe/Berlin)"
        );
        // Another zone on the same clock adds nothing.
        assert_eq!(
            when(&course(), amsterdam),
            "Sat 6 Mar 2027, 10:00 – 18:00 CET (Europe/Berlin)"
        );
        let tokyo = course::Model {
            time_zone: "Asia/Tokyo".to_owned(),
            starts_at: Utc.with_ymd_and_hms(2026, 12, 6, 1, 0, 0).unwrap(),
            ends_at: Utc.with_ymd_and_hms(2026, 12, 6, 3, 0, 0).unwrap(),
            ..course()
        };
        let new_york: Tz = "America/New_York".parse().unwrap();
        assert_eq!(
            when(&tokyo, new_york),
            "Sun 6 Dec 2026, 10:00 – 12:00 JST (Asia/Tokyo); \
             your time: Sat 5 Dec 2026, 20:00 – 22:00 EST (America/New_York)"
        );
    }

    #[test]
    fn html_is_escaped_and_site_filled_in() {
        assert_eq!(
            escape_html("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert_eq!(
            fill_site(
                "{{site}}/bookings/1 booking-1@{{host}}",
                "https://t.example:8443"
            ),
            "https://t.example:8443/bookings/1 booking-1@t.example"
        );
    }

    #[test]
    fn time_zones_parse_only_known_names() {
        assert_eq!(
            TimeZone::parse("Europe/Berlin").map(TimeZone::name),
            Some("Europe/Berlin")
        );
        assert_eq!(TimeZone::parse("Mars/Olympus"), None);
        assert_eq!(TimeZone::parse(""), None);
    }
}

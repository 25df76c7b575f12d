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
use crate::course::Meeting;
use crate::entity::account_link::{self, Purpose};
use crate::entity::{booking, course, email_outbox, payment, user};
use crate::i18n::format::{self, Shown};
use crate::i18n::{Arg, Lang};
use crate::ids::{BookingId, CourseId};
use crate::money::Money;
use crate::service::calendar::CalendarEvent;
use crate::venue::{VenueTime, VenueZone, ZoneAt};
use chrono::Offset as _;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, Set};
use serde::{Deserialize, Serialize};

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
    /// The booking moved to another date of its course (`booking_moves`
    /// row `move_id`). Carries the new calendar file.
    BookingMoved { booking_id: i64, move_id: i64 },
    /// The course's meetings changed under a confirmed booking, whose
    /// calendar entry is now at `sequence`. Carries the updated file.
    ScheduleChanged { booking_id: i64, sequence: i32 },
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
    /// The provider cancelled the booking's date and offers another
    /// (`courses.replaced_by`): move there or take the refund.
    MoveOffered { booking_id: i64, course_id: i64 },
    /// A seat freed on a full course is held for the person at the head of
    /// its waiting list until the offer's deadline (the booking's hold end).
    SeatOffered {
        /// The offer's pending booking.
        booking_id: i64,
    },
    /// Someone booked this attendee a seat and gave their email: their
    /// own confirmation and calendar file, without payment details.
    AttendeeConfirmed { attendee_id: i64 },
    /// One seat of several was cancelled; the booking keeps the others.
    SeatCancelled {
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
            Notice::BookingMoved { move_id, .. } => format!("booking_moved:{move_id}"),
            Notice::ScheduleChanged {
                booking_id,
                sequence,
            } => format!("schedule_changed:{booking_id}:{sequence}"),
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
            // A booking moved to the offered date may be offered again
            // when that one is cancelled too.
            Notice::MoveOffered {
                booking_id,
                course_id,
            } => format!("move_offered:{booking_id}:{course_id}"),
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
    /// The text itself, or a binary file's bytes in base64.
    pub content: String,
    /// Whether `content` is base64 (a PDF).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub base64: bool,
}

impl Attachment {
    /// A binary file, carried in the outbox as base64.
    pub fn binary(filename: String, content_type: &str, bytes: &[u8]) -> Attachment {
        use base64::Engine;
        Attachment {
            filename,
            content_type: content_type.to_owned(),
            content: base64::engine::general_purpose::STANDARD.encode(bytes),
            base64: true,
        }
    }
}

/// A rendered email, ready for the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email {
    pub recipient: String,
    pub subject: String,
    pub text: String,
    pub html: String,
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
    write(db, email, notice.key(), now).await
}

/// The language `member` reads Tessera in, and so their emails: what they
/// chose or signed up in; English for members from before languages.
pub fn lang_of(member: &user::Model) -> Lang {
    member
        .language
        .as_deref()
        .and_then(Lang::parse)
        .unwrap_or_default()
}

/// `at` on the clock of `zone`, in `lang`: "Sat, 6 Mar 2027, 10:00 CET".
fn zoned_time(lang: Lang, zone: Tz, at: DateTime<Utc>, shown: Shown) -> String {
    let at = VenueTime {
        at,
        zone: ZoneAt::of(VenueZone(zone), at),
    };
    format::venue_time(lang, &at, shown)
}

/// When a link stops working, in the member's zone: "14:05 CET
/// (Europe/Berlin)", with the date when that is not today.
fn link_until(member: &user::Model, link: &account_link::Model, lang: Lang) -> String {
    let tz = member.time_zone.parse::<Tz>().unwrap_or(Tz::UTC);
    let until = link.expires_at.with_timezone(&tz);
    let shown = if until.date_naive() == link.created_at.with_timezone(&tz).date_naive() {
        Shown::Time
    } else {
        Shown::DateTime
    };
    format!(
        "{} ({})",
        zoned_time(lang, tz, link.expires_at, shown),
        tz.name()
    )
}

/// Queues the email that carries `link` (whose secret is `token`, known
/// only here: the database keeps its hash, and the dispatcher blanks the
/// email once it is sent). A confirmation link returns to `next` after.
pub async fn queue_link(
    db: &impl ConnectionTrait,
    member: &user::Model,
    link: &account_link::Model,
    token: &crate::service::account_links::LinkToken,
    next: Option<&crate::redirect::LocalPath>,
) -> Result<bool, DbErr> {
    let lang = lang_of(member);
    let until = link_until(member, link, lang);
    let token = token.as_str();
    let letter = |link: String| Letter {
        lang,
        name: member.display_name.clone(),
        title: String::new(),
        details: None,
        link,
        tz: None,
        this: (),
    };
    let (email, key) = match link.purpose {
        Purpose::ResetPassword => (
            email(
                member.email.clone(),
                &letter(format!("{SITE}/reset-password?token={token}"))
                    .with(PasswordReset { until }),
                Vec::new(),
            )?,
            "password_reset",
        ),
        Purpose::ConfirmEmail => {
            let next = next
                .map(|n| format!("&next={}", crate::redirect::encode_query_value(n.as_str())))
                .unwrap_or_default();
            (
                email(
                    member.email.clone(),
                    &letter(format!("{SITE}/confirm-email?token={token}{next}"))
                        .with(ConfirmEmail { until }),
                    Vec::new(),
                )?,
                "confirm_email",
            )
        }
        Purpose::InviteAdmin | Purpose::InviteInstructor => return Ok(false),
        Purpose::ChangeEmail => {
            let Some(new) = link.new_email.clone() else {
                return Ok(false);
            };
            let notice = email(
                member.email.clone(),
                &letter(format!("{SITE}/account")).with(EmailChangeNotice { new: new.clone() }),
                Vec::new(),
            )?;
            write(
                db,
                notice,
                format!("email_change_notice:{}", link.id),
                link.created_at,
            )
            .await?;
            (
                email(
                    new,
                    &letter(format!("{SITE}/change-email?token={token}")).with(EmailChange {
                        until,
                        old: member.email.clone(),
                    }),
                    Vec::new(),
                )?,
                "email_change",
            )
        }
    };
    write(db, email, format!("{key}:{}", link.id), link.created_at).await
}

/// Queues the invitation that carries `link` (sent by `inviter`), in the
/// invited account's language, or for an address new to Tessera in the
/// inviting admin's (the request being answered).
pub async fn queue_invitation(
    db: &impl ConnectionTrait,
    member: &user::Model,
    link: &account_link::Model,
    token: &crate::service::account_links::LinkToken,
    inviter: &str,
    teaching: bool,
) -> Result<bool, DbErr> {
    let lang = member
        .language
        .as_deref()
        .and_then(Lang::parse)
        .unwrap_or_else(crate::i18n::current);
    let letter = Letter {
        lang,
        name: member.display_name.clone(),
        title: String::new(),
        details: None,
        link: format!("{SITE}/accept-invite?token={}", token.as_str()),
        tz: None,
        this: AdminInvite {
            until: link_until(member, link, lang),
            inviter: inviter.to_owned(),
            teaching,
        },
    };
    let email = email(member.email.clone(), &letter, Vec::new())?;
    write(
        db,
        email,
        format!("admin_invite:{}", link.id),
        link.created_at,
    )
    .await
}

/// Whether the outbox row under `key` carries a link that opens an account
/// (blanked once sent, so the outbox holds no working link).
pub fn holds_link(key: &str) -> bool {
    [
        "password_reset:",
        "confirm_email:",
        "email_change:",
        "admin_invite:",
    ]
    .iter()
    .any(|prefix| key.starts_with(prefix))
}

/// The domain a deleted account's placeholder address is at (`.invalid`
/// never resolves).
pub const DELETED_DOMAIN: &str = "@deleted.invalid";

/// Writes `email` to the outbox under `key`, once.
pub(crate) async fn write(
    db: &impl ConnectionTrait,
    email: Email,
    key: String,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    // A deleted account's address reaches nobody (a refund Stripe confirms
    // after the deletion, say).
    if email.recipient.ends_with(DELETED_DOMAIN) {
        return Ok(false);
    }
    let attachments = serde_json::to_string(&email.attachments)
        .map_err(|e| DbErr::Custom(format!("encoding attachments: {e}")))?;
    let row = email_outbox::ActiveModel {
        recipient: Set(email.recipient),
        subject: Set(email.subject),
        body_text: Set(email.text),
        body_html: Set(email.html),
        attachments: Set(attachments),
        status: Set("pending".to_owned()),
        attempts: Set(0),
        next_attempt_at: Set(now),
        created_at: Set(now),
        dedupe_key: Set(Some(key)),
        ..Default::default()
    };
    // Each fact is queued once, however often it is reported.
    let written = email_outbox::Entity::insert(row)
        .on_conflict(
            OnConflict::column(email_outbox::Column::DedupeKey)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(written == 1)
}

/// Queues the confirmation of booking `booking_id`: to the member, and to
/// each attendee whose email the member gave (their own, without payment
/// details), in the caller's transaction.
pub async fn queue_confirmed(
    db: &impl ConnectionTrait,
    booking_id: BookingId,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    use crate::entity::attendee;
    use sea_orm::{ColumnTrait, QueryFilter};
    let notice = Notice::BookingConfirmed {
        booking_id: booking_id.get(),
    };
    if let Some(mut email) = render(db, notice, now).await? {
        // The invoice, issued in this transaction just before.
        if let Some((number, pdf)) = crate::service::invoices::newest_pdf(db, booking_id).await? {
            email.attachments.push(Attachment::binary(
                format!("invoice-{number}.pdf"),
                "application/pdf",
                &pdf,
            ));
        }
        write(db, email, notice.key(), now).await?;
    }
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
#[derive(Clone)]
struct Facts {
    user: user::Model,
    course: course::Model,
    /// The course's meetings, first first.
    meetings: Vec<Meeting>,
    /// Its calendar file's `SEQUENCE`.
    sequence: u32,
    booking: booking::Model,
    tz: Tz,
    /// The member's language (an attendee's email is in the language of
    /// the member who booked their seat).
    lang: Lang,
}

impl Facts {
    fn reference(&self) -> String {
        BookingId(self.booking.id).reference()
    }

    fn amount(&self) -> Money {
        Money::from_minor(self.booking.amount, self.booking.currency)
    }

    fn booking_url(&self) -> String {
        format!("{SITE}/bookings/{}", self.booking.id)
    }

    fn course_url(&self) -> String {
        format!("{SITE}/courses/{}", self.course.id)
    }

    /// For a booking that was confirmed (its person may have its calendar
    /// file), the file that takes its entries out again.
    fn calendar_cancellation(&self, now: DateTime<Utc>) -> Vec<Attachment> {
        self.booking
            .confirmed_at
            .map(|_| {
                calendar_file(
                    self,
                    &self.booking_url(),
                    self.booking.seat_count().get(),
                    true,
                    now,
                )
            })
            .into_iter()
            .collect()
    }

    /// A time in the member's zone, with its date: "Sat, 6 Mar 2027,
    /// 10:00 CET (Europe/Berlin)".
    fn local(&self, t: DateTime<Utc>) -> String {
        format!(
            "{} ({})",
            zoned_time(self.lang, self.tz, t, Shown::DateTime),
            self.tz.name()
        )
    }

    /// The letter `this` about this booking, with its action link.
    fn letter<T>(&self, link: String, this: T) -> Letter<T> {
        let amount = self.amount();
        Letter {
            lang: self.lang,
            name: self.user.display_name.clone(),
            title: self.course.title.clone(),
            details: Some(Details {
                when: when(&self.course, self.tz, self.lang),
                meetings: match self.meetings.as_slice() {
                    [_] => Vec::new(),
                    all => all
                        .iter()
                        .map(|m| match &m.place {
                            Some(place) => format!("{} · {place}", m.when(self.lang)),
                            None => m.when(self.lang),
                        })
                        .collect(),
                },
                place: self.course.location.clone(),
                seats: (self.booking.seats > 1).then_some(self.booking.seats),
                amount: (!amount.is_zero()).then_some(amount),
                discount: Some(self.booking.discount()).filter(|d| !d.is_zero()),
                reference: self.reference(),
            }),
            link,
            tz: Some(self.tz.name()),
            this,
        }
    }
}

/// What an email says, whatever it is about: the language it is in, the
/// greeting's name, the course, the details block, the link its button
/// opens and the zone its times are in; `this` is the email's own part.
/// Its shape is in `templates/email/<name>.txt` and `.html`, around a
/// shared layout; its words in `locales/<lang>/emails.ftl`, which the
/// templates look up with [`Letter::t`] and its kin.
pub struct Letter<T> {
    /// The recipient's language.
    pub lang: Lang,
    pub name: String,
    pub title: String,
    pub details: Option<Details>,
    pub link: String,
    pub tz: Option<&'static str>,
    pub this: T,
}

impl Letter<()> {
    /// The same letter, saying `this`.
    fn with<T>(self, this: T) -> Letter<T> {
        Letter {
            lang: self.lang,
            name: self.name,
            title: self.title,
            details: self.details,
            link: self.link,
            tz: self.tz,
            this,
        }
    }
}

/// The words a template asks for: message `id` of `emails.ftl` in the
/// letter's language (`{{ m.t("email-attendee-heading") }}`), with its
/// placeholders filled from the template's values by `t1` to `t5`
/// (`{{ m.t1("email-reset-intro", "name", m.name.as_str()) }}`).
impl<T> Letter<T> {
    fn said<const N: usize>(&self, id: &str, args: [(&'static str, Arg); N]) -> String {
        crate::i18n::tr_with(self.lang, id, args)
    }

    /// Message `id`.
    pub fn t(&self, id: &str) -> String {
        crate::i18n::tr(self.lang, id)
    }

    /// An amount as the letter's language writes it: "€98.00", "98,00 €".
    pub fn money(&self, m: impl AsMoney) -> String {
        format::money(self.lang, m.as_money())
    }
}

/// A letter as its HTML template sees it: the same fields (through
/// `Deref`), and the same messages, but with the values put into them
/// escaped. The messages' own words are ours and hold no markup, so they
/// are not escaped: "we're" stays as it is.
pub struct HtmlLetter<'a, T>(pub &'a Letter<T>);

impl<T> std::ops::Deref for HtmlLetter<'_, T> {
    type Target = Letter<T>;

    fn deref(&self) -> &Letter<T> {
        self.0
    }
}

impl<T> HtmlLetter<'_, T> {
    /// Message `id`, as it is.
    pub fn t(&self, id: &str) -> askama::filters::Safe<String> {
        askama::filters::Safe(self.0.t(id))
    }
}

/// `t1(id, "name", value)` … `t5(…)`: message `id` with that many
/// placeholders filled, on [`Letter`] as they are, on [`HtmlLetter`]
/// escaped.
macro_rules! messages_with_values {
    ($($method:ident($($k:ident: $v:ident),+);)*) => {
        impl<T> Letter<T> {$(
            #[allow(clippy::too_many_arguments)]
            pub fn $method(&self, id: &str, $($k: &'static str, $v: impl ToArg),+) -> String {
                self.said(id, [$(($k, $v.to_arg(false))),+])
            }
        )*}
        impl<T> HtmlLetter<'_, T> {$(
            #[allow(clippy::too_many_arguments)]
            pub fn $method(
                &self,
                id: &str,
                $($k: &'static str, $v: impl ToArg),+
            ) -> askama::filters::Safe<String> {
                askama::filters::Safe(self.0.said(id, [$(($k, $v.to_arg(true))),+]))
            }
        )*}
    };
}

messages_with_values! {
    t1(k1: v1);
    t2(k1: v1, k2: v2);
    t3(k1: v1, k2: v2, k3: v3);
    t4(k1: v1, k2: v2, k3: v3, k4: v4);
    t5(k1: v1, k2: v2, k3: v3, k4: v4, k5: v5);
}

/// A value a template puts into a message: text, or a number that may
/// choose the message's plural form. Askama hands a template's values over
/// by reference (`&i32`, `&&str`), hence the impl for references. In an
/// HTML email text is escaped as askama escapes it (`&#60;`): it is what a
/// member or an admin typed.
pub trait ToArg {
    fn to_arg(&self, html: bool) -> Arg;
}

impl ToArg for str {
    fn to_arg(&self, html: bool) -> Arg {
        if html {
            use askama::filters::Escaper as _;
            let mut escaped = String::with_capacity(self.len());
            // Writing to a String does not fail.
            let _ = askama::filters::Html.write_escaped_str(&mut escaped, self);
            Arg::from(escaped)
        } else {
            Arg::from(self)
        }
    }
}

impl ToArg for String {
    fn to_arg(&self, html: bool) -> Arg {
        self.as_str().to_arg(html)
    }
}

macro_rules! number_to_arg {
    ($($t:ty),*) => {$(
        impl ToArg for $t {
            fn to_arg(&self, _html: bool) -> Arg {
                Arg::from(*self)
            }
        }
    )*};
}
number_to_arg!(u8, u16, u32, u64, usize, i32, i64);

impl<T: ToArg + ?Sized> ToArg for &T {
    fn to_arg(&self, html: bool) -> Arg {
        (**self).to_arg(html)
    }
}

/// An amount a template hands over, by value or by reference.
pub trait AsMoney {
    fn as_money(&self) -> Money;
}

impl AsMoney for Money {
    fn as_money(&self) -> Money {
        *self
    }
}

impl<T: AsMoney + ?Sized> AsMoney for &T {
    fn as_money(&self) -> Money {
        (**self).as_money()
    }
}

/// Time, place, seats, amount and reference: with the course's title, the
/// block every email about a booking has.
pub struct Details {
    pub when: String,
    /// Each meeting at the venue's clock, when there are several.
    pub meetings: Vec<String>,
    pub place: String,
    pub seats: Option<i32>,
    pub amount: Option<Money>,
    /// What a voucher took off.
    pub discount: Option<Money>,
    pub reference: String,
}

pub struct BookingConfirmed {
    pub seats: i32,
}
/// Moved to another date; `was` is when the run it left is.
/// The course's meetings changed.
pub struct ScheduleChanged;
pub struct BookingMoved {
    pub was: String,
    /// What goes back because the new date costs less.
    pub refund: Option<Money>,
    /// What was paid because it costs more.
    pub paid: Option<Money>,
}
pub struct PaymentFailed {
    pub reason: String,
    pub held_until: Option<String>,
    /// A direct debit, not a card: the retry may use another account.
    pub delayed: bool,
}
/// A direct debit failed after the seat's hold had ended.
pub struct DebitFailed {
    pub reason: String,
}
pub struct HoldExpired;
pub struct SeatCancelled {
    pub who: String,
    pub seats_left: i32,
    pub refund: RefundNote,
}
pub struct BookingCancelled {
    pub refund: RefundNote,
}
pub struct RefundIssued {
    pub refunded: Money,
    pub booking: BookingStatus,
}
pub struct SeatOffered {
    pub until: String,
    pub free: bool,
    /// Where "No thanks" is.
    pub booking: String,
}
pub struct Reminder;
pub struct CourseCancelled {
    pub refund: RefundNote,
}
/// A cancelled date's offer of another.
pub struct MoveOffered {
    /// The offered date, in full ("Sat 9 Feb 2027, 10:00 – 16:00 CET …").
    pub to: String,
    /// Its day, for the button ("Sat 9 Feb").
    pub to_day: String,
    /// What moving gives back (the offered date costs less).
    pub back: Option<Money>,
    /// What taking the refund gives back (nothing for a free booking).
    pub refund: Option<Money>,
    /// The answer's deadline, the cancelled date's start, in the member's zone.
    pub until: String,
    /// Where each answer is given.
    pub choose: String,
}
pub struct AttendeeConfirmed {
    pub booked_by: String,
}
pub struct SignUpAttempt;
/// A link to set a new password.
pub struct PasswordReset {
    /// When the link stops working, in the member's zone: "14:05 Europe/Berlin".
    pub until: String,
}
/// A link to confirm the address an account signed up with.
pub struct ConfirmEmail {
    pub until: String,
}
/// A link, sent to a new address, that moves the account to it.
pub struct EmailChange {
    pub until: String,
    /// The address the account has now.
    pub old: String,
}
/// Told to the old address when a move to `new` is asked for.
pub struct EmailChangeNotice {
    pub new: String,
}
/// An invitation to be an admin or an instructor.
pub struct AdminInvite {
    pub until: String,
    /// The admin who sent it.
    pub inviter: String,
    /// To teach, not to run the site.
    pub teaching: bool,
}

/// To an instructor the day before a meeting: who is coming.
pub struct TeachingDayBefore {
    /// "Sat 12 Dec 2026, 10:00 CET".
    pub when: String,
    pub place: String,
    /// "Meeting 2 of 6", when there are several.
    pub meeting: Option<String>,
    /// Each seat: "Grace Hopper (booked by Ada Lovelace)".
    pub people: Vec<String>,
}
/// To an instructor on a day after something changed on their courses.
pub struct TeachingDigest {
    /// "Yesterday" or the date.
    pub day: String,
    /// One line per course that changed.
    pub courses: Vec<String>,
}

/// Subject, plain text and HTML of a letter, from its two templates.
pub trait Compose {
    fn compose(&self) -> askama::Result<(String, String, String)>;
}

/// Binds each letter to its text and HTML templates; the text template's
/// first line (its `subject` block) is the subject line. The HTML template
/// sees the letter as an [`HtmlLetter`], whose messages escape what is put
/// into them.
macro_rules! templates {
    ($($module:ident($data:ty) = $text:tt, $html:tt;)*) => {$(
        mod $module {
            use super::*;
            #[derive(askama::Template)]
            #[template(path = $text)]
            pub(super) struct Text<'a> {
                pub(super) m: &'a Letter<$data>,
            }
            #[derive(askama::Template)]
            #[template(path = $html)]
            pub(super) struct Html<'a> {
                pub(super) m: HtmlLetter<'a, $data>,
            }
        }
        impl Compose for Letter<$data> {
            fn compose(&self) -> askama::Result<(String, String, String)> {
                use askama::Template as _;
                let text = $module::Text { m: self }.render()?;
                let (subject, text) = text.split_once("\n\n").unwrap_or_default();
                let html = $module::Html { m: HtmlLetter(self) }.render()?;
                Ok((subject.to_owned(), text.to_owned(), html))
            }
        }
    )*};
}

templates! {
    booking_confirmed(BookingConfirmed) = "email/booking_confirmed.txt", "email/booking_confirmed.html";
    booking_moved(BookingMoved) = "email/booking_moved.txt", "email/booking_moved.html";
    schedule_changed(ScheduleChanged) = "email/schedule_changed.txt", "email/schedule_changed.html";
    payment_failed(PaymentFailed) = "email/payment_failed.txt", "email/payment_failed.html";
    debit_failed(DebitFailed) = "email/debit_failed.txt", "email/debit_failed.html";
    hold_expired(HoldExpired) = "email/hold_expired.txt", "email/hold_expired.html";
    seat_cancelled(SeatCancelled) = "email/seat_cancelled.txt", "email/seat_cancelled.html";
    booking_cancelled(BookingCancelled) = "email/booking_cancelled.txt", "email/booking_cancelled.html";
    refund_issued(RefundIssued) = "email/refund_issued.txt", "email/refund_issued.html";
    seat_offered(SeatOffered) = "email/seat_offered.txt", "email/seat_offered.html";
    reminder(Reminder) = "email/reminder.txt", "email/reminder.html";
    course_cancelled(CourseCancelled) = "email/course_cancelled.txt", "email/course_cancelled.html";
    move_offered(MoveOffered) = "email/move_offered.txt", "email/move_offered.html";
    attendee_confirmed(AttendeeConfirmed) = "email/attendee_confirmed.txt", "email/attendee_confirmed.html";
    signup_attempt(SignUpAttempt) = "email/signup_attempt.txt", "email/signup_attempt.html";
    password_reset(PasswordReset) = "email/password_reset.txt", "email/password_reset.html";
    confirm_email(ConfirmEmail) = "email/confirm_email.txt", "email/confirm_email.html";
    email_change(EmailChange) = "email/email_change.txt", "email/email_change.html";
    email_change_notice(EmailChangeNotice) = "email/email_change_notice.txt", "email/email_change_notice.html";
    admin_invite(AdminInvite) = "email/admin_invite.txt", "email/admin_invite.html";
    teaching_day_before(TeachingDayBefore) = "email/teaching_day_before.txt", "email/teaching_day_before.html";
    teaching_digest(TeachingDigest) = "email/teaching_digest.txt", "email/teaching_digest.html";
}

/// The email a letter makes, to `recipient`.
pub(crate) fn email(
    recipient: String,
    letter: &impl Compose,
    attachments: Vec<Attachment>,
) -> Result<Email, DbErr> {
    // The templates are checked when this crate compiles; what is left to
    // fail is a value's `Display`, which ours never do.
    let (subject, text, html) = letter
        .compose()
        .map_err(|e| DbErr::Custom(format!("rendering an email: {e}")))?;
    Ok(Email {
        recipient,
        subject,
        text,
        html,
        attachments,
    })
}

/// At the venue's clock, zone named: "Sat, 6 Mar 2027, 10:00 – 18:00 CET
/// (Europe/Berlin)"; where the member's clock says otherwise, theirs too:
/// "…; your time: Sat, 6 Mar 2027, 04:00 – 12:00 EST (America/New_York)".
/// A course over several days names both dates. In `lang` ("Sa.,
/// 06.03.2027, 10:00 – 18:00 MEZ (Europe/Berlin)").
fn when(c: &course::Model, member: Tz, lang: Lang) -> String {
    let venue = VenueZone::stored(&c.time_zone).0;
    let span = |tz: Tz| {
        let start = c.starts_at.with_timezone(&tz);
        let end = c.ends_at.with_timezone(&tz);
        let shown = if start.date_naive() == end.date_naive() {
            Shown::Time
        } else {
            Shown::DateTime
        };
        let end_text = zoned_time(lang, tz, c.ends_at, shown);
        let start_text = zoned_time(lang, tz, c.starts_at, Shown::DateTime);
        format!(
            "{} – {} ({})",
            format::without_zone(&start_text, &end_text),
            end_text,
            tz.name()
        )
    };
    let offset = |tz: Tz| c.starts_at.with_timezone(&tz).offset().fix();
    if offset(venue) == offset(member) {
        span(venue)
    } else {
        crate::t!(
            lang,
            "email-your-time",
            venue = span(venue),
            theirs = span(member)
        )
    }
}

async fn facts(db: &impl ConnectionTrait, booking_id: i64) -> Result<Option<Facts>, DbErr> {
    let Some(b) = booking::Entity::find_by_id(booking_id).one(db).await? else {
        return Ok(None);
    };
    let Some(u) = user::Entity::find_by_id(b.user_id).one(db).await? else {
        return Ok(None);
    };
    let Some(mut c) = course::Entity::find_by_id(b.course_id).one(db).await? else {
        return Ok(None);
    };
    let lang = lang_of(&u);
    // The course as the member reads it, in the email and its calendar file.
    if c.language != lang.tag()
        && let Some(text) = crate::service::texts::course_text_in(db, c.id, lang).await?
    {
        (c.title, c.description) = (text.title, text.description);
    }
    let tz = u.time_zone.parse::<Tz>().unwrap_or(Tz::UTC);
    let meetings = crate::service::courses::meetings(db, CourseId(c.id), &c.time_zone).await?;
    Ok(Some(Facts {
        lang,
        user: u,
        course: c,
        meetings,
        sequence: u32::try_from(b.calendar_sequence).unwrap_or(0),
        booking: b,
        tz,
    }))
}

/// The booking's calendar file, or for a cancelled one the file that takes
/// its entries out of the calendar.
fn calendar_file(
    f: &Facts,
    url: &str,
    seats: u8,
    cancelled: bool,
    now: DateTime<Utc>,
) -> Attachment {
    let method = if cancelled { "CANCEL" } else { "PUBLISH" };
    Attachment {
        filename: format!("booking-{}.ics", f.reference()),
        content_type: format!("text/calendar; charset=utf-8; method={method}"),
        base64: false,
        content: CalendarEvent {
            lang: f.lang,
            booking_id: f.booking.id,
            teaching: false,
            host: HOST,
            title: &f.course.title,
            description: &f.course.description,
            location: &f.course.location,
            url,
            seats,
            meetings: &f.meetings,
            sequence: f.sequence,
            cancelled,
            stamp: now,
        }
        .to_ics(),
    }
}

async fn render(
    db: &impl ConnectionTrait,
    notice: Notice,
    now: DateTime<Utc>,
) -> Result<Option<Email>, DbErr> {
    if let Notice::SignUpWithYourAddress { user_id, .. } = notice {
        let Some(u) = user::Entity::find_by_id(user_id).one(db).await? else {
            return Ok(None);
        };
        let letter = Letter {
            lang: lang_of(&u),
            name: u.display_name.clone(),
            title: String::new(),
            details: None,
            link: format!("{SITE}/login"),
            tz: None,
            this: SignUpAttempt,
        };
        return email(u.email, &letter, Vec::new()).map(Some);
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
        | Notice::BookingMoved { booking_id, .. }
        | Notice::ScheduleChanged { booking_id, .. }
        | Notice::SeatOffered { booking_id }
        | Notice::Reminder { booking_id }
        | Notice::HoldExpired { booking_id }
        | Notice::BookingCancelled { booking_id, .. }
        | Notice::CourseCancelled { booking_id, .. }
        | Notice::MoveOffered { booking_id, .. } => (booking_id, None),
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
    let to = f.user.email.clone();
    let mail = match notice {
        Notice::BookingConfirmed { .. } => {
            let ics = calendar_file(
                &f,
                &f.booking_url(),
                f.booking.seat_count().get(),
                false,
                now,
            );
            let seats = f.booking.seats;
            email(
                to,
                &f.letter(f.booking_url(), BookingConfirmed { seats }),
                vec![ics],
            )
        }
        // A later change has its own email; a booking no longer confirmed
        // has no entry to update.
        Notice::ScheduleChanged { sequence, .. }
            if f.booking.status == BookingStatus::Confirmed
                && f.booking.calendar_sequence == sequence =>
        {
            let ics = calendar_file(
                &f,
                &f.booking_url(),
                f.booking.seat_count().get(),
                false,
                now,
            );
            email(to, &f.letter(f.booking_url(), ScheduleChanged), vec![ics])
        }
        Notice::ScheduleChanged { .. } => return Ok(None),
        Notice::BookingMoved { move_id, .. } => {
            let Some(moved) = crate::entity::booking_move::Entity::find_by_id(move_id)
                .one(db)
                .await?
            else {
                return Ok(None);
            };
            let Some(from) = course::Entity::find_by_id(moved.from_course_id)
                .one(db)
                .await?
            else {
                return Ok(None);
            };
            let refund = (moved.refund_amount > 0)
                .then(|| Money::from_minor(moved.refund_amount, from.currency));
            // A dearer date's difference, paid before it moved.
            let paid = match moved.payment_id {
                Some(id) if refund.is_none() => payment::Entity::find_by_id(id)
                    .one(db)
                    .await?
                    .filter(|p| p.moves_to.is_some())
                    .map(|p| Money::from_minor(p.amount, p.currency)),
                _ => None,
            };
            let ics = calendar_file(
                &f,
                &f.booking_url(),
                f.booking.seat_count().get(),
                false,
                now,
            );
            let was = when(&from, f.tz, f.lang);
            email(
                to,
                &f.letter(f.booking_url(), BookingMoved { was, refund, paid }),
                vec![ics],
            )
        }
        Notice::DelayedPaymentFailed { .. }
            if f.booking.status != BookingStatus::PendingPayment =>
        {
            let reason = pay
                .and_then(|p| p.failure_message)
                .unwrap_or_else(|| crate::t!(f.lang, "email-reason-debit-failed"));
            email(
                to,
                &f.letter(f.course_url(), DebitFailed { reason }),
                Vec::new(),
            )
        }
        Notice::PaymentFailed { .. } | Notice::DelayedPaymentFailed { .. } => {
            let reason = pay
                .and_then(|p| p.failure_message)
                .unwrap_or_else(|| crate::t!(f.lang, "email-reason-card-declined"));
            let this = PaymentFailed {
                reason,
                held_until: f.booking.hold_expires_at.map(|t| f.local(t)),
                delayed: matches!(notice, Notice::DelayedPaymentFailed { .. }),
            };
            let retry = format!("{SITE}/payment/cancel?booking={}", f.booking.id);
            email(to, &f.letter(retry, this), Vec::new())
        }
        Notice::HoldExpired { .. } => email(to, &f.letter(f.course_url(), HoldExpired), Vec::new()),
        Notice::SeatCancelled { refund, .. } => {
            let this = SeatCancelled {
                who: seat.map(|a| a.name).unwrap_or_default(),
                seats_left: f.booking.seats,
                refund,
            };
            email(to, &f.letter(f.booking_url(), this), Vec::new())
        }
        Notice::BookingCancelled { refund, .. } => email(
            to,
            &f.letter(f.booking_url(), BookingCancelled { refund }),
            f.calendar_cancellation(now),
        ),
        Notice::RefundIssued { .. } => {
            let this = RefundIssued {
                refunded: pay
                    .map(|p| Money::from_minor(p.amount, p.currency))
                    .unwrap_or_else(|| f.amount()),
                booking: f.booking.status,
            };
            email(to, &f.letter(f.booking_url(), this), Vec::new())
        }
        Notice::SeatOffered { .. } => {
            let free = f.amount().is_zero();
            let this = SeatOffered {
                until: f
                    .booking
                    .hold_expires_at
                    .map(|t| f.local(t))
                    .unwrap_or_default(),
                free,
                booking: f.booking_url(),
            };
            let take = if free {
                f.booking_url()
            } else {
                format!("{}/pay", f.booking_url())
            };
            email(to, &f.letter(take, this), Vec::new())
        }
        Notice::Reminder { .. } => email(to, &f.letter(f.booking_url(), Reminder), Vec::new()),
        Notice::CourseCancelled { refund, .. } => email(
            to,
            &f.letter(format!("{SITE}/courses"), CourseCancelled { refund }),
            f.calendar_cancellation(now),
        ),
        // Asked only while the booking is still on the cancelled date.
        Notice::MoveOffered { course_id, .. }
            if f.booking.status == BookingStatus::Confirmed
                && f.course.id == course_id
                && f.course.status == crate::course::CourseStatus::Cancelled =>
        {
            let run = match f.course.replaced_by {
                Some(id) => course::Entity::find_by_id(id).one(db).await?,
                None => None,
            };
            let Some(run) = run else {
                return Ok(None);
            };
            let venue = VenueZone::stored(&run.time_zone).0;
            let back = crate::service::moves::back_for_booking(
                f.booking.seat_count().get(),
                f.booking.amount,
                f.booking.discount().minor(),
                f.course.price - run.price,
                run.price,
            );
            let paid = f.amount();
            let choose = format!("{}#date-cancelled", f.booking_url());
            // Out of the calendar at the version the offer moved it to
            // (the file adds one for a cancellation); a move puts it back
            // one version on.
            let gone = Facts {
                sequence: f.sequence.saturating_sub(1),
                ..f.clone()
            };
            let ics = calendar_file(
                &gone,
                &f.booking_url(),
                f.booking.seat_count().get(),
                true,
                now,
            );
            let this = MoveOffered {
                to: when(&run, f.tz, f.lang),
                to_day: zoned_time(f.lang, venue, run.starts_at, Shown::Date),
                back: (back > 0 && !paid.is_zero())
                    .then(|| Money::from_minor(back.min(paid.minor()), paid.currency())),
                refund: (!paid.is_zero()).then_some(paid),
                until: f.local(f.course.starts_at),
                choose: choose.clone(),
            };
            email(to, &f.letter(choose, this), vec![ics])
        }
        Notice::MoveOffered { .. } => return Ok(None),
        // Rendered above, without a booking's facts.
        Notice::SignUpWithYourAddress { .. } | Notice::AttendeeConfirmed { .. } => return Ok(None),
    }?;
    Ok(Some(mail))
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
    let Some(to) = a.email.clone() else {
        return Ok(None);
    };
    let Some(f) = facts(db, a.booking_id).await? else {
        return Ok(None);
    };
    let booked_by = f.user.display_name.clone();
    let venue = f.course.time_zone.parse::<Tz>().unwrap_or(Tz::UTC);
    // The attendee's view: their name, one seat, no amount.
    let theirs = Facts {
        user: user::Model {
            display_name: a.name.clone(),
            ..f.user.clone()
        },
        booking: booking::Model {
            amount: 0,
            seats: 1,
            ..f.booking.clone()
        },
        course: f.course.clone(),
        meetings: f.meetings.clone(),
        sequence: f.sequence,
        tz: venue,
        lang: f.lang,
    };
    let mut ics = calendar_file(&theirs, &theirs.course_url(), 1, false, now);
    ics.filename = format!("{}.ics", theirs.reference());
    let letter = theirs.letter(theirs.course_url(), AttendeeConfirmed { booked_by });
    email(to, &letter, vec![ics]).map(Some)
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
            language: "en".to_owned(),
            price: 4900,
            currency: Currency::Eur,
            capacity: 10,
            seats_held: 0,
            seats_per_booking: 6,
            starts_at: Utc.with_ymd_and_hms(2027, 3, 6, 9, 0, 0).unwrap(),
            ends_at: Utc.with_ymd_and_hms(2027, 3, 6, 17, 0, 0).unwrap(),
            location: "Berlin".to_owned(),
            meeting_count: 1,
            time_zone: "Europe/Berlin".to_owned(),
            status: crate::course::CourseStatus::Published,
            run_of: None,
            replaced_by: None,
            vat_rate_bp: None,
            topic_id: None,
            picture_hash: None,
            picture_alt: None,
            picture_width: None,
            created_at: Utc::now(),
            updated_at: Utc::now(),
        }
    }

    #[test]
    fn times_are_the_venues_and_the_members_own_where_they_differ() {
        let berlin: Tz = "Europe/Berlin".parse().unwrap();
        let amsterdam: Tz = "Europe/Amsterdam".parse().unwrap();
        assert_eq!(
            when(&course(), berlin, Lang::En),
            "Sat, 6 Mar 2027, 10:00 – 18:00 CET (Europe/Berlin)"
        );
        // German writes the date its own way (ICU's data), the shape the same.
        let german = when(&course(), berlin, Lang::De);
        assert!(
            german.starts_with("Sa., ")
                && german.ends_with("2027, 10:00 – 18:00 MEZ (Europe/Berlin)"),
            "{german}"
        );
        // Another zone on the same clock adds nothing.
        assert_eq!(
            when(&course(), amsterdam, Lang::En),
            "Sat, 6 Mar 2027, 10:00 – 18:00 CET (Europe/Berlin)"
        );
        let tokyo = course::Model {
            time_zone: "Asia/Tokyo".to_owned(),
            starts_at: Utc.with_ymd_and_hms(2026, 12, 6, 1, 0, 0).unwrap(),
            ends_at: Utc.with_ymd_and_hms(2026, 12, 6, 3, 0, 0).unwrap(),
            ..course()
        };
        let new_york: Tz = "America/New_York".parse().unwrap();
        assert_eq!(
            when(&tokyo, new_york, Lang::En),
            "Sun, 6 Dec 2026, 10:00 – 12:00 JST (Asia/Tokyo); \
             your time: Sat, 5 Dec 2026, 20:00 – 22:00 EST (America/New_York)"
        );
        let german = when(&tokyo, new_york, Lang::De);
        assert!(
            german.starts_with("So., ")
                && german.contains("2026, 10:00 – 12:00 JST (Asia/Tokyo); Ihre Zeit: Sa., ")
                && german.ends_with("2026, 20:00 – 22:00 EST (America/New_York)"),
            "{german}"
        );
        // Over several days, both dates; the zone named once.
        let weekend = course::Model {
            ends_at: Utc.with_ymd_and_hms(2027, 3, 7, 17, 0, 0).unwrap(),
            ..course()
        };
        assert_eq!(
            when(&weekend, berlin, Lang::En),
            "Sat, 6 Mar 2027, 10:00 – Sun, 7 Mar 2027, 18:00 CET (Europe/Berlin)"
        );
    }

    #[test]
    fn the_site_is_filled_in() {
        assert_eq!(
            fill_site(
                "{{site}}/bookings/1 booking-1@{{host}}",
                "https://t.example:8443"
            ),
            "https://t.example:8443/bookings/1 booking-1@t.example"
        );
    }

    /// A fixture's time as English reads it, in `lang` as the real
    /// formatter writes it (English fixtures stay as their snapshots have
    /// them).
    fn dated(lang: Lang, english: &str) -> String {
        if lang == Lang::En {
            return english.to_owned();
        }
        let berlin = chrono_tz::Europe::Berlin;
        let at = |m, d, h, min| Utc.with_ymd_and_hms(2027, m, d, h, min, 0).unwrap();
        let span = |starts: DateTime<Utc>| {
            let c = course::Model {
                starts_at: starts,
                ends_at: starts + chrono::Duration::hours(8),
                ..course()
            };
            when(&c, berlin, lang)
        };
        let moment = |t: DateTime<Utc>, shown| {
            format!("{} (Europe/Berlin)", zoned_time(lang, berlin, t, shown))
        };
        match english {
            "Sat 6 Mar 2027, 10:00 – 18:00 CET (Europe/Berlin)" => span(at(3, 6, 9, 0)),
            "Sat 27 Feb 2027, 10:00 – 18:00 CET (Europe/Berlin)" => span(at(2, 27, 9, 0)),
            "Sat 3 Apr 2027, 10:00 – 18:00 CEST (Europe/Berlin)" => span(at(4, 3, 8, 0)),
            "Sat 6 Mar, 10:00 (Europe/Berlin)" => moment(at(3, 6, 9, 0), Shown::DateTime),
            "Sat 3 Apr" => zoned_time(lang, berlin, at(4, 3, 8, 0), Shown::Date),
            "14:05 Europe/Berlin" => moment(at(3, 6, 13, 5), Shown::Time),
            "Sun 13 Dec 2026, 09:30 Europe/Berlin" => moment(
                Utc.with_ymd_and_hms(2026, 12, 13, 8, 30, 0).unwrap(),
                Shown::DateTime,
            ),
            "Mon 7 Dec 2026, 09:30 Europe/Berlin" => moment(
                Utc.with_ymd_and_hms(2026, 12, 7, 8, 30, 0).unwrap(),
                Shown::DateTime,
            ),
            other => other.to_owned(),
        }
    }

    /// A letter about "Rust <basics> & more" for Ada, with every detail.
    fn letter<T>(this: T) -> Letter<T> {
        letter_in(Lang::En, this)
    }

    /// The same, in `lang`.
    fn letter_in<T>(lang: Lang, this: T) -> Letter<T> {
        Letter {
            lang,
            name: "Ada".to_owned(),
            title: "Rust <basics> & more".to_owned(),
            details: Some(Details {
                when: dated(lang, "Sat 6 Mar 2027, 10:00 – 18:00 CET (Europe/Berlin)"),
                meetings: Vec::new(),
                place: "Berlin".to_owned(),
                seats: Some(2),
                amount: Some(Money::from_minor(9800, Currency::Eur)),
                discount: None,
                reference: "TS-000042".to_owned(),
            }),
            link: format!("{SITE}/bookings/42"),
            tz: Some("Europe/Berlin"),
            this,
        }
    }

    /// Each email's subject and text, and its HTML, as a member receives
    /// them (before the site's address is filled in).
    fn snapshot(prefix: &str, name: &str, letter: &impl Compose) {
        let name = format!("{prefix}{name}");
        let (subject, text, html) = letter.compose().unwrap();
        insta::assert_snapshot!(
            format!("{name}.txt"),
            format!("Subject: {subject}\n\n{text}")
        );
        insta::assert_snapshot!(format!("{name}.html"), html);
    }

    #[test]
    fn every_email_renders_as_its_snapshot() {
        every_email(Lang::En, "");
    }

    /// The same letters in German, as `de_booking_confirmed` and so on,
    /// their times as German writes them (lines built elsewhere, like a
    /// digest's, stay as written).
    #[test]
    fn every_email_renders_in_german() {
        every_email(Lang::De, "de_");
    }

    /// Each email, in `lang`, under its name after `prefix`.
    fn every_email(lang: Lang, prefix: &str) {
        let refunding = RefundNote::Refunding(Money::from_minor(4900, Currency::Eur));
        snapshot(
            prefix,
            "booking_confirmed",
            &letter_in(lang, BookingConfirmed { seats: 2 }),
        );
        let moved = BookingMoved {
            was: dated(lang, "Sat 27 Feb 2027, 10:00 – 18:00 CET (Europe/Berlin)"),
            refund: None,
            paid: None,
        };
        snapshot(prefix, "booking_moved", &letter_in(lang, moved));
        snapshot(
            prefix,
            "schedule_changed",
            &letter_in(lang, ScheduleChanged),
        );
        let cheaper = BookingMoved {
            was: dated(lang, "Sat 27 Feb 2027, 10:00 – 18:00 CET (Europe/Berlin)"),
            refund: Some(Money::from_minor(2000, Currency::Eur)),
            paid: None,
        };
        snapshot(prefix, "booking_moved_cheaper", &letter_in(lang, cheaper));
        let dearer = BookingMoved {
            was: dated(lang, "Sat 27 Feb 2027, 10:00 – 18:00 CET (Europe/Berlin)"),
            refund: None,
            paid: Some(Money::from_minor(3000, Currency::Eur)),
        };
        snapshot(prefix, "booking_moved_dearer", &letter_in(lang, dearer));
        let failed = PaymentFailed {
            reason: "Your card was declined.".to_owned(),
            held_until: Some(dated(lang, "Sat 6 Mar, 10:00 (Europe/Berlin)")),
            delayed: false,
        };
        snapshot(prefix, "payment_failed", &letter_in(lang, failed));
        let debit = DebitFailed {
            reason: "The account has insufficient funds.".to_owned(),
        };
        snapshot(prefix, "debit_failed", &letter_in(lang, debit));
        snapshot(prefix, "hold_expired", &letter_in(lang, HoldExpired));
        let seat = SeatCancelled {
            who: "Grace".to_owned(),
            seats_left: 1,
            refund: refunding,
        };
        snapshot(prefix, "seat_cancelled", &letter_in(lang, seat));
        let cancelled = BookingCancelled {
            refund: RefundNote::NotRefunded { cutoff_hours: 48 },
        };
        snapshot(prefix, "booking_cancelled", &letter_in(lang, cancelled));
        let refund = RefundIssued {
            refunded: Money::from_minor(9800, Currency::Eur),
            booking: BookingStatus::Cancelled,
        };
        snapshot(prefix, "refund_issued", &letter_in(lang, refund));
        let offer = SeatOffered {
            until: dated(lang, "Sat 6 Mar, 10:00 (Europe/Berlin)"),
            free: false,
            booking: format!("{SITE}/bookings/42"),
        };
        snapshot(prefix, "seat_offered", &letter_in(lang, offer));
        snapshot(prefix, "reminder", &letter_in(lang, Reminder));
        let course = CourseCancelled {
            refund: RefundNote::NothingPaid,
        };
        snapshot(prefix, "course_cancelled", &letter_in(lang, course));
        let offered = MoveOffered {
            to: dated(lang, "Sat 3 Apr 2027, 10:00 – 18:00 CEST (Europe/Berlin)"),
            to_day: dated(lang, "Sat 3 Apr"),
            back: Some(Money::from_minor(3000, Currency::Eur)),
            refund: Some(Money::from_minor(12000, Currency::Eur)),
            until: dated(lang, "Sat 6 Mar, 10:00 (Europe/Berlin)"),
            choose: format!("{SITE}/bookings/42#date-cancelled"),
        };
        snapshot(prefix, "move_offered", &letter_in(lang, offered));
        let attendee = AttendeeConfirmed {
            booked_by: "Ada".to_owned(),
        };
        snapshot(prefix, "attendee_confirmed", &letter_in(lang, attendee));
        let attempt = Letter {
            details: None,
            tz: None,
            link: format!("{SITE}/login"),
            ..letter_in(lang, SignUpAttempt)
        };
        snapshot(prefix, "signup_attempt", &attempt);
        let reset = Letter {
            details: None,
            tz: None,
            link: format!("{SITE}/reset-password?token={}", "ab".repeat(32)),
            ..letter_in(
                lang,
                PasswordReset {
                    until: dated(lang, "14:05 Europe/Berlin"),
                },
            )
        };
        snapshot(prefix, "password_reset", &reset);
        let confirm = Letter {
            details: None,
            tz: None,
            link: format!(
                "{SITE}/confirm-email?token={}&next=%2Fcourses%2F3",
                "cd".repeat(32)
            ),
            ..letter_in(
                lang,
                ConfirmEmail {
                    until: dated(lang, "Sun 13 Dec 2026, 09:30 Europe/Berlin"),
                },
            )
        };
        snapshot(prefix, "confirm_email", &confirm);
        let change = Letter {
            details: None,
            tz: None,
            link: format!("{SITE}/change-email?token={}", "ef".repeat(32)),
            ..letter_in(
                lang,
                EmailChange {
                    until: dated(lang, "Mon 7 Dec 2026, 09:30 Europe/Berlin"),
                    old: "ada@example.com".to_owned(),
                },
            )
        };
        snapshot(prefix, "email_change", &change);
        let notice = Letter {
            details: None,
            tz: None,
            link: format!("{SITE}/account"),
            ..letter_in(
                lang,
                EmailChangeNotice {
                    new: "ada@new.example".to_owned(),
                },
            )
        };
        snapshot(prefix, "email_change_notice", &notice);
        let invite = Letter {
            details: None,
            tz: None,
            link: format!("{SITE}/accept-invite?token={}", "12".repeat(32)),
            ..letter_in(
                lang,
                AdminInvite {
                    until: dated(lang, "Sun 13 Dec 2026, 09:30 Europe/Berlin"),
                    inviter: "Root".to_owned(),
                    teaching: false,
                },
            )
        };
        snapshot(prefix, "admin_invite", &invite);
        let teach = Letter {
            details: None,
            tz: None,
            link: format!("{SITE}/accept-invite?token={}", "12".repeat(32)),
            ..letter_in(
                lang,
                AdminInvite {
                    until: dated(lang, "Sun 13 Dec 2026, 09:30 Europe/Berlin"),
                    inviter: "Root".to_owned(),
                    teaching: true,
                },
            )
        };
        snapshot(prefix, "instructor_invite", &teach);
        let day_before = Letter {
            details: None,
            tz: None,
            link: format!("{SITE}/teaching/7?meeting=1796890800"),
            ..letter_in(
                lang,
                TeachingDayBefore {
                    when: "Sat 12 Dec 2026, 10:00 CET".to_owned(),
                    place: "Studio 4, Utrecht".to_owned(),
                    meeting: Some("meeting 2 of 6".to_owned()),
                    people: vec![
                        "Ada Lovelace".to_owned(),
                        "Grace Hopper (booked by Ada Lovelace)".to_owned(),
                    ],
                },
            )
        };
        snapshot(prefix, "teaching_day_before", &day_before);
        let digest = Letter {
            details: None,
            tz: None,
            link: format!("{SITE}/teaching"),
            ..letter_in(lang, TeachingDigest {
                day: "on Fri 11 Dec 2026".to_owned(),
                courses: vec![
                    "Pottery (Sat 12 Dec): 2 new bookings (3 seats), 1 cancellation; 7 of 10 seats taken".to_owned(),
                ],
            })
        };
        snapshot(prefix, "teaching_digest", &digest);
    }

    /// What an admin or member typed is escaped in HTML and left as it is
    /// in plain text; the templates' own markup is not escaped.
    #[test]
    fn typed_text_is_escaped_in_html_only() {
        let mut hostile = letter(AttendeeConfirmed {
            booked_by: "Eve \"&\" <b>".to_owned(),
        });
        hostile.title = "<script>alert(1)</script> & Co".to_owned();
        let (subject, text, html) = hostile.compose().unwrap();
        assert_eq!(subject, "You have a seat: <script>alert(1)</script> & Co");
        assert!(
            text.contains("Eve \"&\" <b> booked you a seat on <script>alert(1)</script> & Co.")
        );
        assert!(!html.contains("<script>"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
        assert!(
            html.contains("&#60;script&#62;alert(1)&#60;/script&#62; &#38; Co"),
            "{html}"
        );
        assert!(html.contains("<h1>You have a seat</h1>"), "{html}");
        assert!(html.contains("<table"), "{html}");
        // The value is escaped where a message holds it, once.
        assert!(
            html.contains("Eve &#34;&#38;&#34; &#60;b&#62; booked you a seat on &#60;script&#62;"),
            "{html}"
        );
        // Our own words are not: an apostrophe stays one.
        let (_, _, html) = letter(CourseCancelled {
            refund: RefundNote::NothingPaid,
        })
        .compose()
        .unwrap();
        assert!(html.contains("we're sorry"), "{html}");
        // German too.
        hostile.lang = Lang::De;
        let (subject, _, html) = hostile.compose().unwrap();
        assert_eq!(
            subject,
            "Sie haben einen Platz: <script>alert(1)</script> & Co"
        );
        assert!(!html.contains("<script>"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
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

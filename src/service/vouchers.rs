//! Vouchers: admins make and change them; a booking uses one in the
//! transaction that holds its seats. A use is counted by one conditional
//! write on the voucher (`redemptions < max_redemptions`), so a code with
//! five uses left never admits a sixth however many press "Book" at once,
//! on one instance or several; a hold released or expired unpaid gives its
//! use back (`give_back`, called by the status writer).

use crate::entity::{booking, course, user, voucher, voucher_course, voucher_redemption};
use crate::ids::{BookingId, CourseId, UserId};
use crate::money::{Currency, Money, Price};
use crate::quote::{Quote, QuoteError, SeatCount};
use crate::voucher::{
    Discount, RedemptionLine, VoucherCode, VoucherInput, VoucherLine, VoucherRefusal, VoucherRules,
};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set, SqlErr, TransactionTrait,
};

/// Why an admin's change was refused.
#[derive(Debug, thiserror::Error)]
pub enum VoucherAdminError {
    #[error("another voucher has this code")]
    CodeTaken,
    #[error("no such voucher")]
    NotFound,
    #[error("no such course: {0}")]
    UnknownCourse(CourseId),
    /// A limit below the uses it already has.
    #[error("it is used {used} times already")]
    BelowUses { used: u32 },
    #[error("saving a voucher")]
    Database(#[from] DbErr),
}

/// A usable voucher found by its code, for the booking's transaction.
#[derive(Debug, Clone)]
pub struct Found {
    pub id: i64,
    pub code: VoucherCode,
    pub rules: VoucherRules,
    pub once_per_member: bool,
}

fn max_of(v: &voucher::Model) -> Option<u32> {
    v.max_redemptions.and_then(|m| u32::try_from(m).ok())
}

fn row_values(input: &VoucherInput, now: DateTime<Utc>) -> voucher::ActiveModel {
    let (percent, amount, currency) = match input.discount {
        Discount::Percent(p) => (Some(i32::from(p)), None, None),
        Discount::PerSeat(m) => (None, Some(m.minor()), Some(m.currency())),
    };
    voucher::ActiveModel {
        code: Set(input.code.as_str().to_owned()),
        percent_off: Set(percent),
        amount_off: Set(amount),
        currency: Set(currency),
        max_redemptions: Set(input
            .max_redemptions
            .map(|m| i32::try_from(m).unwrap_or(i32::MAX))),
        once_per_member: Set(input.once_per_member),
        valid_from: Set(input.valid_from),
        valid_until: Set(input.valid_until),
        note: Set(input.note.clone()),
        updated_at: Set(now),
        ..Default::default()
    }
}

async fn set_courses(
    db: &impl ConnectionTrait,
    voucher_id: i64,
    courses: &[CourseId],
) -> Result<(), VoucherAdminError> {
    voucher_course::Entity::delete_many()
        .filter(voucher_course::Column::VoucherId.eq(voucher_id))
        .exec(db)
        .await?;
    for &c in courses {
        if course::Entity::find_by_id(c.get()).one(db).await?.is_none() {
            return Err(VoucherAdminError::UnknownCourse(c));
        }
        voucher_course::ActiveModel {
            voucher_id: Set(voucher_id),
            course_id: Set(c.get()),
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

fn taken(e: DbErr) -> VoucherAdminError {
    match e.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => VoucherAdminError::CodeTaken,
        _ => VoucherAdminError::Database(e),
    }
}

/// A new voucher; answers its id.
pub async fn create(
    db: &impl TransactionTrait,
    input: &VoucherInput,
    now: DateTime<Utc>,
) -> Result<i64, VoucherAdminError> {
    let txn = db.begin().await?;
    let mut row = row_values(input, now);
    row.created_at = Set(now);
    let v = row.insert(&txn).await.map_err(taken)?;
    set_courses(&txn, v.id, &input.courses).await?;
    txn.commit().await?;
    tracing::info!(voucher_id = v.id, "voucher created");
    Ok(v.id)
}

/// Changes a voucher. Its limit may not drop below the uses it has (the
/// write decides, against the count as it is then).
pub async fn update(
    db: &impl TransactionTrait,
    id: i64,
    input: &VoucherInput,
    now: DateTime<Utc>,
) -> Result<(), VoucherAdminError> {
    let txn = db.begin().await?;
    let mut update = voucher::Entity::update_many()
        .set(row_values(input, now))
        .filter(voucher::Column::Id.eq(id));
    if let Some(max) = input.max_redemptions {
        update = update.filter(voucher::Column::Redemptions.lte(i64::from(max)));
    }
    let moved = update.exec(&txn).await.map_err(taken)?.rows_affected == 1;
    if !moved {
        let existing = voucher::Entity::find_by_id(id).one(&txn).await?;
        txn.rollback().await?;
        return Err(match existing {
            None => VoucherAdminError::NotFound,
            Some(v) => VoucherAdminError::BelowUses {
                used: u32::try_from(v.redemptions).unwrap_or(0),
            },
        });
    }
    set_courses(&txn, id, &input.courses).await?;
    txn.commit().await?;
    Ok(())
}

/// Turns a voucher off (or on again); answers whether it changed.
pub async fn set_disabled(
    db: &impl ConnectionTrait,
    id: i64,
    disabled: bool,
    now: DateTime<Utc>,
) -> Result<bool, VoucherAdminError> {
    let mut update = voucher::Entity::update_many()
        .col_expr(
            voucher::Column::DisabledAt,
            Expr::value(disabled.then_some(now)),
        )
        .col_expr(voucher::Column::UpdatedAt, Expr::value(now))
        .filter(voucher::Column::Id.eq(id));
    update = if disabled {
        update.filter(voucher::Column::DisabledAt.is_null())
    } else {
        update.filter(voucher::Column::DisabledAt.is_not_null())
    };
    Ok(update.exec(db).await?.rows_affected == 1)
}

async fn courses_of(db: &impl ConnectionTrait, voucher_id: i64) -> Result<Vec<CourseId>, DbErr> {
    Ok(voucher_course::Entity::find()
        .filter(voucher_course::Column::VoucherId.eq(voucher_id))
        .all(db)
        .await?
        .into_iter()
        .map(|c| CourseId(c.course_id))
        .collect())
}

/// Every voucher, newest first.
pub async fn list(db: &impl ConnectionTrait) -> Result<Vec<VoucherLine>, DbErr> {
    let vouchers = voucher::Entity::find()
        .order_by_desc(voucher::Column::Id)
        .all(db)
        .await?;
    let mut lines = Vec::with_capacity(vouchers.len());
    for v in vouchers {
        let Some(discount) = v.discount() else {
            continue;
        };
        let mut courses = Vec::new();
        for id in courses_of(db, v.id).await? {
            let title = course::Entity::find_by_id(id.get())
                .one(db)
                .await?
                .map(|c| c.title)
                .unwrap_or_default();
            courses.push((id, title));
        }
        lines.push(VoucherLine {
            id: v.id,
            discount,
            courses,
            used: u32::try_from(v.redemptions).unwrap_or(0),
            max_redemptions: max_of(&v),
            once_per_member: v.once_per_member,
            valid_from: v.valid_from,
            valid_until: v.valid_until,
            disabled: v.disabled_at.is_some(),
            note: v.note,
            code: v.code,
        });
    }
    Ok(lines)
}

/// The courses a voucher may be limited to: those not over yet, soonest
/// first, and those it is limited to already.
pub async fn course_choices(
    db: &impl ConnectionTrait,
    voucher_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<Vec<(CourseId, String)>, DbErr> {
    let chosen = match voucher_id {
        Some(id) => courses_of(db, id).await?,
        None => Vec::new(),
    };
    Ok(course::Entity::find()
        .order_by_asc(course::Column::StartsAt)
        .all(db)
        .await?
        .into_iter()
        .filter(|c| c.ends_at > now || chosen.contains(&CourseId(c.id)))
        .map(|c| (CourseId(c.id), c.title))
        .collect())
}

/// One voucher as its edit form shows it.
pub async fn get(db: &impl ConnectionTrait, id: i64) -> Result<Option<VoucherLine>, DbErr> {
    Ok(list(db).await?.into_iter().find(|v| v.id == id))
}

/// Every use of voucher `id`, newest first, with the bookings they are on.
pub async fn redemptions(db: &impl ConnectionTrait, id: i64) -> Result<Vec<RedemptionLine>, DbErr> {
    let uses = voucher_redemption::Entity::find()
        .filter(voucher_redemption::Column::VoucherId.eq(id))
        .order_by_desc(voucher_redemption::Column::Id)
        .find_also_related(booking::Entity)
        .all(db)
        .await?;
    let mut lines = Vec::with_capacity(uses.len());
    for (r, b) in uses {
        let Some(b) = b else { continue };
        let member = user::Entity::find_by_id(b.user_id).one(db).await?;
        let title = course::Entity::find_by_id(b.course_id)
            .one(db)
            .await?
            .map(|c| c.title)
            .unwrap_or_default();
        lines.push(RedemptionLine {
            booking_id: BookingId(b.id),
            course_id: CourseId(b.course_id),
            course_title: title,
            member_name: member
                .as_ref()
                .map(|m| m.display_name.clone())
                .unwrap_or_default(),
            member_email: member.map(|m| m.email).unwrap_or_default(),
            seats: b.seats,
            list: b.list_price(),
            discount: b.discount(),
            paid: Money::from_minor(b.amount, b.currency),
            booking_status: b.status,
            at: r.created_at,
            returned: r.returned_at.is_some(),
        });
    }
    Ok(lines)
}

/// The voucher with `code`, if there is one.
pub async fn find(db: &impl ConnectionTrait, code: &VoucherCode) -> Result<Option<Found>, DbErr> {
    let Some(v) = voucher::Entity::find()
        .filter(voucher::Column::Code.eq(code.as_str()))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let courses = courses_of(db, v.id).await?;
    Ok(v.rules(courses).map(|rules| Found {
        id: v.id,
        code: code.clone(),
        rules,
        once_per_member: v.once_per_member,
    }))
}

/// Why a code could not be used, or the database failed.
#[derive(Debug, thiserror::Error)]
pub enum UseError {
    #[error(transparent)]
    Refused(#[from] VoucherRefusal),
    #[error("using a voucher")]
    Database(#[from] DbErr),
}

/// The voucher `code` if `user` may use it on `course` at `now`, and what
/// `seats` seats then cost. Uses are not counted here (see `redeem`); one
/// used up, or used by a once-per-member `user`, is refused already so the
/// price shown is never one that cannot be had.
pub async fn usable(
    db: &impl ConnectionTrait,
    code: &VoucherCode,
    course: &course::Model,
    seats: SeatCount,
    user: Option<UserId>,
    now: DateTime<Utc>,
) -> Result<(Found, Quote), UseError> {
    let found = find(db, code).await?.ok_or(VoucherRefusal::Unknown)?;
    found
        .rules
        .check(CourseId(course.id), course.currency, now)?;
    let v = voucher::Entity::find_by_id(found.id)
        .one(db)
        .await?
        .ok_or(VoucherRefusal::Unknown)?;
    if max_of(&v).is_some_and(|max| u32::try_from(v.redemptions).unwrap_or(0) >= max) {
        return Err(VoucherRefusal::UsedUp.into());
    }
    if let Some(user) = user
        && found.once_per_member
        && used_by(db, found.id, user).await?
    {
        return Err(VoucherRefusal::AlreadyUsedByYou.into());
    }
    let quote = quote_with(course.price, course.currency, seats, &found.rules.discount)?;
    Ok((found, quote))
}

/// The quote for `seats` seats at a course's price less `discount`.
pub fn quote_with(
    price: i64,
    currency: Currency,
    seats: SeatCount,
    discount: &Discount,
) -> Result<Quote, VoucherRefusal> {
    let unit = Price::new(Money::from_minor(price, currency)).ok_or(VoucherRefusal::Unknown)?;
    Quote::discounted(unit, seats, discount).map_err(|e| match e {
        QuoteError::WrongCurrency => VoucherRefusal::WrongCurrency,
        // The course's own price is refused before a voucher is looked at.
        QuoteError::Unpayable(_) | QuoteError::Money(_) => VoucherRefusal::Unknown,
    })
}

async fn used_by(db: &impl ConnectionTrait, voucher_id: i64, user: UserId) -> Result<bool, DbErr> {
    Ok(voucher_redemption::Entity::find()
        .filter(voucher_redemption::Column::VoucherId.eq(voucher_id))
        .filter(voucher_redemption::Column::OnceKey.eq(user.get()))
        .one(db)
        .await?
        .is_some())
}

/// Counts one use of `found` by `booking`, inside the booking's
/// transaction: the conditional write on the voucher decides whether a use
/// is left (and whether it is still enabled); the unique index on
/// (voucher, member) decides a once-per-member code.
pub async fn redeem(
    txn: &impl ConnectionTrait,
    found: &Found,
    booking: BookingId,
    user: UserId,
    now: DateTime<Utc>,
) -> Result<(), UseError> {
    let counted = voucher::Entity::update_many()
        .col_expr(
            voucher::Column::Redemptions,
            Expr::col(voucher::Column::Redemptions).add(1),
        )
        .col_expr(voucher::Column::UpdatedAt, Expr::value(now))
        .filter(voucher::Column::Id.eq(found.id))
        .filter(voucher::Column::DisabledAt.is_null())
        .filter(voucher::Column::MaxRedemptions.is_null().or(
            Expr::col(voucher::Column::Redemptions).lt(Expr::col(voucher::Column::MaxRedemptions)),
        ))
        .exec(txn)
        .await?
        .rows_affected
        == 1;
    if !counted {
        let disabled = voucher::Entity::find_by_id(found.id)
            .one(txn)
            .await?
            .is_none_or(|v| v.disabled_at.is_some());
        return Err(if disabled {
            VoucherRefusal::Disabled
        } else {
            VoucherRefusal::UsedUp
        }
        .into());
    }
    voucher_redemption::ActiveModel {
        voucher_id: Set(found.id),
        booking_id: Set(booking.get()),
        user_id: Set(user.get()),
        once_key: Set(found.once_per_member.then_some(user.get())),
        returned_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await
    .map_err(|e| match e.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => {
            UseError::Refused(VoucherRefusal::AlreadyUsedByYou)
        }
        _ => UseError::Database(e),
    })?;
    Ok(())
}

/// Gives back the use booking `id` made, if it made one and still counts
/// it (its hold was released or ran out unpaid). Answers whether it did.
pub async fn give_back(
    db: &impl ConnectionTrait,
    booking: BookingId,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let Some(r) = voucher_redemption::Entity::find()
        .filter(voucher_redemption::Column::BookingId.eq(booking.get()))
        .one(db)
        .await?
    else {
        return Ok(false);
    };
    // The write decides: of two givers-back, one moves the row.
    let returned = voucher_redemption::Entity::update_many()
        .col_expr(voucher_redemption::Column::ReturnedAt, Expr::value(now))
        .col_expr(
            voucher_redemption::Column::OnceKey,
            Expr::value(Option::<i64>::None),
        )
        .filter(voucher_redemption::Column::Id.eq(r.id))
        .filter(voucher_redemption::Column::ReturnedAt.is_null())
        .exec(db)
        .await?
        .rows_affected
        == 1;
    if returned {
        voucher::Entity::update_many()
            .col_expr(
                voucher::Column::Redemptions,
                Expr::col(voucher::Column::Redemptions).sub(1),
            )
            .col_expr(voucher::Column::UpdatedAt, Expr::value(now))
            .filter(voucher::Column::Id.eq(r.voucher_id))
            .filter(voucher::Column::Redemptions.gt(0))
            .exec(db)
            .await?;
        tracing::info!(
            booking_id = booking.get(),
            voucher_id = r.voucher_id,
            "voucher use given back"
        );
    }
    Ok(returned)
}

/// The code a booking used, if any (for its page, emails and Checkout).
pub async fn code_of(
    db: &impl ConnectionTrait,
    booking: BookingId,
) -> Result<Option<String>, DbErr> {
    let Some(r) = voucher_redemption::Entity::find()
        .filter(voucher_redemption::Column::BookingId.eq(booking.get()))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    Ok(voucher::Entity::find_by_id(r.voucher_id)
        .one(db)
        .await?
        .map(|v| v.code))
}

/// What `seats` seats on `course_id` cost with `code`, for `user` if
/// signed in: the course page's price once a code is applied.
pub async fn preview(
    db: &impl ConnectionTrait,
    code: &VoucherCode,
    course_id: CourseId,
    seats: SeatCount,
    user: Option<UserId>,
    now: DateTime<Utc>,
) -> Result<Quote, UseError> {
    let course = course::Entity::find_by_id(course_id.get())
        .one(db)
        .await?
        .filter(|c| c.status != crate::course::CourseStatus::Draft)
        .ok_or(VoucherRefusal::NotForThisCourse)?;
    let (_, quote) = usable(db, code, &course, seats, user, now).await?;
    Ok(quote)
}

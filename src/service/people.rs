//! The admin's side of accounts: finding people, inviting admins, blocking
//! members. An invitation is a link by email (`account_links`, seven days)
//! that sets a password and makes its account an admin; a blocked member's
//! sessions stop working at their next request and they cannot sign in,
//! while their bookings stay as they are.

use crate::account::Role;
use crate::catalog::PageNumber;
use crate::entity::account_link::Purpose;
use crate::entity::{booking, course, user};
use crate::people::{PEOPLE_PER_PAGE, PeoplePage, PersonBooking, PersonDetail, PersonRow};
use crate::said;
use crate::service::account_links::{self, LinkToken};
use crate::service::accounts::{HashingFailed, hash_password};
use crate::service::notify;
use crate::venue::{VenueZone, ZoneAt};
use crate::{BookingId, DisplayName, Email, FieldError, Money, Password, UserId};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, Func, LikeExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, DatabaseConnection, DbErr, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionTrait,
};
use std::collections::HashMap;

fn row(u: user::Model, bookings: u64, teaches: bool) -> PersonRow {
    PersonRow {
        id: UserId(u.id),
        name: u.display_name,
        email: u.email,
        role: u.role,
        confirmed: u.email_confirmed_at.is_some(),
        blocked: u.blocked_at.is_some(),
        bookings,
        joined: u.created_at,
        teaches,
    }
}

/// `%text%` for LIKE, with LIKE's own wildcards in `text` taken literally.
fn containing(text: &str) -> LikeExpr {
    let escaped: String = text
        .to_lowercase()
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    LikeExpr::new(format!("%{escaped}%")).escape('\\')
}

/// Page `page` (from 1) of the people whose name or email contains
/// `search` (any case), newest first. Deleted accounts are not listed.
pub async fn list(
    db: &DatabaseConnection,
    search: &str,
    page: PageNumber,
) -> Result<PeoplePage, DbErr> {
    let page = u64::from(page.get());
    // Nobody types a hundred characters of a name; the bound keeps the
    // query cheap.
    let search: String = search.trim().chars().take(100).collect();
    let search = search.as_str();
    let mut find = user::Entity::find().filter(
        user::Column::Email
            .like(format!("%{}", notify::DELETED_DOMAIN))
            .not(),
    );
    if !search.is_empty() && !search.contains('\0') {
        find = find.filter(
            Condition::any()
                .add(
                    Expr::expr(Func::lower(Expr::col(user::Column::DisplayName)))
                        .like(containing(search)),
                )
                .add(Expr::col(user::Column::Email).like(containing(search))),
        );
    }
    let mut people = find
        .order_by_desc(user::Column::CreatedAt)
        .order_by_desc(user::Column::Id)
        .offset((page - 1).saturating_mul(PEOPLE_PER_PAGE))
        .limit(PEOPLE_PER_PAGE + 1)
        .all(db)
        .await?;
    let has_next = people.len() as u64 > PEOPLE_PER_PAGE;
    people.truncate(PEOPLE_PER_PAGE as usize);
    let counts = booking_counts(db, people.iter().map(|u| u.id).collect()).await?;
    let ids: Vec<crate::UserId> = people.iter().map(|u| UserId(u.id)).collect();
    let teaching: Vec<UserId> = crate::service::instructors::of_ids(db, &ids)
        .await?
        .into_iter()
        .map(|c| c.id)
        .collect();
    Ok(PeoplePage {
        people: people
            .into_iter()
            .map(|u| {
                let n = counts.get(&u.id).copied().unwrap_or(0);
                let teaches = teaching.contains(&UserId(u.id));
                row(u, n, teaches)
            })
            .collect(),
        page,
        has_next,
    })
}

async fn booking_counts(
    db: &DatabaseConnection,
    ids: Vec<i64>,
) -> Result<HashMap<i64, u64>, DbErr> {
    let rows: Vec<(i64, i64)> = booking::Entity::find()
        .select_only()
        .column(booking::Column::UserId)
        .column_as(booking::Column::Id.count(), "n")
        .filter(booking::Column::UserId.is_in(ids))
        .group_by(booking::Column::UserId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, n)| (id, u64::try_from(n).unwrap_or(0)))
        .collect())
}

/// A person and their bookings, or `None` if there is no such account.
pub async fn detail(db: &DatabaseConnection, id: UserId) -> Result<Option<PersonDetail>, DbErr> {
    let Some(u) = user::Entity::find_by_id(id.get()).one(db).await? else {
        return Ok(None);
    };
    let bookings: Vec<PersonBooking> = booking::Entity::find()
        .filter(booking::Column::UserId.eq(id.get()))
        .order_by_desc(booking::Column::Id)
        .find_also_related(course::Entity)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|(b, c)| {
            let c = c?;
            Some(PersonBooking {
                id: BookingId(b.id),
                course: c.title,
                starts_at: c.starts_at,
                starts_zone: ZoneAt::of(VenueZone::stored(&c.time_zone), c.starts_at),
                seats: b.seats,
                status: b.status,
                amount: Money::from_minor(b.amount, b.currency),
            })
        })
        .collect();
    let n = bookings.len() as u64;
    Ok(Some(PersonDetail {
        person: row(u, n, crate::service::instructors::teaches(db, id).await?),
        bookings,
    }))
}

/// What blocking or unblocking did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockOutcome {
    Changed,
    /// It was so already.
    Unchanged,
}

/// Why a block was refused.
#[derive(Debug, thiserror::Error)]
pub enum BlockError {
    #[error("no such member")]
    NotFound,
    /// Admins are not blocked (demote first, with the CLI); nor is oneself.
    #[error("only members can be blocked")]
    NotAMember,
    #[error("blocking a member")]
    Database(#[from] DbErr),
}

/// Blocks (`blocked`) or unblocks member `id`. Only members: the write's
/// condition says so, whatever was read.
pub async fn set_blocked(
    db: &DatabaseConnection,
    id: UserId,
    blocked: bool,
    now: DateTime<Utc>,
) -> Result<BlockOutcome, BlockError> {
    let value = blocked.then_some(now);
    let mut write = user::Entity::update_many()
        .col_expr(user::Column::BlockedAt, Expr::value(value))
        .col_expr(user::Column::UpdatedAt, Expr::value(now))
        .filter(user::Column::Id.eq(id))
        .filter(user::Column::Role.eq(Role::Member));
    write = if blocked {
        write.filter(user::Column::BlockedAt.is_null())
    } else {
        write.filter(user::Column::BlockedAt.is_not_null())
    };
    if write.exec(db).await?.rows_affected == 1 {
        if blocked {
            // Their sessions end at their next request (get_user).
            crate::service::devices::forget_all_but(db, id, None).await?;
        }
        tracing::info!(user_id = id.get(), blocked, "member block changed");
        return Ok(BlockOutcome::Changed);
    }
    match user::Entity::find_by_id(id.get()).one(db).await? {
        None => Err(BlockError::NotFound),
        Some(u) if u.role != Role::Member => Err(BlockError::NotAMember),
        Some(_) => Ok(BlockOutcome::Unchanged),
    }
}

/// Why an invitation was not sent.
#[derive(Debug, thiserror::Error)]
pub enum InviteError {
    #[error("invalid invitation")]
    Invalid(Vec<FieldError>),
    /// The address is an admin's already (or, for teaching, an
    /// instructor's).
    #[error("already an admin")]
    AlreadyAdmin,
    #[error("already an instructor")]
    AlreadyInstructor,
    /// Enough invitations went to this address this hour.
    #[error("too many invitations")]
    TooMany,
    #[error("inviting an admin")]
    Database(#[from] DbErr),
}

/// What an invitation makes its account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Invitee {
    Admin,
    Instructor,
}

impl Invitee {
    fn purpose(self) -> Purpose {
        match self {
            Invitee::Admin => Purpose::InviteAdmin,
            Invitee::Instructor => Purpose::InviteInstructor,
        }
    }
}

/// Invites `email` (called `name` if new) to be an admin or an instructor:
/// a link that sets a password. An address with an account keeps it and
/// becomes one when the link is followed.
pub async fn invite(
    db: &DatabaseConnection,
    inviter: &str,
    email: &str,
    name: &str,
    invitee: Invitee,
    now: DateTime<Utc>,
) -> Result<(), InviteError> {
    let mut fields = Vec::new();
    let email = Email::parse(email)
        .map_err(|e| {
            fields.push(FieldError {
                field: "email".into(),
                message: e.to_string(),
            })
        })
        .ok();
    let existing = match &email {
        Some(e) => {
            user::Entity::find()
                .filter(user::Column::Email.eq(e.as_str()))
                .one(db)
                .await?
        }
        None => None,
    };
    let name = match (&existing, DisplayName::parse(name)) {
        (Some(u), _) => Some(u.display_name.clone()),
        (None, Ok(n)) => Some(n.as_str().to_owned()),
        (None, Err(e)) => {
            fields.push(FieldError {
                field: "name".into(),
                message: e.to_string(),
            });
            None
        }
    };
    let (Some(email), Some(name)) = (email, name) else {
        return Err(InviteError::Invalid(fields));
    };
    match (invitee, &existing) {
        (Invitee::Admin, Some(u)) if u.role == Role::Admin => {
            return Err(InviteError::AlreadyAdmin);
        }
        (Invitee::Instructor, Some(u))
            if crate::service::instructors::teaches(db, UserId(u.id)).await? =>
        {
            return Err(InviteError::AlreadyInstructor);
        }
        // Unblocking is the admin's own decision, not a link's.
        (Invitee::Instructor, Some(u)) if u.blocked_at.is_some() => {
            return Err(InviteError::Invalid(vec![FieldError {
                field: "email".into(),
                message: said!("invite-blocked"),
            }]));
        }
        _ => {}
    }
    let txn = db.begin().await?;
    let member = match existing {
        Some(u) => u,
        None => {
            // No password until the invitation sets one; not confirmed
            // until then either.
            user::ActiveModel {
                email: Set(email.as_str().to_owned()),
                password_hash: Set("!invited".to_owned()),
                display_name: Set(name),
                role: Set(Role::Member),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?
        }
    };
    let Some(issued) =
        account_links::issue(&txn, UserId(member.id), invitee.purpose(), None, now).await?
    else {
        txn.rollback().await?;
        return Err(InviteError::TooMany);
    };
    let teaching = invitee == Invitee::Instructor;
    notify::queue_invitation(
        &txn,
        &member,
        &issued.link,
        &issued.token,
        inviter,
        teaching,
    )
    .await?;
    txn.commit().await?;
    tracing::info!(user_id = member.id, ?invitee, "invited");
    Ok(())
}

/// Why an invitation was not accepted.
#[derive(Debug, thiserror::Error)]
pub enum AcceptError {
    #[error("the invitation is unknown, used or expired")]
    InvalidLink,
    #[error("invalid password")]
    InvalidPassword(FieldError),
    #[error("accepting an invitation")]
    Database(#[from] DbErr),
    #[error(transparent)]
    Hashing(#[from] HashingFailed),
}

/// Accepts an invitation: the account gets `password`, becomes an admin
/// or an instructor (an admin invited to teach stays an admin who also
/// teaches) and counts as confirmed (the link reached its address).
/// Answers it.
pub async fn accept_invitation(
    db: &DatabaseConnection,
    token: &LinkToken,
    password: &str,
    now: DateTime<Utc>,
) -> Result<user::Model, AcceptError> {
    let (link, invitee) = match account_links::usable(db, token, Purpose::InviteAdmin, now).await? {
        Some(link) => (link, Invitee::Admin),
        None => (
            account_links::usable(db, token, Purpose::InviteInstructor, now)
                .await?
                .ok_or(AcceptError::InvalidLink)?,
            Invitee::Instructor,
        ),
    };
    let password = Password::parse(password).map_err(|e| {
        AcceptError::InvalidPassword(FieldError {
            field: "password".into(),
            message: e.to_string(),
        })
    })?;
    let hash = hash_password(&password).await?;
    let txn = db.begin().await?;
    if !account_links::spend(&txn, &link, now).await? {
        txn.rollback().await?;
        return Err(AcceptError::InvalidLink);
    }
    let member = UserId(link.user_id);
    account_links::retire_others(&txn, member, invitee.purpose(), now).await?;
    let mut write =
        user::Entity::update_many().col_expr(user::Column::PasswordHash, Expr::value(hash));
    write = match invitee {
        // An admin's invitation makes an admin, unblocked.
        Invitee::Admin => write
            .col_expr(user::Column::Role, Expr::value(Role::Admin))
            .col_expr(
                user::Column::BlockedAt,
                Expr::value(Option::<DateTime<Utc>>::None),
            ),
        // Blocked since the invitation: the link opens nothing.
        Invitee::Instructor => write.filter(user::Column::BlockedAt.is_null()),
    };
    let written = write
        .col_expr(user::Column::EmailConfirmedAt, Expr::value(now))
        .col_expr(user::Column::UpdatedAt, Expr::value(now))
        .filter(user::Column::Id.eq(member))
        .exec(&txn)
        .await?;
    if written.rows_affected != 1 {
        txn.rollback().await?;
        return Err(AcceptError::InvalidLink);
    }
    if invitee == Invitee::Instructor {
        crate::service::instructors::make(&txn, member, now)
            .await
            .map_err(|e| match e {
                crate::service::instructors::MakeError::Database(e) => AcceptError::Database(e),
                // Checked by the write above; gone only if deleted meanwhile.
                _ => AcceptError::InvalidLink,
            })?;
    }
    let row = user::Entity::find_by_id(member.get())
        .one(&txn)
        .await?
        .ok_or(AcceptError::InvalidLink)?;
    txn.commit().await?;
    tracing::info!(user_id = member.get(), ?invitee, "invitation accepted");
    Ok(row)
}

//! Reading the course catalog.

use crate::booking::BookingStatus;
use crate::catalog::{
    COUNT_LIMIT, CatalogPage, CatalogQuery, CatalogSort, CatalogWhen, MatchCount, PAGE_SIZE,
};
use crate::course::{CoursePage, CourseStatus, CourseSummary, HeldWhilePaying};
use crate::entity::course::CorruptCourse;
use crate::entity::{booking, course, waitlist_entry};
use crate::ids::CourseId;
use crate::waitlist::WaitlistStatus;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Alias, Expr, Func, LikeExpr, Order, Query, SimpleExpr};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, QueryFilter,
    QueryOrder, QueryResult, QuerySelect, QueryTrait, Select,
};

/// Why the catalog could not be read.
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error("reading courses from the database")]
    Database(#[from] sea_orm::DbErr),
    /// A stored row breaks an invariant.
    #[error(transparent)]
    Corrupt(#[from] CorruptCourse),
}

/// One page of the catalog: published and cancelled courses (cancelled ones
/// say so) matching `query`, filtered, ordered and paged by the database.
/// Upcoming courses that can still be booked come before full and cancelled
/// ones. The default view (upcoming, by date) walks the `starts_at` index and
/// stops after the page, so its cost stays flat as the table grows; a filter
/// or another order reads every upcoming course once.
pub async fn page(
    db: &impl ConnectionTrait,
    query: &CatalogQuery,
    now: DateTime<Utc>,
) -> Result<CatalogPage, CatalogError> {
    let matching = matching(query, now);
    let rows = ordered(matching.clone(), query)
        .column_as(waiting_count(), "waiting")
        .column_as(more_dates(now), "more_dates")
        .offset(query.page.offset())
        .limit(u64::from(PAGE_SIZE) + 1)
        .into_model::<CourseWithWaiting>()
        .all(db)
        .await?;
    let has_next = rows.len() > PAGE_SIZE as usize && query.page.next().is_some();
    let courses = rows
        .into_iter()
        .take(PAGE_SIZE as usize)
        .map(|row| {
            let mut course = CourseSummary::try_from(row.course)?;
            course.waiting = u64::try_from(row.waiting).unwrap_or(0);
            course.more_dates = u16::try_from(row.more_dates).unwrap_or(u16::MAX);
            Ok(course)
        })
        .collect::<Result<Vec<_>, CorruptCourse>>()?;
    let counted = count_up_to(db, matching, COUNT_LIMIT + 1).await?;
    let matching = if counted > COUNT_LIMIT {
        MatchCount::MoreThan(COUNT_LIMIT)
    } else {
        MatchCount::Exactly(counted)
    };
    let taught_by = match query.instructor {
        Some(who) => crate::service::instructors::of_ids(db, &[who])
            .await?
            .pop()
            .map(|card| card.name),
        None => None,
    };
    Ok(CatalogPage {
        courses,
        matching,
        has_next,
        taught_by,
    })
}

/// A course row with how many wait for it and how many other dates of it
/// are open.
struct CourseWithWaiting {
    course: course::Model,
    waiting: i64,
    more_dates: i64,
}

impl FromQueryResult for CourseWithWaiting {
    fn from_query_result(row: &QueryResult, prefix: &str) -> Result<Self, DbErr> {
        Ok(Self {
            course: course::Model::from_query_result(row, prefix)?,
            waiting: row.try_get(prefix, "waiting")?,
            more_dates: row.try_get(prefix, "more_dates")?,
        })
    }
}

/// The other dates of the row's course that are open at `now` (published,
/// not started), as a query over `courses AS o` correlated with the row.
fn open_runs_beside(now: DateTime<Utc>) -> sea_orm::sea_query::SelectStatement {
    let o = Alias::new("o");
    let first_run = || -> SimpleExpr {
        Func::coalesce([
            Expr::col((course::Entity, course::Column::RunOf)).into(),
            Expr::col((course::Entity, course::Column::Id)).into(),
        ])
        .into()
    };
    Query::select()
        .from_as(course::Entity, o.clone())
        .cond_where(
            Condition::any()
                .add(Expr::col((o.clone(), course::Column::RunOf)).eq(first_run()))
                .add(Expr::col((o.clone(), course::Column::Id)).eq(first_run())),
        )
        .and_where(
            Expr::col((o.clone(), course::Column::Id))
                .ne(Expr::col((course::Entity, course::Column::Id))),
        )
        .and_where(Expr::col((o.clone(), course::Column::Status)).eq("published"))
        .and_where(Expr::col((o, course::Column::StartsAt)).gt(now))
        .to_owned()
}

/// How many other dates of the row's course are open, as a column.
fn more_dates(now: DateTime<Utc>) -> SimpleExpr {
    let count = open_runs_beside(now)
        .expr(Expr::cust("COUNT(*)"))
        .to_owned();
    SimpleExpr::SubQuery(None, Box::new(count.into_sub_query_statement()))
}

/// Upcoming dates of one course are one card: the soonest open one that
/// matches the typed text, if any (the others are on its page). A
/// cancelled date shows only when no date of its course is open.
fn soonest_date_only(
    now: DateTime<Utc>,
    pattern: Option<&str>,
    instructor: Option<crate::UserId>,
) -> SimpleExpr {
    let o = Alias::new("o");
    let mut earlier = open_runs_beside(now);
    if let Some(pattern) = pattern {
        earlier.cond_where(text_matches(o.clone(), pattern));
    }
    if let Some(who) = instructor {
        earlier.and_where(Expr::col((o.clone(), course::Column::Id)).in_subquery(taught_by(who)));
    }
    let earlier = earlier
        .expr(Expr::val(1))
        .cond_where(
            Condition::any()
                .add(Expr::col((course::Entity, course::Column::Status)).eq("cancelled"))
                .add(
                    Expr::col((o.clone(), course::Column::StartsAt))
                        .lt(Expr::col((course::Entity, course::Column::StartsAt))),
                )
                .add(
                    Expr::col((o.clone(), course::Column::StartsAt))
                        .eq(Expr::col((course::Entity, course::Column::StartsAt)))
                        .and(
                            Expr::col((o, course::Column::Id))
                                .lt(Expr::col((course::Entity, course::Column::Id))),
                        ),
                ),
        )
        .to_owned();
    Expr::exists(earlier).not()
}

/// How many wait for the row's course, as a column of the page's own
/// query: the counts come without a second statement.
fn waiting_count() -> SimpleExpr {
    let count = Query::select()
        .expr(Expr::col((waitlist_entry::Entity, waitlist_entry::Column::Id)).count())
        .from(waitlist_entry::Entity)
        .and_where(
            Expr::col((waitlist_entry::Entity, waitlist_entry::Column::CourseId))
                .equals((course::Entity, course::Column::Id)),
        )
        .and_where(waitlist_entry::Column::Status.eq(WaitlistStatus::Waiting))
        .to_owned();
    SimpleExpr::SubQuery(None, Box::new(count.into_sub_query_statement()))
}

/// The ids of the courses `who` teaches.
fn taught_by(who: crate::UserId) -> sea_orm::sea_query::SelectStatement {
    use crate::entity::course_instructor;
    Query::select()
        .column(course_instructor::Column::CourseId)
        .from(course_instructor::Entity)
        .and_where(Expr::col(course_instructor::Column::UserId).eq(who.get()))
        .to_owned()
}

/// The public courses a query asks for, in no particular order.
fn matching(query: &CatalogQuery, now: DateTime<Utc>) -> Select<course::Entity> {
    let mut select = course::Entity::find()
        .filter(course::Column::Status.is_in([CourseStatus::Published, CourseStatus::Cancelled]));
    // Lower-cased on both sides: case-insensitive on both databases
    // (SQLite's LOWER folds ASCII only, so "É" finds "É" but not "é").
    let pattern = (!query.filter.is_empty())
        .then(|| format!("%{}%", escape_like(&query.filter.as_str().to_lowercase())));
    select = match query.when {
        CatalogWhen::Upcoming => select
            .filter(course::Column::StartsAt.gt(now))
            .filter(soonest_date_only(now, pattern.as_deref(), query.instructor)),
        CatalogWhen::Past => select.filter(course::Column::StartsAt.lte(now)),
    };
    if let Some(pattern) = &pattern {
        select = select.filter(text_matches(course::Entity, pattern));
    }
    if let Some(who) = query.instructor {
        select = select.filter(course::Column::Id.in_subquery(taught_by(who)));
    }
    select
}

/// The title, description or location of `table`'s row is like `pattern`.
fn text_matches(table: impl sea_orm::sea_query::IntoIden, pattern: &str) -> Condition {
    let table = table.into_iden();
    let mut any = Condition::any();
    for column in [
        course::Column::Title,
        course::Column::Description,
        course::Column::Location,
    ] {
        any = any.add(
            Expr::expr(Func::lower(Expr::col((table.clone(), column))))
                .like(LikeExpr::new(pattern).escape('\\')),
        );
    }
    any
}

/// Bookable first (upcoming view), then the chosen order; the id settles ties
/// so that pages never overlap.
fn ordered(select: Select<course::Entity>, query: &CatalogQuery) -> Select<course::Entity> {
    let mut select = select;
    let by_date = match query.when {
        CatalogWhen::Upcoming => Order::Asc,
        CatalogWhen::Past => Order::Desc,
    };
    if query.when == CatalogWhen::Upcoming && query.sort != CatalogSort::Date {
        select = select.order_by(
            Expr::cust(
                "CASE WHEN status = 'cancelled' OR seats_held >= capacity THEN 1 ELSE 0 END",
            ),
            Order::Asc,
        );
    }
    select = match query.sort {
        CatalogSort::Date => select,
        // Amounts in different currencies are not comparable without
        // exchange rates: free courses first, then by currency, then amount.
        CatalogSort::PriceAsc => select
            .order_by(
                Expr::cust("CASE WHEN price = 0 THEN 0 ELSE 1 END"),
                Order::Asc,
            )
            .order_by_asc(course::Column::Currency)
            .order_by_asc(course::Column::Price),
        CatalogSort::PriceDesc => select
            .order_by(
                Expr::cust("CASE WHEN price = 0 THEN 1 ELSE 0 END"),
                Order::Asc,
            )
            .order_by_asc(course::Column::Currency)
            .order_by_desc(course::Column::Price),
        CatalogSort::Seats => select.order_by(Expr::cust("capacity - seats_held"), Order::Desc),
    };
    select
        .order_by(course::Column::StartsAt, by_date.clone())
        .order_by(course::Column::Id, by_date)
}

/// How many rows `select` finds, counting no further than `limit`.
async fn count_up_to(
    db: &impl ConnectionTrait,
    select: Select<course::Entity>,
    limit: u64,
) -> Result<u64, DbErr> {
    let inner = select
        .select_only()
        .column(course::Column::Id)
        .limit(limit)
        .into_query();
    let count = Query::select()
        .expr_as(Expr::cust("COUNT(*)"), Alias::new("n"))
        .from_subquery(inner, Alias::new("m"))
        .to_owned();
    let row = db
        .query_one(db.get_database_backend().build(&count))
        .await?;
    let n: i64 = match row {
        Some(row) => row.try_get("", "n")?,
        None => 0,
    };
    Ok(u64::try_from(n).unwrap_or(0))
}

/// Makes `%`, `_` and `\` in typed text match themselves.
fn escape_like(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// One course as the public sees it: drafts are hidden (`None`).
pub async fn get_public(
    db: &impl ConnectionTrait,
    id: CourseId,
) -> Result<Option<CourseSummary>, CatalogError> {
    match public_row(db, id).await? {
        Some(m) => Ok(Some(with_its_waiting(db, m).await?)),
        None => Ok(None),
    }
}

/// A course's row unless it is a draft.
async fn public_row(
    db: &impl ConnectionTrait,
    id: CourseId,
) -> Result<Option<course::Model>, DbErr> {
    Ok(course::Entity::find_by_id(id.get())
        .one(db)
        .await?
        .filter(|m| m.status != CourseStatus::Draft))
}

/// A row as the catalog shows it, with how many wait.
async fn with_its_waiting(
    db: &impl ConnectionTrait,
    m: course::Model,
) -> Result<CourseSummary, CatalogError> {
    let mut course = [CourseSummary::try_from(m)?];
    with_waiting(db, &mut course).await?;
    let [course] = course;
    Ok(course)
}

/// Fills in how many wait on each course (one query for the lot).
pub async fn with_waiting(
    db: &impl ConnectionTrait,
    courses: &mut [CourseSummary],
) -> Result<(), DbErr> {
    let ids: Vec<i64> = courses.iter().map(|c| c.id.get()).collect();
    let counts = crate::service::waitlist::waiting_counts(db, &ids).await?;
    for c in courses.iter_mut() {
        c.waiting = counts.get(&c.id.get()).copied().unwrap_or(0);
    }
    Ok(())
}

/// A course's page as the public sees it (drafts are hidden): the course,
/// and for a full one the holds of people still paying, any of which may
/// free its seat.
pub async fn course_page(
    db: &impl ConnectionTrait,
    id: CourseId,
    refunds: &crate::service::cancel::RefundPolicy,
    now: DateTime<Utc>,
) -> Result<Option<CoursePage>, CatalogError> {
    let Some(row) = public_row(db, id).await? else {
        return Ok(None);
    };
    let other_runs = other_runs(db, &row, now).await?;
    let course = with_its_waiting(db, row).await?;
    let held_while_paying = if course.seats_left() == 0 {
        held_while_paying(db, id, now).await?
    } else {
        None
    };
    let meetings = crate::service::courses::meetings(db, id, &course.time_zone).await?;
    let instructors = crate::service::instructors::of_course(db, id).await?;
    Ok(Some(CoursePage {
        refund_until: course.starts_at - refunds.cutoff,
        course,
        held_while_paying,
        meetings,
        other_runs,
        instructors,
    }))
}

/// The same course as `this` on other dates that a person could still book
/// or wait for (published, not started), soonest first.
pub async fn other_runs(
    db: &impl ConnectionTrait,
    this: &course::Model,
    now: DateTime<Utc>,
) -> Result<Vec<CourseSummary>, CatalogError> {
    let first = this.first_run();
    let rows = course::Entity::find()
        .filter(
            Condition::any()
                .add(course::Column::Id.eq(first))
                .add(course::Column::RunOf.eq(first)),
        )
        .filter(course::Column::Id.ne(this.id))
        .filter(course::Column::Status.eq(CourseStatus::Published))
        .filter(course::Column::StartsAt.gt(now))
        .order_by_asc(course::Column::StartsAt)
        .all(db)
        .await?;
    let mut runs = rows
        .into_iter()
        .map(CourseSummary::try_from)
        .collect::<Result<Vec<_>, _>>()?;
    with_waiting(db, &mut runs).await?;
    Ok(runs)
}

/// Unpaid holds on a course that have not run out yet, soonest first.
async fn held_while_paying(
    db: &impl ConnectionTrait,
    id: CourseId,
    now: DateTime<Utc>,
) -> Result<Option<HeldWhilePaying>, DbErr> {
    let ends: Vec<Option<DateTime<Utc>>> = booking::Entity::find()
        .select_only()
        .column(booking::Column::HoldExpiresAt)
        .filter(booking::Column::CourseId.eq(id.get()))
        .filter(booking::Column::Status.eq(BookingStatus::PendingPayment))
        .filter(booking::Column::HoldExpiresAt.gt(now))
        .order_by_asc(booking::Column::HoldExpiresAt)
        .into_tuple()
        .all(db)
        .await?;
    let first_ends = ends.iter().flatten().next().copied();
    Ok(first_ends.map(|first_ends| HeldWhilePaying {
        seats: u32::try_from(ends.len()).unwrap_or(u32::MAX),
        first_ends,
    }))
}

/// The sitemap's courses: every published one not yet over, with when it
/// last changed; at most 50,000 (a sitemap's limit), soonest first.
pub async fn sitemap_entries(
    db: &impl sea_orm::ConnectionTrait,
    now: DateTime<Utc>,
) -> Result<Vec<(CourseId, DateTime<Utc>)>, DbErr> {
    let rows: Vec<(i64, DateTime<Utc>)> = course::Entity::find()
        .select_only()
        .column(course::Column::Id)
        .column(course::Column::UpdatedAt)
        .filter(course::Column::Status.eq(CourseStatus::Published))
        .filter(course::Column::EndsAt.gt(now))
        .order_by_asc(course::Column::StartsAt)
        .limit(50_000)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, at)| (CourseId(id), at))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::CatalogFilter;
    use sea_orm::DbBackend;

    /// The typed text reaches both databases as a bound value, its
    /// wildcards escaped.
    #[test]
    fn the_filter_is_a_bound_escaped_pattern_on_both_databases() {
        let q = CatalogQuery {
            filter: CatalogFilter::parse("50%_Off").expect("short"),
            ..Default::default()
        };
        for backend in [DbBackend::Postgres, DbBackend::Sqlite] {
            let statement = matching(&q, Utc::now()).build(backend);
            assert!(!statement.sql.contains("50"), "{}", statement.sql);
            let values = format!("{:?}", statement.values);
            // Three columns of the row, three of its course's other dates.
            assert_eq!(values.matches(r"%50\\%\\_off%").count(), 6, "{values}");
        }
    }
}

//! Reading the course catalog.

use crate::booking::BookingStatus;
use crate::catalog::{
    Boundary, COUNT_LIMIT, CatalogPage, CatalogQuery, CatalogSort, CatalogWhen, MatchCount,
    PAGE_SIZE, PageCursor, SearchWords,
};
use crate::course::{CoursePage, CourseStatus, CourseSummary, HeldWhilePaying};
use crate::entity::course::CorruptCourse;
use crate::entity::{booking, course, course_text, topic, waitlist_entry};
use crate::ids::CourseId;
use crate::venue::VenueZone;
use crate::waitlist::WaitlistStatus;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Alias, Expr, Func, Order, Query, SimpleExpr};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbBackend, DbErr, EntityTrait, FromQueryResult,
    QueryFilter, QueryOrder, QueryResult, QuerySelect, QueryTrait, Select,
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
/// stops after the page, so its cost stays flat as the table grows; words
/// are looked up in the full-text index, and a topic walks
/// `(topic_id, starts_at)`. Days are counted at `site_zone`.
pub async fn page(
    db: &impl ConnectionTrait,
    query: &CatalogQuery,
    now: DateTime<Utc>,
    site_zone: VenueZone,
) -> Result<CatalogPage, CatalogError> {
    let narrowing = Narrowing::of(query, db.get_database_backend(), now, site_zone);
    let matching = matching(query, &narrowing, now);
    // Next and Previous seek to their course; a page number alone counts.
    let boundary = match query.cursor {
        Some(PageCursor::After(at) | PageCursor::Before(at)) => {
            public_row(db, at.id).await?.map(|row| (row, at))
        }
        None => None,
    };
    let backwards = matches!(query.cursor, Some(PageCursor::Before(_))) && boundary.is_some();
    let order = sort_keys(query, boundary.as_ref().map(|(row, at)| (row, at)));
    let page = match &boundary {
        Some(_) => matching.clone().filter(beyond(&order, backwards)),
        None => matching.clone().offset(query.page.offset()),
    };
    // The page is chosen on ids and sort keys alone, and only its rows are
    // read whole, with their counts: a typed deep page no longer sorts
    // every earlier row whole (page 300 of 10,000: 2× the req/s,
    // docs/performance.md).
    let page_ids = ordered(page, order.clone(), backwards)
        .select_only()
        .column(course::Column::Id)
        .limit(u64::from(PAGE_SIZE) + 1)
        .into_query();
    let page_rows = course::Entity::find().filter(course::Column::Id.in_subquery(page_ids));
    let mut rows = ordered(page_rows, order, backwards)
        .column_as(waiting_count(), "waiting")
        .column_as(more_dates(now, narrowing.backend), "more_dates")
        .column_as(topic_name(), "topic_name")
        .into_model::<CourseWithWaiting>()
        .all(db)
        .await?;
    let more = rows.len() > PAGE_SIZE as usize;
    rows.truncate(PAGE_SIZE as usize);
    if backwards {
        rows.reverse();
    }
    // Reached backwards, the page it came from follows.
    let has_next = (more || backwards) && query.page.next().is_some();
    let courses = rows
        .into_iter()
        .map(|row| {
            let mut course = CourseSummary::try_from(row.course)?;
            course.waiting = u64::try_from(row.waiting).unwrap_or(0);
            course.more_dates = u16::try_from(row.more_dates).unwrap_or(u16::MAX);
            course.topic = row.topic_name;
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
    topic_name: Option<String>,
}

impl FromQueryResult for CourseWithWaiting {
    fn from_query_result(row: &QueryResult, prefix: &str) -> Result<Self, DbErr> {
        Ok(Self {
            course: course::Model::from_query_result(row, prefix)?,
            waiting: row.try_get(prefix, "waiting")?,
            more_dates: row.try_get(prefix, "more_dates")?,
            topic_name: row.try_get(prefix, "topic_name")?,
        })
    }
}

/// The other dates of the row's course that are open at `now` (published,
/// not started), as a query over `courses AS o` correlated with the row.
fn open_runs_beside(now: DateTime<Utc>, backend: DbBackend) -> sea_orm::sea_query::SelectStatement {
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
        .to_owned()
        .and_where(match backend {
            // SQLite, without statistics, would seek these dates through
            // the (status, starts_at) index, every open date once per
            // catalog row (200 ms at 1,000 courses); a unary + keeps the
            // index out, so it looks the course's dates up by run_of and
            // id instead (under 2 ms).
            DbBackend::Sqlite => Expr::cust_with_values(
                r#"+"o"."status" = ? AND +"o"."starts_at" > ?"#,
                [sea_orm::Value::from("published"), sea_orm::Value::from(now)],
            ),
            _ => Expr::col((o.clone(), course::Column::Status))
                .eq("published")
                .and(Expr::col((o, course::Column::StartsAt)).gt(now)),
        })
        .to_owned()
}

/// How many other dates of the row's course are open, as a column.
fn more_dates(now: DateTime<Utc>, backend: DbBackend) -> SimpleExpr {
    let count = open_runs_beside(now, backend)
        .expr(Expr::cust("COUNT(*)"))
        .to_owned();
    SimpleExpr::SubQuery(None, Box::new(count.into_sub_query_statement()))
}

/// Upcoming dates of one course are one card: the soonest open one that
/// matches the rest of the query, if any (the others are on its page). A
/// cancelled date shows only when no date of its course is open.
fn soonest_date_only(now: DateTime<Utc>, narrowing: &Narrowing) -> SimpleExpr {
    let o = "o";
    let earlier = open_runs_beside(now, narrowing.backend)
        .cond_where(narrowing.condition(o))
        .expr(Expr::val(1))
        .cond_where(
            Condition::any()
                .add(Expr::col((course::Entity, course::Column::Status)).eq("cancelled"))
                .add(
                    Expr::col((Alias::new(o), course::Column::StartsAt))
                        .lt(Expr::col((course::Entity, course::Column::StartsAt))),
                )
                .add(
                    Expr::col((Alias::new(o), course::Column::StartsAt))
                        .eq(Expr::col((course::Entity, course::Column::StartsAt)))
                        .and(
                            Expr::col((Alias::new(o), course::Column::Id))
                                .lt(Expr::col((course::Entity, course::Column::Id))),
                        ),
                ),
        )
        .to_owned();
    Expr::exists(earlier).not()
}

/// The name of the row's topic, as a column.
fn topic_name() -> SimpleExpr {
    let name = Query::select()
        .column((topic::Entity, topic::Column::Name))
        .from(topic::Entity)
        .and_where(
            Expr::col((topic::Entity, topic::Column::Id))
                .equals((course::Entity, course::Column::TopicId)),
        )
        .to_owned();
    SimpleExpr::SubQuery(None, Box::new(name.into_sub_query_statement()))
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

/// How the typed words are looked up.
#[derive(Debug, Clone)]
enum Search {
    /// An FTS5 query over `course_search` (SQLite).
    Fts5(String),
    /// A `tsquery` against the `search` column (PostgreSQL).
    TsQuery(String),
    /// Text without a letter or digit: nothing matches it.
    Nothing,
}

/// What narrows the list beyond the view, ready for SQL: the backend's
/// search, the instants the asked-for days begin and end.
#[derive(Debug, Clone)]
struct Narrowing {
    backend: DbBackend,
    search: Option<Search>,
    instructor: Option<crate::UserId>,
    topic: Option<String>,
    from: Option<DateTime<Utc>>,
    until: Option<DateTime<Utc>>,
    seats_left: bool,
}

impl Narrowing {
    fn of(
        query: &CatalogQuery,
        backend: DbBackend,
        now: DateTime<Utc>,
        site_zone: VenueZone,
    ) -> Narrowing {
        let search = (!query.filter.is_empty()).then(|| {
            let words = SearchWords::of(&query.filter);
            match backend {
                _ if words.is_empty() => Search::Nothing,
                DbBackend::Postgres => Search::TsQuery(words.tsquery()),
                _ => Search::Fts5(words.fts5()),
            }
        });
        let today = now.with_timezone(&site_zone.0).date_naive();
        let (first, last) = query.dates.span(today);
        // A day begins at its first instant at the site: midnight, or
        // whenever the clocks jump to after it.
        let begins = |day: NaiveDate| {
            (0..3).find_map(|hour| {
                day.and_hms_opt(hour, 0, 0)
                    .and_then(|t| site_zone.instant(t))
            })
        };
        Narrowing {
            backend,
            search,
            instructor: query.instructor,
            topic: query.topic.as_ref().map(|t| t.as_str().to_owned()),
            from: first.and_then(begins),
            until: last.and_then(|d| d.succ_opt()).and_then(begins),
            seats_left: query.seats_left,
        }
    }

    /// The narrowing as a condition on the row of `table` (`courses`, or
    /// an alias of it).
    fn condition(&self, table: &'static str) -> Condition {
        let t = || Alias::new(table);
        let mut all = Condition::all();
        match &self.search {
            None => {}
            // Its own text, or its text in another language.
            Some(Search::Fts5(words)) => {
                let hits = Query::select()
                    .expr(Expr::cust("rowid"))
                    .from(Alias::new("course_search"))
                    .and_where(Expr::cust_with_values(
                        "course_search MATCH ?",
                        [words.clone()],
                    ))
                    .to_owned();
                let other_languages = Query::select()
                    .expr(Expr::cust("course_id"))
                    .from(Alias::new("course_text_search"))
                    .and_where(Expr::cust_with_values(
                        "course_text_search MATCH ?",
                        [words.clone()],
                    ))
                    .to_owned();
                all = all.add(
                    Condition::any()
                        .add(Expr::col((t(), course::Column::Id)).in_subquery(hits))
                        .add(Expr::col((t(), course::Column::Id)).in_subquery(other_languages)),
                );
            }
            Some(Search::TsQuery(words)) => {
                let other_languages = Query::select()
                    .column(course_text::Column::CourseId)
                    .from(course_text::Entity)
                    .and_where(Expr::cust_with_values(
                        "\"search\" @@ to_tsquery('simple', $1)",
                        [words.clone()],
                    ))
                    .to_owned();
                all = all.add(
                    Condition::any()
                        .add(Expr::cust_with_values(
                            format!(r#""{table}"."search" @@ to_tsquery('simple', $1)"#),
                            [words.clone()],
                        ))
                        .add(Expr::col((t(), course::Column::Id)).in_subquery(other_languages)),
                );
            }
            Some(Search::Nothing) => all = all.add(Expr::cust("1 = 0")),
        }
        if let Some(who) = self.instructor {
            all = all.add(Expr::col((t(), course::Column::Id)).in_subquery(taught_by(who)));
        }
        if let Some(slug) = &self.topic {
            let id = Query::select()
                .column(topic::Column::Id)
                .from(topic::Entity)
                .and_where(topic::Column::Slug.eq(slug.as_str()))
                .to_owned();
            all = all.add(Expr::col((t(), course::Column::TopicId)).in_subquery(id));
        }
        if let Some(from) = self.from {
            all = all.add(Expr::col((t(), course::Column::StartsAt)).gte(from));
        }
        if let Some(until) = self.until {
            all = all.add(Expr::col((t(), course::Column::StartsAt)).lt(until));
        }
        if self.seats_left {
            all = all
                .add(Expr::col((t(), course::Column::Status)).eq("published"))
                .add(
                    Expr::col((t(), course::Column::SeatsHeld))
                        .lt(Expr::col((t(), course::Column::Capacity))),
                );
        }
        all
    }
}

/// The public courses a query asks for, in no particular order.
fn matching(
    query: &CatalogQuery,
    narrowing: &Narrowing,
    now: DateTime<Utc>,
) -> Select<course::Entity> {
    let select = course::Entity::find()
        .filter(course::Column::Status.is_in([CourseStatus::Published, CourseStatus::Cancelled]));
    let select = match query.when {
        CatalogWhen::Upcoming => select
            .filter(course::Column::StartsAt.gt(now))
            .filter(soonest_date_only(now, narrowing)),
        CatalogWhen::Past => select.filter(course::Column::StartsAt.lte(now)),
    };
    select.filter(narrowing.condition("courses"))
}

/// One key of the catalog's order: how the database computes it, its
/// direction, and its value on the course a page starts beside (computed
/// the same way here, to seek past that course).
#[derive(Clone)]
struct SortKey {
    expr: SimpleExpr,
    order: Order,
    value: Option<sea_orm::Value>,
}

/// The keys the catalog is ordered by, with their values on `row`:
/// bookable first (upcoming view, other orders than by date), then the
/// chosen order; the start and the id settle ties so that pages never
/// overlap.
fn sort_keys(query: &CatalogQuery, row: Option<(&course::Model, &Boundary)>) -> Vec<SortKey> {
    let key = |expr: SimpleExpr,
               order: Order,
               value: &dyn Fn(&course::Model, &Boundary) -> sea_orm::Value| SortKey {
        expr,
        order,
        value: row.map(|(r, at)| value(r, at)),
    };
    let col = |c: course::Column| -> SimpleExpr { Expr::col((course::Entity, c)).into() };
    let flag = |yes: bool| sea_orm::Value::from(i32::from(yes));
    let by_date = match query.when {
        CatalogWhen::Upcoming => Order::Asc,
        CatalogWhen::Past => Order::Desc,
    };
    let mut keys = Vec::new();
    if query.when == CatalogWhen::Upcoming && query.sort != CatalogSort::Date {
        keys.push(key(
            Expr::cust(
                "CASE WHEN status = 'cancelled' OR seats_held >= capacity THEN 1 ELSE 0 END",
            ),
            Order::Asc,
            // As the page showed it: a seat booked since moves the course.
            &|r, at| {
                flag(
                    at.full.unwrap_or(
                        r.status == CourseStatus::Cancelled || r.seats_held >= r.capacity,
                    ),
                )
            },
        ));
    }
    match query.sort {
        CatalogSort::Date => {}
        // Amounts in different currencies are not comparable without
        // exchange rates: free courses first, then by currency, then amount.
        CatalogSort::PriceAsc => {
            keys.push(key(
                Expr::cust("CASE WHEN price = 0 THEN 0 ELSE 1 END"),
                Order::Asc,
                &|r, _| flag(r.price != 0),
            ));
            keys.push(key(col(course::Column::Currency), Order::Asc, &|r, _| {
                r.currency.code().into()
            }));
            keys.push(key(col(course::Column::Price), Order::Asc, &|r, _| {
                r.price.into()
            }));
        }
        CatalogSort::PriceDesc => {
            keys.push(key(
                Expr::cust("CASE WHEN price = 0 THEN 1 ELSE 0 END"),
                Order::Asc,
                &|r, _| flag(r.price == 0),
            ));
            keys.push(key(col(course::Column::Currency), Order::Asc, &|r, _| {
                r.currency.code().into()
            }));
            keys.push(key(col(course::Column::Price), Order::Desc, &|r, _| {
                r.price.into()
            }));
        }
        CatalogSort::Seats => keys.push(key(
            Expr::cust("capacity - seats_held"),
            Order::Desc,
            &|r, at| i64::from(at.seats_left.unwrap_or(r.capacity - r.seats_held)).into(),
        )),
    }
    keys.push(key(
        col(course::Column::StartsAt),
        by_date.clone(),
        &|r, _| r.starts_at.into(),
    ));
    keys.push(key(col(course::Column::Id), by_date, &|r, _| r.id.into()));
    keys
}

/// Orders `select` by `keys`, or against them when `backwards`.
fn ordered(
    select: Select<course::Entity>,
    keys: Vec<SortKey>,
    backwards: bool,
) -> Select<course::Entity> {
    keys.into_iter().fold(select, |select, k| {
        let order = match (k.order, backwards) {
            (Order::Asc, true) => Order::Desc,
            (Order::Desc, true) => Order::Asc,
            (order, _) => order,
        };
        select.order_by(k.expr, order)
    })
}

/// The rows that come after (or, `backwards`, before) the row whose key
/// values `keys` hold, in the keys' order.
fn beyond(keys: &[SortKey], backwards: bool) -> Condition {
    let forwards = |k: &SortKey| {
        matches!(
            (&k.order, backwards),
            (Order::Asc, false) | (Order::Desc, true)
        )
    };
    let value = |k: &SortKey| k.value.clone().unwrap_or(sea_orm::Value::Int(None));
    let mut any = Condition::any();
    for (i, k) in keys.iter().enumerate() {
        let mut tie_then_later = Condition::all();
        for earlier in &keys[..i] {
            tie_then_later =
                tie_then_later.add(Expr::expr(earlier.expr.clone()).eq(value(earlier)));
        }
        let later = if forwards(k) {
            Expr::expr(k.expr.clone()).gt(value(k))
        } else {
            Expr::expr(k.expr.clone()).lt(value(k))
        };
        any = any.add(tie_then_later.add(later));
    }
    // The first key bounds the range on its own too, which an index on it
    // can seek to.
    let mut all = Condition::all().add(any);
    if let Some(first) = keys.first() {
        let bound = Expr::expr(first.expr.clone());
        all = all.add(if forwards(first) {
            bound.gte(value(first))
        } else {
            bound.lte(value(first))
        });
    }
    all
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
        share_image: None,
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

    /// The typed words reach both databases as a bound value, never as
    /// SQL text.
    #[test]
    fn the_words_are_bound_values_on_both_databases() {
        let q = CatalogQuery {
            filter: CatalogFilter::parse("50%_Off'; --").expect("short"),
            ..Default::default()
        };
        let now = Utc::now();
        let zone = VenueZone::stored("Europe/Berlin");
        for (backend, bound) in [
            (DbBackend::Postgres, "50:* & off:*"),
            (DbBackend::Sqlite, r#""50"* "off"*"#),
        ] {
            let n = Narrowing::of(&q, backend, now, zone);
            let statement = matching(&q, &n, now).build(backend);
            assert!(!statement.sql.contains("50"), "{}", statement.sql);
            assert!(!statement.sql.contains("off"), "{}", statement.sql);
            let values = format!("{:?}", statement.values);
            // The row, and its course's other dates: each in its own
            // words and in its other languages'.
            let bound = format!("{bound:?}");
            assert_eq!(values.matches(bound.as_str()).count(), 4, "{values}");
        }
    }
}

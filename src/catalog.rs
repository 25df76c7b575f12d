//! What a visitor asks of the catalog (filter text, order, upcoming or past,
//! which page) and the page they get back. The query lives in the URL
//! (`/courses?q=knife&sort=price-asc&page=2`), so Back, reload and shared
//! links keep it; the server filters, orders and pages in SQL.

use crate::course::CourseSummary;
use crate::i18n::{Lang, format};
use crate::topic::TopicSlug;
use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};

/// Courses per catalog page (a multiple of the two- and three-column grids).
pub const PAGE_SIZE: u32 = 24;

/// Matching courses are counted up to this many; beyond it the page says
/// "1,000+", so counting stays as cheap as the page however large the table.
pub const COUNT_LIMIT: u64 = 1_000;

/// Pages beyond this are not served (nobody pages 50,000 courses deep; the
/// bound keeps `OFFSET` cheap).
pub const MAX_PAGE: u32 = 1_000;

/// How the catalog is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CatalogSort {
    /// Soonest first (past courses: most recent first).
    #[default]
    Date,
    /// Cheapest first, within each currency (free courses first of all).
    PriceAsc,
    /// Most expensive first, within each currency.
    PriceDesc,
    /// Most seats left first.
    Seats,
}

impl CatalogSort {
    /// Every order, as the menu offers them.
    pub const ALL: [CatalogSort; 4] = [
        CatalogSort::Date,
        CatalogSort::PriceAsc,
        CatalogSort::PriceDesc,
        CatalogSort::Seats,
    ];

    /// Its value in the URL and the form.
    pub fn as_param(self) -> &'static str {
        match self {
            CatalogSort::Date => "date",
            CatalogSort::PriceAsc => "price-asc",
            CatalogSort::PriceDesc => "price-desc",
            CatalogSort::Seats => "seats",
        }
    }

    /// Its label in the menu.
    pub fn label(self, lang: Lang) -> String {
        crate::t!(
            lang,
            match self {
                CatalogSort::Date => "catalog-sort-date",
                CatalogSort::PriceAsc => "catalog-sort-price-asc",
                CatalogSort::PriceDesc => "catalog-sort-price-desc",
                CatalogSort::Seats => "catalog-sort-seats",
            }
        )
    }

    /// The order a URL value names; anything else is the default.
    pub fn from_param(value: &str) -> CatalogSort {
        CatalogSort::ALL
            .into_iter()
            .find(|s| s.as_param() == value)
            .unwrap_or_default()
    }
}

/// Courses still to come, or ones that have started.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CatalogWhen {
    /// Not started yet (the default view).
    #[default]
    Upcoming,
    /// Already started or over.
    Past,
}

/// Filter text: trimmed, at most [`CatalogFilter::MAX_CHARS`] characters.
/// Empty means no filter.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CatalogFilter(String);

/// Filter text no course could match. Its `Display` says why, in the
/// language of the request being answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BadFilter {
    /// Longer than any title, place or topic could need.
    TooLong,
    /// Control characters (U+0000 above all: PostgreSQL cannot take it).
    ControlCharacters,
}

impl std::fmt::Display for BadFilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let id = match self {
            BadFilter::TooLong => "catalog-filter-too-long",
            BadFilter::ControlCharacters => "catalog-filter-control-characters",
        };
        f.write_str(&crate::inputs::in_words_with(
            id,
            &[("max", CatalogFilter::MAX_CHARS)],
        ))
    }
}

impl std::error::Error for BadFilter {}

impl CatalogFilter {
    /// The longest filter accepted.
    pub const MAX_CHARS: usize = 100;

    /// Parses filter text as typed.
    pub fn parse(input: &str) -> Result<CatalogFilter, BadFilter> {
        let text = input.trim();
        if text.chars().count() > Self::MAX_CHARS {
            return Err(BadFilter::TooLong);
        }
        if text.chars().any(char::is_control) {
            return Err(BadFilter::ControlCharacters);
        }
        Ok(CatalogFilter(text.to_owned()))
    }

    /// Filter text from a URL, control characters dropped and cut to the
    /// limit rather than refused (a link should still open a page).
    pub fn from_url(input: &str) -> CatalogFilter {
        let text: String = input.chars().filter(|c| !c.is_control()).collect();
        CatalogFilter(text.trim().chars().take(Self::MAX_CHARS).collect())
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether there is nothing to filter by.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl TryFrom<String> for CatalogFilter {
    type Error = BadFilter;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        CatalogFilter::parse(&s)
    }
}

impl From<CatalogFilter> for String {
    fn from(f: CatalogFilter) -> String {
        f.0
    }
}

/// A page number from 1 to [`MAX_PAGE`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub struct PageNumber(u32);

/// A page number of 0 or beyond [`MAX_PAGE`]. Its `Display` says so, in
/// the language of the request being answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoSuchPage;

impl std::fmt::Display for NoSuchPage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::inputs::in_words_with(
            "catalog-page-range",
            &[("max", MAX_PAGE as usize)],
        ))
    }
}

impl std::error::Error for NoSuchPage {}

impl PageNumber {
    /// The first page.
    pub const FIRST: PageNumber = PageNumber(1);

    /// Page `n`, if it can exist.
    pub fn new(n: u32) -> Result<PageNumber, NoSuchPage> {
        if (1..=MAX_PAGE).contains(&n) {
            Ok(PageNumber(n))
        } else {
            Err(NoSuchPage)
        }
    }

    /// The number (from 1).
    pub fn get(self) -> u32 {
        self.0
    }

    /// Courses before this page.
    pub fn offset(self) -> u64 {
        self.offset_of(PAGE_SIZE)
    }

    /// Rows before this page, for pages of `size` rows.
    pub fn offset_of(self, size: u32) -> u64 {
        u64::from(self.0 - 1) * u64::from(size)
    }

    /// The page of `size` rows that holds the last of `rows` (the first
    /// when there are none), so a page past the end shows the last one.
    pub fn last_of(rows: u64, size: u32) -> PageNumber {
        let pages = rows
            .div_ceil(u64::from(size.max(1)))
            .clamp(1, u64::from(MAX_PAGE));
        PageNumber(u32::try_from(pages).unwrap_or(MAX_PAGE))
    }

    /// The next page, if there can be one.
    pub fn next(self) -> Option<PageNumber> {
        PageNumber::new(self.0 + 1).ok()
    }

    /// The page before, unless this is the first.
    pub fn previous(self) -> Option<PageNumber> {
        PageNumber::new(self.0 - 1).ok()
    }
}

impl Default for PageNumber {
    fn default() -> Self {
        PageNumber::FIRST
    }
}

impl TryFrom<u32> for PageNumber {
    type Error = NoSuchPage;
    fn try_from(n: u32) -> Result<Self, Self::Error> {
        PageNumber::new(n)
    }
}

impl From<PageNumber> for u32 {
    fn from(p: PageNumber) -> u32 {
        p.0
    }
}

/// The words a filter text searches for: what is left of it after
/// everything but letters and digits is taken as a gap, lower-cased, at
/// most [`SearchWords::MOST`]. Each finds words that begin with it, and a
/// course must hold them all ("knife sk" finds "Japanese Knife Skills").
/// Only letters and digits reach the database's query syntax.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchWords(Vec<String>);

impl SearchWords {
    pub const MOST: usize = 8;

    pub fn of(filter: &CatalogFilter) -> SearchWords {
        SearchWords(
            filter
                .as_str()
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase)
                .take(Self::MOST)
                .collect(),
        )
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// As an SQLite FTS5 query: `"knife"* "sk"*`.
    pub fn fts5(&self) -> String {
        let words: Vec<String> = self.0.iter().map(|w| format!("\"{w}\"*")).collect();
        words.join(" ")
    }

    /// As a PostgreSQL `tsquery`: `knife:* & sk:*`.
    pub fn tsquery(&self) -> String {
        let words: Vec<String> = self.0.iter().map(|w| format!("{w}:*")).collect();
        words.join(" & ")
    }
}

/// Which days a visitor asks for. Days are counted at the site's clock
/// (`SITE_TIME_ZONE`); "this week" runs from today to Sunday and "this
/// month" from today to its last day, so a shared link means the same
/// days to everyone who opens it on the same day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CatalogDates {
    #[default]
    Any,
    ThisWeek,
    ThisMonth,
    /// From and to (both days included), either open.
    Between {
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    },
}

impl CatalogDates {
    /// The choices of the menu, with their URL value and label.
    /// The named spans: their value in a URL and their label's message.
    pub const PRESETS: [(&'static str, &'static str); 3] = [
        ("", "catalog-any-date"),
        ("this-week", "catalog-this-week"),
        ("this-month", "catalog-this-month"),
    ];

    /// Reads `dates`, `from` and `to` from a URL; a named span wins over
    /// days, days out of order are put in order, and anything unreadable
    /// is left out.
    pub fn from_url(dates: Option<&str>, from: Option<&str>, to: Option<&str>) -> CatalogDates {
        // Years a database stores (PostgreSQL refuses some that chrono reads).
        let day = |v: Option<&str>| {
            v.and_then(|v| NaiveDate::parse_from_str(v, "%Y-%m-%d").ok())
                .filter(|d| (1900..=9999).contains(&d.year()))
        };
        match dates {
            Some("this-week") => CatalogDates::ThisWeek,
            Some("this-month") => CatalogDates::ThisMonth,
            _ => CatalogDates::between(day(from), day(to)),
        }
    }

    /// The days from `from` to `to`, in order.
    pub fn between(from: Option<NaiveDate>, to: Option<NaiveDate>) -> CatalogDates {
        match (from, to) {
            (None, None) => CatalogDates::Any,
            (Some(a), Some(b)) if b < a => CatalogDates::Between {
                from: Some(b),
                to: Some(a),
            },
            (from, to) => CatalogDates::Between { from, to },
        }
    }

    /// The menu value: a named span, or none.
    pub fn preset(self) -> &'static str {
        match self {
            CatalogDates::ThisWeek => "this-week",
            CatalogDates::ThisMonth => "this-month",
            _ => "",
        }
    }

    /// The chosen days, for the date fields.
    pub fn days(self) -> (Option<NaiveDate>, Option<NaiveDate>) {
        match self {
            CatalogDates::Between { from, to } => (from, to),
            _ => (None, None),
        }
    }

    /// The first and last day asked for, seen from `today`.
    pub fn span(self, today: NaiveDate) -> (Option<NaiveDate>, Option<NaiveDate>) {
        match self {
            CatalogDates::Any => (None, None),
            CatalogDates::ThisWeek => {
                let to_sunday = 6 - u64::from(today.weekday().num_days_from_monday());
                (Some(today), today.checked_add_days(Days::new(to_sunday)))
            }
            CatalogDates::ThisMonth => {
                let next_month = if today.month() == 12 {
                    NaiveDate::from_ymd_opt(today.year() + 1, 1, 1)
                } else {
                    NaiveDate::from_ymd_opt(today.year(), today.month() + 1, 1)
                };
                (Some(today), next_month.and_then(|d| d.pred_opt()))
            }
            CatalogDates::Between { from, to } => (from, to),
        }
    }
}

/// The topic, days and seats of a query as the catalog's server function
/// carries them: the URL's own parameters, read the way a link is.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CatalogNarrowing {
    #[serde(default)]
    pub topic: String,
    #[serde(default)]
    pub dates: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub seats: String,
    #[serde(default)]
    pub after: String,
    #[serde(default)]
    pub before: String,
}

impl CatalogNarrowing {
    pub fn of(query: &CatalogQuery) -> CatalogNarrowing {
        let (from, to) = query.dates.days();
        CatalogNarrowing {
            topic: query
                .topic
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            dates: query.dates.preset().to_owned(),
            from: from.map(|d| d.to_string()).unwrap_or_default(),
            to: to.map(|d| d.to_string()).unwrap_or_default(),
            seats: if query.seats_left { "left" } else { "" }.to_owned(),
            after: match query.cursor {
                Some(PageCursor::After(at)) => at.to_string(),
                _ => String::new(),
            },
            before: match query.cursor {
                Some(PageCursor::Before(at)) => at.to_string(),
                _ => String::new(),
            },
        }
    }

    /// Sets `query`'s topic, days and seats from these.
    pub fn apply(&self, query: &mut CatalogQuery) {
        let some = |v: &str| Some(v.to_owned()).filter(|v| !v.is_empty());
        let (topic, dates, from, to, seats) = (
            some(&self.topic),
            some(&self.dates),
            some(&self.from),
            some(&self.to),
            some(&self.seats),
        );
        let narrowed = CatalogQuery::from_url(|k| match k {
            "topic" => topic.as_deref(),
            "dates" => dates.as_deref(),
            "from" => from.as_deref(),
            "to" => to.as_deref(),
            "seats" => seats.as_deref(),
            _ => None,
        });
        query.topic = narrowed.topic;
        query.dates = narrowed.dates;
        query.seats_left = narrowed.seats_left;
        let taken = std::mem::take(query);
        *query = taken.with_cursor_from(
            Some(self.after.as_str()).filter(|v| !v.is_empty()),
            Some(self.before.as_str()).filter(|v| !v.is_empty()),
        );
    }
}

/// Where a page starts: right after the course that ended the page before
/// (Next), or right before the one that began the page after (Previous).
/// The database then seeks to it by the order's own keys instead of
/// counting past every earlier course, so page 300 costs what page 2 does.
/// A page number alone (typed, or an old link) still counts its way there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PageCursor {
    After(Boundary),
    Before(Boundary),
}

/// The course a page starts beside, with what bookings change of its
/// place in the order as it was shown: whether it was full, and its seats
/// left (orders other than by date). A seat booked meanwhile then moves
/// the course, not the page. In a URL: `77`, or `77.0.5`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Boundary {
    pub id: crate::CourseId,
    pub full: Option<bool>,
    pub seats_left: Option<i32>,
}

impl Boundary {
    /// `course` as the boundary of a page in `sort`'s order.
    pub fn of(course: &CourseSummary, sort: CatalogSort) -> Boundary {
        let by_date = sort == CatalogSort::Date;
        Boundary {
            id: course.id,
            full: (!by_date).then(|| {
                course.status == crate::CourseStatus::Cancelled
                    || course.seats_held >= course.capacity
            }),
            seats_left: (!by_date).then(|| course.capacity - course.seats_held),
        }
    }

    fn parse(raw: &str) -> Option<Boundary> {
        let mut parts = raw.split('.');
        let id = parts
            .next()?
            .parse::<i64>()
            .ok()
            .filter(|id| *id > 0)
            .map(crate::CourseId)?;
        let (full, seats_left) = match (parts.next(), parts.next(), parts.next()) {
            (None, _, _) => (None, None),
            (Some(full), Some(seats), None) => (
                Some(match full {
                    "0" => false,
                    "1" => true,
                    _ => return None,
                }),
                Some(
                    seats
                        .parse::<i32>()
                        .ok()
                        .filter(|n| (0..=100_000).contains(n))?,
                ),
            ),
            _ => return None,
        };
        Some(Boundary {
            id,
            full,
            seats_left,
        })
    }
}

impl std::fmt::Display for Boundary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.full, self.seats_left) {
            (Some(full), Some(seats)) => write!(f, "{}.{}.{seats}", self.id, u8::from(full)),
            _ => write!(f, "{}", self.id),
        }
    }
}

/// One request for catalog courses.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct CatalogQuery {
    /// Text to find in the title, description or place.
    pub filter: CatalogFilter,
    pub sort: CatalogSort,
    /// Upcoming or past courses.
    pub when: CatalogWhen,
    pub page: PageNumber,
    /// Only the courses this instructor teaches.
    #[serde(default)]
    pub instructor: Option<crate::UserId>,
    /// Only courses filed under this topic.
    #[serde(default)]
    pub topic: Option<TopicSlug>,
    /// Only courses starting on these days.
    #[serde(default)]
    pub dates: CatalogDates,
    /// Only courses with a seat left to book.
    #[serde(default)]
    pub seats_left: bool,
    /// Where the page starts, when reached by Next or Previous.
    #[serde(default)]
    pub cursor: Option<PageCursor>,
}

impl CatalogQuery {
    /// Reads the query from URL parameters (`q`, `sort`, `when`, `page`).
    /// A link is never refused: unknown values fall back to the default.
    pub fn from_url<'a>(param: impl Fn(&str) -> Option<&'a str>) -> CatalogQuery {
        CatalogQuery {
            filter: param("q").map(CatalogFilter::from_url).unwrap_or_default(),
            sort: param("sort")
                .map(CatalogSort::from_param)
                .unwrap_or_default(),
            when: match param("when") {
                Some("past") => CatalogWhen::Past,
                _ => CatalogWhen::Upcoming,
            },
            page: param("page")
                .and_then(|p| p.parse::<u32>().ok())
                .and_then(|n| PageNumber::new(n).ok())
                .unwrap_or_default(),
            instructor: param("instructor")
                .and_then(|p| p.parse::<i64>().ok())
                .filter(|id| *id > 0)
                .map(crate::UserId),
            topic: param("topic").and_then(|t| TopicSlug::parse(t).ok()),
            dates: CatalogDates::from_url(param("dates"), param("from"), param("to")),
            seats_left: matches!(param("seats"), Some("left")),
            cursor: None,
        }
        .with_cursor_from(param("after"), param("before"))
    }

    /// The cursor `after` or `before` name, on a page past the first.
    fn with_cursor_from(mut self, after: Option<&str>, before: Option<&str>) -> CatalogQuery {
        let id = |v: Option<&str>| v.and_then(Boundary::parse);
        self.cursor = match (id(after), id(before)) {
            _ if self.page == PageNumber::FIRST => None,
            (Some(id), _) => Some(PageCursor::After(id)),
            (None, Some(id)) => Some(PageCursor::Before(id)),
            (None, None) => None,
        };
        self
    }

    /// The page after this one, which starts after `last`.
    pub fn next_page(&self, last: &CourseSummary) -> Option<CatalogQuery> {
        Some(CatalogQuery {
            page: self.page.next()?,
            cursor: Some(PageCursor::After(Boundary::of(last, self.sort))),
            ..self.clone()
        })
    }

    /// The page before this one, which ends before `first`.
    pub fn previous_page(&self, first: &CourseSummary) -> Option<CatalogQuery> {
        let page = self.page.previous()?;
        Some(CatalogQuery {
            page,
            cursor: (page != PageNumber::FIRST)
                .then_some(PageCursor::Before(Boundary::of(first, self.sort))),
            ..self.clone()
        })
    }

    /// Whether anything narrows the list beyond the upcoming/past view.
    pub fn narrowed(&self) -> bool {
        !self.filter.is_empty()
            || self.topic.is_some()
            || self.dates != CatalogDates::Any
            || self.seats_left
    }

    /// The same query on another page, counted from the first.
    pub fn on_page(&self, page: PageNumber) -> CatalogQuery {
        CatalogQuery {
            page,
            cursor: None,
            ..self.clone()
        }
    }

    /// `/courses` with this query, defaults left out.
    pub fn href(&self) -> String {
        let mut params: Vec<(&str, String)> = Vec::new();
        if !self.filter.is_empty() {
            params.push(("q", encode(self.filter.as_str())));
        }
        if self.sort != CatalogSort::Date {
            params.push(("sort", self.sort.as_param().to_owned()));
        }
        if self.when == CatalogWhen::Past {
            params.push(("when", "past".to_owned()));
        }
        if let Some(id) = self.instructor {
            params.push(("instructor", id.get().to_string()));
        }
        if let Some(topic) = &self.topic {
            params.push(("topic", topic.to_string()));
        }
        match self.dates {
            CatalogDates::Any => {}
            CatalogDates::ThisWeek | CatalogDates::ThisMonth => {
                params.push(("dates", self.dates.preset().to_owned()))
            }
            CatalogDates::Between { from, to } => {
                if let Some(from) = from {
                    params.push(("from", from.to_string()));
                }
                if let Some(to) = to {
                    params.push(("to", to.to_string()));
                }
            }
        }
        if self.seats_left {
            params.push(("seats", "left".to_owned()));
        }
        if self.page != PageNumber::FIRST {
            params.push(("page", self.page.get().to_string()));
            match self.cursor {
                Some(PageCursor::After(at)) => params.push(("after", at.to_string())),
                Some(PageCursor::Before(at)) => params.push(("before", at.to_string())),
                None => {}
            }
        }
        let query: Vec<String> = params
            .into_iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        if query.is_empty() {
            "/courses".to_owned()
        } else {
            format!("/courses?{}", query.join("&"))
        }
    }
}

/// Percent-encodes text for a query string (unreserved characters stay).
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(byte))
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// How many courses match, as far as they were counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MatchCount {
    /// Exactly this many.
    Exactly(u64),
    /// More than [`COUNT_LIMIT`].
    MoreThan(u64),
}

impl MatchCount {
    /// "1 course", "24 courses", "1,000+ courses" ("1.000+ Kurse").
    pub fn text(self, lang: Lang) -> String {
        match self {
            MatchCount::Exactly(n) => crate::t!(
                lang,
                "catalog-count",
                count = n,
                shown = format::number(lang, n)
            ),
            MatchCount::MoreThan(n) => {
                crate::t!(lang, "catalog-count-more", shown = format::number(lang, n))
            }
        }
    }
}

/// One page of the catalog.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CatalogPage {
    /// The courses on this page, in order.
    pub courses: Vec<CourseSummary>,
    /// How many match the query in all.
    pub matching: MatchCount,
    /// Whether a next page has courses.
    pub has_next: bool,
    /// The name of the instructor the query asks for, when they teach.
    #[serde(default)]
    pub taught_by: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn query(pairs: &[(&str, &str)]) -> CatalogQuery {
        let map: HashMap<&str, &str> = pairs.iter().copied().collect();
        CatalogQuery::from_url(|k| map.get(k).copied())
    }

    #[test]
    fn a_url_round_trips_through_the_query() {
        let q = query(&[
            ("q", "  knife & fork "),
            ("sort", "price-desc"),
            ("when", "past"),
            ("page", "3"),
        ]);
        assert_eq!(q.filter.as_str(), "knife & fork");
        assert_eq!(q.sort, CatalogSort::PriceDesc);
        assert_eq!(q.when, CatalogWhen::Past);
        assert_eq!(q.page.get(), 3);
        assert_eq!(
            q.href(),
            "/courses?q=knife+%26+fork&sort=price-desc&when=past&page=3"
        );
        assert_eq!(CatalogQuery::default().href(), "/courses");
    }

    #[test]
    fn odd_urls_open_the_default_page_instead_of_failing() {
        for (k, v) in [
            ("page", "0"),
            ("page", "-1"),
            ("page", "1001"),
            ("page", "x"),
            ("sort", "DROP TABLE"),
            ("when", "tomorrow"),
        ] {
            assert_eq!(query(&[(k, v)]), CatalogQuery::default(), "{k}={v}");
        }
        let long = "é".repeat(500);
        assert_eq!(query(&[("q", &long)]).filter.as_str().chars().count(), 100);
        assert_eq!(query(&[("q", "a\u{0}b\n")]).filter.as_str(), "ab");
    }

    #[test]
    fn a_request_with_an_impossible_filter_or_page_is_refused() {
        let too_long = format!(
            r#"{{"filter":"{}","sort":"date","when":"upcoming","page":1}}"#,
            "a".repeat(101)
        );
        assert!(serde_json::from_str::<CatalogQuery>(&too_long).is_err());
        let nul = r#"{"filter":"a\u0000b","sort":"date","when":"upcoming","page":1}"#;
        assert!(serde_json::from_str::<CatalogQuery>(nul).is_err());
        let page_zero = r#"{"filter":"","sort":"date","when":"upcoming","page":0}"#;
        assert!(serde_json::from_str::<CatalogQuery>(page_zero).is_err());
        let fine = r#"{"filter":" yoga ","sort":"seats","when":"past","page":2}"#;
        let q: CatalogQuery = serde_json::from_str(fine).expect("valid");
        assert_eq!(q.filter.as_str(), "yoga");
    }

    #[test]
    fn topic_days_and_seats_round_trip_through_the_url() {
        let q = query(&[
            ("topic", "cooking"),
            ("from", "2026-12-20"),
            ("to", "2026-12-01"),
            ("seats", "left"),
        ]);
        assert_eq!(q.topic.as_ref().map(TopicSlug::as_str), Some("cooking"));
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        assert_eq!(
            q.dates,
            CatalogDates::Between {
                from: day("2026-12-01"),
                to: day("2026-12-20")
            },
            "days out of order are put in order"
        );
        assert!(q.seats_left && q.narrowed());
        assert_eq!(
            q.href(),
            "/courses?topic=cooking&from=2026-12-01&to=2026-12-20&seats=left"
        );
        let week = query(&[("dates", "this-week"), ("from", "2026-01-01")]);
        assert_eq!(week.dates, CatalogDates::ThisWeek, "a named span wins");
        assert_eq!(week.href(), "/courses?dates=this-week");
        for (k, v) in [
            ("topic", "Cooking"),
            ("topic", "../x"),
            ("from", "yesterday"),
            ("to", "2026-02-30"),
            ("dates", "someday"),
            ("from", "-5000-01-01"),
            ("to", "+20000-01-01"),
            ("seats", "1"),
        ] {
            assert_eq!(query(&[(k, v)]), CatalogQuery::default(), "{k}={v}");
        }
    }

    #[test]
    fn next_and_previous_carry_where_the_page_starts() {
        let at = |id: i64, full: Option<bool>, seats_left: Option<i32>| Boundary {
            id: crate::CourseId(id),
            full,
            seats_left,
        };
        let q = query(&[("page", "3"), ("after", "77"), ("q", "clay")]);
        assert_eq!(q.cursor, Some(PageCursor::After(at(77, None, None))));
        assert_eq!(q.href(), "/courses?q=clay&page=3&after=77");
        let seats = query(&[("page", "2"), ("sort", "seats"), ("before", "8.1.0")]);
        assert_eq!(
            seats.cursor,
            Some(PageCursor::Before(at(8, Some(true), Some(0))))
        );
        assert_eq!(seats.href(), "/courses?sort=seats&page=2&before=8.1.0");
        // A cursor on page 1, or a bad one, is dropped.
        assert_eq!(query(&[("after", "5")]).cursor, None);
        for bad in ["-5", "5.2.1", "5.0", "5.0.x", "5.0.-1", "5.0.1.1", "x"] {
            assert_eq!(
                query(&[("page", "2"), ("after", bad)]).cursor,
                None,
                "{bad}"
            );
        }
        let mut carried = CatalogQuery {
            page: PageNumber::new(4).expect("page"),
            ..CatalogQuery::default()
        };
        CatalogNarrowing::of(&seats).apply(&mut carried);
        assert_eq!(
            carried.cursor, seats.cursor,
            "the server function carries it"
        );
    }

    #[test]
    fn this_week_ends_on_sunday_and_this_month_on_its_last_day() {
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        // Monday 7 December 2026.
        let monday = day("2026-12-07").expect("day");
        assert_eq!(
            CatalogDates::ThisWeek.span(monday),
            (Some(monday), day("2026-12-13"))
        );
        let sunday = day("2026-12-13").expect("day");
        assert_eq!(
            CatalogDates::ThisWeek.span(sunday),
            (Some(sunday), Some(sunday))
        );
        assert_eq!(
            CatalogDates::ThisMonth.span(monday),
            (Some(monday), day("2026-12-31"))
        );
        let leap = day("2028-02-10").expect("day");
        assert_eq!(
            CatalogDates::ThisMonth.span(leap),
            (Some(leap), day("2028-02-29"))
        );
    }

    #[test]
    fn search_words_carry_only_letters_and_digits_to_the_database() {
        let words = |s: &str| SearchWords::of(&CatalogFilter::parse(s).expect("filter"));
        assert_eq!(words("Knife  SK").fts5(), r#""knife"* "sk"*"#);
        assert_eq!(words("Knife  SK").tsquery(), "knife:* & sk:*");
        assert_eq!(
            words(r#"'); DROP "x" & y:* | !z"#).tsquery(),
            "drop:* & x:* & y:* & z:*"
        );
        assert_eq!(
            words("Töpfern für Anfänger").fts5(),
            r#""töpfern"* "für"* "anfänger"*"#
        );
        assert!(words("%_&").is_empty());
        assert_eq!(words("a b c d e f g h i j").0.len(), SearchWords::MOST);
    }

    #[test]
    fn counts_read_as_a_person_would_say_them() {
        let en = Lang::En;
        assert_eq!(MatchCount::Exactly(1).text(en), "1 course");
        assert_eq!(MatchCount::Exactly(0).text(en), "0 courses");
        assert_eq!(MatchCount::Exactly(24).text(en), "24 courses");
        assert_eq!(MatchCount::MoreThan(1000).text(en), "1,000+ courses");
        assert_eq!(MatchCount::Exactly(12345).text(en), "12,345 courses");
        assert_eq!(MatchCount::Exactly(1).text(Lang::De), "1 Kurs");
        assert_eq!(MatchCount::MoreThan(1000).text(Lang::De), "1.000+ Kurse");
    }

    #[test]
    fn pages_stop_at_the_ends() {
        assert_eq!(PageNumber::FIRST.previous(), None);
        assert_eq!(PageNumber::FIRST.offset(), 0);
        let last = PageNumber::new(MAX_PAGE).expect("exists");
        assert_eq!(last.next(), None);
        assert_eq!(PageNumber::new(2).expect("exists").offset(), 24);
    }
}

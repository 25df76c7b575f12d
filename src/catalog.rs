//! What a visitor asks of the catalog (filter text, order, upcoming or past,
//! which page) and the page they get back. The query lives in the URL
//! (`/courses?q=knife&sort=price-asc&page=2`), so Back, reload and shared
//! links keep it; the server filters, orders and pages in SQL.

use crate::course::CourseSummary;
use crate::money::grouped;
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
    pub fn label(self) -> &'static str {
        match self {
            CatalogSort::Date => "Date",
            CatalogSort::PriceAsc => "Price: low to high",
            CatalogSort::PriceDesc => "Price: high to low",
            CatalogSort::Seats => "Seats left",
        }
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

/// Filter text no course could match.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BadFilter {
    /// Longer than any title, place or topic could need.
    #[error("Filter text can be at most 100 characters.")]
    TooLong,
    /// Control characters (U+0000 above all: PostgreSQL cannot take it).
    #[error("Remove the control characters from the filter text.")]
    ControlCharacters,
}

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

/// A page number of 0 or beyond [`MAX_PAGE`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Page numbers run from 1 to 1000.")]
pub struct NoSuchPage;

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
        }
    }

    /// The same query on another page.
    pub fn on_page(&self, page: PageNumber) -> CatalogQuery {
        CatalogQuery {
            page,
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
        if self.page != PageNumber::FIRST {
            params.push(("page", self.page.get().to_string()));
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
    /// "1 course", "24 courses", "1,000+ courses".
    pub fn text(self) -> String {
        match self {
            MatchCount::Exactly(1) => "1 course".to_owned(),
            MatchCount::Exactly(n) => format!("{} courses", grouped(n)),
            MatchCount::MoreThan(n) => format!("{}+ courses", grouped(n)),
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
    fn counts_read_as_a_person_would_say_them() {
        assert_eq!(MatchCount::Exactly(1).text(), "1 course");
        assert_eq!(MatchCount::Exactly(0).text(), "0 courses");
        assert_eq!(MatchCount::Exactly(24).text(), "24 courses");
        assert_eq!(MatchCount::MoreThan(1000).text(), "1,000+ courses");
        assert_eq!(MatchCount::Exactly(12345).text(), "12,345 courses");
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

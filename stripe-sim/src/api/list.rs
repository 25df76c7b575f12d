//! Stripe's list conventions: newest first, `limit` (1–100, default 10),
//! `starting_after` / `ending_before` cursors, and `created` filters
//! (`created=…` or `created[gt|gte|lt|lte]=…`).

use crate::error::ApiError;
use crate::form::{Field, Form};

/// The paging parameters of a list request.
#[derive(Debug, Clone)]
pub(crate) struct Page {
    limit: usize,
    starting_after: Option<String>,
    ending_before: Option<String>,
}

impl Page {
    /// The parameters every list endpoint accepts besides its filters.
    pub const PARAMS: [&'static str; 4] = ["limit", "starting_after", "ending_before", "expand"];

    /// Reads `limit`, `starting_after` and `ending_before`.
    pub fn parse(form: &Form) -> Result<Page, ApiError> {
        let limit = match form.field("limit").opt_i64()? {
            None => 10,
            Some(n @ 1..=100) => usize::try_from(n).unwrap_or(10),
            Some(n) => {
                return Err(ApiError::invalid(
                    "limit",
                    format!("This value must be between 1 and 100 (it currently is '{n}')."),
                ));
            }
        };
        Ok(Page {
            limit,
            starting_after: form.field("starting_after").opt_str()?.map(str::to_owned),
            ending_before: form.field("ending_before").opt_str()?.map(str::to_owned),
        })
    }

    /// One page of `newest_first` and whether more follow. A cursor that
    /// names no listed object is `resource_missing`, as on Stripe.
    pub fn apply<'a, T>(
        &self,
        newest_first: Vec<&'a T>,
        id_of: impl Fn(&T) -> &str,
        object: &str,
    ) -> Result<(Vec<&'a T>, bool), ApiError> {
        let position = |cursor: &str, param: &str| {
            newest_first
                .iter()
                .position(|item| id_of(item) == cursor)
                .ok_or_else(|| ApiError::missing_reference(object, cursor, param))
        };
        if let Some(cursor) = &self.ending_before {
            let end = position(cursor, "ending_before")?;
            let start = end.saturating_sub(self.limit);
            return Ok((newest_first[start..end].to_vec(), start > 0));
        }
        let start = match &self.starting_after {
            Some(cursor) => position(cursor, "starting_after")? + 1,
            None => 0,
        };
        let rest = &newest_first[start..];
        let has_more = rest.len() > self.limit;
        Ok((rest.iter().take(self.limit).copied().collect(), has_more))
    }
}

/// A `created` filter: exact value or bounds.
#[derive(Debug, Clone, Default)]
pub(crate) struct CreatedFilter {
    gt: Option<i64>,
    gte: Option<i64>,
    lt: Option<i64>,
    lte: Option<i64>,
}

impl CreatedFilter {
    /// Reads `created` or `created[gt|gte|lt|lte]`.
    pub fn parse(field: &Field<'_>) -> Result<CreatedFilter, ApiError> {
        if !field.is_present() {
            return Ok(CreatedFilter::default());
        }
        if field.is_leaf() {
            let exact = field.req_i64()?;
            return Ok(CreatedFilter {
                gte: Some(exact),
                lte: Some(exact),
                ..CreatedFilter::default()
            });
        }
        field.only(&["gt", "gte", "lt", "lte"])?;
        Ok(CreatedFilter {
            gt: field.key("gt").opt_i64()?,
            gte: field.key("gte").opt_i64()?,
            lt: field.key("lt").opt_i64()?,
            lte: field.key("lte").opt_i64()?,
        })
    }

    /// Whether `created` passes the filter.
    pub fn admits(&self, created: i64) -> bool {
        self.gt.is_none_or(|b| created > b)
            && self.gte.is_none_or(|b| created >= b)
            && self.lt.is_none_or(|b| created < b)
            && self.lte.is_none_or(|b| created <= b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(query: &str) -> Page {
        Page::parse(&Form::parse(query.as_bytes()).expect("form")).expect("page")
    }

    #[test]
    fn cursors_page_through_newest_first() {
        let ids = ["e", "d", "c", "b", "a"];
        let items: Vec<&&str> = ids.iter().collect();
        fn id<'a>(s: &'a &str) -> &'a str {
            s
        }
        let (first, more) = page("limit=2").apply(items.clone(), id, "x").expect("page");
        assert_eq!((first, more), (vec![&"e", &"d"], true));
        let (next, more) = page("limit=2&starting_after=d")
            .apply(items.clone(), id, "x")
            .expect("page");
        assert_eq!((next, more), (vec![&"c", &"b"], true));
        let (last, more) = page("limit=2&starting_after=b")
            .apply(items.clone(), id, "x")
            .expect("page");
        assert_eq!((last, more), (vec![&"a"], false));
        let (back, more) = page("limit=2&ending_before=b")
            .apply(items.clone(), id, "x")
            .expect("page");
        assert_eq!((back, more), (vec![&"d", &"c"], true));
        assert!(page("starting_after=zz").apply(items, id, "x").is_err());
    }

    #[test]
    fn limit_must_be_between_1_and_100() {
        for bad in ["limit=0", "limit=101", "limit=x"] {
            let form = Form::parse(bad.as_bytes()).expect("form");
            assert_eq!(
                Page::parse(&form).map(|_| ()).unwrap_err().param.as_deref(),
                Some("limit")
            );
        }
    }

    #[test]
    fn created_filters_bound_both_ways() {
        let form = Form::parse(b"created[gte]=10&created[lt]=20").expect("form");
        let filter = CreatedFilter::parse(&form.field("created")).expect("filter");
        assert!(filter.admits(10) && filter.admits(19));
        assert!(!filter.admits(9) && !filter.admits(20));
    }
}

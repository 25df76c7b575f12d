//! Stripe's request encoding: `application/x-www-form-urlencoded` (or a
//! query string) with bracketed nesting, e.g.
//! `line_items[0][price_data][currency]=eur&metadata[booking_id]=7`. It is
//! parsed into a tree and read through `Field`s, which carry the full
//! bracketed name so that every error names the parameter at fault.

use super::error::ApiError;
use std::collections::BTreeMap;

/// A node of the parameter tree: a value, or named children (arrays are
/// children named `0`, `1`, …).
#[derive(Debug, Clone, PartialEq)]
enum Node {
    Leaf(String),
    Branch(BTreeMap<String, Node>),
}

/// A parsed request body or query string.
#[derive(Debug, Clone, Default)]
pub(crate) struct Form {
    root: BTreeMap<String, Node>,
    /// The decoded pairs, sorted: the request's identity for idempotency.
    pairs: Vec<(String, String)>,
}

impl Form {
    /// Parses `a=1&b[c]=2&d[]=3`; `[]` appends to an array.
    pub fn parse(raw: &[u8]) -> Result<Form, ApiError> {
        let mut root = BTreeMap::new();
        let mut pairs = Vec::new();
        for (key, value) in form_urlencoded::parse(raw) {
            let path = split_key(&key)?;
            insert(&mut root, &path, value.to_string(), &key)?;
            pairs.push((key.into_owned(), value.into_owned()));
        }
        pairs.sort();
        Ok(Form { root, pairs })
    }

    /// The top-level parameter `name`.
    pub fn field(&self, name: &str) -> Field<'_> {
        Field {
            name: name.to_owned(),
            node: self.root.get(name),
        }
    }

    /// Rejects top-level parameters not in `allowed`.
    pub fn only(&self, allowed: &[&str]) -> Result<(), ApiError> {
        only(self.root.keys(), allowed, None)
    }

    /// A canonical rendering of every parameter, independent of order.
    pub fn fingerprint(&self) -> String {
        form_urlencoded::Serializer::new(String::new())
            .extend_pairs(&self.pairs)
            .finish()
    }
}

/// One parameter, present or not, with its full bracketed name.
#[derive(Debug, Clone)]
pub(crate) struct Field<'a> {
    name: String,
    node: Option<&'a Node>,
}

impl<'a> Field<'a> {
    /// The bracketed name, e.g. `line_items[0][quantity]`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Whether the request sent this parameter at all.
    pub fn is_present(&self) -> bool {
        self.node.is_some()
    }

    /// Whether the parameter was sent as a plain value (not nested).
    pub fn is_leaf(&self) -> bool {
        matches!(self.node, Some(Node::Leaf(_)))
    }

    /// The child `key` of this parameter.
    pub fn key(&self, key: &str) -> Field<'a> {
        let node = match self.node {
            Some(Node::Branch(children)) => children.get(key),
            _ => None,
        };
        Field {
            name: format!("{}[{key}]", self.name),
            node,
        }
    }

    /// The string value, if sent; an empty string cannot unset it.
    pub fn opt_str(&self) -> Result<Option<&'a str>, ApiError> {
        match self.node {
            None => Ok(None),
            Some(Node::Leaf(value)) if value.is_empty() => Err(ApiError::invalid_empty(&self.name)),
            Some(Node::Leaf(value)) => Ok(Some(value)),
            Some(Node::Branch(_)) => Err(ApiError::invalid(
                &self.name,
                format!("Invalid string: {{...}} for {}", self.name),
            )),
        }
    }

    /// The string value, which must be sent.
    pub fn req_str(&self) -> Result<&'a str, ApiError> {
        self.opt_str()?.ok_or_else(|| ApiError::missing(&self.name))
    }

    /// The integer value, if sent.
    pub fn opt_i64(&self) -> Result<Option<i64>, ApiError> {
        self.opt_str()?
            .map(|value| {
                value
                    .parse::<i64>()
                    .map_err(|_| ApiError::invalid_integer(&self.name, value))
            })
            .transpose()
    }

    /// The decimal value (e.g. `25.5`), if sent.
    pub fn opt_f64(&self) -> Result<Option<f64>, ApiError> {
        self.opt_str()?
            .map(|value| {
                value
                    .parse::<f64>()
                    .ok()
                    .filter(|number| number.is_finite())
                    .ok_or_else(|| {
                        ApiError::invalid(&self.name, format!("Invalid decimal: {value}"))
                    })
            })
            .transpose()
    }

    /// The integer value, which must be sent.
    pub fn req_i64(&self) -> Result<i64, ApiError> {
        self.opt_i64()?.ok_or_else(|| ApiError::missing(&self.name))
    }

    /// The elements of an array parameter, in index order (none if absent).
    pub fn list(&self) -> Result<Vec<Field<'a>>, ApiError> {
        let children = match self.node {
            None => return Ok(Vec::new()),
            Some(Node::Branch(children)) => children,
            Some(Node::Leaf(_)) => {
                return Err(ApiError::invalid(
                    &self.name,
                    format!("Invalid array for {}", self.name),
                ));
            }
        };
        let mut indexed = Vec::with_capacity(children.len());
        for (index, node) in children {
            let position = index.parse::<usize>().map_err(|_| {
                ApiError::invalid(&self.name, format!("Invalid array for {}", self.name))
            })?;
            indexed.push((
                position,
                Field {
                    name: format!("{}[{index}]", self.name),
                    node: Some(node),
                },
            ));
        }
        indexed.sort_by_key(|(position, _)| *position);
        Ok(indexed.into_iter().map(|(_, field)| field).collect())
    }

    /// A string map such as `metadata`: empty values are dropped (Stripe
    /// reads them as "unset"); Stripe's limits on keys and values apply.
    pub fn string_map(&self) -> Result<BTreeMap<String, String>, ApiError> {
        let children = match self.node {
            None => return Ok(BTreeMap::new()),
            Some(Node::Leaf(value)) if value.is_empty() => return Ok(BTreeMap::new()),
            Some(Node::Branch(children)) => children,
            Some(Node::Leaf(_)) => {
                return Err(ApiError::invalid(
                    &self.name,
                    format!("Invalid object for {}", self.name),
                ));
            }
        };
        if children.len() > 50 {
            return Err(ApiError::invalid(
                &self.name,
                "Metadata can have up to 50 keys.",
            ));
        }
        let mut map = BTreeMap::new();
        for (key, node) in children {
            let name = format!("{}[{key}]", self.name);
            let Node::Leaf(value) = node else {
                return Err(ApiError::invalid(
                    &name,
                    format!("Invalid string: {{...}} for {name}"),
                ));
            };
            if key.chars().count() > 40 {
                return Err(ApiError::invalid(
                    &name,
                    "Metadata keys can be at most 40 characters long.",
                ));
            }
            if value.chars().count() > 500 {
                return Err(ApiError::invalid(
                    &name,
                    "Metadata values can be at most 500 characters long.",
                ));
            }
            if !value.is_empty() {
                map.insert(key.clone(), value.clone());
            }
        }
        Ok(map)
    }

    /// Rejects children of this parameter not in `allowed`.
    pub fn only(&self, allowed: &[&str]) -> Result<(), ApiError> {
        match self.node {
            Some(Node::Branch(children)) => only(children.keys(), allowed, Some(&self.name)),
            _ => Ok(()),
        }
    }
}

/// Whether `email` has the shape of an address (`local@domain.tld`, no
/// spaces): the check Stripe makes before accepting one.
pub(crate) fn looks_like_email(email: &str) -> bool {
    match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty() && domain.contains('.') && !email.contains(char::is_whitespace)
        }
        None => false,
    }
}

fn only<'k>(
    keys: impl Iterator<Item = &'k String>,
    allowed: &[&str],
    parent: Option<&str>,
) -> Result<(), ApiError> {
    for key in keys {
        if !allowed.contains(&key.as_str()) {
            let name = match parent {
                Some(parent) => format!("{parent}[{key}]"),
                None => key.clone(),
            };
            return Err(ApiError::unknown_param(&name));
        }
    }
    Ok(())
}

/// `a[b][]` → `["a", "b", ""]`; an empty segment means "append".
fn split_key(key: &str) -> Result<Vec<String>, ApiError> {
    let malformed = || ApiError::invalid(key, format!("Invalid parameter name: {key}"));
    let (head, mut rest) = match key.find('[') {
        Some(at) => key.split_at(at),
        None => (key, ""),
    };
    if head.is_empty() {
        return Err(malformed());
    }
    let mut path = vec![head.to_owned()];
    while !rest.is_empty() {
        let inner = rest.strip_prefix('[').ok_or_else(malformed)?;
        let close = inner.find(']').ok_or_else(malformed)?;
        path.push(inner[..close].to_owned());
        rest = &inner[close + 1..];
    }
    Ok(path)
}

fn insert(
    branch: &mut BTreeMap<String, Node>,
    path: &[String],
    value: String,
    key: &str,
) -> Result<(), ApiError> {
    let conflict = || ApiError::invalid(key, format!("Invalid parameter structure: {key}"));
    let Some((first, rest)) = path.split_first() else {
        return Err(conflict());
    };
    let segment = if first.is_empty() {
        append_index(branch, rest)
    } else {
        first.clone()
    };
    if rest.is_empty() {
        if matches!(branch.get(&segment), Some(Node::Branch(_))) {
            return Err(conflict());
        }
        branch.insert(segment, Node::Leaf(value));
        return Ok(());
    }
    let child = branch
        .entry(segment)
        .or_insert_with(|| Node::Branch(BTreeMap::new()));
    match child {
        Node::Branch(children) => insert(children, rest, value, key),
        Node::Leaf(_) => Err(conflict()),
    }
}

/// Where `a[]…` goes: a new element, unless the last element does not yet
/// have the field being set (so `a[][x]=1&a[][y]=2` builds one element).
fn append_index(branch: &BTreeMap<String, Node>, rest: &[String]) -> String {
    let count = branch.len();
    let last = count.checked_sub(1).map(|i| i.to_string());
    let reuse = match (last.as_ref().and_then(|l| branch.get(l)), rest.first()) {
        (Some(Node::Branch(children)), Some(next)) => !children.contains_key(next),
        _ => false,
    };
    match (reuse, last) {
        (true, Some(last)) => last,
        _ => count.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(raw: &str) -> Form {
        Form::parse(raw.as_bytes()).expect("parses")
    }

    #[test]
    fn nested_brackets_build_a_tree() {
        let f = form(
            "line_items%5B0%5D%5Bprice_data%5D%5Bcurrency%5D=eur&line_items[0][quantity]=2&metadata[booking_id]=7",
        );
        let item = &f.field("line_items").list().expect("list")[0];
        assert_eq!(item.name(), "line_items[0]");
        assert_eq!(item.key("price_data").key("currency").req_str(), Ok("eur"));
        assert_eq!(item.key("quantity").req_i64(), Ok(2));
        assert_eq!(
            f.field("metadata")
                .string_map()
                .expect("map")
                .get("booking_id"),
            Some(&"7".to_owned())
        );
    }

    #[test]
    fn errors_name_the_full_parameter() {
        let f = form("line_items[0][quantity]=x");
        let item = &f.field("line_items").list().expect("list")[0];
        let err = item
            .key("price_data")
            .key("currency")
            .req_str()
            .unwrap_err();
        assert_eq!(
            err.param.as_deref(),
            Some("line_items[0][price_data][currency]")
        );
        assert_eq!(err.code, Some("parameter_missing"));
        let err = item.key("quantity").req_i64().unwrap_err();
        assert_eq!(err.code, Some("parameter_invalid_integer"));
    }

    #[test]
    fn empty_brackets_append_and_indices_sort_numerically() {
        let f = form("types[]=a&types[]=b");
        let values: Vec<_> = f
            .field("types")
            .list()
            .expect("list")
            .iter()
            .map(|x| x.req_str().expect("str"))
            .collect();
        assert_eq!(values, ["a", "b"]);
        let f = form("a[10]=y&a[2]=x");
        let values: Vec<_> = f
            .field("a")
            .list()
            .expect("list")
            .iter()
            .map(|x| x.req_str().expect("str"))
            .collect();
        assert_eq!(values, ["x", "y"]);
    }

    #[test]
    fn fingerprint_ignores_order() {
        assert_eq!(form("a=1&b=2").fingerprint(), form("b=2&a=1").fingerprint());
        assert_ne!(form("a=1&b=2").fingerprint(), form("a=1&b=3").fingerprint());
    }

    #[test]
    fn unknown_and_conflicting_params_are_rejected() {
        let err = form("mode=payment&bogus=1").only(&["mode"]).unwrap_err();
        assert_eq!(err.param.as_deref(), Some("bogus"));
        assert!(Form::parse(b"a=1&a[b]=2").is_err());
        assert!(Form::parse(b"a[b=2").is_err());
    }
}

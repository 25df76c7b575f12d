//! Where to send a person after signing in. Only local paths are accepted, so
//! a crafted `?next=` link can never bounce someone to another site.

/// A local path (with optional query) that is safe to redirect to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalPath(String);

impl LocalPath {
    /// Accepts `/courses/3?x=1`; refuses `https://evil`, `//evil`, `/\evil`,
    /// anything with a scheme, control characters or backslashes, and
    /// anything longer than 2,000 bytes.
    pub fn parse(input: &str) -> Option<LocalPath> {
        let s = input.trim();
        let ok = s.starts_with('/')
            && !s.starts_with("//")
            && s.len() <= 2000
            && !s.contains('\\')
            && !s.chars().any(|c| c.is_control() || c.is_whitespace())
            // A colon before the first slash-delimited segment would be a scheme;
            // a leading "/" rules that out, but refuse encoded tricks too.
            && !s.to_ascii_lowercase().contains("%2f%2f")
            && !s.to_ascii_lowercase().starts_with("/%5c")
            && !s.to_ascii_lowercase().starts_with("/%2f");
        ok.then(|| LocalPath(s.to_owned()))
    }

    /// `next` if it is safe, else `fallback`.
    pub fn or(input: Option<&str>, fallback: &str) -> String {
        input
            .and_then(LocalPath::parse)
            .map(|p| p.0)
            .unwrap_or_else(|| fallback.to_owned())
    }

    /// `path` with a bare query flag added (`/courses?q=x` → `/courses?q=x&welcome`),
    /// before any `#fragment`.
    pub fn with_flag(path: &str, flag: &str) -> String {
        let (base, fragment) = match path.split_once('#') {
            Some((base, fragment)) => (base, Some(fragment)),
            None => (path, None),
        };
        let joiner = match base.split_once('?') {
            Some((_, "")) => "",
            Some(_) => "&",
            None => "?",
        };
        let mut out = format!("{base}{joiner}{flag}");
        if let Some(fragment) = fragment {
            out.push('#');
            out.push_str(fragment);
        }
        out
    }

    /// The path.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Percent-encodes a path for use as a `next=` query value.
pub fn encode_query_value(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn local_paths_are_accepted() {
        for ok in [
            "/",
            "/bookings",
            "/courses/3?from=home",
            "/admin/courses/4/roster",
        ] {
            assert_eq!(LocalPath::parse(ok).map(|p| p.0), Some(ok.to_owned()));
        }
    }

    #[test]
    fn a_flag_joins_the_query_before_the_fragment() {
        assert_eq!(
            LocalPath::with_flag("/courses", "welcome"),
            "/courses?welcome"
        );
        assert_eq!(
            LocalPath::with_flag("/courses?q=bread", "welcome"),
            "/courses?q=bread&welcome"
        );
        assert_eq!(
            LocalPath::with_flag("/courses?", "welcome"),
            "/courses?welcome"
        );
        assert_eq!(
            LocalPath::with_flag("/courses/3#book", "welcome"),
            "/courses/3?welcome#book"
        );
    }

    #[test]
    fn open_redirects_are_refused() {
        for bad in [
            "https://evil.example",
            "//evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "javascript:alert(1)",
            "evil.example/x",
            "/%2F%2Fevil.example",
            "/%5Cevil.example",
            "/ok\nLocation: https://evil.example",
            "",
        ] {
            assert!(LocalPath::parse(bad).is_none(), "{bad:?} was accepted");
        }
        assert_eq!(
            LocalPath::or(Some("https://evil.example"), "/courses"),
            "/courses"
        );
    }

    #[test]
    fn next_values_are_encoded() {
        assert_eq!(
            encode_query_value("/courses/3?x=1&y=2"),
            "/courses/3%3Fx%3D1%26y%3D2"
        );
    }

    proptest! {
        #[test]
        fn accepted_paths_never_leave_the_site(s in "\\PC{0,60}") {
            if let Some(p) = LocalPath::parse(&s) {
                prop_assert!(p.as_str().starts_with('/'));
                prop_assert!(!p.as_str().starts_with("//"));
                prop_assert!(!p.as_str().contains('\\'));
            }
        }
    }
}

//! Topics: the short list admins file courses under ("Cooking", "Art"),
//! by which visitors narrow the catalog (`/courses?topic=cooking`). The
//! slug is made from the name once, when the topic is added, so a link
//! keeps working when the topic is renamed.

use crate::ids::TopicId;
use serde::{Deserialize, Serialize};

/// A topic's name as people read it: 1 to [`TopicName::MAX_CHARS`]
/// characters, trimmed, without control characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TopicName(String);

/// A topic name that cannot be one. Its `Display` says why, in the
/// language of the request being answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BadTopicName {
    Empty,
    TooLong,
    ControlCharacters,
    /// Nothing in it could name the topic in a link (only punctuation).
    NoLetters,
}

impl std::fmt::Display for BadTopicName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let id = match self {
            BadTopicName::Empty => "topic-name-empty",
            BadTopicName::TooLong => "topic-name-too-long",
            BadTopicName::ControlCharacters => "topic-name-control-characters",
            BadTopicName::NoLetters => "topic-name-no-letters",
        };
        f.write_str(&crate::inputs::in_words_with(
            id,
            &[("max", TopicName::MAX_CHARS)],
        ))
    }
}

impl std::error::Error for BadTopicName {}

impl TopicName {
    pub const MAX_CHARS: usize = 40;

    pub fn parse(input: &str) -> Result<TopicName, BadTopicName> {
        let name = input.trim();
        if name.is_empty() {
            return Err(BadTopicName::Empty);
        }
        if name.chars().count() > Self::MAX_CHARS {
            return Err(BadTopicName::TooLong);
        }
        if name.chars().any(char::is_control) {
            return Err(BadTopicName::ControlCharacters);
        }
        let name = TopicName(name.to_owned());
        if name.slug().0.is_empty() {
            return Err(BadTopicName::NoLetters);
        }
        Ok(name)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The name as a link would spell it: "Töpfern & Keramik" is
    /// `toepfern-keramik`.
    pub fn slug(&self) -> TopicSlug {
        let mut slug = String::new();
        let mut gap = false;
        for c in self.0.chars().flat_map(char::to_lowercase) {
            let plain: &str = match c {
                'ä' => "ae",
                'ö' => "oe",
                'ü' => "ue",
                'ß' => "ss",
                'à' | 'á' | 'â' | 'ã' | 'å' => "a",
                'ç' => "c",
                'è' | 'é' | 'ê' | 'ë' => "e",
                'ì' | 'í' | 'î' | 'ï' => "i",
                'ñ' => "n",
                'ò' | 'ó' | 'ô' | 'õ' | 'ø' => "o",
                'ù' | 'ú' | 'û' => "u",
                'ý' | 'ÿ' => "y",
                c if c.is_ascii_alphanumeric() => {
                    if gap && !slug.is_empty() {
                        slug.push('-');
                    }
                    gap = false;
                    slug.push(c);
                    continue;
                }
                _ => {
                    gap = true;
                    continue;
                }
            };
            if gap && !slug.is_empty() {
                slug.push('-');
            }
            gap = false;
            slug.push_str(plain);
        }
        slug.truncate(TopicSlug::MAX_LEN);
        TopicSlug(slug.trim_end_matches('-').to_owned())
    }
}

impl TryFrom<String> for TopicName {
    type Error = BadTopicName;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        TopicName::parse(&s)
    }
}

impl From<TopicName> for String {
    fn from(n: TopicName) -> String {
        n.0
    }
}

/// A topic's name in catalog links: lower-case ASCII letters, digits and
/// single hyphens, at most [`TopicSlug::MAX_LEN`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TopicSlug(String);

/// Not a slug any topic could have. Its `Display` says so, in the language
/// of the request being answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadTopicSlug;

impl std::fmt::Display for BadTopicSlug {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::inputs::in_words("topic-slug-unknown"))
    }
}

impl std::error::Error for BadTopicSlug {}

impl TopicSlug {
    pub const MAX_LEN: usize = 40;

    pub fn parse(raw: &str) -> Result<TopicSlug, BadTopicSlug> {
        let fine = !raw.is_empty()
            && raw.len() <= Self::MAX_LEN
            && raw
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !raw.starts_with('-')
            && !raw.ends_with('-')
            && !raw.contains("--");
        if fine {
            Ok(TopicSlug(raw.to_owned()))
        } else {
            Err(BadTopicSlug)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for TopicSlug {
    type Error = BadTopicSlug;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        TopicSlug::parse(&s)
    }
}

impl From<TopicSlug> for String {
    fn from(s: TopicSlug) -> String {
        s.0
    }
}

impl std::fmt::Display for TopicSlug {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A topic as the catalog and the course form list it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Topic {
    pub id: TopicId,
    pub slug: TopicSlug,
    pub name: String,
}

/// A topic on the admin's list, with how many courses are filed under it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicUse {
    pub topic: Topic,
    pub courses: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_link_slugs_people_can_read() {
        let slug = |n: &str| TopicName::parse(n).expect("name").slug();
        assert_eq!(slug("Cooking").as_str(), "cooking");
        assert_eq!(slug("  Töpfern & Keramik ").as_str(), "toepfern-keramik");
        assert_eq!(slug("Café crème").as_str(), "cafe-creme");
        assert_eq!(slug("3D printing!").as_str(), "3d-printing");
        assert_eq!(slug("Yoga — in the park").as_str(), "yoga-in-the-park");
        for n in [
            "Cooking",
            "Töpfern & Keramik",
            "ÄÖÜ ßß ßß ßß ßß ßß ßß ßß ßß ßß ßß ß x",
        ] {
            let s = slug(n);
            assert_eq!(TopicSlug::parse(s.as_str()), Ok(s.clone()), "{n}");
        }
    }

    #[test]
    fn impossible_names_and_slugs_are_refused() {
        assert_eq!(TopicName::parse("   "), Err(BadTopicName::Empty));
        assert_eq!(
            TopicName::parse(&"a".repeat(41)),
            Err(BadTopicName::TooLong)
        );
        assert_eq!(
            TopicName::parse("a\u{0}b"),
            Err(BadTopicName::ControlCharacters)
        );
        assert_eq!(TopicName::parse("&&&"), Err(BadTopicName::NoLetters));
        #[cfg(feature = "ssr")]
        assert_eq!(
            BadTopicName::TooLong.to_string(),
            "A topic's name can be at most 40 characters."
        );
        assert_eq!(TopicName::parse("日本料理"), Err(BadTopicName::NoLetters));
        for raw in [
            "",
            "Cooking",
            "a b",
            "-a",
            "a-",
            "a--b",
            "a_b",
            &"a".repeat(41),
        ] {
            assert_eq!(TopicSlug::parse(raw), Err(BadTopicSlug), "{raw}");
        }
        assert!(TopicSlug::parse("wood-work-2").is_ok());
    }
}

//! Course pictures: what a page needs to show one. The files are JPEGs
//! cropped to 3:2 at [`WIDTHS`] (none wider than the upload), served at
//! `/pictures/{hash}-{width}.jpg` and cached for a year: a new picture is a
//! new hash.

use serde::{Deserialize, Serialize};

/// The widths stored: a card on a phone or in the two-column grid, the
/// same at twice the pixels, and the course page's picture on a wide
/// screen at twice the pixels (also the share preview's).
pub const WIDTHS: [u32; 3] = [480, 960, 1600];

/// A course's picture.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoursePicture {
    /// SHA-256 of the widest file, 64 hex digits.
    pub hash: String,
    /// What it shows.
    pub alt: String,
    /// The widest width stored.
    pub widest: u32,
}

impl CoursePicture {
    /// The widths stored, narrowest first.
    pub fn widths(&self) -> impl Iterator<Item = u32> + '_ {
        WIDTHS
            .into_iter()
            .filter(|w| *w <= self.widest.max(WIDTHS[0]))
    }

    /// The file of one width.
    pub fn src(&self, width: u32) -> String {
        format!("/pictures/{}-{width}.jpg", self.hash)
    }

    /// The narrowest file: the `src` of an `<img>`.
    pub fn smallest(&self) -> String {
        self.src(WIDTHS[0])
    }

    /// The widest file: the share preview.
    pub fn largest(&self) -> String {
        self.src(self.widths().last().unwrap_or(WIDTHS[0]))
    }

    /// Every file with its width, for `srcset`.
    pub fn srcset(&self) -> String {
        let files: Vec<String> = self
            .widths()
            .map(|w| format!("{} {w}w", self.src(w)))
            .collect();
        files.join(", ")
    }
}

/// What a picture shows, said for those who cannot see it: 1 to
/// [`PictureAlt::MAX_CHARS`] characters, trimmed, without control
/// characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PictureAlt(String);

/// Why a description of a picture was refused. Its `Display` says why, in
/// the language of the request being answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BadAlt {
    Missing,
    TooLong,
    ControlCharacters,
}

impl BadAlt {
    /// The id of the message that says why.
    pub fn message_id(&self) -> &'static str {
        match self {
            BadAlt::Missing => "picture-alt-missing",
            BadAlt::TooLong => "picture-alt-too-long",
            BadAlt::ControlCharacters => "picture-alt-control-characters",
        }
    }
}

impl std::fmt::Display for BadAlt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::inputs::in_words_with(
            self.message_id(),
            &[("max", PictureAlt::MAX_CHARS)],
        ))
    }
}

impl std::error::Error for BadAlt {}

impl PictureAlt {
    pub const MAX_CHARS: usize = 200;

    pub fn parse(input: &str) -> Result<PictureAlt, BadAlt> {
        let text = input.trim();
        if text.is_empty() {
            return Err(BadAlt::Missing);
        }
        if text.chars().count() > Self::MAX_CHARS {
            return Err(BadAlt::TooLong);
        }
        if text.chars().any(char::is_control) {
            return Err(BadAlt::ControlCharacters);
        }
        Ok(PictureAlt(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A picture file's name in a URL: `{64 hex}-{a stored width}.jpg`.
pub fn parse_file(name: &str) -> Option<(&str, u32)> {
    let (hash, width) = name.strip_suffix(".jpg")?.split_once('-')?;
    let hex = hash.len() == 64 && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    let width = width.parse::<u32>().ok().filter(|w| WIDTHS.contains(w))?;
    hex.then_some((hash, width))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_picture_lists_only_the_widths_it_has() {
        let p = |widest| CoursePicture {
            hash: "ab".repeat(32),
            alt: "A wheel".into(),
            widest,
        };
        let h = "ab".repeat(32);
        assert_eq!(
            p(1600).srcset(),
            format!(
                "/pictures/{h}-480.jpg 480w, /pictures/{h}-960.jpg 960w, /pictures/{h}-1600.jpg 1600w"
            )
        );
        assert_eq!(p(960).largest(), format!("/pictures/{h}-960.jpg"));
        assert_eq!(p(480).widths().collect::<Vec<_>>(), [480]);
    }

    #[test]
    fn file_names_are_a_hash_and_a_stored_width() {
        let h = "0f".repeat(32);
        assert_eq!(parse_file(&format!("{h}-960.jpg")), Some((h.as_str(), 960)));
        for bad in [
            format!("{h}-961.jpg"),
            format!("{h}-960.png"),
            format!("{}-960.jpg", "0F".repeat(32)),
            "../../etc/passwd-480.jpg".to_owned(),
            format!("{h}.jpg"),
        ] {
            assert_eq!(parse_file(&bad), None, "{bad}");
        }
    }

    #[test]
    fn a_description_is_required_and_short() {
        assert_eq!(PictureAlt::parse("  "), Err(BadAlt::Missing));
        assert_eq!(PictureAlt::parse(&"x".repeat(201)), Err(BadAlt::TooLong));
        assert_eq!(PictureAlt::parse("a\u{7}b"), Err(BadAlt::ControlCharacters));
        assert_eq!(
            PictureAlt::parse(" A potter's wheel ").map(|a| a.as_str().to_owned()),
            Ok("A potter's wheel".to_owned())
        );
    }
}

//! Pictures people upload (instructors' photos, course pictures): read by
//! their content, not their name, within limits on bytes and pixels.

use image::{DynamicImage, ImageFormat, ImageReader, Limits};
use std::io::Cursor;

/// Why an upload is no picture to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unreadable {
    /// More bytes than taken.
    TooBig,
    /// Not a JPEG, PNG or WebP, broken, or wider or taller than taken.
    NotAPicture,
}

/// Decodes `upload` if it is a JPEG, PNG or WebP picture of at most
/// `most_bytes` and `most_pixels` across. CPU work: run off the async
/// threads.
pub fn decode(
    upload: &[u8],
    most_bytes: usize,
    most_pixels: u32,
) -> Result<DynamicImage, Unreadable> {
    if upload.len() > most_bytes {
        return Err(Unreadable::TooBig);
    }
    let mut reader = ImageReader::new(Cursor::new(upload))
        .with_guessed_format()
        .map_err(|_| Unreadable::NotAPicture)?;
    if !matches!(
        reader.format(),
        Some(ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP)
    ) {
        return Err(Unreadable::NotAPicture);
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(most_pixels);
    limits.max_image_height = Some(most_pixels);
    // A 48-megapixel photo decodes in 144 MB; sixteen bits a channel and
    // an alpha channel on top are refused rather than held.
    limits.max_alloc = Some(256 * 1024 * 1024);
    reader.limits(limits);
    reader.decode().map_err(|_| Unreadable::NotAPicture)
}

/// `picture` as a JPEG of `quality`.
pub fn jpeg(picture: &image::RgbImage, quality: u8) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality)
        .encode_image(picture)
        .ok()?;
    Some(out)
}

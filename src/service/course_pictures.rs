//! Course pictures: an upload is checked (at most [`MOST_BYTES`], a JPEG,
//! PNG or WebP by its content, at most [`MOST_PIXELS`] across, at least
//! 480 × 320 once cropped), cropped to 3:2 around its middle, scaled to
//! each of [`WIDTHS`] it reaches and stored as JPEGs named by the SHA-256
//! of the widest. Every date of a course may show the same picture; a file
//! goes when no course shows it any more.

use crate::entity::{course, course_picture_file};
use crate::ids::CourseId;
use crate::picture::{PictureAlt, WIDTHS};
use crate::service::uploads::{self, Unreadable};
use chrono::{DateTime, Utc};
use image::imageops::FilterType;
use image::{DynamicImage, ImageFormat};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, Set,
    TransactionTrait,
};
use sha2::{Digest, Sha256};
use std::io::Cursor;

/// The largest upload taken.
pub const MOST_BYTES: usize = 10 * 1024 * 1024;
/// The widest or tallest picture decoded.
const MOST_PIXELS: u32 = 10_000;
static PREPARING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(1);

/// The narrowest picture kept, once cropped to 3:2.
const LEAST_WIDTH: u32 = WIDTHS[0];

/// Why a picture was refused.
#[derive(Debug, thiserror::Error)]
pub enum PictureError {
    #[error("larger than 10 MB")]
    TooBig,
    #[error("not a JPEG, PNG or WebP picture")]
    NotAPicture,
    #[error("smaller than 480 × 320 pixels")]
    TooSmall,
    /// Neither a new picture nor one to describe again.
    #[error("no picture chosen")]
    Missing,
    #[error("no such course")]
    NotFound(CourseId),
    #[error("storing a course picture")]
    Database(#[from] DbErr),
}

/// The upload as stored. CPU work: run off the async threads.
/// A picture as stored: its name, and each width's JPEG, narrowest first.
struct Prepared {
    hash: String,
    files: Vec<(u32, Vec<u8>)>,
}

fn prepare(upload: &[u8]) -> Result<Prepared, PictureError> {
    let picture = uploads::decode(upload, MOST_BYTES, MOST_PIXELS).map_err(|e| match e {
        Unreadable::TooBig => PictureError::TooBig,
        Unreadable::NotAPicture => PictureError::NotAPicture,
    })?;
    let cropped = crop_to_three_by_two(picture);
    if cropped.width() < LEAST_WIDTH {
        return Err(PictureError::TooSmall);
    }
    let mut files = Vec::new();
    for width in WIDTHS.into_iter().filter(|w| *w <= cropped.width()) {
        let scaled = cropped
            .resize_exact(width, width * 2 / 3, FilterType::Lanczos3)
            .into_rgb8();
        files.push((
            width,
            uploads::jpeg(&scaled, 82).ok_or(PictureError::NotAPicture)?,
        ));
    }
    let widest = files
        .last()
        .map(|(_, jpeg)| jpeg.as_slice())
        .unwrap_or_default();
    Ok(Prepared {
        hash: hex::encode(Sha256::digest(widest)),
        files,
    })
}

/// The largest 3:2 part around the picture's middle.
fn crop_to_three_by_two(picture: DynamicImage) -> DynamicImage {
    let (w, h) = (picture.width(), picture.height());
    if u64::from(w) * 2 > u64::from(h) * 3 {
        let width = h * 3 / 2;
        picture.crop_imm((w - width) / 2, 0, width, h)
    } else {
        let height = w * 2 / 3;
        picture.crop_imm(0, (h - height) / 2, w, height)
    }
}

/// Gives course `id` the picture `upload` described by `alt`, or, with no
/// upload, describes its present picture anew.
pub async fn set(
    db: &(impl ConnectionTrait + TransactionTrait),
    id: CourseId,
    upload: Option<Vec<u8>>,
    alt: PictureAlt,
    now: DateTime<Utc>,
) -> Result<(), PictureError> {
    let row = course::Entity::find_by_id(id.get())
        .one(db)
        .await?
        .ok_or(PictureError::NotFound(id))?;
    let Some(upload) = upload else {
        if row.picture_hash.is_none() {
            return Err(PictureError::Missing);
        }
        course::Entity::update_many()
            .col_expr(course::Column::PictureAlt, Expr::value(alt.as_str()))
            .col_expr(course::Column::UpdatedAt, Expr::value(now))
            .filter(course::Column::Id.eq(id.get()))
            .exec(db)
            .await?;
        return Ok(());
    };
    // One picture at a time: each may take a few hundred MB while scaled.
    let Prepared { hash, files } = {
        let _turn = PREPARING
            .acquire()
            .await
            .map_err(|_| PictureError::NotAPicture)?;
        tokio::task::spawn_blocking(move || prepare(&upload))
            .await
            .map_err(|_| PictureError::NotAPicture)??
    };
    let widest = files.last().map_or(LEAST_WIDTH, |(w, _)| *w);
    let txn = db.begin().await?;
    course_picture_file::Entity::insert_many(files.into_iter().map(|(width, jpeg)| {
        course_picture_file::ActiveModel {
            hash: Set(hash.clone()),
            width: Set(i32::try_from(width).unwrap_or(i32::MAX)),
            jpeg: Set(jpeg),
            created_at: Set(now),
        }
    }))
    .on_conflict(
        OnConflict::columns([
            course_picture_file::Column::Hash,
            course_picture_file::Column::Width,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    show(&txn, id, Some((&hash, alt.as_str(), widest)), now).await?;
    txn.commit().await?;
    tracing::info!(course_id = id.get(), "course picture set");
    Ok(())
}

/// Takes course `id`'s picture away.
pub async fn remove(
    db: &(impl ConnectionTrait + TransactionTrait),
    id: CourseId,
    now: DateTime<Utc>,
) -> Result<(), PictureError> {
    let txn = db.begin().await?;
    show(&txn, id, None, now).await?;
    txn.commit().await?;
    Ok(())
}

/// Points course `id` at a picture (or none) and deletes the files of the
/// one it showed, unless another course shows them too.
async fn show(
    db: &impl ConnectionTrait,
    id: CourseId,
    picture: Option<(&str, &str, u32)>,
    now: DateTime<Utc>,
) -> Result<(), PictureError> {
    let before = course::Entity::find_by_id(id.get())
        .one(db)
        .await?
        .ok_or(PictureError::NotFound(id))?
        .picture_hash;
    course::Entity::update_many()
        .col_expr(
            course::Column::PictureHash,
            Expr::value(picture.map(|p| p.0.to_owned())),
        )
        .col_expr(
            course::Column::PictureAlt,
            Expr::value(picture.map(|p| p.1.to_owned())),
        )
        .col_expr(
            course::Column::PictureWidth,
            Expr::value(picture.map(|p| i32::try_from(p.2).unwrap_or(i32::MAX))),
        )
        .col_expr(course::Column::UpdatedAt, Expr::value(now))
        .filter(course::Column::Id.eq(id.get()))
        .exec(db)
        .await?;
    if let Some(old) = before.filter(|old| Some(old.as_str()) != picture.map(|p| p.0)) {
        let still_shown = course::Entity::find()
            .filter(course::Column::PictureHash.eq(old.as_str()))
            .count(db)
            .await?
            > 0;
        if !still_shown {
            course_picture_file::Entity::delete_many()
                .filter(course_picture_file::Column::Hash.eq(old))
                .exec(db)
                .await?;
        }
    }
    Ok(())
}

/// The JPEG of picture `hash` at `width`, if there is one.
pub async fn jpeg(
    db: &impl ConnectionTrait,
    hash: &str,
    width: u32,
) -> Result<Option<Vec<u8>>, DbErr> {
    Ok(course_picture_file::Entity::find_by_id((
        hash.to_owned(),
        i32::try_from(width).unwrap_or(i32::MAX),
    ))
    .one(db)
    .await?
    .map(|f| f.jpeg))
}

/// A sample picture for `tessera seed`: soft bands of `colours` under a
/// sun, made here rather than shipped, as a PNG of 1600 × 1067.
pub fn sample(colours: [[u8; 3]; 3]) -> Vec<u8> {
    let (w, h) = (1600u32, 1067u32);
    let picture = image::RgbImage::from_fn(w, h, |x, y| {
        let band = (y * 3 / h).min(2) as usize;
        let [r, g, b] = colours[band];
        // A sun in the upper third, a shade lighter.
        let (dx, dy) = (i64::from(x) - 1150, i64::from(y) - 300);
        let sun = dx * dx + dy * dy < 160 * 160;
        let lift = |c: u8| if sun { c.saturating_add(70) } else { c };
        image::Rgb([lift(r), lift(g), lift(b)])
    });
    let mut png = Vec::new();
    // Writing to memory fails only on an encoder bug; the seed then has no
    // picture rather than no catalog.
    let _ = picture.write_to(&mut Cursor::new(&mut png), ImageFormat::Png);
    png
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let picture = image::RgbImage::from_pixel(width, height, image::Rgb([40, 120, 200]));
        let mut out = Vec::new();
        picture
            .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .expect("png");
        out
    }

    #[test]
    fn a_picture_is_cropped_to_three_by_two_at_each_width_it_reaches() {
        let Prepared { hash, files } = prepare(&png(2400, 1200)).expect("a picture");
        assert_eq!(hash.len(), 64);
        let sizes: Vec<(u32, (u32, u32))> = files
            .iter()
            .map(|(w, jpeg)| {
                let p = image::load_from_memory(jpeg).expect("decodes");
                assert_eq!(image::guess_format(jpeg).ok(), Some(ImageFormat::Jpeg));
                (*w, (p.width(), p.height()))
            })
            .collect();
        assert_eq!(
            sizes,
            [(480, (480, 320)), (960, (960, 640)), (1600, (1600, 1066))]
        );
        // A narrower upload is not enlarged; the same bytes, the same name.
        let narrow = prepare(&png(1000, 1000)).expect("a picture");
        assert_eq!(
            narrow.files.iter().map(|(w, _)| *w).collect::<Vec<_>>(),
            [480, 960]
        );
        assert_eq!(prepare(&png(1000, 1000)).expect("again").hash, narrow.hash);
    }

    #[test]
    fn what_is_not_a_usable_picture_is_refused() {
        assert!(matches!(prepare(b"GIF89a"), Err(PictureError::NotAPicture)));
        assert!(matches!(
            prepare(b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
            Err(PictureError::NotAPicture)
        ));
        assert!(matches!(
            prepare(&png(400, 300)),
            Err(PictureError::TooSmall)
        ));
        assert!(matches!(
            prepare(&vec![0; MOST_BYTES + 1]),
            Err(PictureError::TooBig)
        ));
        assert!(prepare(&sample([[1, 2, 3], [4, 5, 6], [7, 8, 9]])).is_ok());
    }
}

//! Instructors' photos: an upload is checked (at most [`MOST_BYTES`], a
//! JPEG, PNG or WebP by its content, not its name, at most
//! [`MOST_PIXELS`] across), scaled to fit [`SIDE`] pixels and stored as a
//! JPEG named by the SHA-256 of its bytes. The name is its URL
//! (`/photos/{hash}.jpg`), so a new photo is a new URL and each is cached
//! for a year.

use crate::entity::{instructor, instructor_photo};
use crate::ids::UserId;
use crate::service::uploads::{self, Unreadable};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, TransactionTrait};
use sha2::{Digest, Sha256};

/// The largest upload taken.
pub const MOST_BYTES: usize = 5 * 1024 * 1024;
/// The widest or tallest picture decoded.
const MOST_PIXELS: u32 = 8000;
/// The stored photo fits a square this many pixels across.
pub const SIDE: u32 = 480;

/// Why a photo was refused.
#[derive(Debug, thiserror::Error)]
pub enum PhotoError {
    #[error("larger than 5 MB")]
    TooBig,
    #[error("not a JPEG, PNG or WebP picture")]
    NotAPicture,
    #[error("only instructors have a photo")]
    NotAnInstructor,
    #[error("storing a photo")]
    Database(#[from] DbErr),
}

/// A photo's name: 64 hex digits.
pub fn parse_hash(raw: &str) -> Option<&str> {
    (raw.len() == 64 && raw.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))).then_some(raw)
}

/// The uploaded bytes as the stored JPEG, or why not. CPU work: run off
/// the async threads.
fn prepare(upload: &[u8]) -> Result<Vec<u8>, PhotoError> {
    let picture = uploads::decode(upload, MOST_BYTES, MOST_PIXELS).map_err(|e| match e {
        Unreadable::TooBig => PhotoError::TooBig,
        Unreadable::NotAPicture => PhotoError::NotAPicture,
    })?;
    // Made smaller, never larger.
    let small = if picture.width() > SIDE || picture.height() > SIDE {
        picture.thumbnail(SIDE, SIDE)
    } else {
        picture
    }
    .into_rgb8();
    uploads::jpeg(&small, 85).ok_or(PhotoError::NotAPicture)
}

/// Makes `upload` the photo of instructor `who`; answers its name.
pub async fn set(
    db: &(impl ConnectionTrait + TransactionTrait),
    who: UserId,
    upload: Vec<u8>,
    now: DateTime<Utc>,
) -> Result<String, PhotoError> {
    if !crate::service::instructors::teaches(db, who).await? {
        return Err(PhotoError::NotAnInstructor);
    }
    let jpeg = tokio::task::spawn_blocking(move || prepare(&upload))
        .await
        .map_err(|_| PhotoError::NotAPicture)??;
    let hash = hex::encode(Sha256::digest(&jpeg));
    let txn = db.begin().await?;
    instructor_photo::Entity::insert(instructor_photo::ActiveModel {
        hash: sea_orm::Set(hash.clone()),
        jpeg: sea_orm::Set(jpeg),
        created_at: sea_orm::Set(now),
    })
    .on_conflict(
        OnConflict::column(instructor_photo::Column::Hash)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    replace(&txn, who, Some(&hash), now).await?;
    txn.commit().await?;
    tracing::info!(user_id = who.get(), "instructor photo set");
    Ok(hash)
}

/// Takes instructor `who`'s photo away.
pub async fn remove(
    db: &(impl ConnectionTrait + TransactionTrait),
    who: UserId,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let txn = db.begin().await?;
    replace(&txn, who, None, now).await?;
    txn.commit().await
}

/// Points `who`'s profile at `hash` and deletes the photo it pointed at,
/// unless another profile shows the same picture.
async fn replace(
    db: &impl ConnectionTrait,
    who: UserId,
    hash: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let before = instructor::Entity::find_by_id(who.get())
        .one(db)
        .await?
        .and_then(|i| i.photo_hash);
    instructor::Entity::update_many()
        .col_expr(
            instructor::Column::PhotoHash,
            Expr::value(hash.map(str::to_owned)),
        )
        .col_expr(instructor::Column::UpdatedAt, Expr::value(now))
        .filter(instructor::Column::UserId.eq(who.get()))
        .exec(db)
        .await?;
    if let Some(old) = before.filter(|old| Some(old.as_str()) != hash) {
        let still_shown = instructor::Entity::find()
            .filter(instructor::Column::PhotoHash.eq(old.as_str()))
            .one(db)
            .await?
            .is_some();
        if !still_shown {
            instructor_photo::Entity::delete_by_id(old).exec(db).await?;
        }
    }
    Ok(())
}

/// The JPEG named `hash`, if there is one.
pub async fn jpeg(db: &impl ConnectionTrait, hash: &str) -> Result<Option<Vec<u8>>, DbErr> {
    Ok(instructor_photo::Entity::find_by_id(hash.to_owned())
        .one(db)
        .await?
        .map(|p| p.jpeg))
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::ImageFormat;
    use std::io::Cursor;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let picture = image::RgbImage::from_pixel(width, height, image::Rgb([200, 120, 40]));
        let mut out = Vec::new();
        picture
            .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .expect("png");
        out
    }

    #[test]
    fn a_picture_is_scaled_to_fit_and_stored_as_a_jpeg() {
        let jpeg = prepare(&png(1200, 600)).expect("a picture");
        let stored = image::load_from_memory(&jpeg).expect("decodes");
        assert_eq!((stored.width(), stored.height()), (SIDE, SIDE / 2));
        assert_eq!(image::guess_format(&jpeg).ok(), Some(ImageFormat::Jpeg));
        // A small one is not enlarged.
        let small =
            image::load_from_memory(&prepare(&png(100, 80)).expect("a picture")).expect("decodes");
        assert_eq!((small.width(), small.height()), (100, 80));
    }

    #[test]
    fn what_is_not_a_picture_or_is_too_big_is_refused() {
        assert!(matches!(
            prepare(b"GIF89a not really"),
            Err(PhotoError::NotAPicture)
        ));
        assert!(matches!(
            prepare(b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
            Err(PhotoError::NotAPicture)
        ));
        let mut truncated = png(50, 50);
        truncated.truncate(40);
        assert!(matches!(prepare(&truncated), Err(PhotoError::NotAPicture)));
        assert!(matches!(
            prepare(&vec![0; MOST_BYTES + 1]),
            Err(PhotoError::TooBig)
        ));
        assert_eq!(parse_hash(&"a".repeat(64)), Some("a".repeat(64).as_str()));
        assert_eq!(parse_hash("../etc/passwd"), None);
    }
}

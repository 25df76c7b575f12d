//! A course in the catalog.

use crate::course::{CourseStatus, CourseSummary};
use crate::ids::CourseId;
use crate::money::{Currency, Money, Price};
use crate::venue::{VenueZone, ZoneAt};
use sea_orm::entity::prelude::*;

/// A `courses` row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "courses")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub title: String,
    /// Plain-text description.
    pub description: String,
    /// The language `title` and `description` are written in (a tag,
    /// `de`); `course_texts` holds them in others.
    pub language: String,
    /// Price in minor units (≥ 0).
    pub price: i64,
    /// ISO 4217.
    pub currency: Currency,
    /// Seats in all (> 0).
    pub capacity: i32,
    /// Seats held by active bookings (≤ capacity).
    pub seats_held: i32,
    /// How many seats one booking may hold (1–50).
    pub seats_per_booking: i32,
    pub starts_at: DateTimeUtc,
    /// End (UTC, after start).
    pub ends_at: DateTimeUtc,
    pub location: String,
    /// How many meetings (`course_meetings`); `starts_at` is the first's
    /// start and `ends_at` the last's end.
    pub meeting_count: i32,
    /// The venue's IANA time zone (`Europe/Amsterdam`).
    pub time_zone: String,
    /// Draft, published or cancelled.
    pub status: CourseStatus,
    /// The first run of the same course, when this is another date of it.
    pub run_of: Option<i64>,
    /// A cancelled date's offer: the date its bookings may move to instead
    /// of taking the refund, until this one's start.
    pub replaced_by: Option<i64>,
    /// VAT in basis points (1900 = 19 %); `None` takes the operator's default.
    pub vat_rate_bp: Option<i32>,
    /// The topic it is filed under (`topics`), if any.
    pub topic_id: Option<i64>,
    /// Its picture (`course_picture_files`), what it shows, and the widest
    /// width stored.
    pub picture_hash: Option<String>,
    pub picture_alt: Option<String>,
    pub picture_width: Option<i32>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::booking::Entity")]
    Bookings,
}

impl Related<super::booking::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Bookings.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// The first run of this course: what all its dates have in common.
    pub fn first_run(&self) -> i64 {
        self.run_of.unwrap_or(self.id)
    }
}

/// A stored price that is negative (the database's check forbids it).
#[derive(Debug, thiserror::Error)]
#[error("course {0} has a negative price")]
pub struct CorruptCourse(pub i64);

impl TryFrom<Model> for CourseSummary {
    type Error = CorruptCourse;
    fn try_from(m: Model) -> Result<Self, Self::Error> {
        let price =
            Price::new(Money::from_minor(m.price, m.currency)).ok_or(CorruptCourse(m.id))?;
        let zone = VenueZone::stored(&m.time_zone);
        Ok(CourseSummary {
            id: CourseId(m.id),
            title: m.title,
            description: m.description,
            location: m.location,
            price,
            capacity: m.capacity,
            seats_held: m.seats_held,
            seats_per_booking: u8::try_from(m.seats_per_booking).unwrap_or(1),
            starts_at: m.starts_at,
            ends_at: m.ends_at,
            time_zone: zone.name().to_owned(),
            starts_zone: ZoneAt::of(zone, m.starts_at),
            ends_zone: ZoneAt::of(zone, m.ends_at),
            status: m.status,
            meetings: u16::try_from(m.meeting_count).unwrap_or(1),
            // Filled in by the readers that show it.
            waiting: 0,
            more_dates: 0,
            topic: None,
            picture: match (m.picture_hash, m.picture_alt, m.picture_width) {
                (Some(hash), Some(alt), Some(widest)) => Some(crate::picture::CoursePicture {
                    hash,
                    alt,
                    widest: u32::try_from(widest).unwrap_or(0),
                }),
                _ => None,
            },
            written_in: crate::i18n::Lang::parse(&m.language).unwrap_or_default(),
        })
    }
}

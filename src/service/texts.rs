//! A course's and an instructor's own words in the reader's language.
//! Each has one text in its own language (`courses.title` and
//! `description`, `instructors.bio`) and may have others (`course_texts`,
//! `instructor_bios`); a reader whose language has none reads the own one,
//! which the page marks with its language.

use crate::course::{CourseSummary, CourseText};
use crate::entity::{course_text, instructor_bio};
use crate::i18n::Lang;
use crate::teaching::InstructorCard;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use std::collections::HashMap;

/// Puts each course's title and description in `lang` where it has them.
pub async fn courses_in(
    db: &impl ConnectionTrait,
    lang: Lang,
    courses: &mut [CourseSummary],
) -> Result<(), DbErr> {
    let wanted: Vec<i64> = courses
        .iter()
        .filter(|c| c.written_in != lang)
        .map(|c| c.id.get())
        .collect();
    if wanted.is_empty() {
        return Ok(());
    }
    let mut found: HashMap<i64, course_text::Model> = course_text::Entity::find()
        .filter(course_text::Column::CourseId.is_in(wanted))
        .filter(course_text::Column::Language.eq(lang.tag()))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.course_id, t))
        .collect();
    for course in courses {
        if let Some(text) = found.remove(&course.id.get()) {
            course.title = text.title;
            course.description = text.description;
            course.written_in = lang;
        }
    }
    Ok(())
}

/// The titles in `lang` of those of `course_ids` that have one there.
pub async fn titles_in(
    db: &impl ConnectionTrait,
    lang: Lang,
    course_ids: impl IntoIterator<Item = i64>,
) -> Result<HashMap<i64, String>, DbErr> {
    let ids: Vec<i64> = course_ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(course_text::Entity::find()
        .filter(course_text::Column::CourseId.is_in(ids))
        .filter(course_text::Column::Language.eq(lang.tag()))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.course_id, t.title))
        .collect())
}

/// Puts each instructor's bio in `lang` where they wrote one.
pub async fn bios_in(
    db: &impl ConnectionTrait,
    lang: Lang,
    cards: &mut [InstructorCard],
) -> Result<(), DbErr> {
    let wanted: Vec<i64> = cards
        .iter()
        .filter(|c| c.bio_in != lang)
        .map(|c| c.id.get())
        .collect();
    if wanted.is_empty() {
        return Ok(());
    }
    let mut found: HashMap<i64, String> = instructor_bio::Entity::find()
        .filter(instructor_bio::Column::UserId.is_in(wanted))
        .filter(instructor_bio::Column::Language.eq(lang.tag()))
        .all(db)
        .await?
        .into_iter()
        .map(|b| (b.user_id, b.bio))
        .collect();
    for card in cards {
        if let Some(bio) = found.remove(&card.id.get()) {
            card.bio = bio;
            card.bio_in = lang;
        }
    }
    Ok(())
}

/// Replaces course `course_id`'s other languages' texts with `texts`.
pub async fn save_course_texts(
    db: &impl ConnectionTrait,
    course_id: i64,
    texts: &[CourseText],
) -> Result<(), DbErr> {
    course_text::Entity::delete_many()
        .filter(course_text::Column::CourseId.eq(course_id))
        .exec(db)
        .await?;
    for text in texts {
        course_text::Entity::insert(course_text::ActiveModel {
            course_id: sea_orm::Set(course_id),
            language: sea_orm::Set(text.lang.tag().to_owned()),
            title: sea_orm::Set(text.title.clone()),
            description: sea_orm::Set(text.description.clone()),
        })
        .exec(db)
        .await?;
    }
    Ok(())
}

/// Course `course_id`'s title and description in `lang`, if it has them
/// in a language other than its own.
pub async fn course_text_in(
    db: &impl ConnectionTrait,
    course_id: i64,
    lang: Lang,
) -> Result<Option<CourseText>, DbErr> {
    Ok(
        course_text::Entity::find_by_id((course_id, lang.tag().to_owned()))
            .one(db)
            .await?
            .map(|t| CourseText {
                lang,
                title: t.title,
                description: t.description,
            }),
    )
}

/// Course `course_id`'s texts in languages other than its own.
pub async fn course_texts(
    db: &impl ConnectionTrait,
    course_id: i64,
) -> Result<Vec<CourseText>, DbErr> {
    Ok(course_text::Entity::find()
        .filter(course_text::Column::CourseId.eq(course_id))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|t| {
            Some(CourseText {
                lang: Lang::parse(&t.language)?,
                title: t.title,
                description: t.description,
            })
        })
        .collect())
}

/// Replaces instructor `user_id`'s bio in `lang` (an empty one removes it).
pub async fn save_bio(
    db: &impl ConnectionTrait,
    user_id: i64,
    lang: Lang,
    bio: &str,
) -> Result<(), DbErr> {
    instructor_bio::Entity::delete_many()
        .filter(instructor_bio::Column::UserId.eq(user_id))
        .filter(instructor_bio::Column::Language.eq(lang.tag()))
        .exec(db)
        .await?;
    if !bio.is_empty() {
        instructor_bio::Entity::insert(instructor_bio::ActiveModel {
            user_id: sea_orm::Set(user_id),
            language: sea_orm::Set(lang.tag().to_owned()),
            bio: sea_orm::Set(bio.to_owned()),
        })
        .exec(db)
        .await?;
    }
    Ok(())
}

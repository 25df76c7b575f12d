//! Instructors: their courses and door lists, attendance, their public
//! profile and settings, and the admin's side (inviting, assigning).

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use tessera::teaching::{DoorList, InstructorCard, InstructorProfile, InstructorSettings};
use tessera::{CourseId, CourseSummary, UserId};

#[cfg(feature = "ssr")]
use {
    super::ssr::{db, with_status},
    crate::auth::ssr::{SessionUser, require_admin, require_user},
    chrono::Utc,
    tessera::service::{instructors, teaching},
    tessera::{ApiError, ErrorCode},
};

#[cfg(feature = "ssr")]
fn teaching_refusal(e: teaching::TeachingError) -> AppError {
    use teaching::TeachingError as E;
    match e {
        E::CourseNotFound(_) => AppError::new(ErrorCode::CourseNotFound),
        E::NotTheirs => AppError(ApiError::with_message(
            ErrorCode::Forbidden,
            tessera::said!("teaching-not-yours"),
        )),
        E::SeatNotFound => AppError(ApiError::with_message(
            ErrorCode::Validation,
            tessera::said!("teaching-seat-gone"),
        )),
        E::MeetingNotFound => AppError(ApiError::with_message(
            ErrorCode::Validation,
            tessera::said!("teaching-meeting-gone"),
        )),
        E::NotYet(_) => AppError(ApiError::with_message(
            ErrorCode::Validation,
            tessera::said!("teaching-not-yet"),
        )),
        E::SeatNotTaken => AppError(ApiError::with_message(
            ErrorCode::Validation,
            tessera::said!("teaching-seat-cancelled"),
        )),
        E::Corrupt(e) => AppError::internal("a door list", e),
        E::Database(e) => AppError::internal("a door list", e),
    }
}

/// The signed-in person if they teach (or are an admin), else 403.
#[cfg(feature = "ssr")]
async fn require_teacher() -> Result<SessionUser, AppError> {
    let user = require_user().await?;
    if user.role.is_admin() {
        return Ok(user);
    }
    let teaches = instructors::teaches(&db()?, UserId(user.id))
        .await
        .map_err(|e| AppError::internal("checking an instructor", e))?;
    if teaches {
        Ok(user)
    } else {
        Err(AppError(ApiError::with_message(
            ErrorCode::Forbidden,
            tessera::said!("teaching-only"),
        )))
    }
}

/// The courses the signed-in instructor teaches, upcoming first.
#[server(endpoint = "teaching_courses")]
pub async fn teaching_courses() -> Result<Vec<CourseSummary>, AppError> {
    async {
        let me = require_teacher().await?;
        teaching::courses(&db()?, UserId(me.id), Utc::now())
            .await
            .map_err(teaching_refusal)
    }
    .await
    .map_err(with_status)
}

/// A course's list at the door, for one of its instructors or an admin.
#[server(endpoint = "door_list")]
pub async fn course_door_list(id: CourseId) -> Result<DoorList, AppError> {
    async {
        let me = require_teacher().await?;
        let viewer = teaching::Viewer::of(UserId(me.id), me.role);
        teaching::door_list(&db()?, viewer, id, Utc::now())
            .await
            .map_err(teaching_refusal)
    }
    .await
    .map_err(with_status)
}

/// Marks one seat at one meeting (`meeting`: its start, Unix seconds) as
/// `present`, `absent` or `unmarked`. Setting, not toggling: sent twice, it
/// is one mark.
#[server(endpoint = "mark_attendance")]
pub async fn mark_attendance(seat: i64, meeting: i64, mark: String) -> Result<(), AppError> {
    async {
        let me = require_teacher().await?;
        let viewer = teaching::Viewer::of(UserId(me.id), me.role);
        let Some(mark) = tessera::teaching::Mark::parse(&mark) else {
            return Err(AppError(ApiError::with_message(
                ErrorCode::Validation,
                tessera::said!("teaching-mark-how"),
            )));
        };
        let Some(meeting) = chrono::DateTime::from_timestamp(meeting, 0) else {
            return Err(teaching_refusal(teaching::TeachingError::MeetingNotFound));
        };
        teaching::mark(
            &db()?,
            viewer,
            tessera::AttendeeId(seat),
            meeting,
            mark,
            Utc::now(),
        )
        .await
        .map(|_| ())
        .map_err(teaching_refusal)
    }
    .await
    .map_err(with_status)
}

/// An instructor's public page.
#[server(endpoint = "instructor_profile")]
pub async fn public_instructor(id: UserId) -> Result<InstructorProfile, AppError> {
    async {
        let db = db()?;
        let mut profile = instructors::profile(&db, id, Utc::now())
            .await
            .map_err(|e| AppError::internal("loading a profile", e))?
            .ok_or_else(|| AppError::new(ErrorCode::PersonNotFound))?;
        let lang = crate::i18n::lang();
        let texts = async {
            use tessera::service::texts::{bios_in, courses_in};
            bios_in(&db, lang, std::slice::from_mut(&mut profile.card)).await?;
            courses_in(&db, lang, &mut profile.upcoming).await
        };
        texts
            .await
            .map_err(|e| AppError::internal("loading a profile", e))?;
        Ok(profile)
    }
    .await
    .map_err(with_status)
}

/// The signed-in person's teaching settings, or `None` if they do not teach.
#[server(endpoint = "teaching_settings")]
pub async fn teaching_settings() -> Result<Option<InstructorSettings>, AppError> {
    async {
        let me = require_user().await?;
        instructors::settings(&db()?, UserId(me.id))
            .await
            .map_err(|e| AppError::internal("loading teaching settings", e))
    }
    .await
    .map_err(with_status)
}

/// A bio in one more language, as the teaching profile form sends it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct OtherBio {
    #[serde(default)]
    pub lang: String,
    #[serde(default)]
    pub bio: String,
}

/// Saves the signed-in instructor's bio and email choices (a checkbox
/// sends its value only when ticked).
#[server(endpoint = "save_teaching_settings")]
pub async fn save_teaching_settings(
    bio: String,
    /// The language `bio` is in (none: English).
    bio_language: Option<String>,
    /// Their bio in other languages (`other_bios[0][lang]`, `[bio]`).
    other_bios: Option<Vec<OtherBio>>,
    digest_emails: Option<String>,
    day_before_emails: Option<String>,
) -> Result<(), AppError> {
    async {
        use tessera::i18n::Lang;
        use tessera::teaching::Bio;
        let me = require_teacher().await?;
        let mut refused = Vec::new();
        let mut parse = |field: String, typed: &str| {
            Bio::parse(typed)
                .map_err(|e| {
                    refused.push(tessera::FieldError {
                        field,
                        message: e.to_string(),
                    })
                })
                .ok()
        };
        let own = parse("bio".into(), &bio);
        let others: Vec<(Lang, Bio)> = other_bios
            .unwrap_or_default()
            .iter()
            .enumerate()
            .filter_map(|(i, b)| {
                let lang = Lang::ALL.into_iter().find(|l| l.tag() == b.lang)?;
                Some((lang, parse(format!("other_bios[{i}][bio]"), &b.bio)?))
            })
            .collect();
        let written_in = match bio_language.as_deref().unwrap_or_default() {
            "" => Some(Lang::En),
            tag => Lang::ALL.into_iter().find(|l| l.tag() == tag),
        };
        if written_in.is_none() {
            refused.push(tessera::FieldError {
                field: "bio_language".into(),
                message: tessera::said!("course-language-choose"),
            });
        }
        let (Some(own), Some(written_in), true) = (own, written_in, refused.is_empty()) else {
            return Err(AppError(ApiError::validation(refused)));
        };
        let bios = tessera::teaching::Bios {
            own,
            written_in,
            others,
        };
        let saved = instructors::save_settings(
            &db()?,
            UserId(me.id),
            &bios,
            digest_emails.is_some(),
            day_before_emails.is_some(),
            Utc::now(),
        )
        .await
        .map_err(|e| AppError::internal("saving teaching settings", e))?;
        if saved {
            Ok(())
        } else {
            Err(AppError(ApiError::with_message(
                ErrorCode::Forbidden,
                tessera::said!("teaching-profile-only"),
            )))
        }
    }
    .await
    .map_err(with_status)
}

/// Every instructor, and those who teach course `id`.
#[server(endpoint = "course_instructors")]
pub async fn course_instructors(
    id: CourseId,
) -> Result<(Vec<InstructorCard>, Vec<UserId>), AppError> {
    async {
        require_admin().await?;
        let db = db()?;
        let all = instructors::all(&db)
            .await
            .map_err(|e| AppError::internal("listing instructors", e))?;
        let assigned = instructors::of_course(&db, id)
            .await
            .map_err(|e| AppError::internal("listing instructors", e))?
            .into_iter()
            .map(|c| c.id)
            .collect();
        Ok((all, assigned))
    }
    .await
    .map_err(with_status)
}

/// Adds (`teaches`) or takes off one instructor of course `id`.
#[server(endpoint = "set_course_instructor")]
pub async fn set_course_instructor(
    id: CourseId,
    instructor: UserId,
    teaches: bool,
) -> Result<(), AppError> {
    async {
        use instructors::AssignError;
        require_admin().await?;
        instructors::set_teaches(&db()?, id, instructor, teaches)
            .await
            .map_err(|e| match e {
                AssignError::CourseNotFound(_) => AppError::new(ErrorCode::CourseNotFound),
                AssignError::NotAnInstructor(_) => AppError(ApiError::with_message(
                    ErrorCode::Validation,
                    tessera::said!("teaching-not-instructor"),
                )),
                AssignError::Database(e) => AppError::internal("assigning an instructor", e),
            })
    }
    .await
    .map_err(with_status)
}

/// Makes an existing account an instructor.
#[server(endpoint = "make_instructor")]
pub async fn make_instructor(id: UserId) -> Result<(), AppError> {
    async {
        use instructors::MakeError;
        require_admin().await?;
        instructors::make(&db()?, id, Utc::now())
            .await
            .map(|_| ())
            .map_err(|e| match e {
                MakeError::NotFound => AppError::new(ErrorCode::PersonNotFound),
                MakeError::Blocked => AppError(ApiError::with_message(
                    ErrorCode::Validation,
                    tessera::said!("teaching-unblock-first"),
                )),
                MakeError::Database(e) => AppError::internal("making an instructor", e),
            })
    }
    .await
    .map_err(with_status)
}

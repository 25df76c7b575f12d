//! `GET /admin/courses/{id}/roster.csv`: the roster as a spreadsheet.

use app::auth::ssr::AuthSession;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use sea_orm::DatabaseConnection;
use tessera::roster::Roster;
use tessera::roster::RosterRows;
use tessera::service::roster::{RosterError, load_roster};
use tessera::{CourseId, ErrorCode};

/// One CSV field: quoted when it holds a separator any spreadsheet may split
/// on (comma, semicolon in `;` locales, tab), a quote or a line break, so a
/// name like `Bob;=1+1` stays one cell and its `=` never starts one; a
/// leading `= + - @` (or tab/CR) is defused with `'` so spreadsheets do not
/// run it as a formula.
pub fn csv_field(value: &str) -> String {
    let defused = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if defused.contains([',', ';', '\t', '"', '\n', '\r']) || defused != defused.trim() {
        format!("\"{}\"", defused.replace('"', "\"\""))
    } else {
        defused
    }
}

/// The whole file, CRLF line endings as RFC 4180 says: one row per seat,
/// with who booked it, then one column per meeting with its attendance
/// (headed by the meeting's start in UTC).
pub fn roster_to_csv(roster: &Roster) -> String {
    let mut out = String::from(
        "reference,name,email,status,seats,amount,discount,currency,booked_at_utc,attendee,attendee_email,seat_share",
    );
    for m in &roster.meetings {
        out.push_str(&format!(",attended_{}", m.format("%Y-%m-%dT%H:%M:%SZ")));
    }
    out.push_str("\r\n");
    for e in &roster.entries {
        for seat in e.seat_lines() {
            let marks = roster.meetings.iter().enumerate().map(|(i, _)| {
                seat.attendance
                    .get(i)
                    .map_or("", |m| match m {
                        tessera::teaching::Mark::Present => "present",
                        tessera::teaching::Mark::Absent => "absent",
                        tessera::teaching::Mark::Unmarked => "",
                    })
                    .to_owned()
            });
            let row = [
                e.reference.clone(),
                e.name.clone(),
                e.email.clone(),
                e.status.as_str().to_owned(),
                e.seats.to_string(),
                e.amount.decimal_string(),
                e.discount.decimal_string(),
                e.amount.currency().code().to_owned(),
                e.booked_at.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
                seat.name,
                seat.email.unwrap_or_default(),
                seat.share.decimal_string(),
            ];
            out.push_str(
                &row.into_iter()
                    .chain(marks)
                    .map(|f| csv_field(&f))
                    .collect::<Vec<_>>()
                    .join(","),
            );
            out.push_str("\r\n");
        }
    }
    out
}

/// The answer to anyone but an admin asking for an export: 401 signed
/// out, 403 signed in as a member; `None` for an admin.
pub fn refused_unless_admin(auth: &AuthSession) -> Option<Response> {
    match &auth.user {
        None => Some(
            (
                StatusCode::UNAUTHORIZED,
                ErrorCode::NotAuthenticated.message(tessera::i18n::current()),
            )
                .into_response(),
        ),
        Some(user) if !user.role.is_admin() => Some(
            (
                StatusCode::FORBIDDEN,
                ErrorCode::Forbidden.message(tessera::i18n::current()),
            )
                .into_response(),
        ),
        Some(_) => None,
    }
}

/// The handler (admins only).
pub async fn roster_csv(
    auth: AuthSession,
    State(db): State<DatabaseConnection>,
    Path(id): Path<String>,
) -> Response {
    if let Some(refused) = refused_unless_admin(&auth) {
        return refused;
    }
    let Ok(id) = id.parse::<CourseId>() else {
        return (
            StatusCode::NOT_FOUND,
            ErrorCode::CourseNotFound.message(tessera::i18n::current()),
        )
            .into_response();
    };
    match load_roster(&db, id, RosterRows::Everyone, chrono::Utc::now()).await {
        Ok(roster) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"roster-course-{id}.csv\""),
                ),
            ],
            roster_to_csv(&roster),
        )
            .into_response(),
        Err(RosterError::CourseNotFound(_)) => (
            StatusCode::NOT_FOUND,
            ErrorCode::CourseNotFound.message(tessera::i18n::current()),
        )
            .into_response(),
        Err(e) => {
            tracing::error!(course_id = %id, error = %e, "roster export failed");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                ErrorCode::Internal.message(tessera::i18n::current()),
            )
                .into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::csv_field;

    #[test]
    fn fields_are_escaped() {
        assert_eq!(csv_field("Ada"), "Ada");
        assert_eq!(csv_field("Lovelace, Ada"), "\"Lovelace, Ada\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("-5"), "'-5");
        // A `;` locale splits on semicolons: the formula must not start a cell.
        assert_eq!(csv_field("Bob;=1+1"), "\"Bob;=1+1\"");
        assert_eq!(csv_field("Bob\t@SUM(A1)"), "\"Bob\t@SUM(A1)\"");
    }
}

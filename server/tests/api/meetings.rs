//! Courses that meet several times, and the same course on other dates:
//! the admin's form, what a member sees, the calendar file and the emails.

use crate::support::{TestApp, admin, eventually, pay, spawn_app};
use chrono::{DurationRound, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use std::io::BufReader;
use tessera::BookingStatus;
use tessera::course_input::format_local_datetime;
use tessera::entity::{booking, course, course_meeting, email_outbox};

/// A course form: `meetings` as (starts, ends, place) at the venue's clock.
fn form(meetings: &[(&str, &str, &str)]) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = [
        ("form[title]", "Italian for Travellers"),
        ("form[description]", "Six evenings of everyday Italian."),
        ("form[location]", "Volkshochschule Mitte, Berlin"),
        ("form[price]", "120"),
        ("form[currency]", "EUR"),
        ("form[capacity]", "10"),
        ("form[time_zone]", "Europe/Berlin"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    for (i, (starts, ends, place)) in meetings.iter().enumerate() {
        fields.push((
            format!("form[meetings][{i}][starts_at]"),
            (*starts).to_owned(),
        ));
        fields.push((format!("form[meetings][{i}][ends_at]"), (*ends).to_owned()));
        fields.push((format!("form[meetings][{i}][place]"), (*place).to_owned()));
    }
    fields
}

async fn save(admin: &TestApp, id: Option<i64>, form: &[(String, String)]) -> reqwest::Response {
    let mut pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let id = id.map(|id| id.to_string());
    if let Some(id) = &id {
        pairs.push(("id", id));
    }
    admin.post_form("/api/save_course", &pairs).await
}

async fn publish(admin: &TestApp, id: i64) {
    let res = admin
        .post_form(
            "/api/set_course_published",
            &[("id", &id.to_string()), ("publish", "true")],
        )
        .await;
    assert_eq!(res.status(), 200);
}

async fn stored(app: &TestApp, id: i64) -> (course::Model, Vec<course_meeting::Model>) {
    let c = course::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .expect("q")
        .expect("the course");
    let m = course_meeting::Entity::find()
        .filter(course_meeting::Column::CourseId.eq(id))
        .order_by_asc(course_meeting::Column::StartsAt)
        .all(&app.db)
        .await
        .expect("q");
    (c, m)
}

fn utc(t: chrono::DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_course_of_three_evenings_across_the_change_of_clocks_is_booked_listed_and_in_the_calendar()
 {
    let app = spawn_app().await;
    let admin = admin(&app).await;
    // Berlin moves to summer time on Sunday 30 March 2031. Typed out of
    // order, with an empty row left over: stored first first.
    let res = save(
        &admin,
        None,
        &form(&[
            ("2031-03-25T18:00", "2031-03-25T20:00", ""),
            ("", "", ""),
            ("2031-04-01T18:00", "2031-04-01T20:00", "Trattoria da Gino"),
            ("2031-03-18T18:00", "2031-03-18T20:00", ""),
        ]),
    )
    .await;
    assert_eq!(res.status(), 200);
    let id: i64 = res.json().await.expect("id");
    let (c, meetings) = stored(&app, id).await;
    let instants: Vec<(String, String)> = meetings
        .iter()
        .map(|m| (utc(m.starts_at), utc(m.ends_at)))
        .collect();
    let expected = [
        ("20310318T170000Z", "20310318T190000Z"),
        ("20310325T170000Z", "20310325T190000Z"),
        ("20310401T160000Z", "20310401T180000Z"),
    ];
    assert_eq!(
        instants,
        expected.map(|(s, e)| (s.to_owned(), e.to_owned()))
    );
    assert_eq!(
        (utc(c.starts_at), utc(c.ends_at), c.meeting_count),
        (
            "20310318T170000Z".to_owned(),
            "20310401T180000Z".to_owned(),
            3
        ),
        "the course runs from the first meeting's start to the last one's end"
    );
    assert_eq!(meetings[2].place.as_deref(), Some("Trattoria da Gino"));
    publish(&admin, id).await;

    let (_, catalog) = app.get("/courses").await;
    assert!(
        catalog.contains("3 meetings from"),
        "the catalog says how often"
    );
    let (_, page) = app.get(&format!("/courses/{id}")).await;
    for when in [
        "Tue, 18 Mar 2031, 18:00–20:00 CET",
        "Tue, 25 Mar 2031, 18:00–20:00 CET",
        "Tue, 1 Apr 2031, 18:00–20:00 CEST",
        "Trattoria da Gino",
    ] {
        assert!(page.contains(when), "the course page lists {when}");
    }

    let ada = app.another_client();
    assert_eq!(
        ada.signup("ada@example.com", "correct horse battery")
            .await
            .status(),
        200
    );
    let res = ada
        .post_form("/api/book_course", &[("course_id", &id.to_string())])
        .await;
    assert_eq!(res.status(), 200);
    let url = res.headers()["location"].to_str().expect("url").to_owned();
    assert_eq!(pay(&url, "4242424242424242").await.status(), 303);
    let b = booking::Entity::find()
        .filter(booking::Column::CourseId.eq(id))
        .one(&app.db)
        .await
        .expect("q")
        .expect("the booking");
    eventually("confirmation", async || {
        booking::Entity::find_by_id(b.id)
            .one(&app.db)
            .await
            .ok()
            .flatten()
            .is_some_and(|b| b.status == BookingStatus::Confirmed)
    })
    .await;

    let (_, booking_page) = ada.get(&format!("/bookings/{}", b.id)).await;
    assert!(booking_page.contains("Tue, 1 Apr 2031, 18:00–20:00 CEST"));
    let ics = ada
        .client
        .get(format!("{}/bookings/{}/calendar.ics", app.address, b.id))
        .send()
        .await
        .expect("get")
        .text()
        .await
        .expect("body");
    let cal = ical::IcalParser::new(BufReader::new(ics.as_bytes()))
        .next()
        .expect("a calendar")
        .expect("it parses");
    let events: Vec<(String, String, String, String)> = cal
        .events
        .iter()
        .map(|e| {
            let prop = |name: &str| {
                e.properties
                    .iter()
                    .find(|p| p.name == name)
                    .and_then(|p| p.value.clone())
                    .unwrap_or_default()
            };
            (
                prop("DTSTART"),
                prop("DTEND"),
                prop("UID"),
                prop("LOCATION"),
            )
        })
        .collect();
    assert_eq!(events.len(), 3, "{ics}");
    for (event, (starts, ends)) in events.iter().zip(expected) {
        assert_eq!((event.0.as_str(), event.1.as_str()), (starts, ends));
    }
    let uids: std::collections::HashSet<&str> = events.iter().map(|e| e.2.as_str()).collect();
    assert_eq!(uids.len(), 3, "each meeting is an event of its own");
    assert_eq!(events[2].3, "Trattoria da Gino");
    assert_eq!(events[0].3, "Volkshochschule Mitte\\, Berlin");

    let mail = email_outbox::Entity::find()
        .filter(email_outbox::Column::DedupeKey.eq(format!("booking_confirmed:{}", b.id)))
        .one(&app.db)
        .await
        .expect("q")
        .expect("the confirmation");
    assert!(
        mail.body_text.contains(
            "Meetings:\n  1. Tue, 18 Mar 2031, 18:00–20:00 CET\n  2. Tue, 25 Mar 2031, 18:00–20:00 CET\n  3. Tue, 1 Apr 2031, 18:00–20:00 CEST · Trattoria da Gino\n"
        ),
        "{}",
        mail.body_text
    );
    assert_eq!(mail.attachments.matches("BEGIN:VEVENT").count(), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_published_course_keeps_its_past_meetings_and_gains_none_in_the_past() {
    let app = spawn_app().await;
    let admin = admin(&app).await;
    let now = Utc::now()
        .duration_trunc(chrono::Duration::minutes(1))
        .expect("a minute");
    let local = |t: chrono::DateTime<Utc>| format_local_datetime(t.naive_utc());
    let (past, future) = (
        now - chrono::Duration::days(2),
        now + chrono::Duration::days(5),
    );
    let hour = chrono::Duration::hours(1);
    let mut base = form(&[
        (&local(past), &local(past + hour), ""),
        (&local(future), &local(future + hour), ""),
    ]);
    for (k, v) in &mut base {
        if k == "form[time_zone]" {
            *v = "UTC".into();
        }
    }
    let res = save(&admin, None, &base).await;
    assert_eq!(res.status(), 200, "a draft may start in the past");
    let id: i64 = res.json().await.expect("id");
    publish(&admin, id).await;
    let before = stored(&app, id).await;

    let with = |row: usize, starts: chrono::DateTime<Utc>| {
        let mut f = base.clone();
        for (k, v) in &mut f {
            if *k == format!("form[meetings][{row}][starts_at]") {
                *v = local(starts);
            }
            if *k == format!("form[meetings][{row}][ends_at]") {
                *v = local(starts + hour);
            }
        }
        f
    };
    // The past meeting moved by a day; the future one moved into the past.
    for (row, to) in [
        (0, past + chrono::Duration::days(1)),
        (1, now - chrono::Duration::hours(3)),
    ] {
        let res = save(&admin, Some(id), &with(row, to)).await;
        assert_eq!(res.status(), 422);
        let body: serde_json::Value = res.json().await.expect("json");
        assert_eq!(
            body["fields"][0]["field"],
            format!("meetings[{row}][starts_at]")
        );
        assert_eq!(stored(&app, id).await, before, "nothing changed");
    }

    // Moving the future meeting a week on, keeping the past one: saved,
    // and the course now ends a week later.
    let later = future + chrono::Duration::weeks(1);
    let res = save(&admin, Some(id), &with(1, later)).await;
    assert_eq!(res.status(), 200);
    let (c, meetings) = stored(&app, id).await;
    assert_eq!(meetings.len(), 2);
    assert_eq!(meetings[0].starts_at, past);
    assert_eq!(c.ends_at, later + hour);
}

/// A one-day course form, at `starts` (Berlin's clock), `capacity` seats.
fn one_day(starts: &str, capacity: &str) -> Vec<(String, String)> {
    let ends = starts.replace("T10:00", "T13:00");
    let mut f = form(&[(starts, &ends, "")]);
    for (k, v) in &mut f {
        if k == "form[capacity]" {
            *v = capacity.to_owned();
        }
    }
    f
}

async fn save_as_run_of(
    admin: &TestApp,
    source: i64,
    form: &[(String, String)],
) -> reqwest::Response {
    let mut pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let source = source.to_string();
    pairs.push(("run_of", &source));
    admin.post_form("/api/save_course", &pairs).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_date_is_a_run_of_the_first_with_its_own_seats_and_each_page_lists_the_others() {
    let app = spawn_app().await;
    let admin = admin(&app).await;
    let res = save(&admin, None, &one_day("2031-05-02T10:00", "10")).await;
    let first: i64 = res.json().await.expect("id");
    publish(&admin, first).await;
    let res = save_as_run_of(&admin, first, &one_day("2031-06-06T10:00", "4")).await;
    assert_eq!(res.status(), 200);
    let second: i64 = res.json().await.expect("id");
    // A date added from the second run still names the first.
    let res = save_as_run_of(&admin, second, &one_day("2031-07-04T10:00", "4")).await;
    let third: i64 = res.json().await.expect("id");
    let (first_row, _) = stored(&app, first).await;
    let (second_row, _) = stored(&app, second).await;
    let (third_row, _) = stored(&app, third).await;
    assert_eq!(first_row.run_of, None);
    assert_eq!(second_row.run_of, Some(first));
    assert_eq!(third_row.run_of, Some(first));
    assert_eq!(
        (
            second_row.capacity,
            second_row.seats_held,
            second_row.status
        ),
        (4, 0, tessera::CourseStatus::Draft),
        "a new run has its own seats and starts as a draft"
    );
    publish(&admin, second).await;

    let (_, page) = app.get(&format!("/courses/{first}")).await;
    assert!(page.contains("Also on"));
    assert!(
        page.contains(&format!("/courses/{second}")),
        "the other date is linked"
    );
    assert!(page.contains("6 Jun 2031, 10:00 CEST"));
    assert!(page.contains("4 seats left"));
    assert!(
        !page.contains(&format!("/courses/{third}")),
        "a draft date is not offered"
    );
    let (_, page) = app.get(&format!("/courses/{second}")).await;
    assert!(page.contains(&format!("/courses/{first}")));
    assert!(page.contains("2 May 2031, 10:00 CEST"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_date_of_no_course_or_of_two_at_once_is_refused_and_nothing_is_made() {
    let app = spawn_app().await;
    let admin = admin(&app).await;
    let res = save_as_run_of(&admin, 999_999, &one_day("2031-05-02T10:00", "10")).await;
    assert_eq!(res.status(), 404);
    let res = save(&admin, None, &one_day("2031-05-02T10:00", "10")).await;
    let first: i64 = res.json().await.expect("id");
    let before = stored(&app, first).await;
    let mut both = one_day("2031-06-06T10:00", "4");
    both.push(("run_of".into(), first.to_string()));
    let res = save(&admin, Some(first), &both).await;
    assert_eq!(res.status(), 422);
    assert_eq!(stored(&app, first).await, before, "nothing changed");
    let courses = course::Entity::find().all(&app.db).await.expect("q");
    assert_eq!(courses.len(), 1, "nothing made");
}

/// Changing when a published course meets tells each confirmed booking:
/// an email with the new meetings and a calendar file that replaces the
/// entry (`SEQUENCE` one on); a save that changes no meeting tells nobody.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changed_meetings_of_a_published_course_are_emailed_with_an_updated_calendar() {
    let app = spawn_app().await;
    let admin = admin(&app).await;
    let free = |meetings: &[(&str, &str, &str)]| {
        form(meetings)
            .into_iter()
            .map(|(k, v)| {
                if k == "form[price]" {
                    (k, "0".to_owned())
                } else {
                    (k, v)
                }
            })
            .collect::<Vec<_>>()
    };
    let two = free(&[
        ("2031-03-18T18:00", "2031-03-18T20:00", ""),
        ("2031-03-25T18:00", "2031-03-25T20:00", ""),
    ]);
    let id: i64 = save(&admin, None, &two).await.json().await.expect("id");
    // Changes to a draft tell nobody (nobody can have booked it).
    assert_eq!(save(&admin, Some(id), &two).await.status(), 200);
    publish(&admin, id).await;
    let mut booked = Vec::new();
    for email in ["ada@example.com", "grace@example.com"] {
        let m = app.another_client();
        assert_eq!(m.signup(email, "correct horse battery").await.status(), 200);
        let res = m
            .post_form("/api/book_course", &[("course_id", &id.to_string())])
            .await;
        assert!(res.status().is_success() || res.status().is_redirection());
        booked.push(m);
    }
    let bookings = booking::Entity::find()
        .filter(booking::Column::CourseId.eq(id))
        .order_by_asc(booking::Column::Id)
        .all(&app.db)
        .await
        .expect("q");
    assert!(
        bookings
            .iter()
            .all(|b| b.status == BookingStatus::Confirmed)
    );
    let told = async || {
        email_outbox::Entity::find()
            .filter(email_outbox::Column::DedupeKey.starts_with("schedule_changed:"))
            .order_by_asc(email_outbox::Column::Id)
            .all(&app.db)
            .await
            .expect("q")
    };

    // The same meetings saved again (a new description): nobody is told.
    let mut same = two.clone();
    for (k, v) in &mut same {
        if k == "form[description]" {
            *v = "Six evenings of everyday Italian, with homework.".to_owned();
        }
    }
    assert_eq!(save(&admin, Some(id), &same).await.status(), 200);
    assert!(told().await.is_empty());

    // The second evening moves a day later and to a trattoria.
    let changed = free(&[
        ("2031-03-18T18:00", "2031-03-18T20:00", ""),
        ("2031-03-26T18:00", "2031-03-26T20:00", "Trattoria da Gino"),
    ]);
    assert_eq!(save(&admin, Some(id), &changed).await.status(), 200);
    let mails = told().await;
    let keys: Vec<&str> = mails
        .iter()
        .filter_map(|m| m.dedupe_key.as_deref())
        .collect();
    assert_eq!(
        keys,
        [
            format!("schedule_changed:{}:1", bookings[0].id),
            format!("schedule_changed:{}:1", bookings[1].id)
        ]
    );
    let mail = &mails[0];
    assert!(mail.subject.starts_with("New dates"), "{}", mail.subject);
    assert!(
        mail.body_text.contains("Wed, 26 Mar 2031"),
        "the new meeting is listed: {}",
        mail.body_text
    );
    assert!(
        mail.body_text.contains("Trattoria da Gino"),
        "the meetings as they are now: {}",
        mail.body_text
    );
    assert!(mail.attachments.contains("SEQUENCE:1"));
    assert!(
        mail.attachments.contains("DTSTART:20310326T170000Z"),
        "{}",
        mail.attachments
    );
    // The calendar file on the site agrees.
    let ics = booked[0]
        .client
        .get(format!(
            "{}/bookings/{}/calendar.ics",
            app.address, bookings[0].id
        ))
        .send()
        .await
        .expect("get")
        .text()
        .await
        .expect("body");
    assert!(ics.contains("SEQUENCE:1\r\n"), "{ics}");
    assert!(ics.contains("LOCATION:Trattoria da Gino"), "{ics}");
}

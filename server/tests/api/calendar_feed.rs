//! A member's private calendar feed: the meetings of their confirmed
//! bookings and nobody else's, following moves and cancellations, cheap to
//! poll (304), and gone when its address is reset.

use crate::support::{TestApp, admin, spawn_app};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use tessera::entity::booking;

/// Creates and publishes a free course in Berlin meeting at each of
/// `meetings` (local start; three hours each), another date of `run_of`
/// when given.
async fn course(admin: &TestApp, title: &str, meetings: &[&str], run_of: Option<i64>) -> i64 {
    let mut pairs: Vec<(String, String)> = [
        ("form[title]", title),
        ("form[description]", "Bring an apron."),
        ("form[location]", "Studio 4"),
        ("form[price]", "0"),
        ("form[currency]", "EUR"),
        ("form[capacity]", "10"),
        ("form[time_zone]", "Europe/Berlin"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    for (i, starts) in meetings.iter().enumerate() {
        pairs.push((
            format!("form[meetings][{i}][starts_at]"),
            (*starts).to_owned(),
        ));
        pairs.push((
            format!("form[meetings][{i}][ends_at]"),
            starts.replace("T10:00", "T13:00"),
        ));
    }
    if let Some(first) = run_of {
        pairs.push(("run_of".into(), first.to_string()));
    }
    let pairs: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let res = admin.post_form("/api/save_course", &pairs).await;
    assert_eq!(
        res.status(),
        200,
        "{}",
        res.text().await.unwrap_or_default()
    );
    let id: i64 = res.json().await.expect("id");
    let res = admin
        .post_form(
            "/api/set_course_published",
            &[("id", &id.to_string()), ("publish", "true")],
        )
        .await;
    assert_eq!(res.status(), 200);
    id
}

async fn member(app: &TestApp, email: &str) -> TestApp {
    let m = app.another_client();
    assert_eq!(m.signup(email, "correct horse battery").await.status(), 200);
    m
}

async fn book(m: &TestApp, course_id: i64) -> i64 {
    let res = m
        .post_form("/api/book_course", &[("course_id", &course_id.to_string())])
        .await;
    assert_eq!(res.status(), 200);
    booking::Entity::find()
        .filter(booking::Column::CourseId.eq(course_id))
        .all(&m.db)
        .await
        .expect("q")
        .into_iter()
        .map(|b| b.id)
        .max()
        .expect("the booking")
}

/// The member's feed address, made (or made anew) from `/account`.
async fn make_feed(m: &TestApp) -> String {
    let res = m.post_form("/api/reset_calendar_feed", &[]).await;
    assert_eq!(res.status(), 200);
    let url: String = res.json().await.expect("url");
    assert!(url.starts_with(&m.address), "{url}");
    url[m.address.len()..].to_owned()
}

/// A poll of `path` by a calendar app (no session), with `If-None-Match`.
async fn poll(app: &TestApp, path: &str, etag: Option<&str>) -> reqwest::Response {
    let mut req = reqwest::Client::new().get(format!("{}{path}", app.address));
    if let Some(tag) = etag {
        req = req.header("if-none-match", tag);
    }
    req.send().await.expect("poll")
}

fn uids(ics: &str) -> Vec<String> {
    let mut found: Vec<String> = ics
        .lines()
        .filter_map(|l| l.strip_prefix("UID:"))
        .map(|u| u.split('@').next().unwrap_or_default().to_owned())
        .collect();
    found.sort();
    found
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_feed_lists_the_members_meetings_and_follows_moves_and_cancellations() {
    let app = spawn_app().await;
    let admin = admin(&app).await;
    // Two meetings either side of the change to summer time.
    let pottery = course(
        &admin,
        "Pottery",
        &["2031-03-29T10:00", "2031-04-05T10:00"],
        None,
    )
    .await;
    let later = course(&admin, "Pottery", &["2031-05-03T10:00"], Some(pottery)).await;
    let knives = course(&admin, "Knife skills", &["2031-06-07T10:00"], None).await;
    let ada = member(&app, "ada@example.com").await;
    let grace = member(&app, "grace@example.com").await;
    let a_pottery = book(&ada, pottery).await;
    let a_knives = book(&ada, knives).await;
    let g_pottery = book(&grace, pottery).await;

    let path = make_feed(&ada).await;
    let res = poll(&app, &path, None).await;
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .expect("type")
            .starts_with("text/calendar")
    );
    let etag = res.headers()["etag"].to_str().expect("etag").to_owned();
    assert!(res.headers().contains_key("last-modified"));
    let ics = res.text().await.expect("body");
    assert_eq!(
        uids(&ics),
        [
            format!("booking-{a_pottery}"),
            format!("booking-{a_pottery}-2"),
            format!("booking-{a_knives}"),
        ],
        "ada's meetings, not grace's ({g_pottery})"
    );
    // 10:00 in Berlin: 09:00 UTC in winter, 08:00 in summer.
    assert!(ics.contains("DTSTART:20310329T090000Z\r\n"), "{ics}");
    assert!(ics.contains("DTSTART:20310405T080000Z\r\n"));
    assert!(
        !ics.contains('€') && !ics.contains("EUR"),
        "no money in a feed"
    );

    // Nothing new: 304, no body; others booking the same course change
    // nothing in ada's calendar.
    let res = poll(&app, &path, Some(&etag)).await;
    assert_eq!(res.status(), 304);
    assert!(res.text().await.expect("body").is_empty());
    let lin = member(&app, "lin@example.com").await;
    book(&lin, pottery).await;
    assert_eq!(poll(&app, &path, Some(&etag)).await.status(), 304);

    // A cancellation leaves the feed.
    let res = ada
        .post_form(
            "/api/cancel_booking",
            &[("booking_id", &a_knives.to_string())],
        )
        .await;
    assert_eq!(res.status(), 200);
    let res = poll(&app, &path, Some(&etag)).await;
    assert_eq!(res.status(), 200, "changed since that poll");
    let etag = res.headers()["etag"].to_str().expect("etag").to_owned();
    let ics = res.text().await.expect("body");
    assert!(!ics.contains(&format!("UID:booking-{a_knives}@")));

    // A move: the same entry, one version on, at the new date.
    let res = ada
        .post_form(
            "/api/move_booking",
            &[
                ("booking_id", &a_pottery.to_string()),
                ("to", &later.to_string()),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    let res = poll(&app, &path, Some(&etag)).await;
    assert_eq!(res.status(), 200);
    let ics = res.text().await.expect("body");
    assert_eq!(uids(&ics), [format!("booking-{a_pottery}")]);
    assert!(ics.contains("DTSTART:20310503T080000Z\r\n"));
    assert!(ics.contains("SEQUENCE:1\r\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reset_address_and_every_wrong_one_answer_404() {
    let app = spawn_app().await;
    let ada = member(&app, "ada@example.com").await;
    // Signed out, there is no address to make or show.
    let res = app
        .another_client()
        .post_form("/api/calendar_feed", &[])
        .await;
    assert_eq!(res.status(), 401);
    let res = ada.post_form("/api/calendar_feed", &[]).await;
    let none: Option<String> = res.json().await.expect("json");
    assert_eq!(none, None, "none until asked for");

    let old = make_feed(&ada).await;
    assert_eq!(poll(&app, &old, None).await.status(), 200);
    let res = ada.post_form("/api/calendar_feed", &[]).await;
    let shown: Option<String> = res.json().await.expect("json");
    assert_eq!(
        shown.map(|u| u[ada.address.len()..].to_owned()),
        Some(old.clone())
    );

    let new = make_feed(&ada).await;
    assert_ne!(old, new);
    assert_eq!(
        poll(&app, &old, None).await.status(),
        404,
        "the old address is gone"
    );
    assert_eq!(poll(&app, &new, None).await.status(), 200);
    let zeros = format!("/calendar/{}.ics", "0".repeat(64));
    let upper = new
        .to_ascii_uppercase()
        .replace("/CALENDAR/", "/calendar/")
        .replace(".ICS", ".ics");
    let bare = new.trim_end_matches(".ics").to_owned();
    for wrong in [
        zeros.as_str(),
        "/calendar/abc.ics",
        upper.as_str(),
        bare.as_str(),
        "/calendar/.ics",
    ] {
        assert_eq!(poll(&app, wrong, None).await.status(), 404, "{wrong}");
    }
    // A deleted account's address answers nothing.
    let res = ada
        .post_form(
            "/api/delete_account",
            &[("confirm_password", "correct horse battery")],
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(poll(&app, &new, None).await.status(), 404);
}

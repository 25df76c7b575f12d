//! The back office over HTTP: creating, editing and publishing courses, rosters.

use crate::support::{admin, spawn_app};
use std::io::Write;
use std::process::{Command, Stdio};
use tessera_server::seed::seed;

fn course_form<'a>(title: &'a str, capacity: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("form[title]", title),
        ("form[description]", "Wheel, clay, glaze."),
        ("form[location]", "Studio 4, Utrecht"),
        ("form[price]", "65"),
        ("form[currency]", "EUR"),
        ("form[capacity]", capacity),
        ("form[meetings][0][starts_at]", "2031-05-02T10:00"),
        ("form[meetings][0][ends_at]", "2031-05-02T13:00"),
        ("form[time_zone]", "Europe/Amsterdam"),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_creates_a_draft_publishes_it_and_visitors_see_it() {
    let app = spawn_app().await;
    let admin = admin(&app).await;
    let res = admin
        .post_form("/api/save_course", &course_form("Raku Firing Weekend", "6"))
        .await;
    assert_eq!(res.status(), 200);
    let id: i64 = res.json().await.expect("id");

    let (_, catalog) = app.get("/courses").await;
    assert!(
        !catalog.contains("Raku Firing Weekend"),
        "drafts stay out of the catalog"
    );

    let res = admin
        .post_form(
            "/api/set_course_published",
            &[("id", &id.to_string()), ("publish", "true")],
        )
        .await;
    assert_eq!(res.status(), 200);
    let (_, catalog) = app.get("/courses").await;
    assert!(catalog.contains("Raku Firing Weekend"));
    // 10:00 at UTC+2 is stored as 08:00 UTC.
    let (_, page) = app.get(&format!("/courses/{id}")).await;
    assert!(
        page.contains("2031-05-02T08:00:00+00:00"),
        "times are stored in UTC"
    );
    assert!(page.contains("€65.00"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_courses_are_refused_field_by_field_and_nothing_is_saved() {
    let app = spawn_app().await;
    let admin = admin(&app).await;
    let mut form = course_form("", "0");
    form.retain(|(k, _)| *k != "form[price]");
    form.push(("form[price]", "-1"));
    let res = admin.post_form("/api/save_course", &form).await;
    assert_eq!(res.status(), 422);
    let body: serde_json::Value = res.json().await.expect("json");
    let fields: Vec<&str> = body["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .filter_map(|f| f["field"].as_str())
        .collect();
    assert_eq!(fields, vec!["title", "price", "capacity"]);
    let res = admin.post_form("/api/admin_courses", &[]).await;
    let page: serde_json::Value = res.json().await.expect("json");
    assert_eq!(page["rows"].as_array().map(Vec::len), Some(0));
    assert_eq!(page["total"], 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn capacity_cannot_drop_below_seats_already_held() {
    let app = spawn_app().await;
    seed(&app.db).await.expect("seed");
    let admin = admin(&app).await;
    let rows: serde_json::Value = admin
        .post_form("/api/admin_courses", &[])
        .await
        .json()
        .await
        .expect("json");
    let watercolour = rows["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["course"]["title"] == "Watercolour Landscapes")
        .expect("seeded");
    assert_eq!(watercolour["course"]["seats_held"], 5);
    assert_eq!(watercolour["confirmed"], 5);
    assert_eq!(
        watercolour["revenue"][0]["minor"],
        5 * 3500,
        "revenue is the sum of confirmed bookings"
    );
    let id = watercolour["course"]["id"].to_string();
    let mut form = course_form("Watercolour Landscapes", "4");
    form.push(("id", &id));
    let res = admin.post_form("/api/save_course", &form).await;
    assert_eq!(res.status(), 422);
    let body: serde_json::Value = res.json().await.expect("json");
    assert_eq!(body["fields"][0]["field"], "capacity");
    assert!(
        body["fields"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("5 seats are already held")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn members_cannot_use_admin_functions() {
    let app = spawn_app().await;
    app.signup("ada@example.com", "correct horse battery").await;
    let res = app
        .post_form("/api/save_course", &course_form("Sneaky", "5"))
        .await;
    assert_eq!(res.status(), 403);
    let res = app
        .client
        .get(format!("{}/admin/courses/1/roster.csv", app.address))
        .send()
        .await
        .expect("get");
    assert_eq!(res.status(), 403);
    let signed_out = app.another_client();
    assert_eq!(
        signed_out
            .post_form("/api/admin_courses", &[])
            .await
            .status(),
        401
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_roster_csv_is_properly_escaped() {
    let app = spawn_app().await;
    seed(&app.db).await.expect("seed");
    // A member whose name needs quoting and would otherwise be a formula.
    use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
    let u = tessera::entity::user::Entity::find()
        .filter(tessera::entity::user::Column::Email.eq("sample.member1@tessera.invalid"))
        .one(&app.db)
        .await
        .expect("query")
        .expect("seeded member");
    let mut active: tessera::entity::user::ActiveModel = u.into();
    active.display_name = Set("=Lovelace, \"Ada\"".to_owned());
    active.update(&app.db).await.expect("rename");

    let admin = admin(&app).await;
    let rows: serde_json::Value = admin
        .post_form("/api/admin_courses", &[])
        .await
        .json()
        .await
        .expect("json");
    let id = rows["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["course"]["title"] == "Sourdough Bread Masterclass")
        .expect("seeded")["course"]["id"]
        .clone();
    let res = admin
        .client
        .get(format!("{}/admin/courses/{id}/roster.csv", app.address))
        .send()
        .await
        .expect("get");
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap_or_default()
            .starts_with("text/csv")
    );
    let csv = res.text().await.expect("body");
    let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    // Then one attendance column per meeting (the sourdough course meets once).
    assert!(
        lines[0].starts_with(
            "reference,name,email,status,seats,amount,discount,currency,booked_at_utc,attendee,attendee_email,seat_share,attended_"
        ) && lines[0].matches(",attended_").count() == 1,
        "{}",
        lines[0]
    );
    assert_eq!(
        lines.len(),
        3,
        "two seeded bookings on the sourdough course: {csv}"
    );
    assert!(
        csv.contains(
            "\"'=Lovelace, \"\"Ada\"\"\",sample.member1@tessera.invalid,confirmed,1,49.00,0.00,EUR,"
        ),
        "{csv}"
    );
}

#[test]
fn tessera_admin_create_reads_the_password_from_stdin() {
    let dir = std::env::temp_dir().join(format!("tessera-admin-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).expect("dir");
    let run = |password: &str| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_tessera"))
            .args(["admin", "create", "--email", "Boss@Example.com"])
            .current_dir(&dir)
            .env("DATABASE_URL", "sqlite://admin.db?mode=rwc")
            .env_remove("TEST_DATABASE_URL")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(password.as_bytes())
            .expect("write");
        child.wait_with_output().expect("wait")
    };
    let out = run("short\n");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("at least 10 characters"));
    let out = run("a long admin password\n");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("admin boss@example.com created"));
}

/// `count` courses, "Course 00001" starting tomorrow, each a day after the
/// one before; every tenth a draft, every fifteenth cancelled.
async fn courses_for_the_list(db: &sea_orm::DatabaseConnection, count: usize) -> Vec<i64> {
    use chrono::{Duration, Utc};
    use sea_orm::{EntityTrait, QueryOrder, Set};
    use tessera::entity::course;
    let now = Utc::now();
    let rows: Vec<course::ActiveModel> = (1..=count)
        .map(|i| {
            let starts = now + Duration::days(i64::try_from(i).expect("small"));
            let status = match i {
                i if i % 10 == 0 => tessera::CourseStatus::Draft,
                i if i % 15 == 0 => tessera::CourseStatus::Cancelled,
                _ => tessera::CourseStatus::Published,
            };
            course::ActiveModel {
                title: Set(format!("Course {i:05}")),
                description: Set("Hands on.".into()),
                price: Set(2000),
                currency: Set(tessera::Currency::Eur),
                capacity: Set(1000),
                seats_held: Set(0),
                starts_at: Set(starts),
                ends_at: Set(starts + Duration::hours(2)),
                location: Set("Hall".into()),
                status: Set(status),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
        })
        .collect();
    for chunk in rows.chunks(200) {
        course::Entity::insert_many(chunk.to_vec())
            .exec(db)
            .await
            .expect("insert courses");
    }
    course::Entity::find()
        .order_by_asc(course::Column::StartsAt)
        .all(db)
        .await
        .expect("courses")
        .into_iter()
        .map(|c| c.id)
        .collect()
}

/// `confirmed` paid bookings and `pending` ones on `course`, each by its own
/// member, inserted as an import would (the pending ones booked first);
/// the course's seats held set to match.
async fn booked_by_many(
    db: &sea_orm::DatabaseConnection,
    course: i64,
    confirmed: usize,
    pending: usize,
) {
    use chrono::{Duration, Utc};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
    use tessera::entity::{booking, course as course_entity, user};
    let now = Utc::now();
    let people = confirmed + pending;
    let users: Vec<user::ActiveModel> = (0..people)
        .map(|i| user::ActiveModel {
            email: Set(format!("member{course}.{i:04}@example.com")),
            password_hash: Set("not a hash: nobody signs in".into()),
            display_name: Set(format!("Member {i:04}")),
            role: Set(tessera::account::Role::Member),
            time_zone: Set("UTC".into()),
            email_confirmed_at: Set(Some(now)),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        })
        .collect();
    for chunk in users.chunks(200) {
        user::Entity::insert_many(chunk.to_vec())
            .exec(db)
            .await
            .expect("insert members");
    }
    let ids: Vec<i64> = user::Entity::find()
        .filter(user::Column::Email.starts_with(format!("member{course}.")))
        .order_by_asc(user::Column::Email)
        .all(db)
        .await
        .expect("members")
        .into_iter()
        .map(|u| u.id)
        .collect();
    assert_eq!(ids.len(), people);
    let bookings: Vec<booking::ActiveModel> = ids
        .iter()
        .enumerate()
        .map(|(i, user)| {
            let at = now - Duration::minutes(i64::try_from(people - i).expect("small"));
            let paid = i >= pending;
            booking::ActiveModel {
                user_id: Set(*user),
                course_id: Set(course),
                status: Set(if paid {
                    tessera::BookingStatus::Confirmed
                } else {
                    tessera::BookingStatus::PendingPayment
                }),
                amount: Set(2000),
                currency: Set(tessera::Currency::Eur),
                hold_expires_at: Set((!paid).then(|| now + Duration::minutes(30))),
                confirmed_at: Set(paid.then_some(at)),
                cancelled_at: Set(None),
                created_at: Set(at),
                updated_at: Set(at),
                ..Default::default()
            }
        })
        .collect();
    for chunk in bookings.chunks(200) {
        booking::Entity::insert_many(chunk.to_vec())
            .exec(db)
            .await
            .expect("insert bookings");
    }
    course_entity::Entity::update_many()
        .col_expr(
            course_entity::Column::SeatsHeld,
            sea_orm::sea_query::Expr::value(i32::try_from(people).expect("small")),
        )
        .filter(course_entity::Column::Id.eq(course))
        .exec(db)
        .await
        .expect("seats held");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_admin_course_list_pages_through_every_course_newest_first() {
    let app = spawn_app().await;
    let ids = courses_for_the_list(&app.db, 120).await;
    // Takings on the newest course (page 1) and on the oldest (page 3).
    booked_by_many(&app.db, ids[119], 3, 1).await;
    booked_by_many(&app.db, ids[0], 2, 0).await;
    let admin = admin(&app).await;
    async fn page(admin: &crate::support::TestApp, n: Option<&str>) -> serde_json::Value {
        let form: Vec<(&str, &str)> = n.map(|n| ("page", n)).into_iter().collect();
        let res = admin.post_form("/api/admin_courses", &form).await;
        assert_eq!(res.status(), 200, "page {n:?}");
        res.json().await.expect("json")
    }
    let titles = |p: &serde_json::Value| -> Vec<String> {
        p["rows"]
            .as_array()
            .expect("rows")
            .iter()
            .map(|r| r["course"]["title"].as_str().expect("title").to_owned())
            .collect()
    };

    let first = page(&admin, None).await;
    assert_eq!(first["total"], 120, "drafts and cancelled ones count");
    assert_eq!(
        (first["page"].as_u64(), first["last"].as_u64()),
        (Some(1), Some(3))
    );
    let shown = titles(&first);
    assert_eq!(shown.len(), 50);
    assert_eq!(shown[0], "Course 00120", "newest start first");
    assert_eq!(shown[49], "Course 00071");
    assert_eq!(
        first["rows"][0]["confirmed"], 3,
        "pending ones are not takings"
    );
    assert_eq!(first["rows"][0]["revenue"][0]["minor"], 3 * 2000);
    assert_eq!(first["rows"][0]["course"]["seats_held"], 4);

    let second = page(&admin, Some("2")).await;
    assert_eq!(titles(&second)[0], "Course 00070", "no overlap, no gap");
    let third = page(&admin, Some("3")).await;
    let shown = titles(&third);
    assert_eq!(shown.len(), 20);
    assert_eq!(shown[19], "Course 00001");
    assert_eq!(third["rows"][19]["confirmed"], 2);
    assert_eq!(third["rows"][19]["revenue"][0]["minor"], 2 * 2000);

    // A page past the end shows the last; a page that cannot exist is refused.
    let past = page(&admin, Some("40")).await;
    assert_eq!(past["page"], 3);
    assert_eq!(titles(&past), shown);
    let res = admin
        .post_form("/api/admin_courses", &[("page", "0")])
        .await;
    assert!(res.status().is_client_error(), "{}", res.status());

    // The page itself: its count, where it is, and the links either side.
    let (status, html) = admin.get("/admin/courses?page=2").await;
    assert_eq!(status, 200);
    assert!(html.contains("120 courses"));
    assert!(html.contains("Page 2 of 3"));
    assert!(
        html.contains("href=\"/admin/courses?page=1\""),
        "to the newer"
    );
    assert!(
        html.contains("href=\"/admin/courses?page=3\""),
        "to the older"
    );
    assert_eq!(html.matches("data-course-id=").count(), 50);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_roster_of_a_thousand_comes_a_page_at_a_time_and_the_csv_holds_everyone() {
    let app = spawn_app().await;
    let ids = courses_for_the_list(&app.db, 1).await;
    let course = ids[0];
    booked_by_many(&app.db, course, 900, 100).await;
    let admin = admin(&app).await;
    let id = course.to_string();
    let mut references = std::collections::HashSet::new();
    for n in 1..=10 {
        let page = n.to_string();
        let roster: serde_json::Value = admin
            .post_form("/api/course_roster", &[("id", &id), ("page", &page)])
            .await
            .json()
            .await
            .expect("json");
        assert_eq!(roster["active"], 1000);
        assert_eq!(roster["paid"], 900);
        assert_eq!(
            (roster["page"].as_u64(), roster["last"].as_u64()),
            (Some(n), Some(10))
        );
        let entries = roster["entries"].as_array().expect("entries");
        assert_eq!(entries.len(), 100, "page {n}");
        // Confirmed first (pages 1–9), then the pending ones, though these
        // booked first.
        let want = if n <= 9 {
            "confirmed"
        } else {
            "pending_payment"
        };
        for e in entries {
            assert_eq!(e["status"], want, "page {n}");
            assert!(references.insert(e["reference"].as_str().expect("ref").to_owned()));
        }
    }
    assert_eq!(
        references.len(),
        1000,
        "every booking once across the pages"
    );

    let (status, html) = admin
        .get(&format!("/admin/courses/{course}/roster?page=2"))
        .await;
    assert_eq!(status, 200);
    assert!(html.contains("1000 of 1000 seats held"));
    assert!(html.contains("Page 2 of 10"));
    assert!(html.contains(&format!("href=\"/admin/courses/{course}/roster?page=3\"")));
    assert!(
        html.contains("all 1000 active bookings") && html.contains("the 900 paid ones"),
        "cancelling the course counts every booking, not the page's"
    );

    let csv = admin
        .client
        .get(format!(
            "{}/admin/courses/{course}/roster.csv",
            admin.address
        ))
        .send()
        .await
        .expect("csv")
        .text()
        .await
        .expect("text");
    assert_eq!(csv.lines().count(), 1 + 1000, "the header and everyone");
}

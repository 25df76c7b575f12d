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
        ("form[starts_at]", "2031-05-02T10:00"),
        ("form[ends_at]", "2031-05-02T13:00"),
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
    let rows: serde_json::Value = res.json().await.expect("json");
    assert_eq!(rows.as_array().map(Vec::len), Some(0));
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
    let watercolour = rows
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
    let id = rows
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
    assert_eq!(
        lines[0],
        "reference,name,email,status,amount,currency,booked_at_utc"
    );
    assert_eq!(
        lines.len(),
        3,
        "two seeded bookings on the sourdough course: {csv}"
    );
    assert!(
        csv.contains(
            "\"'=Lovelace, \"\"Ada\"\"\",sample.member1@tessera.invalid,confirmed,49.00,EUR,"
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

//! Instructors: invited, assigned, their own courses' lists at the door
//! and nothing else; attendance marked once however often it is sent; the
//! roster, its CSV and the member's booking show it; their calendar feed
//! lists what they teach.

use crate::support::{TestApp, admin, spawn_app};
use chrono::{Duration, DurationRound, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use tessera::attendee::Attendee;
use tessera::entity::{attendance, attendee, booking, course, course_meeting};
use tessera::{BookingStatus, CourseStatus, Currency};

const PASSWORD: &str = "correct horse battery";

/// A published course whose first meeting starts in two hours and whose
/// second is a week later.
async fn soon(app: &TestApp, title: &str) -> course::Model {
    let now = Utc::now()
        .duration_trunc(Duration::minutes(1))
        .expect("minute");
    let first = now + Duration::hours(2);
    let second = first + Duration::weeks(1);
    let c = course::ActiveModel {
        title: Set(title.to_owned()),
        description: Set("Clay.".to_owned()),
        location: Set("Studio 4".to_owned()),
        price: Set(3000),
        currency: Set(Currency::Eur),
        capacity: Set(10),
        seats_held: Set(0),
        seats_per_booking: Set(4),
        starts_at: Set(first),
        ends_at: Set(second + Duration::hours(2)),
        meeting_count: Set(2),
        status: Set(CourseStatus::Published),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .expect("course");
    for start in [first, second] {
        course_meeting::ActiveModel {
            course_id: Set(c.id),
            starts_at: Set(start),
            ends_at: Set(start + Duration::hours(2)),
            place: Set(None),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .expect("meeting");
    }
    c
}

/// A paid, confirmed booking of `names.len()` seats by `user`; answers its
/// seats' ids, first seat first.
async fn booked(app: &TestApp, c: &course::Model, user: i64, names: &[&str]) -> Vec<i64> {
    let now = Utc::now();
    let seats = i32::try_from(names.len()).expect("seats");
    let b = booking::ActiveModel {
        user_id: Set(user),
        course_id: Set(c.id),
        status: Set(BookingStatus::Confirmed),
        amount: Set(c.price * i64::from(seats)),
        currency: Set(c.currency),
        seats: Set(seats),
        confirmed_at: Set(Some(now)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .expect("booking");
    course::Entity::update_many()
        .col_expr(
            course::Column::SeatsHeld,
            sea_orm::sea_query::Expr::col(course::Column::SeatsHeld).add(seats),
        )
        .filter(course::Column::Id.eq(c.id))
        .exec(&app.db)
        .await
        .expect("seats held");
    let named: Vec<Option<Attendee>> = names.iter().map(|n| Attendee::parse(n, "").ok()).collect();
    tessera::service::attendees::seat(&app.db, &b, &named, now)
        .await
        .expect("seated");
    attendee::Entity::find()
        .filter(attendee::Column::BookingId.eq(b.id))
        .all(&app.db)
        .await
        .expect("seats")
        .into_iter()
        .map(|a| a.id)
        .collect()
}

async fn member(app: &TestApp, email: &str) -> (TestApp, i64) {
    let m = app.another_client();
    assert_eq!(m.signup(email, PASSWORD).await.status(), 200);
    let id = m.who_am_i().await["id"].as_i64().expect("id");
    (m, id)
}

/// Invites `email` to teach and follows the link: answers them signed in.
async fn instructor(app: &TestApp, root: &TestApp, email: &str) -> (TestApp, i64) {
    let res = root
        .post_form(
            "/api/invite_instructor",
            &[("email", email), ("name", "Tia Teacher")],
        )
        .await;
    assert_eq!(res.status(), 200);
    let token = app
        .emailed_token(email, "admin_invite", "/accept-invite")
        .await
        .expect("an invitation");
    let t = app.another_client();
    // The link's page offers the form (an instructor's link works there).
    let (status, page) = t.get(&format!("/accept-invite?token={token}")).await;
    assert_eq!(status, 200);
    assert!(!page.contains("link-invalid"), "{page}");
    assert!(page.contains("Accept and sign in"), "{page}");
    let res = t
        .post_form(
            "/api/accept_invitation",
            &[("token", &token), ("password", "a long teaching password")],
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["location"], "/teaching?welcome");
    let me = t.who_am_i().await;
    assert_eq!(me["role"], "member");
    assert_eq!(me["teaches"], true);
    (t, me["id"].as_i64().expect("id"))
}

async fn assign(root: &TestApp, course: i64, who: i64, teaches: bool) -> reqwest::Response {
    root.post_form(
        "/api/set_course_instructor",
        &[
            ("id", &course.to_string()),
            ("instructor", &who.to_string()),
            ("teaches", &teaches.to_string()),
        ],
    )
    .await
}

async fn door(client: &TestApp, course: i64) -> (u16, serde_json::Value) {
    let res = client
        .post_form("/api/door_list", &[("id", &course.to_string())])
        .await;
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or_default())
}

async fn mark(client: &TestApp, seat: i64, meeting: i64, mark: &str) -> u16 {
    client
        .post_form(
            "/api/mark_attendance",
            &[
                ("seat", &seat.to_string()),
                ("meeting", &meeting.to_string()),
                ("mark", mark),
            ],
        )
        .await
        .status()
        .as_u16()
}

async fn marks(app: &TestApp, seat: i64) -> Vec<attendance::Model> {
    attendance::Entity::find()
        .filter(attendance::Column::AttendeeId.eq(seat))
        .all(&app.db)
        .await
        .expect("marks")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_instructor_sees_their_courses_list_and_nothing_else() {
    let app = spawn_app().await;
    let root = admin(&app).await;
    let pottery = soon(&app, "Pottery").await;
    let yoga = soon(&app, "Yoga").await;
    let (ada, ada_id) = member(&app, "ada@example.com").await;
    booked(&app, &pottery, ada_id, &["Ada Lovelace", "Grace Hopper"]).await;
    booked(&app, &yoga, ada_id, &["Ada Lovelace"]).await;
    let (tia, tia_id) = instructor(&app, &root, "tia@example.com").await;
    assert_eq!(assign(&root, pottery.id, tia_id, true).await.status(), 200);
    // Assigned twice: still one line.
    assert_eq!(assign(&root, pottery.id, tia_id, true).await.status(), 200);

    let (status, list) = door(&tia, pottery.id).await;
    assert_eq!(status, 200, "{list}");
    let names: Vec<&str> = list["seats"]
        .as_array()
        .expect("seats")
        .iter()
        .map(|s| s["name"].as_str().expect("name"))
        .collect();
    assert_eq!(names, ["Ada Lovelace", "Grace Hopper"]);
    // Names and marks only: no money, no addresses.
    let text = list.to_string();
    assert!(!text.contains("ada@example.com"), "{text}");
    assert!(
        !text.contains("amount") && !text.contains("email"),
        "{text}"
    );

    let courses: serde_json::Value = tia
        .post_form("/api/teaching_courses", &[])
        .await
        .json()
        .await
        .expect("json");
    let titles: Vec<&str> = courses
        .as_array()
        .expect("list")
        .iter()
        .map(|c| c["title"].as_str().expect("title"))
        .collect();
    assert_eq!(titles, ["Pottery"]);

    // Another course's list, the admin's roster and pages, money: 403.
    assert_eq!(door(&tia, yoga.id).await.0, 403);
    let roster = tia
        .post_form("/api/course_roster", &[("id", &pottery.id.to_string())])
        .await;
    assert_eq!(roster.status(), 403);
    assert_eq!(tia.get("/admin/courses").await.0, 403);
    assert_eq!(
        tia.get(&format!("/admin/courses/{}/roster.csv", pottery.id))
            .await
            .0,
        403
    );
    assert_eq!(tia.post_form("/api/admin_courses", &[]).await.status(), 403);
    // They cannot change courses or who teaches them.
    assert_eq!(assign(&tia, yoga.id, tia_id, true).await.status(), 403);
    let (status, page) = tia.get(&format!("/teaching/{}", yoga.id)).await;
    assert_eq!(status, 403, "{page}");
    let (status, page) = tia.get(&format!("/teaching/{}", pottery.id)).await;
    assert_eq!(status, 200);
    assert!(page.contains("Grace Hopper"), "{page}");

    // A member is no instructor; signed out, the page asks to sign in.
    assert_eq!(door(&ada, pottery.id).await.0, 403);
    assert_eq!(
        ada.post_form("/api/teaching_courses", &[]).await.status(),
        403
    );
    assert_eq!(app.another_client().get("/teaching").await.0, 303);
    assert_eq!(door(&app.another_client(), pottery.id).await.0, 401);

    // Taken off, the list is closed to them.
    assert_eq!(assign(&root, pottery.id, tia_id, false).await.status(), 200);
    assert_eq!(door(&tia, pottery.id).await.0, 403);
    // Only instructors can be assigned.
    assert_eq!(assign(&root, pottery.id, ada_id, true).await.status(), 422);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn attendance_sent_twice_is_recorded_once_and_shows_on_roster_csv_and_booking() {
    let app = spawn_app().await;
    let root = admin(&app).await;
    let pottery = soon(&app, "Pottery").await;
    let yoga = soon(&app, "Yoga").await;
    let (ada, ada_id) = member(&app, "ada@example.com").await;
    let seats = booked(&app, &pottery, ada_id, &["Ada Lovelace", "Grace Hopper"]).await;
    let other = booked(&app, &yoga, ada_id, &["Ada Lovelace"]).await;
    let (tia, tia_id) = instructor(&app, &root, "tia@example.com").await;
    assert_eq!(assign(&root, pottery.id, tia_id, true).await.status(), 200);
    let first = pottery.starts_at.timestamp();
    let second = first + Duration::weeks(1).num_seconds();

    // The same tap twice, and two at once: one mark.
    assert_eq!(mark(&tia, seats[0], first, "present").await, 200);
    assert_eq!(mark(&tia, seats[0], first, "present").await, 200);
    let (a, b) = tokio::join!(
        mark(&tia, seats[1], first, "absent"),
        mark(&tia, seats[1], first, "absent")
    );
    assert_eq!((a, b), (200, 200));
    assert_eq!(marks(&app, seats[0]).await.len(), 1);
    assert!(marks(&app, seats[0]).await[0].present);
    assert_eq!(marks(&app, seats[1]).await.len(), 1);
    assert!(!marks(&app, seats[1]).await[0].present);

    // The roster, its CSV and the member's booking say so.
    let roster: serde_json::Value = root
        .post_form("/api/course_roster", &[("id", &pottery.id.to_string())])
        .await
        .json()
        .await
        .expect("roster");
    let attendance: Vec<serde_json::Value> = roster["entries"][0]["attendees"]
        .as_array()
        .expect("seats")
        .iter()
        .map(|s| s["attendance"].clone())
        .collect();
    assert_eq!(
        attendance,
        [
            serde_json::json!(["present", "unmarked"]),
            serde_json::json!(["absent", "unmarked"])
        ]
    );
    let (status, csv) = root
        .get(&format!("/admin/courses/{}/roster.csv", pottery.id))
        .await;
    assert_eq!(status, 200);
    let mut lines = csv.lines();
    let header = lines.next().expect("header");
    assert!(header.ends_with(&format!(
        "attended_{},attended_{}",
        pottery.starts_at.format("%Y-%m-%dT%H:%M:%SZ"),
        (pottery.starts_at + Duration::weeks(1)).format("%Y-%m-%dT%H:%M:%SZ")
    )));
    let rows: Vec<&str> = lines.collect();
    assert!(rows[0].ends_with(",present,"), "{csv}");
    assert!(rows[1].ends_with(",absent,"), "{csv}");
    let booking_id = attendee::Entity::find_by_id(seats[0])
        .one(&app.db)
        .await
        .expect("q")
        .expect("seat")
        .booking_id;
    let detail: serde_json::Value = ada
        .post_form(
            "/api/booking_detail",
            &[("booking_id", &booking_id.to_string())],
        )
        .await
        .json()
        .await
        .expect("detail");
    assert_eq!(
        detail["attendees"][0]["attended"],
        serde_json::json!(["present", "unmarked"])
    );

    // Undone: no mark left.
    assert_eq!(mark(&tia, seats[0], first, "unmarked").await, 200);
    assert!(marks(&app, seats[0]).await.is_empty());
    // Without JavaScript the button is a form: back to the list, marked.
    let door_page = format!("/teaching/{}?meeting={first}", pottery.id);
    let (status, location, _) = crate::no_js::submit(
        &tia,
        &door_page,
        "/api/mark_attendance",
        &[
            ("seat", &seats[0].to_string()),
            ("meeting", &first.to_string()),
            ("mark", "present"),
        ],
    )
    .await;
    assert_eq!(status, 302, "server_fn's redirect back");
    assert!(
        location
            .is_some_and(|l| l.ends_with(&format!("{door_page}&__ok=%2Fapi%2Fmark_attendance"))),
        "back to the list, the mark made said"
    );
    assert!(marks(&app, seats[0]).await[0].present);
    assert_eq!(mark(&tia, seats[0], first, "unmarked").await, 200);
    // The meeting a week away is not open yet; a meeting the course does
    // not have is refused; so is a mark that is not one.
    assert_eq!(mark(&tia, seats[0], second, "present").await, 422);
    assert_eq!(mark(&tia, seats[0], first + 60, "present").await, 422);
    assert_eq!(mark(&tia, seats[0], first, "late").await, 422);
    assert!(marks(&app, seats[0]).await.is_empty());
    // A seat on a course they do not teach; one that does not exist.
    assert_eq!(mark(&tia, other[0], first, "present").await, 403);
    assert!(marks(&app, other[0]).await.is_empty());
    // A seat that does not exist reads the same to an instructor.
    assert_eq!(mark(&tia, 999_999, first, "present").await, 403);
    assert_eq!(mark(&root, 999_999, first, "present").await, 422);
    // A member marks nothing; an admin marks any course.
    assert_eq!(mark(&ada, seats[0], first, "present").await, 403);
    assert_eq!(mark(&root, other[0], first, "present").await, 200);
    assert_eq!(marks(&app, other[0]).await.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_course_page_names_its_instructors_and_their_page_lists_their_courses() {
    let app = spawn_app().await;
    let root = admin(&app).await;
    let pottery = soon(&app, "Pottery").await;
    let (_, ada_id) = member(&app, "ada@example.com").await;
    let (tia, tia_id) = instructor(&app, &root, "tia@example.com").await;
    assert_eq!(assign(&root, pottery.id, tia_id, true).await.status(), 200);
    let res = tia
        .post_form(
            "/api/save_teaching_settings",
            &[("bio", "Potter for twenty years."), ("digest_emails", "on")],
        )
        .await;
    assert_eq!(res.status(), 200);
    let settings: serde_json::Value = tia
        .post_form("/api/teaching_settings", &[])
        .await
        .json()
        .await
        .expect("settings");
    assert_eq!(settings["digest_emails"], true);
    assert_eq!(settings["day_before_emails"], false);
    let long = "x".repeat(1001);
    let res = tia
        .post_form("/api/save_teaching_settings", &[("bio", &long)])
        .await;
    assert_eq!(res.status(), 422);

    let visitor = app.another_client();
    let (status, page) = visitor.get(&format!("/courses/{}", pottery.id)).await;
    assert_eq!(status, 200);
    assert!(page.contains("Taught by"), "{page}");
    assert!(page.contains(&format!("/instructors/{tia_id}")), "{page}");
    let (status, profile) = visitor.get(&format!("/instructors/{tia_id}")).await;
    assert_eq!(status, 200);
    assert!(profile.contains("Potter for twenty years."), "{profile}");
    assert!(profile.contains("Pottery"), "{profile}");
    // The catalog, filtered by instructor: their courses only.
    soon(&app, "Yoga").await;
    let tia_text = tia_id.to_string();
    let page: serde_json::Value = visitor
        .post_form(
            "/api/list_courses",
            &[
                ("q", ""),
                ("sort", "date"),
                ("when", "upcoming"),
                ("page", "1"),
                ("instructor", &tia_text),
            ],
        )
        .await
        .json()
        .await
        .expect("page");
    let titles: Vec<&str> = page["courses"]
        .as_array()
        .expect("courses")
        .iter()
        .map(|c| c["title"].as_str().expect("title"))
        .collect();
    assert_eq!(titles, ["Pottery"]);
    assert_eq!(page["taught_by"], "Tia Teacher");
    let (status, catalog) = visitor.get(&format!("/courses?instructor={tia_id}")).await;
    assert_eq!(status, 200);
    assert!(catalog.contains("Courses taught by"), "{catalog}");
    assert!(!catalog.contains("Yoga"), "{catalog}");
    // A member has no public page.
    assert_eq!(visitor.get(&format!("/instructors/{ada_id}")).await.0, 404);
    assert_eq!(visitor.get("/instructors/999999").await.0, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_instructors_feed_lists_what_they_teach() {
    let app = spawn_app().await;
    let root = admin(&app).await;
    let pottery = soon(&app, "Pottery").await;
    let (tia, tia_id) = instructor(&app, &root, "tia@example.com").await;
    assert_eq!(assign(&root, pottery.id, tia_id, true).await.status(), 200);
    let res = tia.post_form("/api/reset_calendar_feed", &[]).await;
    let url: String = res.json().await.expect("url");
    let path = url[tia.address.len()..].to_owned();
    let feed = reqwest::get(format!("{}{path}", app.address))
        .await
        .expect("poll")
        .text()
        .await
        .expect("ics");
    assert!(
        feed.contains(&format!("UID:teaching-{}@", pottery.id)),
        "{feed}"
    );
    assert!(
        feed.contains(&format!("UID:teaching-{}-2@", pottery.id)),
        "{feed}"
    );
    assert!(feed.contains("You teach this course"), "{feed}");
    assert_eq!(assign(&root, pottery.id, tia_id, false).await.status(), 200);
    let feed = reqwest::get(format!("{}{path}", app.address))
        .await
        .expect("poll")
        .text()
        .await
        .expect("ics");
    assert!(!feed.contains("UID:teaching-"), "{feed}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_makes_a_member_an_instructor_and_a_blocked_one_is_refused() {
    let app = spawn_app().await;
    let root = admin(&app).await;
    let (ada, ada_id) = member(&app, "ada@example.com").await;
    let res = root
        .post_form("/api/make_instructor", &[("id", &ada_id.to_string())])
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(ada.who_am_i().await["teaches"], true);
    assert_eq!(
        ada.post_form("/api/teaching_courses", &[]).await.status(),
        200
    );
    // Inviting them to teach again is refused.
    let res = root
        .post_form(
            "/api/invite_instructor",
            &[("email", "ada@example.com"), ("name", "Ada")],
        )
        .await;
    assert_eq!(res.status(), 422);
    // A member cannot make instructors.
    let (bob, bob_id) = member(&app, "bob@example.com").await;
    let res = bob
        .post_form("/api/make_instructor", &[("id", &bob_id.to_string())])
        .await;
    assert_eq!(res.status(), 403);
    let res = root
        .post_form(
            "/api/set_member_blocked",
            &[("id", &bob_id.to_string()), ("blocked", "true")],
        )
        .await;
    assert_eq!(res.status(), 200);
    let res = root
        .post_form("/api/make_instructor", &[("id", &bob_id.to_string())])
        .await;
    assert_eq!(res.status(), 422);
}

async fn outbox(app: &TestApp, prefix: &str) -> Vec<tessera::entity::email_outbox::Model> {
    use tessera::entity::email_outbox;
    email_outbox::Entity::find()
        .filter(email_outbox::Column::DedupeKey.starts_with(prefix))
        .all(&app.db)
        .await
        .expect("outbox")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn instructors_get_the_list_the_day_before_and_a_digest_once_unless_switched_off() {
    use tessera::service::instructor_mail;
    let app = spawn_app().await;
    let root = admin(&app).await;
    let pottery = soon(&app, "Pottery").await;
    let (_, ada_id) = member(&app, "ada@example.com").await;
    booked(&app, &pottery, ada_id, &["Ada Lovelace", "Grace Hopper"]).await;
    let (tia, tia_id) = instructor(&app, &root, "tia@example.com").await;
    let (uma, uma_id) = instructor(&app, &root, "uma@example.com").await;
    // Uma wants neither email (said before she teaches anything: the
    // sweeper may queue lists at any moment).
    let res = uma
        .post_form("/api/save_teaching_settings", &[("bio", "")])
        .await;
    assert_eq!(res.status(), 200);
    for who in [tia_id, uma_id] {
        assert_eq!(assign(&root, pottery.id, who, true).await.status(), 200);
    }

    let now = Utc::now();
    instructor_mail::queue_day_before(&app.db, now)
        .await
        .expect("queue");
    assert_eq!(
        instructor_mail::queue_day_before(&app.db, now)
            .await
            .expect("queue"),
        0,
        "once"
    );
    let lists = outbox(&app, "teaching_day_before:").await;
    assert_eq!(lists.len(), 1, "Tia's only (Uma switched it off)");
    assert_eq!(lists[0].recipient, "tia@example.com");
    assert!(
        lists[0].body_text.contains("Grace Hopper (booked by"),
        "{}",
        lists[0].body_text
    );
    assert!(
        lists[0].subject.contains("2 booked"),
        "{}",
        lists[0].subject
    );
    assert!(!lists[0].body_text.contains("ada@example.com"));

    // The digest: the booking was confirmed today, so tomorrow's digest
    // tells of it, once; today's (about yesterday) has nothing to say.
    assert_eq!(
        instructor_mail::queue_digests(&app.db, now)
            .await
            .expect("digest"),
        0
    );
    let tomorrow = now + Duration::days(1);
    assert_eq!(
        instructor_mail::queue_digests(&app.db, tomorrow)
            .await
            .expect("digest"),
        1
    );
    assert_eq!(
        instructor_mail::queue_digests(&app.db, tomorrow)
            .await
            .expect("digest"),
        0
    );
    let digests = outbox(&app, "teaching_digest:").await;
    assert_eq!(digests.len(), 1);
    assert_eq!(digests[0].recipient, "tia@example.com");
    assert!(
        digests[0].body_text.contains("Pottery")
            && digests[0].body_text.contains("1 new booking (2 seats)"),
        "{}",
        digests[0].body_text
    );
    drop(tia);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_link_to_teach_opens_nothing_once_blocked_and_a_deleted_instructor_leaves_no_page() {
    let app = spawn_app().await;
    let root = admin(&app).await;
    let res = root
        .post_form(
            "/api/invite_instructor",
            &[("email", "bea@example.com"), ("name", "Bea")],
        )
        .await;
    assert_eq!(res.status(), 200);
    let token = app
        .emailed_token("bea@example.com", "admin_invite", "/accept-invite")
        .await
        .expect("an invitation");
    let bea = tessera::entity::user::Entity::find()
        .filter(tessera::entity::user::Column::Email.eq("bea@example.com"))
        .one(&app.db)
        .await
        .expect("q")
        .expect("bea");
    let res = root
        .post_form(
            "/api/set_member_blocked",
            &[("id", &bea.id.to_string()), ("blocked", "true")],
        )
        .await;
    assert_eq!(res.status(), 200);
    let res = app
        .another_client()
        .post_form(
            "/api/accept_invitation",
            &[("token", &token), ("password", "a long teaching password")],
        )
        .await;
    assert_eq!(res.status(), 410);
    let after = tessera::entity::user::Entity::find_by_id(bea.id)
        .one(&app.db)
        .await
        .expect("q")
        .expect("bea");
    assert!(after.blocked_at.is_some(), "still blocked");
    assert!(
        !tessera::service::instructors::teaches(&app.db, tessera::UserId(bea.id))
            .await
            .expect("q")
    );
    // Nor is a blocked account invited to teach.
    let res = root
        .post_form(
            "/api/invite_instructor",
            &[("email", "bea@example.com"), ("name", "Bea")],
        )
        .await;
    assert_eq!(res.status(), 422);

    // Another date of a taught course is taught by the same people.
    let pottery = soon(&app, "Pottery").await;
    let (tia, tia_id) = instructor(&app, &root, "tia@example.com").await;
    assert_eq!(assign(&root, pottery.id, tia_id, true).await.status(), 200);
    let res = root
        .post_form(
            "/api/save_course",
            &[
                ("run_of", &pottery.id.to_string()),
                ("form[title]", "Pottery"),
                ("form[description]", "Clay."),
                ("form[location]", "Studio 4"),
                ("form[price]", "30"),
                ("form[currency]", "EUR"),
                ("form[capacity]", "10"),
                ("form[time_zone]", "Europe/Berlin"),
                ("form[meetings][0][starts_at]", "2031-05-02T10:00"),
                ("form[meetings][0][ends_at]", "2031-05-02T13:00"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    let run: i64 = res.json().await.expect("id");
    let taught = tessera::service::instructors::of_course(&app.db, tessera::CourseId(run))
        .await
        .expect("q");
    assert_eq!(taught.len(), 1);
    assert_eq!(taught[0].id.get(), tia_id);

    // A deleted instructor has no page and teaches nothing.
    let res = tia
        .post_form(
            "/api/delete_account",
            &[("confirm_password", "a long teaching password")],
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        app.another_client()
            .get(&format!("/instructors/{tia_id}"))
            .await
            .0,
        404
    );
    let (_, page) = app
        .another_client()
        .get(&format!("/courses/{}", pottery.id))
        .await;
    assert!(!page.contains("Taught by"), "{page}");
}

/// A 1×1 PNG.
const PNG: &str = "89504e470d0a1a0a0000000d4948445200000001000000010804000000b51c0c020000000b4944415478da6364600000000600023081d02f0000000049454e44ae426082";

fn bytes_of(hex: &str) -> Vec<u8> {
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex"))
        .collect()
}

/// Posts `file` as the account form's photo; answers the status and where
/// it sends the browser.
async fn upload(client: &TestApp, file: &[u8]) -> (u16, String) {
    try_upload(client, file).await.expect("upload")
}

async fn try_upload(client: &TestApp, file: &[u8]) -> Result<(u16, String), reqwest::Error> {
    let mut body = b"--XYZ\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"me.png\"\r\nContent-Type: image/png\r\n\r\n".to_vec();
    body.extend_from_slice(file);
    body.extend_from_slice(b"\r\n--XYZ--\r\n");
    let res = client
        .client
        .post(format!("{}/account/photo", client.address))
        .header("content-type", "multipart/form-data; boundary=XYZ")
        .body(body)
        .send()
        .await?;
    let location = res
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    Ok((res.status().as_u16(), location))
}

async fn photo_of(app: &TestApp, who: i64) -> Option<String> {
    let profile: serde_json::Value = app
        .another_client()
        .post_form("/api/instructor_profile", &[("id", &who.to_string())])
        .await
        .json()
        .await
        .expect("profile");
    profile["card"]["photo"].as_str().map(str::to_owned)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_instructors_photo_is_checked_resized_and_served_by_its_hash() {
    let app = spawn_app().await;
    let root = admin(&app).await;
    let (tia, tia_id) = instructor(&app, &root, "tia@example.com").await;

    // Not a picture, too big, nothing chosen: said, and nothing changes.
    assert_eq!(
        upload(&tia, b"hello, I am text").await,
        (
            303,
            "/account?photo=not_a_picture#teaching-profile".to_owned()
        )
    );
    assert_eq!(
        upload(&tia, b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
            .await
            .1,
        "/account?photo=not_a_picture#teaching-profile"
    );
    assert_eq!(
        upload(&tia, b"").await.1,
        "/account?photo=missing#teaching-profile"
    );
    assert_eq!(photo_of(&app, tia_id).await, None);

    assert_eq!(
        upload(&tia, &bytes_of(PNG)).await,
        (303, "/account?photo=saved#teaching-profile".to_owned())
    );
    let path = photo_of(&app, tia_id).await.expect("a photo");
    assert!(
        path.starts_with("/photos/") && path.ends_with(".jpg"),
        "{path}"
    );
    let res = reqwest::get(format!("{}{path}", app.address))
        .await
        .expect("photo");
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "image/jpeg");
    assert!(
        res.headers()["cache-control"]
            .to_str()
            .unwrap_or_default()
            .contains("immutable")
    );
    let jpeg = res.bytes().await.expect("bytes");
    assert_eq!(&jpeg[..2], &[0xFF, 0xD8], "a JPEG");
    // Its name is its content's hash.
    {
        use sha2::Digest;
        let hash = hex_of(&sha2::Sha256::digest(&jpeg));
        assert_eq!(path, format!("/photos/{hash}.jpg"));
    }
    let (status, _) = app.another_client().get("/photos/nothing.jpg").await;
    assert_eq!(status, 404);

    // A member has no photo to upload; signed out, the form asks to sign in.
    let (ada, _) = member(&app, "ada@example.com").await;
    assert_eq!(upload(&ada, &bytes_of(PNG)).await.0, 403);
    assert_eq!(
        upload(&app.another_client(), &bytes_of(PNG)).await.1,
        "/login?next=/account/photo"
    );
    let (status, _) = tia.get("/account/photo").await;
    assert_eq!(status, 303, "back to the account page after signing in");

    // Removed: the page has none, and the old address answers 404.
    let res = tia.post_form("/account/photo/remove", &[]).await;
    assert_eq!(res.status(), 303);
    assert_eq!(photo_of(&app, tia_id).await, None);
    let (status, _) = app.another_client().get(&path).await;
    assert_eq!(status, 404);

    // Too big: answered before the rest is read, so the connection may
    // close under the sender (last: the client would reuse it).
    match try_upload(&tia, &vec![0x89; 6 * 1024 * 1024]).await {
        Ok((status, to)) => assert!(
            (status == 303 && to == "/account?photo=too_big#teaching-profile") || status == 413,
            "{status} {to}"
        ),
        Err(e) => assert!(e.is_request(), "{e}"),
    }
    assert_eq!(photo_of(&app, tia_id).await, None);
}

fn hex_of(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

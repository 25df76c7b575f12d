//! Forms sent without JavaScript (or before the page has hydrated): the
//! browser posts to the server function itself and must land on a page
//! that says what happened, never on raw JSON.

use crate::support::{TestApp, spawn_app};

const PASSWORD: &str = "correct horse battery";

/// Posts `fields` to `action` the way a browser submits a plain form on
/// the page at `from`, and answers the status and where it was sent.
pub(crate) async fn submit(
    app: &TestApp,
    from: &str,
    action: &str,
    fields: &[(&str, &str)],
) -> (u16, Option<String>, String) {
    let res = app
        .client
        .post(format!("{}{action}", app.address))
        .header(
            reqwest::header::ACCEPT,
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
        )
        .header(reqwest::header::REFERER, format!("{}{from}", app.address))
        .form(fields)
        .send()
        .await
        .expect("post");
    let status = res.status().as_u16();
    let location = res
        .headers()
        .get(reqwest::header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    (status, location, res.text().await.expect("body"))
}

/// The page a redirect lands on, relative to the app.
async fn follow(app: &TestApp, location: &str) -> (u16, String) {
    let path = location
        .strip_prefix(&app.address)
        .unwrap_or(location)
        .to_owned();
    app.get(&path).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_password_lands_on_the_sign_in_page_with_the_message() {
    let app = spawn_app().await;
    assert_eq!(app.signup("ada@example.com", PASSWORD).await.status(), 200);
    let visitor = app.another_client();
    let (status, location, body) = submit(
        &visitor,
        "/login?next=%2Fbookings",
        "/api/login",
        &[
            ("email", "ada@example.com"),
            ("password", "wrong password!"),
        ],
    )
    .await;
    assert!((300..400).contains(&status), "{status}: {body}");
    let location = location.expect("a redirect");
    assert!(location.contains("/login?next=%2Fbookings"), "{location}");
    let (status, page) = follow(&visitor, &location).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("That email and password don&#x27;t match an account.")
            || page.contains("That email and password don't match an account."),
        "{page}"
    );
    assert!(page.contains("role=\"alert\""));
    // The address typed is back in its field; the password is nowhere.
    assert!(page.contains("value=\"ada@example.com\""), "{page}");
    assert!(!page.contains("wrong password!"), "{page}");
    assert_eq!(visitor.who_am_i().await, serde_json::Value::Null);
    // Once: the next visit starts empty.
    let (_, again) = visitor.get("/login").await;
    assert!(!again.contains("ada@example.com"), "{again}");
    // A call from the page's own code (JSON) keeps nothing.
    let script = app.another_client();
    let res = script
        .post_form(
            "/api/login",
            &[
                ("email", "bob@example.com"),
                ("password", "wrong password!"),
            ],
        )
        .await;
    assert_eq!(res.status(), 401);
    let (_, page) = script.get("/login").await;
    assert!(!page.contains("bob@example.com"), "{page}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_up_problems_land_on_the_sign_up_page_beside_their_fields() {
    let app = spawn_app().await;
    let (status, location, body) = submit(
        &app,
        "/signup",
        "/api/signup",
        &[
            ("display_name", "Grace"),
            ("email", "not-an-email"),
            ("password", "short"),
        ],
    )
    .await;
    assert!((300..400).contains(&status), "{status}: {body}");
    let (status, page) = follow(&app, &location.expect("a redirect")).await;
    assert_eq!(status, 200);
    assert!(page.contains("data-field-error=\"email\""), "{page}");
    assert!(page.contains("data-field-error=\"password\""), "{page}");
    // What was typed is kept, but the password.
    assert!(page.contains("value=\"Grace\""), "{page}");
    assert!(page.contains("value=\"not-an-email\""), "{page}");
    assert!(!page.contains("value=\"short\""), "{page}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_successful_sign_in_goes_where_it_was_going() {
    let app = spawn_app().await;
    assert_eq!(app.signup("ada@example.com", PASSWORD).await.status(), 200);
    let visitor = app.another_client();
    let (status, location, _) = submit(
        &visitor,
        "/login",
        "/api/login",
        &[
            ("email", "ada@example.com"),
            ("password", PASSWORD),
            ("next", "/bookings"),
        ],
    )
    .await;
    assert!((300..400).contains(&status), "{status}");
    assert!(location.expect("a redirect").ends_with("/bookings"));
    assert_eq!(visitor.who_am_i().await["email"], "ada@example.com");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn asking_for_a_reset_link_lands_on_check_your_inbox() {
    let app = spawn_app().await;
    let (status, location, _) = submit(
        &app,
        "/forgot-password",
        "/api/request_password_reset",
        &[("email", "nobody@example.com")],
    )
    .await;
    assert!((300..400).contains(&status), "{status}");
    let (status, page) = follow(&app, &location.expect("a redirect")).await;
    assert_eq!(status, 200);
    assert!(page.contains("If an account has that address"), "{page}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_topic_forms_answer_with_the_topics_page() {
    let app = spawn_app().await;
    let admin = crate::support::admin(&app).await;
    let (status, location, body) =
        submit(&admin, "/admin/topics", "/api/add_topic", &[("name", "  ")]).await;
    assert!((300..400).contains(&status), "{status}: {body}");
    let location = location.expect("a redirect");
    // A refusal is never marked as a success.
    assert!(!location.contains("__ok"), "{location}");
    let (status, page) = follow(&admin, &location).await;
    assert_eq!(status, 200);
    assert!(page.contains("Give the topic a name."), "{page}");
    assert!(!page.contains("topic-added"), "{page}");

    let (status, location, _) = submit(
        &admin,
        "/admin/topics",
        "/api/add_topic",
        &[("name", "Pottery")],
    )
    .await;
    assert!((300..400).contains(&status));
    // Back to the page with the success marked, the question it answered
    // (`ask`) and an earlier answer's mark gone.
    let location = location.expect("a redirect");
    assert!(
        location.ends_with("/admin/topics?__ok=%2Fapi%2Fadd_topic"),
        "{location}"
    );
    let (_, page) = follow(&admin, &location).await;
    assert!(page.contains("?topic=pottery"), "{page}");
    assert!(page.contains("Added. Choose it on a course"), "{page}");
    assert!(!page.contains("{\""), "no raw JSON");

    let (_, location, _) = submit(
        &admin,
        "/admin/topics?ask=delete-1&__ok=%2Fapi%2Fadd_topic",
        "/api/add_topic",
        &[("name", "Weaving")],
    )
    .await;
    assert!(
        location
            .as_deref()
            .is_some_and(|l| l.ends_with("/admin/topics?__ok=%2Fapi%2Fadd_topic")),
        "{location:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_without_javascript_saves_and_publishes_a_course() {
    let app = spawn_app().await;
    let admin = crate::support::admin(&app).await;
    let fields = [
        ("form[title]", "Coptic Binding"),
        ("form[description]", "Sew a book with an exposed spine."),
        ("form[location]", "Bindery, Gent"),
        ("form[price]", "40"),
        ("form[currency]", "EUR"),
        ("form[capacity]", "6"),
        ("form[time_zone]", "Europe/Brussels"),
        ("form[meetings][0][starts_at]", "2031-05-10T10:00"),
        ("form[meetings][0][ends_at]", "2031-05-10T16:00"),
        ("form[meetings][0][place]", ""),
    ];
    // Saved, the browser goes on to the course list (it used to come back
    // to a blank form, saying nothing).
    let (status, location, body) =
        submit(&admin, "/admin/courses/new", "/api/save_course", &fields).await;
    assert_eq!(status, 302, "{body}");
    assert_eq!(location.as_deref(), Some("/admin/courses"));
    let course = crate::support::course_named(&app.db, "Coptic Binding").await;
    assert_eq!(course.status, tessera::CourseStatus::Draft);

    // "Publish" is a form of its own now, not a button that needs JavaScript.
    let (_, page) = admin.get("/admin/courses").await;
    assert!(
        page.contains("action=\"/api/set_course_published\""),
        "{page}"
    );
    let id = course.id.to_string();
    let (status, location, body) = submit(
        &admin,
        "/admin/courses",
        "/api/set_course_published",
        &[("id", &id), ("publish", "true")],
    )
    .await;
    assert_eq!(status, 302, "{body}");
    assert!(
        location
            .as_deref()
            .is_some_and(|l| l.ends_with("/admin/courses?__ok=%2Fapi%2Fset_course_published")),
        "{location:?}"
    );
    let course = crate::support::course_named(&app.db, "Coptic Binding").await;
    assert_eq!(course.status, tessera::CourseStatus::Published);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_course_form_comes_back_with_everything_typed() {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let app = spawn_app().await;
    let admin = crate::support::admin(&app).await;
    let fields = [
        ("form[title]", "Coptic Binding"),
        (
            "form[description]",
            "Sew a book </textarea> with an exposed spine.",
        ),
        ("form[location]", "Bindery, Gent"),
        ("form[price]", "forty"),
        ("form[currency]", "USD"),
        ("form[capacity]", "6"),
        ("form[time_zone]", "Europe/Brussels"),
        ("form[meetings][0][starts_at]", "2031-05-10T10:00"),
        ("form[meetings][0][ends_at]", "2031-05-10T16:00"),
        ("form[meetings][0][place]", ""),
        ("form[meetings][1][starts_at]", "2031-05-17T10:00"),
        ("form[meetings][1][ends_at]", "2031-05-17T16:00"),
        ("form[meetings][1][place]", "Print room"),
    ];
    let (status, location, body) =
        submit(&admin, "/admin/courses/new", "/api/save_course", &fields).await;
    assert_eq!(status, 302, "{body}");
    let location = location.expect("a redirect");
    assert!(location.contains("__err="), "{location}");
    let (status, page) = follow(&admin, &location).await;
    assert_eq!(status, 200);
    assert!(page.contains("data-field-error=\"form[price]\""), "{page}");
    // Every field as typed: the refusal is to fix, not to type again.
    for kept in [
        "value=\"Coptic Binding\"",
        "value=\"Bindery, Gent\"",
        "value=\"forty\"",
        "value=\"6\"",
        "value=\"Europe/Brussels\"",
        "value=\"USD\" selected",
        "Sew a book &lt;/textarea&gt; with an exposed spine.",
        "2031-05-17T16:00",
        "Print room",
    ] {
        assert!(page.contains(kept), "{kept} in {page}");
    }
    let saved = tessera::entity::course::Entity::find()
        .filter(tessera::entity::course::Column::Title.eq("Coptic Binding"))
        .one(&app.db)
        .await
        .expect("query");
    assert!(saved.is_none(), "refused, yet saved");
    // Once: the form opened again is blank.
    let (_, again) = admin.get("/admin/courses/new").await;
    assert!(!again.contains("Coptic Binding"), "{again}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn all_courses_leads_back_to_the_catalog_view_the_visitor_came_from() {
    let app = spawn_app().await;
    let course = crate::support::published_course(&app.db, 5, 1).await;
    let page_with_referer = |referer: String| {
        let app = &app;
        async move {
            app.client
                .get(format!("{}/courses/{course}", app.address))
                .header(reqwest::header::REFERER, referer)
                .send()
                .await
                .expect("request")
                .text()
                .await
                .expect("body")
        }
    };
    let from_filter = page_with_referer(format!("{}/courses?q=pot&sort=price", app.address)).await;
    assert!(
        from_filter.contains("href=\"/courses?q=pot&amp;sort=price\""),
        "{from_filter}"
    );
    // Another site, or another page here, gives the plain catalog.
    for elsewhere in [
        "https://evil.example/courses?q=x".to_owned(),
        format!("{}/bookings", app.address),
        format!("{}/coursesx", app.address),
    ] {
        let page = page_with_referer(elsewhere.clone()).await;
        assert!(
            page.contains("href=\"/courses\" class"),
            "{elsewhere}: {page}"
        );
    }
}

//! Who runs the site: the footer's contact and the legal pages the
//! operator writes, which can carry no markup of their own.

use crate::support::{admin, spawn_app};
use chrono::Utc;
use tessera::invoice::OperatorDetails;

async fn an_operator(app: &crate::support::TestApp) {
    let details = OperatorDetails::parse(
        "Kursraum GmbH",
        "Hauptstraße 1\n10115 Berlin",
        "hello@kursraum.example",
        "+49 30 1234567",
        "DE123456789",
        "TS",
        "19",
        "",
    )
    .expect("operator");
    tessera::service::invoices::save_operator(&app.db, &details, Utc::now())
        .await
        .expect("save");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_names_the_operator_and_links_the_legal_pages() {
    let app = spawn_app().await;
    let (_, before) = app.get("/courses").await;
    assert!(before.contains(r#"href="/imprint""#) && before.contains(r#"href="/terms""#));
    assert!(
        !before.contains("operator-contact"),
        "no contact before one is saved"
    );
    an_operator(&app).await;
    for path in ["/courses", "/login", "/"] {
        let (status, page) = app.get(path).await;
        assert_eq!(status, 200, "{path}");
        for needle in [
            "Kursraum GmbH",
            r#"href="mailto:hello@kursraum.example""#,
            r#"href="tel:+49301234567""#,
            r#"href="/imprint""#,
            r#"href="/privacy""#,
            r#"href="/terms""#,
        ] {
            assert!(page.contains(needle), "{path} lacks {needle}");
        }
    }
    // The imprint opens with who runs the site, written or not.
    let (status, imprint) = app.get("/imprint").await;
    assert_eq!(status, 200);
    for needle in ["Hauptstraße 1", "10115 Berlin", "VAT id: DE123456789"] {
        assert!(imprint.contains(needle), "the imprint lacks {needle}");
    }
    let (_, privacy) = app.get("/privacy").await;
    assert!(privacy.contains("The privacy notice has not been published here yet."));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_legal_pages_show_the_operators_markdown_but_no_markup_of_its_own() {
    let app = spawn_app().await;
    an_operator(&app).await;
    let root = admin(&app).await;
    let privacy = "## What we keep\n\nYour **bookings**, see [our terms](/terms).\n\n<script>alert('privacy')</script>\n\n[Click me](javascript:alert(1))\n\n<img src=x onerror=alert(2)>";
    let res = root
        .post_form(
            "/api/save_legal_texts",
            &[
                ("form[imprint]", "Managing director: Ada Lovelace"),
                ("form[privacy]", privacy),
                ("form[terms]", "Pay before the course starts."),
            ],
        )
        .await;
    assert_eq!(
        res.status(),
        200,
        "{}",
        res.text().await.unwrap_or_default()
    );
    let (status, page) = app.get("/privacy").await;
    assert_eq!(status, 200);
    assert!(page.contains("<h2>What we keep</h2>"), "{page}");
    assert!(page.contains("<strong>bookings</strong>"));
    assert!(page.contains(r#"<a href="/terms">our terms</a>"#));
    for bad in [
        "<script>alert('privacy')",
        "javascript:alert",
        "<img src=x",
        "onerror=alert(2)>",
    ] {
        assert!(!page.contains(bad), "{bad} got through:\n{page}");
    }
    assert!(page.contains("&lt;script&gt;"), "raw HTML is shown as text");
    let (_, imprint) = app.get("/imprint").await;
    assert!(
        imprint.contains("Managing director: Ada Lovelace") && imprint.contains("Kursraum GmbH")
    );
    let (_, terms) = app.get("/terms").await;
    assert!(terms.contains("Pay before the course starts."));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_an_admin_writes_the_legal_pages_and_too_long_changes_nothing() {
    let app = spawn_app().await;
    let member = app.another_client();
    assert_eq!(
        member
            .signup("ada@example.com", "correct horse battery")
            .await
            .status(),
        200
    );
    let res = member
        .post_form("/api/save_legal_texts", &[("form[terms]", "Mine now")])
        .await;
    assert_eq!(res.status(), 403);
    let root = admin(&app).await;
    let res = root
        .post_form("/api/save_legal_texts", &[("form[terms]", "First terms.")])
        .await;
    assert_eq!(res.status(), 200);
    let long = "x".repeat(30_001);
    let res = root
        .post_form(
            "/api/save_legal_texts",
            &[
                ("form[terms]", "Changed."),
                ("form[privacy]", long.as_str()),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    let body: serde_json::Value = res.json().await.expect("json");
    assert_eq!(body["fields"][0]["field"], "privacy", "{body}");
    let saved = tessera::service::legal::texts(&app.db).await.expect("q");
    assert_eq!(saved.terms, "First terms.", "nothing changed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn checkout_links_the_terms_once_they_are_published() {
    let app = spawn_app().await;
    let c = crate::support::published_course(&app.db, 10, 2).await;
    let checkout_page = async |email: &str| {
        let m = app.another_client();
        assert_eq!(m.signup(email, "correct horse battery").await.status(), 200);
        let res = m
            .post_form("/api/book_course", &[("course_id", &c.get().to_string())])
            .await;
        let url = res.headers()["location"].to_str().expect("url").to_owned();
        reqwest::get(url)
            .await
            .expect("get")
            .text()
            .await
            .expect("page")
    };
    let before = checkout_page("ada@example.com").await;
    assert!(
        before.contains("Full refund if you cancel before"),
        "{before}"
    );
    assert!(!before.contains("/terms"), "no terms to link yet");
    let root = admin(&app).await;
    let res = root
        .post_form(
            "/api/save_legal_texts",
            &[("form[terms]", "Pay before the course starts.")],
        )
        .await;
    assert_eq!(res.status(), 200);
    let after = checkout_page("bea@example.com").await;
    assert!(
        after.contains(&format!(
            "By paying you accept the terms at {}/terms.",
            app.origin
        )),
        "{after}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shared_course_link_previews_and_the_sitemap_lists_only_courses_still_to_come() {
    use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};
    let app = spawn_app().await;
    let open = crate::support::published_course(&app.db, 10, 2).await;
    let draft = crate::support::published_course(&app.db, 10, 2).await;
    let past = crate::support::published_course(&app.db, 10, 2).await;
    let mut row = tessera::entity::course::Entity::find_by_id(draft.get())
        .one(&app.db)
        .await
        .expect("q")
        .expect("course")
        .into_active_model();
    row.status = Set(tessera::CourseStatus::Draft);
    row.update(&app.db).await.expect("draft");
    let mut row = tessera::entity::course::Entity::find_by_id(past.get())
        .one(&app.db)
        .await
        .expect("q")
        .expect("course")
        .into_active_model();
    row.starts_at = Set(Utc::now() - chrono::Duration::days(3));
    row.ends_at = Set(Utc::now() - chrono::Duration::days(3) + chrono::Duration::hours(2));
    row.update(&app.db).await.expect("past");

    let (status, page) = app.get(&format!("/courses/{}", open.get())).await;
    assert_eq!(status, 200);
    for needle in [
        r#"property="og:title" content="Knife Skills""#,
        r#"property="og:description" content="Sharp.""#,
        r#"name="twitter:card" content="summary""#,
        r#"href="https://www.openstreetmap.org/search?query=Kitchen%202""#,
    ] {
        assert!(page.contains(needle), "the course page lacks {needle}");
    }

    let res = app
        .client
        .get(format!("{}/sitemap.xml", app.address))
        .send()
        .await
        .expect("get");
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()["content-type"],
        "application/xml; charset=utf-8"
    );
    let xml = res.text().await.expect("body");
    assert!(xml.starts_with("<?xml"));
    assert!(
        xml.contains(&format!("<loc>{}/courses/{}</loc>", app.origin, open.get())),
        "{xml}"
    );
    for hidden in [draft, past] {
        assert!(
            !xml.contains(&format!("/courses/{}<", hidden.get())),
            "{hidden:?} is listed: {xml}"
        );
    }
}

//! German and English: the language a page is answered in, switching it,
//! and where the choice is kept.

use crate::support::{TestApp, course_named, spawn_app};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use tessera::entity::{booking, payment, user};
use tessera_server::seed::seed;

const PASSWORD: &str = "correct horse battery";

async fn page(app: &TestApp, path: &str, accept_language: &str) -> (String, String) {
    let res = app
        .client
        .get(format!("{}{path}", app.address))
        .header("accept-language", accept_language)
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), 200, "{path}");
    let language = res.headers()["content-language"]
        .to_str()
        .expect("ascii")
        .to_owned();
    (language, res.text().await.expect("body"))
}

async fn language_of(app: &TestApp, email: &str) -> Option<String> {
    user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(&app.db)
        .await
        .expect("q")
        .expect("the member")
        .language
}

async fn switch(app: &TestApp, lang: &str, back: &str) -> reqwest::Response {
    app.post_form("/language", &[("lang", lang), ("back", back)])
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_first_visit_is_answered_in_the_language_the_browser_asks_for() {
    let app = spawn_app().await;
    seed(&app.db).await.expect("seed");
    let (language, html) = page(&app, "/courses", "de-DE,de;q=0.9,en;q=0.8").await;
    assert_eq!(language, "de");
    assert!(html.contains(r#"<html lang="de""#), "html lang");
    assert!(html.contains(">Kurse</h1>"), "the heading in German");
    assert!(html.contains("49,00\u{a0}€"), "a German price");
    assert!(html.contains("Plätze frei"), "a German plural");
    // The switcher offers English in English.
    assert!(html.contains(r#"lang="en""#) && html.contains(">English</button>"));

    // The switcher comes back to this very page, its query and all.
    let (_, html) = page(&app, "/courses?sort=price-asc", "de").await;
    assert!(
        html.contains(r#"name="back" value="/courses?sort=price-asc""#),
        "the way back"
    );

    let (language, html) = page(&app, "/courses", "en-US,en;q=0.9").await;
    assert_eq!(language, "en");
    assert!(html.contains(r#"<html lang="en""#));
    assert!(html.contains(">Courses</h1>") && html.contains("€49.00"));
    // A language Tessera does not speak: English.
    let (language, _) = page(&app, "/courses", "fr-FR,fr;q=0.9").await;
    assert_eq!(language, "en");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_switch_is_kept_on_the_browser_and_on_a_member_s_account() {
    let app = spawn_app().await;
    seed(&app.db).await.expect("seed");
    let email = "lena@example.com";
    assert_eq!(app.signup(email, PASSWORD).await.status(), 200);
    // Signed up from an English page.
    assert_eq!(language_of(&app, email).await.as_deref(), Some("en"));

    let res = switch(&app, "de", "/courses?sort=price-asc").await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/courses?sort=price-asc");
    let cookie = res.headers()["set-cookie"].to_str().expect("ascii");
    assert!(cookie.starts_with("tessera_lang=de;"), "{cookie}");
    assert_eq!(language_of(&app, email).await.as_deref(), Some("de"));
    // This browser: German whatever it asks for.
    let (language, _) = page(&app, "/courses", "en").await;
    assert_eq!(language, "de");

    // Another browser of theirs, never switched: German once signed in.
    let other = app.another_client();
    let (language, _) = page(&other, "/courses", "en").await;
    assert_eq!(language, "en", "signed out, it follows the browser");
    assert_eq!(other.login(email, PASSWORD).await.status(), 200);
    let (language, html) = page(&other, "/courses", "en").await;
    assert_eq!(language, "de");
    assert!(html.contains("Meine Buchungen"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_switch_refuses_a_language_it_does_not_speak_and_never_leaves_the_site() {
    let app = spawn_app().await;
    let email = "max@example.com";
    assert_eq!(app.signup(email, PASSWORD).await.status(), 200);
    for bad in ["xx", "de-DE", "", "<script>"] {
        let res = switch(&app, bad, "/courses").await;
        assert_eq!(res.status(), 400, "{bad:?}");
        let kept = res
            .headers()
            .get_all("set-cookie")
            .iter()
            .any(|c| c.to_str().is_ok_and(|c| c.starts_with("tessera_lang=")));
        assert!(!kept, "{bad:?}");
        let body = res.text().await.expect("body");
        assert!(body.contains("It is written in: en, de."), "{body}");
        assert!(!body.contains("<script>"), "{body}");
    }
    assert_eq!(language_of(&app, email).await.as_deref(), Some("en"));
    for away in [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "javascript:alert(1)",
    ] {
        let res = switch(&app, "de", away).await;
        assert_eq!(res.status(), 303, "{away}");
        assert_eq!(res.headers()["location"], "/", "{away}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn checkout_opens_in_the_member_s_language_with_our_words_in_it() {
    let app = spawn_app().await;
    seed(&app.db).await.expect("seed");
    assert_eq!(app.signup("jana@example.com", PASSWORD).await.status(), 200);
    assert_eq!(switch(&app, "de", "/courses").await.status(), 303);
    let course = course_named(&app.db, "Sourdough Bread Masterclass").await;
    let res = app
        .post_form("/api/book_course", &[("course_id", &course.id.to_string())])
        .await;
    assert_eq!(res.status(), 200);
    let b = booking::Entity::find()
        .filter(booking::Column::CourseId.eq(course.id))
        .all(&app.db)
        .await
        .expect("q")
        .into_iter()
        .max_by_key(|b| b.id)
        .expect("the booking");
    let p = payment::Entity::find()
        .filter(payment::Column::BookingId.eq(b.id))
        .one(&app.db)
        .await
        .expect("q")
        .expect("the payment");
    let session = app.session_object(&p, serde_json::json!({})).await;
    assert_eq!(session["locale"], "de");
    let said = session["custom_text"]["submit"]["message"]
        .as_str()
        .expect("the refund rule");
    assert!(
        said.starts_with("Volle Erstattung, wenn Sie vor "),
        "{said}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_page_shows_a_message_id_or_a_placeholder_in_either_language() {
    let app = spawn_app().await;
    seed(&app.db).await.expect("seed");
    assert_eq!(app.signup("olga@example.com", PASSWORD).await.status(), 200);
    let course = course_named(&app.db, "Japanese Knife Skills").await;
    let course_page = format!("/courses/{}", course.id);
    let paths = [
        "/",
        "/courses",
        "/courses?when=past",
        "/courses?q=nothing-matches-this",
        course_page.as_str(),
        "/bookings",
        "/account",
        "/no-such-page",
    ];
    for lang in ["en", "de"] {
        assert_eq!(switch(&app, lang, "/").await.status(), 303);
        for path in paths {
            let res = app
                .client
                .get(format!("{}{path}", app.address))
                .header("accept-language", lang)
                .send()
                .await
                .expect("request");
            assert_eq!(res.headers()["content-language"], lang, "{path}");
            let html = res.text().await.expect("body");
            for leak in ["Unknown localization", "{ $", "{$"] {
                assert!(!html.contains(leak), "{lang} {path} shows {leak:?}");
            }
        }
    }
}

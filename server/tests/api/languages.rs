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
    let admin = crate::support::admin(&app).await;
    let course = course_named(&app.db, "Japanese Knife Skills").await;
    let teacher = user::Entity::find()
        .filter(user::Column::Email.eq("sample.instructor1@tessera.invalid"))
        .one(&app.db)
        .await
        .expect("q")
        .expect("a sample instructor");
    let course_page = format!("/courses/{}", course.id);
    let instructor_page = format!("/instructors/{}", teacher.id);
    let member_paths = vec![
        "/".to_owned(),
        "/courses".to_owned(),
        "/courses?when=past".to_owned(),
        "/courses?q=nothing-matches-this".to_owned(),
        course_page.clone(),
        instructor_page,
        "/bookings".to_owned(),
        "/account".to_owned(),
        "/imprint".to_owned(),
        "/privacy".to_owned(),
        "/terms".to_owned(),
        "/payment/cancel".to_owned(),
        "/teaching".to_owned(),
        "/admin/courses".to_owned(),
        "/no-such-page".to_owned(),
    ];
    let visitor_paths = vec![
        "/login".to_owned(),
        format!("/signup?next=/courses/{}/book", course.id),
        "/signup/sent".to_owned(),
        "/forgot-password".to_owned(),
        "/reset-password?token=nonsense".to_owned(),
        "/confirm-email?token=nonsense".to_owned(),
        "/change-email?token=nonsense".to_owned(),
        "/accept-invite?token=nonsense".to_owned(),
    ];
    let admin_paths = vec![
        "/admin/courses".to_owned(),
        "/admin/courses/new".to_owned(),
        format!("/admin/courses/{}", course.id),
        format!("/admin/courses/{}/roster", course.id),
        "/admin/people".to_owned(),
        format!("/admin/people/{}", teacher.id),
        "/admin/vouchers".to_owned(),
        "/admin/vouchers/new".to_owned(),
        "/admin/invoices".to_owned(),
        "/admin/site".to_owned(),
        "/admin/topics".to_owned(),
    ];
    let visitor = app.another_client();
    for lang in ["en", "de"] {
        for (who, paths) in [
            (&app, &member_paths),
            (&visitor, &visitor_paths),
            (&admin, &admin_paths),
        ] {
            assert_eq!(switch(who, lang, "/").await.status(), 303);
            for path in paths {
                let res = who
                    .client
                    .get(format!("{}{path}", app.address))
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
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refusals_are_written_in_the_reader_s_language() {
    use tessera::i18n::{Lang, tr};
    let app = spawn_app().await;
    seed(&app.db).await.expect("seed");
    let post = |path: &'static str, fields: Vec<(&'static str, String)>, lang: &'static str| {
        let request = app
            .client
            .post(format!("{}{path}", app.address))
            .header("accept-language", lang)
            .form(&fields);
        async move {
            let res = request.send().await.expect("request");
            let status = res.status();
            let body: serde_json::Value = res.json().await.expect("json");
            (status, body)
        }
    };
    // Said deep in a service: the wrong password.
    let wrong = || {
        vec![
            ("email", "nobody@example.com".to_owned()),
            ("password", "not the password".to_owned()),
        ]
    };
    let (status, body) = post("/api/login", wrong(), "de-DE").await;
    assert_eq!(status, 401);
    assert_eq!(body["message"], tr(Lang::De, "sign-in-no-match"));
    assert!(
        body["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("Diese E-Mail-Adresse")),
        "{body}"
    );
    let (_, body) = post("/api/login", wrong(), "en-GB").await;
    assert_eq!(
        body["message"],
        "That email and password don't match an account."
    );

    // A form's field errors, and the sentence over them.
    let bad_signup = || {
        vec![
            ("email", "not an address".to_owned()),
            ("display_name", "Olga".to_owned()),
            ("password", PASSWORD.to_owned()),
        ]
    };
    let (status, body) = post("/api/signup", bad_signup(), "de").await;
    assert_eq!(status, 422);
    assert_eq!(body["message"], tr(Lang::De, "error-validation"));
    let (_, english) = post("/api/signup", bad_signup(), "en").await;
    let field = |body: &serde_json::Value| body["fields"][0]["message"].as_str().map(str::to_owned);
    let (german_field, english_field) = (field(&body), field(&english));
    assert!(german_field.is_some() && english_field.is_some(), "{body}");
    assert_ne!(german_field, english_field, "the field's error in German");

    // Made in a task of the page's own, as the page renders: a dashboard
    // page past anything that can exist.
    assert_eq!(app.signup("olga@example.com", PASSWORD).await.status(), 200);
    let far = format!("/bookings?page={}", usize::MAX);
    let alert = |html: &str| {
        html.split(r#"role="alert""#)
            .nth(1)
            .and_then(|rest| rest.split_once('>'))
            .and_then(|(_, text)| text.split('<').next().map(str::to_owned))
    };
    let (member, far) = (&app, &far);
    let dashboard = |lang: &'static str| async move {
        assert_eq!(switch(member, lang, "/").await.status(), 303);
        let res = member
            .client
            .get(format!("{}{far}", member.address))
            .send()
            .await
            .expect("request");
        res.text().await.expect("body")
    };
    let html = dashboard("de").await;
    assert_eq!(
        alert(&html),
        Some(tr(Lang::De, "error-validation")),
        "{html}"
    );
    let html = dashboard("en").await;
    assert_eq!(alert(&html), Some(tr(Lang::En, "error-validation")));

    // Refused before the account is known: the origin check.
    let res = app
        .another_client()
        .client
        .post(format!("{}/api/login", app.address))
        .header("origin", "https://evil.example")
        .header("accept-language", "de")
        .form(&wrong())
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), 403);
    let body: serde_json::Value = res.json().await.expect("json");
    assert_eq!(body["message"], tr(Lang::De, "request-not-ours"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_course_reads_in_the_reader_s_language_and_marks_the_other() {
    let app = spawn_app().await;
    seed(&app.db).await.expect("seed");
    let (_, html) = page(&app, "/courses", "de").await;
    assert!(
        html.contains("Sauerteigbrot-Meisterkurs"),
        "its German title"
    );
    assert!(!html.contains("Sourdough Bread Masterclass"));
    // No German text: the English one, marked as English.
    let link = |html: &str, title: &str| {
        let end = html.find(&format!(">{title}</a>")).unwrap_or_else(|| {
            let at = html.find(title).unwrap_or(0);
            panic!(
                "{title}'s link: {}",
                &html[at.saturating_sub(400)..(at + 100).min(html.len())]
            )
        });
        let start = html[..end].rfind("<a ").expect("its start");
        html[start..end].to_owned()
    };
    assert!(!link(&html, "Sauerteigbrot-Meisterkurs").contains("lang="));
    // (It took place ten days ago.)
    let (_, past) = page(&app, "/courses?when=past", "de").await;
    let speaking = link(&past, "Public Speaking Bootcamp");
    assert!(speaking.contains(r#"lang="en""#), "marked: {speaking}");
    let (_, html) = page(&app, "/courses", "en").await;
    assert!(html.contains("Sourdough Bread Masterclass"));
    assert!(!html.contains("Sauerteigbrot-Meisterkurs"));
    let (_, past) = page(&app, "/courses?when=past", "en").await;
    assert!(
        !link(&past, "Public Speaking Bootcamp").contains("lang="),
        "nothing marked"
    );

    // Its words find it in either language, whoever reads.
    for lang in ["de", "en"] {
        let (_, html) = page(&app, "/courses?q=sauerteig", lang).await;
        assert!(
            html.contains("Sauerteigbrot-Meisterkurs")
                || html.contains("Sourdough Bread Masterclass"),
            "{lang}: found by its German words"
        );
        assert!(
            !html.contains("Japanese Knife Skills") && !html.contains("Japanische Messertechnik")
        );
    }

    let course = course_named(&app.db, "Sourdough Bread Masterclass").await;
    let (_, html) = page(&app, &format!("/courses/{}", course.id), "de").await;
    assert!(html.contains(">Sauerteigbrot-Meisterkurs</h1>"));
    assert!(
        html.contains("Bäckerin und Töpferin aus Göteborg"),
        "the bio in German"
    );
    let (_, html) = page(&app, &format!("/courses/{}", course.id), "en").await;
    assert!(html.contains(">Sourdough Bread Masterclass</h1>"));
    assert!(html.contains("Baker and potter from Gothenburg"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_s_emails_and_calendar_name_the_course_in_their_language() {
    use sea_orm::QueryOrder;
    use tessera::entity::email_outbox;
    let app = spawn_app().await;
    seed(&app.db).await.expect("seed");
    assert_eq!(
        app.signup("greta@example.com", PASSWORD).await.status(),
        200
    );
    assert_eq!(switch(&app, "de", "/").await.status(), 303);
    // Free: booked at once, and the confirmation queued.
    let yoga = course_named(&app.db, "Community Yoga in the Park").await;
    let res = app
        .post_form("/api/book_course", &[("course_id", &yoga.id.to_string())])
        .await;
    assert_eq!(
        res.status(),
        200,
        "{}",
        res.text().await.unwrap_or_default()
    );
    let mail = email_outbox::Entity::find()
        .filter(email_outbox::Column::Recipient.eq("greta@example.com"))
        .filter(email_outbox::Column::DedupeKey.starts_with("booking_confirmed:"))
        .order_by_desc(email_outbox::Column::Id)
        .one(&app.db)
        .await
        .expect("q")
        .expect("the confirmation");
    assert!(
        mail.subject.contains("Yoga für alle im Park"),
        "{}",
        mail.subject
    );
    assert!(mail.body_text.contains("Hallo"), "{}", mail.body_text);
    assert!(
        mail.attachments.contains("SUMMARY:Yoga für alle im Park"),
        "{}",
        mail.attachments
    );
}

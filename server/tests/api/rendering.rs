//! Every page finishes the first time: no streamed page is left unfinished
//! (nothing renders a page again: a stall would fail these tests at the
//! client's timeout).

use crate::support::{TestApp, admin, spawn_app};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use tessera::entity::{course, user};

/// Pages a member and an admin open, each read in full 40 times by 8
/// clients at once. The current user is awaited in one `<Suspense>` per
/// page (the header's); a resource awaited in two is a known way to leave a
/// page unfinished (leptos-rs/leptos#4851).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_under_concurrent_load_all_finish_first_time() {
    let app = spawn_app().await;
    tessera_server::seed::seed(&app.db).await.expect("seed");
    app.signup("ada@example.com", "correct horse battery").await;
    let free = course::Entity::find()
        .filter(course::Column::Price.eq(0))
        .one(&app.db)
        .await
        .expect("q")
        .expect("a free sample course");
    let res = app
        .post_form("/api/book_course", &[("course_id", &free.id.to_string())])
        .await;
    assert!(
        res.status().is_success() || res.status().is_redirection(),
        "booked: {}",
        res.status()
    );
    let me = user::Entity::find()
        .filter(user::Column::Email.eq("ada@example.com"))
        .one(&app.db)
        .await
        .expect("q")
        .expect("me");
    let booking = tessera::entity::booking::Entity::find()
        .filter(tessera::entity::booking::Column::UserId.eq(me.id))
        .one(&app.db)
        .await
        .expect("q")
        .expect("the free booking");
    let root = admin(&app).await;

    let member_pages = [
        "/".to_owned(),
        "/courses".to_owned(),
        format!("/courses/{}", free.id),
        "/bookings".to_owned(),
        format!("/bookings/{}", booking.id),
        "/account".to_owned(),
    ];
    let admin_pages = [
        "/admin/courses".to_owned(),
        format!("/admin/courses/{}/roster", free.id),
    ];
    let mut readers = tokio::task::JoinSet::new();
    for n in 0..8 {
        let (who, pages): (&TestApp, &[String]) = if n % 4 == 3 {
            (&root, &admin_pages)
        } else {
            (&app, &member_pages)
        };
        let client = who.client.clone();
        let base = app.address.clone();
        let pages = pages.to_vec();
        readers.spawn(async move {
            for i in 0..40 {
                let path = &pages[(i + n) % pages.len()];
                let res = client
                    .get(format!("{base}{path}"))
                    .send()
                    .await
                    .expect("request");
                let status = res.status();
                let body = res.text().await.expect("the whole body");
                assert_eq!(status, 200, "{path}");
                // A streamed page ends with the list of chunks still to
                // come (none); a page rendered whole ends with `</html>`.
                let end = body.trim_end();
                assert!(
                    end.ends_with("__INCOMPLETE_CHUNKS=[];</script>") || end.ends_with("</html>"),
                    "{path} ended early: …{}",
                    &end[end.len().saturating_sub(200)..]
                );
            }
        });
    }
    while let Some(done) = readers.join_next().await {
        done.expect("a reader");
    }
}

/// Building an application lists its routes, which in Leptos switches off
/// resource loading for the whole process while it runs; a page that
/// another application in the process was rendering then never finished
/// (leptos-rs/leptos#4773). Tests build hundreds of applications in one
/// process: pages are read from one while twenty more are built.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn building_another_application_never_stalls_a_page() {
    let app = spawn_app().await;
    tessera_server::seed::seed(&app.db).await.expect("seed");
    let building = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
    let mut readers = tokio::task::JoinSet::new();
    for n in 0..6 {
        let client = app.client.clone();
        let url = format!(
            "{}{}",
            app.address,
            if n % 2 == 0 { "/courses" } else { "/" }
        );
        let building = building.clone();
        readers.spawn(async move {
            let mut read = 0;
            while building.load(std::sync::atomic::Ordering::SeqCst) || read < 5 {
                let body = client
                    .get(&url)
                    .send()
                    .await
                    .expect("request")
                    .text()
                    .await
                    .expect("body");
                assert!(
                    body.trim_end()
                        .ends_with("__INCOMPLETE_CHUNKS=[];</script>"),
                    "{url} ended early"
                );
                read += 1;
            }
        });
    }
    // Small pools: twenty applications left running stay within
    // PostgreSQL's hundred connections, beside the other tests.
    for _ in 0..20 {
        crate::support::spawn_app_with(&[("DATABASE_POOL_SIZE", "2")]).await;
    }
    building.store(false, std::sync::atomic::Ordering::SeqCst);
    while let Some(done) = readers.join_next().await {
        done.expect("a reader");
    }
}

/// Words that must match the facts: a free booking is not offered "a full
/// refund of €0.00", and a course that ended days ago has ended, not
/// "already started".
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_free_booking_promises_no_refund_and_a_past_course_has_ended() {
    let app = spawn_app().await;
    tessera_server::seed::seed(&app.db).await.expect("seed");
    app.signup("free@example.com", "a long member password 7")
        .await;
    let yoga = crate::support::course_named(&app.db, "Community Yoga in the Park").await;
    let booked = app
        .post_form("/api/book_course", &[("course_id", &yoga.id.to_string())])
        .await;
    assert_eq!(booked.status(), 200);
    let b = tessera::entity::booking::Entity::find()
        .filter(tessera::entity::booking::Column::CourseId.eq(yoga.id))
        .one(&app.db)
        .await
        .expect("q")
        .expect("the free booking");
    let (status, page) = app.get(&format!("/bookings/{}", b.id)).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Nothing was paid, so nothing is refunded"),
        "{page}"
    );
    assert!(
        !page.contains("0.00"),
        "no zero amount on a free booking's page"
    );

    let past = crate::support::course_named(&app.db, "Public Speaking Bootcamp").await;
    let (status, page) = app.get(&format!("/courses/{}", past.id)).await;
    assert_eq!(status, 200);
    assert!(page.contains("This course has ended."), "{page}");
    assert!(!page.contains("already started"));

    // The refund rule is on the page before the money, with its date.
    let bread = crate::support::course_named(&app.db, "Sourdough Bread Masterclass").await;
    let (_, page) = app.get(&format!("/courses/{}", bread.id)).await;
    let rule = page
        .split("data-testid=\"refund-rule\"")
        .nth(1)
        .and_then(|rest| rest.split_once('>'))
        .and_then(|(_, rest)| rest.split("</p>").next())
        .unwrap_or_else(|| panic!("no refund rule on {page}"));
    let cutoff = bread.starts_at - chrono::Duration::hours(48);
    assert!(
        rule.starts_with("Full refund if you cancel before "),
        "{rule}"
    );
    assert!(
        rule.contains(&cutoff.to_rfc3339_opts(chrono::SecondsFormat::Secs, false)),
        "names the cut-off, 48 hours before the start: {rule}"
    );
    let (_, page) = app.get(&format!("/courses/{}", yoga.id)).await;
    assert!(
        !page.contains("refund-rule"),
        "a free course has no refund rule"
    );
}

use crate::support::spawn_app;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use tessera_server::seed::seed;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_catalog_is_server_rendered_with_the_seeded_courses() {
    let app = spawn_app().await;
    seed(&app.db).await.expect("seed");
    let (status, html) = app.get("/courses").await;
    assert_eq!(status, 200);
    for title in [
        "Sourdough Bread Masterclass",
        "Rust for Web Developers",
        "Japanese Knife Skills",
    ] {
        assert!(html.contains(title), "{title} missing from /courses");
    }
    // Money is formatted per currency.
    assert!(
        html.contains("€49.00") && html.contains("$120.00") && html.contains("¥5,000"),
        "prices"
    );
    // The free course says so; drafts never appear.
    assert!(html.contains("Free"));
    assert!(
        !html.contains("Advanced Pottery Wheel"),
        "a draft course leaked into the catalog"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_landing_page_links_to_the_catalog() {
    let app = spawn_app().await;
    seed(&app.db).await.expect("seed");
    let (status, html) = app.get("/").await;
    assert_eq!(status, 200);
    assert!(html.contains("href=\"/courses\""));
    assert!(
        html.contains("Sourdough Bread Masterclass"),
        "upcoming courses on the landing page"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_empty_catalog_says_so() {
    let app = spawn_app().await;
    let (status, html) = app.get("/courses").await;
    assert_eq!(status, 200);
    assert!(html.contains("No courses are on offer yet."));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_course_page_shows_its_details() {
    let app = spawn_app().await;
    seed(&app.db).await.expect("seed");
    let (status, html) = app.get("/courses/1").await;
    assert_eq!(status, 200);
    assert!(html.contains("Sourdough Bread Masterclass"));
    assert!(html.contains("De Bakkerij, Amsterdam"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_past_course_says_why_it_cannot_be_booked() {
    let app = spawn_app().await;
    seed(&app.db).await.expect("seed");
    let (_, list) = app.get("/courses?when=past").await;
    assert!(list.contains("Public Speaking Bootcamp"));
    let id = course_id_by_title(&app, "Public Speaking Bootcamp").await;
    let (status, html) = app.get(&format!("/courses/{id}")).await;
    assert_eq!(status, 200);
    assert!(html.contains("This course has ended."));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_and_draft_courses_are_404_not_a_crash() {
    let app = spawn_app().await;
    seed(&app.db).await.expect("seed");
    let draft = course_id_by_title(&app, "Advanced Pottery Wheel").await;
    for path in [
        "/courses/99999".to_owned(),
        "/courses/not-a-number".to_owned(),
        format!("/courses/{draft}"),
    ] {
        let (status, html) = app.get(&path).await;
        assert_eq!(status, 404, "{path}");
        assert!(html.contains("We couldn't find that course."), "{path}");
        assert!(
            !html.contains("Advanced Pottery Wheel"),
            "{path} leaked a draft"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_page_is_a_friendly_404() {
    let app = spawn_app().await;
    let (status, html) = app.get("/no/such/page").await;
    assert_eq!(status, 404);
    assert!(html.contains("We couldn't find that page."));
}

async fn course_id_by_title(app: &crate::support::TestApp, title: &str) -> i64 {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    tessera::entity::course::Entity::find()
        .filter(tessera::entity::course::Column::Title.eq(title))
        .one(&app.db)
        .await
        .expect("query")
        .expect("seeded")
        .id
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_course_you_hold_a_seat_on_says_so_instead_of_offering_book() {
    let app = spawn_app().await;
    seed(&app.db).await.expect("seed");
    let free = tessera::entity::course::Entity::find()
        .filter(tessera::entity::course::Column::Price.eq(0))
        .one(&app.db)
        .await
        .expect("q")
        .expect("a free sample course");
    let page = format!("/courses/{}", free.id);
    let (_, before) = app.get(&page).await;
    assert!(before.contains("data-testid=\"book\""), "signed out: Book");

    app.signup("ada@example.com", "correct horse battery").await;
    let res = app
        .post_form("/api/book_course", &[("course_id", &free.id.to_string())])
        .await;
    assert!(res.status().is_success() || res.status().is_redirection());
    let (_, after) = app.get(&page).await;
    assert!(
        after.contains("You&#x27;re booked on this course (1 seat).")
            || after.contains("You're booked on this course (1 seat)."),
        "booked"
    );
    assert!(
        after.contains("Booking for someone else too?") && after.contains("data-testid=\"book\""),
        "Book stays, to book for someone else"
    );
    let ada = tessera::entity::user::Entity::find()
        .filter(tessera::entity::user::Column::Email.eq("ada@example.com"))
        .one(&app.db)
        .await
        .expect("q")
        .expect("ada");
    let booking = tessera::entity::booking::Entity::find()
        .filter(tessera::entity::booking::Column::UserId.eq(ada.id))
        .one(&app.db)
        .await
        .expect("q")
        .expect("the booking");
    assert!(
        after.contains(&format!("href=\"/bookings/{}\"", booking.id)),
        "links to the booking"
    );

    // Someone else still sees Book.
    let other = app.another_client();
    other
        .signup("bo@example.com", "correct horse battery")
        .await;
    let (_, theirs) = other.get(&page).await;
    assert!(theirs.contains("data-testid=\"book\""));
    assert!(
        theirs.contains("confirmed at once") && !theirs.contains("while you pay"),
        "a free course holds nothing while paying"
    );
}

/// `count` published courses, one a day from tomorrow, titled "Course 00001"…
async fn many_courses(db: &sea_orm::DatabaseConnection, count: usize) {
    use chrono::{Duration, Utc};
    use sea_orm::Set;
    use tessera::entity::course;
    let now = Utc::now();
    let rows: Vec<course::ActiveModel> = (1..=count)
        .map(|i| {
            let starts = now + Duration::days(i64::try_from(i).expect("small"));
            course::ActiveModel {
                title: Set(format!("Course {i:05}")),
                description: Set("Hands on.".into()),
                price: Set(1000 + i64::try_from(i % 50).expect("small")),
                currency: Set(tessera::Currency::Eur),
                capacity: Set(10),
                seats_held: Set(0),
                starts_at: Set(starts),
                ends_at: Set(starts + Duration::hours(2)),
                location: Set("Hall".into()),
                status: Set(tessera::CourseStatus::Published),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
        })
        .collect();
    for chunk in rows.chunks(1000) {
        course::Entity::insert_many(chunk.to_vec())
            .exec(db)
            .await
            .expect("insert courses");
    }
}

fn cards(html: &str) -> usize {
    html.matches("class=\"course-card").count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_courses_answer_with_one_page_and_the_way_to_the_next() {
    let app = spawn_app().await;
    many_courses(&app.db, 10_000).await;
    let (status, html) = app.get("/courses").await;
    assert_eq!(status, 200);
    assert_eq!(cards(&html), 24, "one page of courses");
    assert!(html.contains("Course 00001") && html.contains("Course 00024"));
    assert!(
        !html.contains("Course 00025"),
        "the next page's first course"
    );
    assert!(html.contains("1,000+ courses"), "the count stops at 1,000");
    assert!(
        html.contains("href=\"/courses?page=2&amp;after="),
        "a link to the next page, after this page's last course"
    );

    let (status, html) = app.get("/courses?page=2").await;
    assert_eq!(status, 200);
    assert_eq!(cards(&html), 24);
    assert!(html.contains("Course 00025") && html.contains("Course 00048"));
    assert!(!html.contains("Course 00024"), "pages never overlap");
    assert!(html.contains("href=\"/courses\""), "back to the first page");

    // Filtered in the database, before paging.
    let (_, html) = app.get("/courses?q=course+0999").await;
    assert_eq!(cards(&html), 10, "Course 09990 … 09999");
    assert!(html.contains("10 courses match"));
    assert!(!html.contains("rel=\"next\""), "one page holds them all");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_filter_order_and_view_come_from_the_url() {
    let app = spawn_app().await;
    seed(&app.db).await.expect("seed");

    let (_, html) = app.get("/courses?q=KNIFE").await;
    assert_eq!(cards(&html), 1);
    assert!(html.contains("Japanese Knife Skills"));
    assert!(
        html.contains("value=\"KNIFE\""),
        "the field shows the filter"
    );
    assert!(html.contains("1 course match"));

    // Matches the place and the description too.
    let (_, html) = app.get("/courses?q=vondelpark").await;
    assert!(html.contains("Community Yoga in the Park"));

    // Typed wildcards and quotes are text, not SQL.
    for q in ["%25", "_", "%27%29%3B+DROP+TABLE+courses%3B--"] {
        let (status, html) = app.get(&format!("/courses?q={q}")).await;
        assert_eq!(status, 200);
        assert_eq!(cards(&html), 0, "q={q}");
        assert!(html.contains("No course matches"), "q={q}");
    }
    let (_, html) = app.get("/courses").await;
    assert!(cards(&html) >= 5, "the table is still there");

    // Past courses are out of the default view and have their own.
    assert!(!html.contains("Public Speaking Bootcamp"));
    assert!(html.contains("href=\"/courses?when=past\""));
    let (_, html) = app.get("/courses?when=past").await;
    assert!(html.contains("Public Speaking Bootcamp"));
    assert!(!html.contains("Sourdough Bread Masterclass"));

    // Cheapest first: the free course leads; the menu shows the choice.
    let (_, html) = app.get("/courses?sort=price-asc").await;
    let at = |t: &str| html.find(t).unwrap_or_else(|| panic!("{t} missing"));
    assert!(at("Community Yoga in the Park") < at("Sourdough Bread Masterclass"));
    assert!(html.contains("value=\"price-asc\" selected"));
    let (_, html) = app.get("/courses?sort=price-desc").await;
    let at = |t: &str| html.find(t).unwrap_or_else(|| panic!("{t} missing"));
    assert!(at("Sourdough Bread Masterclass") < at("Community Yoga in the Park"));

    // A link with nonsense in it still opens the catalog.
    let (status, html) = app.get("/courses?page=0&sort=cheapest&when=later").await;
    assert_eq!(status, 200);
    assert!(html.contains("Sourdough Bread Masterclass"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_catalog_request_out_of_bounds_is_refused_with_the_reason() {
    let app = spawn_app().await;
    seed(&app.db).await.expect("seed");
    let ask = |q: String, page: &'static str| {
        let client = app.client.clone();
        let url = format!("{}/api/list_courses", app.address);
        async move {
            let res = client
                .post(url)
                .form(&[
                    ("q", q.as_str()),
                    ("sort", "date"),
                    ("when", "upcoming"),
                    ("page", page),
                ])
                .send()
                .await
                .expect("answer");
            (res.status().as_u16(), res.text().await.expect("body"))
        }
    };
    let (status, body) = ask("a".repeat(101), "1").await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("at most 100 characters"), "{body}");
    let (status, body) = ask("a\u{0}b".into(), "1").await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("control characters"), "{body}");
    let (status, body) = ask(String::new(), "1001").await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("Page numbers run from 1 to 1000"), "{body}");
    let (status, body) = ask("sourdough".into(), "1").await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("Sourdough Bread Masterclass"));
}

/// A full course's page says whether a seat may still come free: while
/// someone's hold on the last seat runs, when it ends; once every seat is
/// paid for, that only a cancellation frees one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_course_page_says_when_a_held_seat_may_come_free() {
    use tessera::entity::booking;
    let app = spawn_app().await;
    seed(&app.db).await.expect("seed");
    let course = crate::support::course_named(&app.db, "Watercolour Landscapes").await;
    let id = course.id.to_string();
    let page = async |app: &crate::support::TestApp| -> serde_json::Value {
        let res = app.post_form("/api/get_course", &[("id", &id)]).await;
        assert_eq!(res.status(), 200);
        res.json().await.expect("json")
    };
    assert!(
        page(&app).await["held_while_paying"].is_null(),
        "a seat is left: nothing to say"
    );

    let holder = app.another_client();
    assert_eq!(
        holder
            .signup("holder@example.com", "correct horse battery")
            .await
            .status(),
        200
    );
    let res = holder
        .post_form("/api/book_course", &[("course_id", &id)])
        .await;
    assert_eq!(res.status(), 200, "the last seat is held");
    let hold = booking::Entity::find()
        .filter(booking::Column::CourseId.eq(course.id))
        .filter(booking::Column::Status.eq(tessera::BookingStatus::PendingPayment))
        .one(&app.db)
        .await
        .expect("q")
        .expect("the pending booking");
    let ends = hold.hold_expires_at.expect("held");

    let full = page(&app.another_client()).await;
    assert_eq!(full["course"]["seats_held"], full["course"]["capacity"]);
    let held = &full["held_while_paying"];
    assert_eq!(held["seats"], 1);
    let first_ends: chrono::DateTime<chrono::Utc> =
        serde_json::from_value(held["first_ends"].clone()).expect("a time");
    assert_eq!(first_ends.timestamp(), ends.timestamp());

    // Paid for: no hold left to end.
    let url = res.headers()["location"].to_str().expect("url").to_owned();
    assert_eq!(
        crate::support::pay(&url, "4242424242424242").await.status(),
        303
    );
    crate::support::eventually("the payment confirms the booking", async || {
        page(&app).await["held_while_paying"].is_null()
    })
    .await;
    let (_, html) = app.get(&format!("/courses/{id}")).await;
    assert!(
        html.contains("one comes free only if someone cancels"),
        "{html}"
    );
}

//! Finding courses: words looked up in the database's full-text index,
//! topics admins manage, days at the site's clock, and seats left.

use crate::support::{admin, spawn_app};
use chrono::{DateTime, Days, Duration, NaiveDate, TimeZone, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use tessera::entity::course;
use tessera::topic::TopicName;
use tessera_server::seed::seed;

fn cards(html: &str) -> usize {
    html.matches("class=\"course-card").count()
}

/// The topics the cards name, in order.
fn card_topics(html: &str) -> Vec<&str> {
    html.match_indices("data-testid=\"card-topic\"")
        .filter_map(|(at, _)| {
            let rest = &html[at..];
            let text = &rest[rest.find('>')? + 1..];
            Some(&text[..text.find('<')?])
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn words_find_courses_by_title_description_place_and_beginning() {
    let app = spawn_app().await;
    seed(&app.db).await.expect("seed");
    let found = |html: &str, title: &str| html.contains(title);

    // A word of the description only.
    let (_, html) = app.get("/courses?q=starter").await;
    assert_eq!(cards(&html), 1, "{html}");
    assert!(found(&html, "Sourdough Bread Masterclass"));
    // The beginning of a word, in any case.
    let (_, html) = app.get("/courses?q=SOURD").await;
    assert!(found(&html, "Sourdough Bread Masterclass"));
    // Several words, in any order, each the beginning of one.
    for q in ["knife+sk", "skills+japan", "japanese%2C+knife!"] {
        let (_, html) = app.get(&format!("/courses?q={q}")).await;
        assert_eq!(cards(&html), 1, "q={q}");
        assert!(found(&html, "Japanese Knife Skills"), "q={q}");
    }
    // Every word must be there.
    let (_, html) = app.get("/courses?q=knife+watercolour").await;
    assert_eq!(cards(&html), 0);
    assert!(html.contains("No course matches"));
    // The place.
    let (_, html) = app.get("/courses?q=bakkerij").await;
    assert!(found(&html, "Sourdough Bread Masterclass"));

    // The index follows a course's changes (SQLite's triggers,
    // PostgreSQL's generated column).
    let sourdough = crate::support::course_named(&app.db, "Sourdough Bread Masterclass").await;
    course::Entity::update_many()
        .col_expr(
            course::Column::Description,
            Expr::value("Rye and spelt, fermented overnight."),
        )
        .filter(course::Column::Id.eq(sourdough.id))
        .exec(&app.db)
        .await
        .expect("new description");
    let (_, html) = app.get("/courses?q=spelt").await;
    assert!(found(&html, "Sourdough Bread Masterclass"));
    // Words inside addresses and numbers are words on both databases.
    course::Entity::update_many()
        .col_expr(
            course::Column::Location,
            Expr::value("Ask info@rye-bakery.example, 2.5 km from the station"),
        )
        .filter(course::Column::Id.eq(sourdough.id))
        .exec(&app.db)
        .await
        .expect("new place");
    for q in ["bakery", "rye+info", "example", "5+km"] {
        let (_, html) = app.get(&format!("/courses?q={q}")).await;
        assert!(found(&html, "Sourdough Bread Masterclass"), "q={q}");
    }
    let (_, html) = app.get("/courses?q=starter").await;
    assert_eq!(cards(&html), 0, "the old words are gone");
    // A seat booked rewrites nothing the index holds.
    course::Entity::update_many()
        .col_expr(course::Column::SeatsHeld, Expr::value(3))
        .filter(course::Column::Id.eq(sourdough.id))
        .exec(&app.db)
        .await
        .expect("a seat");
    let (_, html) = app.get("/courses?q=spelt").await;
    assert!(found(&html, "Sourdough Bread Masterclass"));
}

/// 10:00, 23:30 and (the next day) 00:30 at Berlin's clock on `day`.
fn at_berlin(day: NaiveDate, h: u32, m: u32) -> DateTime<Utc> {
    chrono_tz::Europe::Berlin
        .from_local_datetime(&day.and_hms_opt(h, m, 0).expect("time"))
        .earliest()
        .expect("exists")
        .with_timezone(&Utc)
}

async fn a_course(
    db: &sea_orm::DatabaseConnection,
    title: &str,
    starts_at: DateTime<Utc>,
    topic: Option<i64>,
    held: i32,
) {
    let now = Utc::now();
    let c = course::ActiveModel {
        title: Set(title.to_owned()),
        description: Set("Hands on.".to_owned()),
        location: Set("Hall".to_owned()),
        price: Set(2500),
        currency: Set(tessera::Currency::Eur),
        capacity: Set(4),
        seats_held: Set(held),
        starts_at: Set(starts_at),
        ends_at: Set(starts_at + Duration::hours(2)),
        time_zone: Set("Europe/Berlin".to_owned()),
        status: Set(tessera::CourseStatus::Published),
        topic_id: Set(topic),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("course");
    crate::support::meets_once(db, &c).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn topic_days_at_the_sites_clock_and_seats_left_narrow_the_catalog() {
    let app = spawn_app().await;
    let db = &app.db;
    let name = |n: &str| TopicName::parse(n).expect("name");
    let cooking = tessera::service::topics::add(db, name("Cooking"))
        .await
        .expect("topic");
    let art = tessera::service::topics::add(db, name("Art"))
        .await
        .expect("topic");
    let day = Utc::now()
        .with_timezone(&chrono_tz::Europe::Berlin)
        .date_naive()
        .checked_add_days(Days::new(20))
        .expect("day");
    let next = day.succ_opt().expect("next day");
    let c = Some(cooking.id.get());
    a_course(db, "Morning Bread", at_berlin(day, 10, 0), c, 0).await;
    a_course(
        db,
        "Late Drawing",
        at_berlin(day, 23, 30),
        Some(art.id.get()),
        1,
    )
    .await;
    // 00:30 in Berlin is still the day before in UTC.
    a_course(db, "Midnight Soup", at_berlin(next, 0, 30), c, 0).await;
    a_course(db, "Full Pasta", at_berlin(day, 12, 0), c, 4).await;

    let titles = |html: &str| -> Vec<&str> {
        [
            "Morning Bread",
            "Late Drawing",
            "Midnight Soup",
            "Full Pasta",
        ]
        .into_iter()
        .filter(|t| html.contains(t))
        .collect()
    };
    let (_, html) = app.get("/courses?topic=cooking").await;
    assert_eq!(
        titles(&html),
        ["Morning Bread", "Midnight Soup", "Full Pasta"]
    );
    assert_eq!(
        card_topics(&html),
        ["Cooking"; 3],
        "the card names its topic"
    );

    let (_, html) = app.get(&format!("/courses?from={day}&to={day}")).await;
    assert_eq!(
        titles(&html),
        ["Morning Bread", "Late Drawing", "Full Pasta"],
        "the day at Berlin's clock, not UTC's"
    );
    let (_, html) = app.get(&format!("/courses?from={next}")).await;
    assert_eq!(titles(&html), ["Midnight Soup"]);
    let (_, html) = app.get(&format!("/courses?to={day}&seats=left")).await;
    assert_eq!(
        titles(&html),
        ["Morning Bread", "Late Drawing"],
        "no full course"
    );
    let (_, html) = app
        .get(&format!(
            "/courses?topic=cooking&from={day}&to={day}&seats=left"
        ))
        .await;
    assert_eq!(titles(&html), ["Morning Bread"]);
    // The form shows what was chosen.
    assert!(html.contains(&format!("value=\"{day}\"")), "the days");
    assert!(html.contains("value=\"cooking\" selected"), "the topic");
    assert!(
        html.contains("name=\"seats\" value=\"left\" checked"),
        "seats left"
    );

    // A topic nobody has, or days before any course: said, not an error.
    let (status, html) = app.get("/courses?topic=knitting").await;
    assert_eq!(status, 200);
    assert_eq!(titles(&html), Vec::<&str>::new());
    assert!(html.contains("No course matches these choices"));
    let (_, html) = app.get("/courses?to=2020-01-01").await;
    assert!(html.contains("No course matches these choices"));
    // Nonsense in a link opens the whole catalog.
    let (status, html) = app.get("/courses?topic=..%2F&from=soon&seats=1").await;
    assert_eq!(status, 200);
    assert_eq!(titles(&html).len(), 4);

    // The browser's own calls (after hydration) carry the same choices.
    let res = app
        .post_form(
            "/api/list_courses",
            &[
                ("q", ""),
                ("sort", "date"),
                ("when", "upcoming"),
                ("page", "1"),
                ("narrow[topic]", "cooking"),
                ("narrow[from]", &day.to_string()),
                ("narrow[to]", &day.to_string()),
                ("narrow[seats]", "left"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    let body = res.text().await.expect("body");
    assert_eq!(titles(&body), ["Morning Bread"], "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admins_keep_the_topic_list_and_file_courses_under_it() {
    let app = spawn_app().await;
    let res = app
        .post_form("/api/add_topic", &[("name", "Cooking")])
        .await;
    assert_eq!(res.status(), 401, "signed out");
    let admin = admin(&app).await;

    let res = admin
        .post_form("/api/add_topic", &[("name", " Cooking ")])
        .await;
    assert_eq!(res.status(), 200);
    for (name, why) in [
        ("cooking", "There is already a topic called “Cooking”."),
        ("   ", "Give the topic a name."),
        (&"x".repeat(41), "at most 40 characters"),
        ("???", "at least one letter or digit"),
    ] {
        let res = admin.post_form("/api/add_topic", &[("name", name)]).await;
        assert_eq!(res.status(), 422, "{name}");
        let body = res.text().await.expect("body");
        assert!(body.contains(why), "{name}: {body}");
    }
    let topics = tessera::service::topics::all(&app.db)
        .await
        .expect("topics");
    assert_eq!(topics.len(), 1, "nothing added by a refusal");
    let cooking = topics[0].clone();
    assert_eq!(cooking.slug.as_str(), "cooking");

    // The course form files a course under it; a topic not on the list
    // is refused at its field and saves nothing.
    let form = |topic: String| {
        vec![
            ("form[title]".to_owned(), "Knife Skills".to_owned()),
            ("form[description]".to_owned(), "Sharp.".to_owned()),
            ("form[location]".to_owned(), "Kitchen".to_owned()),
            ("form[price]".to_owned(), "40".to_owned()),
            ("form[currency]".to_owned(), "EUR".to_owned()),
            ("form[capacity]".to_owned(), "6".to_owned()),
            (
                "form[meetings][0][starts_at]".to_owned(),
                "2031-05-02T10:00".to_owned(),
            ),
            (
                "form[meetings][0][ends_at]".to_owned(),
                "2031-05-02T13:00".to_owned(),
            ),
            ("form[time_zone]".to_owned(), "Europe/Berlin".to_owned()),
            ("form[topic]".to_owned(), topic),
        ]
    };
    let send = |fields: Vec<(String, String)>| {
        let admin = &admin;
        async move {
            let fields: Vec<(&str, &str)> = fields
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            admin.post_form("/api/save_course", &fields).await
        }
    };
    for (topic, why) in [
        ("999999".to_owned(), "no longer on the list"),
        ("cooking".to_owned(), "Choose a topic from the list."),
    ] {
        let res = send(form(topic.clone())).await;
        assert_eq!(res.status(), 422, "{topic}");
        let body = res.text().await.expect("body");
        assert!(body.contains(why) && body.contains("\"topic\""), "{body}");
    }
    assert_eq!(
        course::Entity::find().count(&app.db).await.expect("count"),
        0
    );
    let res = send(form(cooking.id.to_string())).await;
    assert_eq!(res.status(), 200);
    let id: i64 = res.json().await.expect("id");
    let res = admin
        .post_form(
            "/api/set_course_published",
            &[("id", &id.to_string()), ("publish", "true")],
        )
        .await;
    assert_eq!(res.status(), 200);
    let used = tessera::service::topics::in_use(&app.db)
        .await
        .expect("list");
    assert_eq!(used[0].courses, 1);
    let (_, html) = app.get("/courses?topic=cooking").await;
    assert_eq!(cards(&html), 1);

    // Renamed, the old link still works and the card says the new name.
    let res = admin
        .post_form(
            "/api/rename_topic",
            &[("id", &cooking.id.to_string()), ("name", "Kitchen")],
        )
        .await;
    assert_eq!(res.status(), 200);
    let (_, html) = app.get("/courses?topic=cooking").await;
    assert_eq!(card_topics(&html), ["Kitchen"]);

    // Deleted, its course stays in the catalog under no topic.
    let res = admin
        .post_form("/api/delete_topic", &[("id", &cooking.id.to_string())])
        .await;
    assert_eq!(res.status(), 200);
    let (_, html) = app.get("/courses").await;
    assert_eq!(cards(&html), 1);
    assert!(!html.contains("card-topic"));
    let filed = course::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .expect("read")
        .expect("course");
    assert_eq!(filed.topic_id, None);
    let res = admin
        .post_form("/api/delete_topic", &[("id", &cooking.id.to_string())])
        .await;
    assert_eq!(res.status(), 404);
    assert!(res.text().await.expect("body").contains("topic_not_found"));
}

/// The titles of a catalog page's cards, in order.
fn card_titles(html: &str) -> Vec<String> {
    let Some(start) = html.find("data-testid=\"course-list\"") else {
        return Vec::new();
    };
    let list = &html[start..];
    let list = &list[..list.find("</ul>").unwrap_or(list.len())];
    list.match_indices(">Walk ")
        .map(|(at, _)| list[at + 1..at + 9].to_owned())
        .collect()
}

/// Where the page's `rel` link ("next" or "prev") leads.
fn link(html: &str, rel: &str) -> Option<String> {
    let at = html.find(&format!("rel=\"{rel}\""))?;
    let tag_start = html[..at].rfind('<')?;
    let tag = &html[tag_start..tag_start + html[tag_start..].find('>')?];
    let href = &tag[tag.find("href=\"")? + 6..];
    Some(href[..href.find('"')?].replace("&amp;", "&"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn next_and_previous_seek_to_the_same_pages_that_counting_finds() {
    let app = spawn_app().await;
    let now = Utc::now();
    let rows: Vec<course::ActiveModel> = (0..80i64)
        .map(|i| {
            // Pairs share a start, so the id settles ties; some are free,
            // some in dollars, some full, some cancelled, some past.
            let starts = if i < 20 {
                now - Duration::days(1 + i / 2)
            } else {
                now + Duration::days(1 + i / 2)
            };
            course::ActiveModel {
                title: Set(format!("Walk {i:03}")),
                description: Set("Outside.".into()),
                location: Set("Park".into()),
                price: Set([0, 1500, 2500, 1500][(i % 4) as usize]),
                currency: Set(if i % 5 == 0 {
                    tessera::Currency::Usd
                } else {
                    tessera::Currency::Eur
                }),
                capacity: Set(5),
                seats_held: Set((i % 6).min(5) as i32),
                starts_at: Set(starts),
                ends_at: Set(starts + Duration::hours(1)),
                status: Set(if i % 13 == 0 {
                    tessera::CourseStatus::Cancelled
                } else {
                    tessera::CourseStatus::Published
                }),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
        })
        .collect();
    course::Entity::insert_many(rows)
        .exec(&app.db)
        .await
        .expect("courses");

    for view in ["", "&when=past"] {
        for sort in ["date", "price-asc", "price-desc", "seats"] {
            let base = format!("/courses?sort={sort}{view}");
            // Counted from the first: page=N.
            let mut counted = Vec::new();
            for n in 1..=4 {
                let (_, html) = app.get(&format!("{base}&page={n}")).await;
                let titles = card_titles(&html);
                if titles.is_empty() {
                    break;
                }
                counted.push(titles);
            }
            // Reached by Next, then back by Previous.
            let mut walked = Vec::new();
            let mut at = base.clone();
            loop {
                let (status, html) = app.get(&at).await;
                assert_eq!(status, 200, "{at}");
                walked.push(card_titles(&html));
                match link(&html, "next") {
                    Some(next) => {
                        assert!(next.contains("after="), "{next}");
                        at = next;
                    }
                    None => break,
                }
            }
            assert_eq!(walked, counted, "{base}: Next finds the counted pages");
            let mut back = vec![walked.last().cloned().unwrap_or_default()];
            while let Some(previous) = {
                let (_, html) = app.get(&at).await;
                link(&html, "prev")
            } {
                let (_, html) = app.get(&previous).await;
                back.push(card_titles(&html));
                at = previous;
            }
            back.reverse();
            assert_eq!(back, counted, "{base}: Previous finds them too");
        }
    }
    // A seat booked on the course a page ends with, before Next is
    // pressed, moves that course, not the next page.
    let (_, first) = app.get("/courses?sort=seats").await;
    let (_, second) = app.get("/courses?sort=seats&page=2").await;
    let next = link(&first, "next").expect("a next page");
    let last = card_titles(&first).pop().expect("a card");
    course::Entity::update_many()
        .col_expr(
            course::Column::SeatsHeld,
            Expr::col(course::Column::Capacity).into(),
        )
        .filter(course::Column::Title.eq(last.as_str()))
        .exec(&app.db)
        .await
        .expect("sold out");
    let (_, after_booking) = app.get(&next).await;
    assert_eq!(card_titles(&after_booking), card_titles(&second), "{next}");

    // A cursor naming no course falls back to counting.
    let (_, by_count) = app.get("/courses?page=2").await;
    let (_, unknown) = app.get("/courses?page=2&after=999999").await;
    assert_eq!(card_titles(&unknown), card_titles(&by_count));
}

//! The dashboard a page at a time: upcoming first, then past.

use crate::support::{admin, course_named, spawn_app};
use chrono::{Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use tessera::entity::{booking, course, user};
use tessera::{BookingStatus, CourseStatus, Currency};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_dashboard_comes_in_pages_upcoming_first() {
    let app = spawn_app().await;
    app.signup("ada@example.com", "correct horse battery").await;
    let me = user::Entity::find()
        .filter(user::Column::Email.eq("ada@example.com"))
        .one(&app.db)
        .await
        .expect("q")
        .expect("me");
    let now = Utc::now();
    // 22 upcoming courses (day 1..=22) and 3 past ones.
    for day in (-3i64..0).chain(1..=22) {
        let c = course::ActiveModel {
            title: Set(format!("Course on day {day}")),
            description: Set(String::new()),
            location: Set("Here".into()),
            price: Set(1000),
            currency: Set(Currency::Eur),
            capacity: Set(5),
            seats_held: Set(1),
            starts_at: Set(now + Duration::days(day)),
            ends_at: Set(now + Duration::days(day) + Duration::hours(1)),
            status: Set(CourseStatus::Published),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .expect("course");
        booking::ActiveModel {
            user_id: Set(me.id),
            course_id: Set(c.id),
            status: Set(BookingStatus::Confirmed),
            amount: Set(1000),
            currency: Set(Currency::Eur),
            hold_expires_at: Set(None),
            confirmed_at: Set(Some(now)),
            cancelled_at: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .expect("booking");
    }
    let page = |n: &'static str| {
        let app = &app;
        async move {
            app.post_form("/api/my_bookings", &[("page", n)])
                .await
                .json::<serde_json::Value>()
                .await
                .expect("json")
        }
    };
    let titles = |v: &serde_json::Value, part: &str| -> Vec<String> {
        v[part]
            .as_array()
            .expect("list")
            .iter()
            .map(|b| b["course_title"].as_str().expect("title").to_owned())
            .collect()
    };
    let first = page("1").await;
    assert_eq!(
        (
            first["page"].as_u64(),
            first["pages"].as_u64(),
            first["total"].as_u64()
        ),
        (Some(1), Some(2), Some(25))
    );
    let up = titles(&first, "upcoming");
    assert_eq!(up.len(), 20);
    assert_eq!(up[0], "Course on day 1", "soonest first");
    assert!(titles(&first, "past").is_empty());

    let second = page("2").await;
    assert_eq!(
        titles(&second, "upcoming"),
        ["Course on day 21", "Course on day 22"]
    );
    assert_eq!(
        titles(&second, "past"),
        ["Course on day -1", "Course on day -2", "Course on day -3"],
        "latest past course first"
    );
    let beyond = page("99").await;
    assert_eq!(beyond["page"], 2, "a page past the end shows the last one");

    // The page renders on the server with a pager.
    let (code, html) = app.get("/bookings?page=2").await;
    assert_eq!(code, 200);
    assert!(html.contains("Page 2 of 2"));
    assert!(html.contains("Course on day -3"));
    assert!(!html.contains("Course on day 5<"));

    // An admin moves a past course to 2031: its booking moves with it, from
    // the end of the past list to the end of the upcoming one.
    let moved = course_named(&app.db, "Course on day -2").await;
    let res = admin(&app)
        .await
        .post_form(
            "/api/save_course",
            &[
                ("id", &moved.id.to_string()),
                ("form[title]", "Course on day -2"),
                ("form[description]", ""),
                ("form[location]", "Here"),
                ("form[price]", "10"),
                ("form[currency]", "EUR"),
                ("form[capacity]", "5"),
                ("form[meetings][0][starts_at]", "2031-05-02T10:00"),
                ("form[meetings][0][ends_at]", "2031-05-02T13:00"),
                ("form[time_zone]", "UTC"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    let second = page("2").await;
    assert_eq!(
        titles(&second, "upcoming"),
        ["Course on day 21", "Course on day 22", "Course on day -2"]
    );
    assert_eq!(
        titles(&second, "past"),
        ["Course on day -1", "Course on day -3"]
    );
    let first = page("1").await;
    assert_eq!(titles(&first, "upcoming")[19], "Course on day 20");
}

use crate::support::fresh_db;
use sea_orm::{ConnectionTrait, Statement};
use tessera_server::{db, seed};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seeding_twice_changes_nothing_the_second_time() {
    let conn = fresh_db().await;
    db::migrate(&conn).await.expect("migrate");
    let first = seed::seed(&conn).await.expect("first seed");
    assert_eq!(first.created, 10);
    let second = seed::seed(&conn).await.expect("second seed");
    assert_eq!(
        second,
        seed::SeedReport {
            created: 0,
            existing: 10
        }
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seeded_seats_held_equal_active_bookings() {
    let conn = fresh_db().await;
    db::migrate(&conn).await.expect("migrate");
    seed::seed(&conn).await.expect("seed");
    let backend = conn.get_database_backend();
    let rows = conn
        .query_all(Statement::from_string(
            backend,
            "SELECT c.seats_held, c.capacity, \
             (SELECT CAST(COALESCE(SUM(b.seats), 0) AS BIGINT) FROM bookings b WHERE b.course_id = c.id \
              AND b.status IN ('pending_payment', 'confirmed')) AS active \
             FROM courses c",
        ))
        .await
        .expect("query");
    assert_eq!(rows.len(), 10);
    for row in rows {
        let held: i32 = row.try_get("", "seats_held").expect("seats_held");
        let cap: i32 = row.try_get("", "capacity").expect("capacity");
        let active: i64 = row.try_get("", "active").expect("active");
        assert_eq!(i64::from(held), active);
        assert!(held <= cap);
    }
}

/// Every sample course's start, end and count of meetings summarise its
/// meetings, one of them meets six times, once elsewhere, and one is on
/// two dates.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seeded_courses_agree_with_their_meetings() {
    let conn = fresh_db().await;
    db::migrate(&conn).await.expect("migrate");
    seed::seed(&conn).await.expect("seed");
    let rows = conn
        .query_all(Statement::from_string(
            conn.get_database_backend(),
            "SELECT c.meeting_count AS n, \
             (SELECT COUNT(*) FROM course_meetings m WHERE m.course_id = c.id) AS meetings, \
             (SELECT COUNT(*) FROM course_meetings m WHERE m.course_id = c.id AND m.place IS NOT NULL) AS away, \
             (SELECT COUNT(*) FROM course_meetings m WHERE m.course_id = c.id \
                AND m.starts_at = c.starts_at) AS first, \
             (SELECT COUNT(*) FROM course_meetings m WHERE m.course_id = c.id \
                AND m.ends_at = c.ends_at) AS last \
             FROM courses c",
        ))
        .await
        .expect("query");
    let mut counts = Vec::new();
    for row in rows {
        let n: i32 = row.try_get("", "n").expect("n");
        let meetings: i64 = row.try_get("", "meetings").expect("meetings");
        let away: i64 = row.try_get("", "away").expect("away");
        let first: i64 = row.try_get("", "first").expect("first");
        let last: i64 = row.try_get("", "last").expect("last");
        assert_eq!(i64::from(n), meetings);
        assert_eq!((first, last), (1, 1), "the course spans its meetings");
        counts.push((n, away));
    }
    counts.sort();
    assert_eq!(counts.last(), Some(&(6, 1)));
    let runs = conn
        .query_all(Statement::from_string(
            conn.get_database_backend(),
            "SELECT a.title FROM courses a JOIN courses b ON b.run_of = a.id WHERE a.title = b.title",
        ))
        .await
        .expect("query");
    assert_eq!(runs.len(), 1, "one sample course is on two dates");
    assert_eq!(counts.iter().filter(|(n, _)| *n == 1).count(), 9);
}

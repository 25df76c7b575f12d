use crate::support::fresh_db;
use sea_orm::{ConnectionTrait, Statement};
use tessera_server::{db, seed};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seeding_twice_changes_nothing_the_second_time() {
    let conn = fresh_db().await;
    db::migrate(&conn).await.expect("migrate");
    let first = seed::seed(&conn).await.expect("first seed");
    assert_eq!(first.created, 8);
    let second = seed::seed(&conn).await.expect("second seed");
    assert_eq!(
        second,
        seed::SeedReport {
            created: 0,
            existing: 8
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
    assert_eq!(rows.len(), 8);
    for row in rows {
        let held: i32 = row.try_get("", "seats_held").expect("seats_held");
        let cap: i32 = row.try_get("", "capacity").expect("capacity");
        let active: i64 = row.try_get("", "active").expect("active");
        assert_eq!(i64::from(held), active);
        assert!(held <= cap);
    }
}

//! The email outbox: rows written with the change they report, sent by the
//! dispatcher with retries, each exactly once.

use crate::smtp::SmtpServer;
use crate::support::fresh_db;
use chrono::{Duration, Utc};
use migration::{Migrator, MigratorTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set,
    TransactionTrait,
};
use std::collections::{HashMap, HashSet};
use tessera::entity::{booking, course, email_outbox, user};
use tessera::service::fulfil::{Settled, expire_booking};
use tessera::{BookingStatus, CourseStatus, Currency, Role};
use tessera_server::mail::{MailConfig, Mailer, dispatch_due};

async fn migrated() -> DatabaseConnection {
    let db = fresh_db().await;
    Migrator::up(&db, None).await.expect("migrations apply");
    db
}

/// A member in Berlin with `n` pending bookings (one per course).
async fn pending_bookings(db: &DatabaseConnection, n: usize) -> Vec<booking::Model> {
    let now = Utc::now();
    let u = user::ActiveModel {
        email: Set("ada@example.com".into()),
        password_hash: Set("x".into()),
        display_name: Set("Ada".into()),
        role: Set(Role::Member),
        time_zone: Set("Europe/Berlin".into()),
        email_confirmed_at: Set(Some(now)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("user");
    let mut out = Vec::new();
    for i in 0..n {
        let c = course::ActiveModel {
            title: Set(format!("Pottery {i}")),
            description: Set("Clay".into()),
            location: Set("Studio".into()),
            price: Set(4900),
            currency: Set(Currency::Eur),
            capacity: Set(5),
            seats_held: Set(1),
            starts_at: Set(now + Duration::days(3)),
            ends_at: Set(now + Duration::days(3) + Duration::hours(2)),
            status: Set(CourseStatus::Published),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await
        .expect("course");
        crate::support::meets_once(db, &c).await;
        out.push(
            booking::ActiveModel {
                user_id: Set(u.id),
                course_id: Set(c.id),
                status: Set(BookingStatus::PendingPayment),
                amount: Set(4900),
                currency: Set(Currency::Eur),
                hold_expires_at: Set(Some(now - Duration::minutes(1))),
                confirmed_at: Set(None),
                cancelled_at: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(db)
            .await
            .expect("booking"),
        );
    }
    out
}

async fn outbox(db: &DatabaseConnection) -> Vec<email_outbox::Model> {
    email_outbox::Entity::find().all(db).await.expect("outbox")
}

fn mailer(smtp: &SmtpServer) -> Mailer {
    let vars = HashMap::from([("SMTP_URL".to_owned(), smtp.url())]);
    let config = MailConfig::from_lookup(&|k: &str| vars.get(k).cloned()).expect("config");
    Mailer::new(&config, "https://tessera.example").expect("mailer")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_email_is_written_only_when_its_change_commits() {
    let db = migrated().await;
    let b = pending_bookings(&db, 1).await.remove(0);
    let now = Utc::now();

    let txn = db.begin().await.expect("txn");
    assert_eq!(
        expire_booking(&txn, tessera::BookingId(b.id), now)
            .await
            .expect("expire"),
        Settled::BookingExpired
    );
    txn.rollback().await.expect("rollback");
    assert!(
        outbox(&db).await.is_empty(),
        "a rolled-back change sends nothing"
    );
    let still = booking::Entity::find_by_id(b.id)
        .one(&db)
        .await
        .expect("q")
        .expect("b");
    assert_eq!(still.status, BookingStatus::PendingPayment);

    let txn = db.begin().await.expect("txn");
    expire_booking(&txn, tessera::BookingId(b.id), now)
        .await
        .expect("expire");
    txn.commit().await.expect("commit");
    // Reporting the same fact again changes nothing and queues nothing.
    let txn = db.begin().await.expect("txn");
    assert_eq!(
        expire_booking(&txn, tessera::BookingId(b.id), now)
            .await
            .expect("again"),
        Settled::Ignored
    );
    txn.commit().await.expect("commit");
    let rows = outbox(&db).await;
    assert_eq!(rows.len(), 1, "one fact, one email");
    let row = &rows[0];
    assert_eq!(row.recipient, "ada@example.com");
    assert_eq!(row.status, "pending");
    assert_eq!(
        row.dedupe_key.as_deref(),
        Some(format!("hold_expired:{}", b.id).as_str())
    );
    assert!(row.subject.contains("Pottery 0"), "{}", row.subject);
    // Times in the member's zone: three days from now, in Berlin.
    assert!(
        row.body_text.contains("(Europe/Berlin)"),
        "{}",
        row.body_text
    );
    assert!(row.body_html.contains("Pottery 0"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dispatcher_retries_a_failing_smtp_server_and_sends_each_email_once() {
    let db = migrated().await;
    let bookings = pending_bookings(&db, 3).await;
    let now = Utc::now();
    for b in &bookings {
        let txn = db.begin().await.expect("txn");
        expire_booking(&txn, tessera::BookingId(b.id), now)
            .await
            .expect("expire");
        txn.commit().await.expect("commit");
    }
    // The server refuses the first two messages with 451.
    let smtp = SmtpServer::start(2).await;
    let mailer = mailer(&smtp);

    let first = dispatch_due(&db, &mailer, now).await.expect("round 1");
    assert_eq!((first.sent, first.retrying, first.failed), (1, 2, 0));
    assert_eq!(smtp.refused(), 2);
    let again = dispatch_due(&db, &mailer, now).await.expect("round 2");
    assert_eq!(
        again.sent + again.retrying,
        0,
        "nothing is retried before its backoff"
    );

    let later = dispatch_due(&db, &mailer, now + Duration::seconds(31))
        .await
        .expect("round 3");
    assert_eq!((later.sent, later.retrying), (2, 0));
    let done = dispatch_due(&db, &mailer, now + Duration::hours(3))
        .await
        .expect("round 4");
    assert_eq!(done.sent, 0, "a sent email is never sent again");

    let messages = smtp.messages();
    assert_eq!(messages.len(), 3);
    let ids: HashSet<String> = messages
        .iter()
        .filter_map(|m| {
            m.lines()
                .find(|l| l.to_ascii_lowercase().starts_with("message-id:"))
                .map(str::to_owned)
        })
        .collect();
    assert_eq!(ids.len(), 3, "three different emails");
    for m in &messages {
        assert!(m.contains("Seat released"), "{m}");
        assert!(
            m.contains("https://tessera.example/courses/"),
            "links use PUBLIC_URL: {m}"
        );
        assert!(!m.contains("{{site}}"));
    }
    let rows = outbox(&db).await;
    assert!(
        rows.iter()
            .all(|r| r.status == "sent" && r.sent_at.is_some())
    );
    let mut attempts: Vec<i32> = rows.iter().map(|r| r.attempts).collect();
    attempts.sort();
    assert_eq!(attempts, [1, 2, 2]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_dispatchers_at_once_never_send_the_same_email() {
    let db = migrated().await;
    let bookings = pending_bookings(&db, 30).await;
    let now = Utc::now();
    for b in &bookings {
        let txn = db.begin().await.expect("txn");
        expire_booking(&txn, tessera::BookingId(b.id), now)
            .await
            .expect("expire");
        txn.commit().await.expect("commit");
    }
    let smtp = SmtpServer::start(0).await;
    let (a, b) = (mailer(&smtp), mailer(&smtp));
    let mut sent = 0;
    for _ in 0..4 {
        let (x, y) = tokio::join!(dispatch_due(&db, &a, now), dispatch_due(&db, &b, now));
        sent += x.expect("a").sent + y.expect("b").sent;
    }
    assert_eq!(sent, 30);
    let messages = smtp.messages();
    assert_eq!(messages.len(), 30, "every email delivered exactly once");
    let unique: HashSet<&String> = messages.iter().collect();
    assert_eq!(unique.len(), 30);
    let left = email_outbox::Entity::find()
        .filter(email_outbox::Column::Status.ne("sent"))
        .all(&db)
        .await
        .expect("q");
    assert!(left.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_smtp_emails_are_written_as_eml_files() {
    let db = migrated().await;
    let b = pending_bookings(&db, 1).await.remove(0);
    let now = Utc::now();
    let txn = db.begin().await.expect("txn");
    expire_booking(&txn, tessera::BookingId(b.id), now)
        .await
        .expect("expire");
    txn.commit().await.expect("commit");
    let dir = std::env::temp_dir()
        .join("tessera-tests")
        .join(format!("eml-{}", uuid::Uuid::new_v4().simple()));
    let vars = HashMap::from([("MAIL_DIR".to_owned(), dir.display().to_string())]);
    let config = MailConfig::from_lookup(&|k: &str| vars.get(k).cloned()).expect("config");
    let mailer = Mailer::new(&config, "http://127.0.0.1:3000").expect("mailer");
    assert_eq!(dispatch_due(&db, &mailer, now).await.expect("send").sent, 1);
    let files: Vec<_> = std::fs::read_dir(&dir)
        .expect("mail dir")
        .map(|e| e.expect("entry").path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(
        files[0]
            .display()
            .to_string()
            .ends_with("-hold_expired.eml")
    );
    let eml = std::fs::read_to_string(&files[0]).expect("read");
    assert!(eml.contains("To: ada@example.com"), "{eml}");
    assert!(eml.contains("Subject: Seat released: Pottery 0"), "{eml}");
    assert!(
        eml.contains("multipart/alternative"),
        "plain text and HTML: {eml}"
    );
}

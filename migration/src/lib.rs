//! Tessera's schema, for SQLite and PostgreSQL alike. Migrations run at server
//! start and through `tessera migrate`; each has a real `down`.

pub use sea_orm_migration::prelude::*;

mod m20261121_000001_create_users;
mod m20261121_000002_create_courses;
mod m20261121_000003_create_bookings;
mod m20261121_000004_create_payments;
mod m20261121_000005_create_stripe_events;
mod m20261121_000006_create_email_outbox;
mod m20261121_000007_create_sessions;
mod m20261121_000008_time_zones_and_outbox_keys;
mod m20261121_000009_payment_processing;
mod m20261126_000010_bookings_by_member;
mod m20261126_000011_session_member;
mod m20261126_000012_booking_course_starts_at;
mod m20261127_000013_payment_refund_state;
mod m20261127_000014_course_time_zone;
mod m20261127_000015_waitlist;
mod m20261128_000016_courses_by_start;
mod m20261205_000017_seats_per_booking;
mod m20261205_000018_waiting_groups;
mod m20261206_000019_drop_session_member;
mod m20261206_000020_password_resets;
mod m20261206_000021_account_links;
mod m20261206_000022_blocked_members;
mod m20261206_000023_session_epoch;
mod m20261206_000024_devices_and_passkeys;
mod m20261206_000025_vouchers;
mod m20261207_000026_course_meetings;
mod m20261207_000027_course_runs;
mod m20261207_000028_booking_moves;
mod m20261207_000029_move_money;
mod m20261207_000030_calendar_sequence;
mod m20261207_000031_replacement_date;
mod m20261208_000032_calendar_feeds;
mod m20261209_000033_instructors;
mod m20261210_000034_invoices;
mod m20261211_000035_topics_and_search;
mod m20261212_000036_course_pictures;
mod m20261213_000037_languages;
mod m20261214_000038_texts_in_languages;

/// All migrations, oldest first.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261121_000001_create_users::Migration),
            Box::new(m20261121_000002_create_courses::Migration),
            Box::new(m20261121_000003_create_bookings::Migration),
            Box::new(m20261121_000004_create_payments::Migration),
            Box::new(m20261121_000005_create_stripe_events::Migration),
            Box::new(m20261121_000006_create_email_outbox::Migration),
            Box::new(m20261121_000007_create_sessions::Migration),
            Box::new(m20261121_000008_time_zones_and_outbox_keys::Migration),
            Box::new(m20261121_000009_payment_processing::Migration),
            Box::new(m20261126_000010_bookings_by_member::Migration),
            Box::new(m20261126_000011_session_member::Migration),
            Box::new(m20261126_000012_booking_course_starts_at::Migration),
            Box::new(m20261127_000013_payment_refund_state::Migration),
            Box::new(m20261127_000014_course_time_zone::Migration),
            Box::new(m20261127_000015_waitlist::Migration),
            Box::new(m20261128_000016_courses_by_start::Migration),
            Box::new(m20261205_000017_seats_per_booking::Migration),
            Box::new(m20261205_000018_waiting_groups::Migration),
            Box::new(m20261206_000019_drop_session_member::Migration),
            Box::new(m20261206_000020_password_resets::Migration),
            Box::new(m20261206_000021_account_links::Migration),
            Box::new(m20261206_000022_blocked_members::Migration),
            Box::new(m20261206_000023_session_epoch::Migration),
            Box::new(m20261206_000024_devices_and_passkeys::Migration),
            Box::new(m20261206_000025_vouchers::Migration),
            Box::new(m20261207_000026_course_meetings::Migration),
            Box::new(m20261207_000027_course_runs::Migration),
            Box::new(m20261207_000028_booking_moves::Migration),
            Box::new(m20261207_000029_move_money::Migration),
            Box::new(m20261207_000030_calendar_sequence::Migration),
            Box::new(m20261207_000031_replacement_date::Migration),
            Box::new(m20261208_000032_calendar_feeds::Migration),
            Box::new(m20261209_000033_instructors::Migration),
            Box::new(m20261210_000034_invoices::Migration),
            Box::new(m20261211_000035_topics_and_search::Migration),
            Box::new(m20261212_000036_course_pictures::Migration),
            Box::new(m20261213_000037_languages::Migration),
            Box::new(m20261214_000038_texts_in_languages::Migration),
        ]
    }
}

/// `created_at` and `updated_at`, both required, in UTC.
pub(crate) fn timestamps(t: &mut TableCreateStatement) -> &mut TableCreateStatement {
    t.col(
        ColumnDef::new(Alias::new("created_at"))
            .timestamp_with_time_zone()
            .not_null(),
    )
    .col(
        ColumnDef::new(Alias::new("updated_at"))
            .timestamp_with_time_zone()
            .not_null(),
    )
}

/// A 64-bit auto-increment primary key (`bigserial` on PostgreSQL, the rowid
/// alias `integer primary key autoincrement` on SQLite).
pub(crate) fn id_pk<T: IntoIden>(col: T) -> ColumnDef {
    ColumnDef::new(col)
        .big_integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .take()
}

/// A `col IN ('a', 'b', …)` check for a status column.
pub(crate) fn one_of<T: IntoIden + Copy + 'static>(col: T, values: &[&str]) -> SimpleExpr {
    Expr::col(col).is_in(values.iter().map(|v| String::from(*v)))
}

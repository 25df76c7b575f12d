//! Server-side use cases over the database. Each takes a connection (or a
//! transaction) and returns its own error type.

pub mod accounts;
pub mod attendees;
pub mod booking;
pub mod calendar;
pub mod cancel;
pub mod catalog;
pub mod checkout;
pub mod courses;
pub mod errors;
pub mod fulfil;
pub mod housekeeping;
pub mod my_bookings;
pub mod notify;
pub mod payments;
pub mod refunds;
pub mod reminders;
pub mod roster;
pub mod seats;
pub mod status;
pub mod stripe_events;
pub mod waitlist;

use sea_orm::{ConnectionTrait, DatabaseBackend, Statement};

/// A raw statement written once with `?` placeholders; PostgreSQL gets `$n`.
pub fn sql(db: &impl ConnectionTrait, text: &str, values: Vec<sea_orm::Value>) -> Statement {
    let backend = db.get_database_backend();
    let text = if backend == DatabaseBackend::Postgres {
        let mut out = String::with_capacity(text.len() + 8);
        let mut n = 0;
        for ch in text.chars() {
            if ch == '?' {
                n += 1;
                out.push_str(&format!("${n}"));
            } else {
                out.push(ch);
            }
        }
        out
    } else {
        text.to_owned()
    };
    Statement::from_sql_and_values(backend, text, values)
}

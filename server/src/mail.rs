//! Sending the email outbox. A dispatcher claims due rows (on PostgreSQL
//! with `FOR UPDATE SKIP LOCKED`, so several instances never take the same
//! row; on SQLite the claim is one write under the database lock), sends
//! each through SMTP (`SMTP_URL`) or as an `.eml` file under `MAIL_DIR`, and
//! records the result: sent, or retried later with exponential backoff, or
//! failed for good after [`MAX_ATTEMPTS`] (or at once on a permanent SMTP
//! refusal). A claim is a lease: a dispatcher that dies mid-send leaves the
//! row to be picked up again when the lease ends.

use crate::config::{ConfigError, Secret};
use chrono::{DateTime, Duration, Utc};
use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Attachment as MailAttachment, Mailbox, MultiPart, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sea_orm::sea_query::{Expr, LockBehavior, LockType, Order, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, FromQueryResult,
    QueryFilter,
};
use std::path::PathBuf;
use tessera::entity::email_outbox;
use tessera::service::notify::{Attachment, fill_site, holds_link};

/// What a sent email with an account link becomes.
const LINK_REMOVED: &str = "(removed once sent: it held a single-use link to an account)";

/// Attempts before an email is given up (about two hours of retries).
pub const MAX_ATTEMPTS: i32 = 8;
/// How long a claimed row is left alone before another dispatcher may take it.
pub const LEASE: Duration = Duration::minutes(5);
/// Rows claimed per round.
pub const BATCH: u64 = 20;

/// Where emails go, from the configuration.
#[derive(Clone, Debug)]
pub struct MailConfig {
    /// `SMTP_URL` (`smtp://user:pass@host:587?tls=required`, `smtps://…`);
    /// unset: `.eml` files.
    pub smtp_url: Option<Secret>,
    /// `MAIL_DIR`, default `data/mail`.
    pub dir: PathBuf,
    /// `MAIL_FROM`, default `Tessera <no-reply@tessera.localhost>`.
    pub from: Mailbox,
}

impl MailConfig {
    /// Reads `SMTP_URL`, `MAIL_DIR` and `MAIL_FROM`.
    pub fn from_lookup(get: &impl Fn(&str) -> Option<String>) -> Result<MailConfig, ConfigError> {
        let from_text =
            get("MAIL_FROM").unwrap_or_else(|| "Tessera <no-reply@tessera.localhost>".to_owned());
        let from = from_text
            .trim()
            .parse::<Mailbox>()
            .map_err(|e| ConfigError::Invalid {
                var: "MAIL_FROM",
                why: format!(
                    "{from_text:?} is not an address like `Tessera <bookings@example.com>`: {e}"
                ),
            })?;
        let smtp_url = match get("SMTP_URL") {
            None => None,
            Some(url) => {
                let url = url.trim().to_owned();
                if !(url.starts_with("smtp://") || url.starts_with("smtps://")) {
                    return Err(ConfigError::Invalid {
                        var: "SMTP_URL",
                        why: "must start with smtp:// or smtps://".to_owned(),
                    });
                }
                AsyncSmtpTransport::<Tokio1Executor>::from_url(&url).map_err(|e| {
                    ConfigError::Invalid {
                        var: "SMTP_URL",
                        why: format!("not a usable SMTP URL: {e}"),
                    }
                })?;
                Some(Secret::new(url))
            }
        };
        Ok(MailConfig {
            smtp_url,
            dir: get("MAIL_DIR")
                .map(|d| PathBuf::from(d.trim()))
                .unwrap_or_else(|| PathBuf::from("data/mail")),
            from,
        })
    }
}

/// How emails leave.
#[derive(Clone)]
pub enum Transport {
    /// Through an SMTP server.
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    /// As `.eml` files in a folder.
    Files(PathBuf),
}

/// Everything the dispatcher needs.
#[derive(Clone)]
pub struct Mailer {
    transport: Transport,
    from: Mailbox,
    public_url: String,
}

/// Why one email was not sent.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// The stored row could not be made into a message (bad address, …):
    /// retrying cannot help.
    #[error("cannot build the message: {0}")]
    Build(String),
    /// The SMTP server refused for good (5xx).
    #[error("refused: {0}")]
    Permanent(String),
    /// The SMTP server or disk failed for now; worth retrying.
    #[error("{0}")]
    Transient(String),
}

impl Mailer {
    /// A mailer for `config`, with links pointing at `public_url`.
    pub fn new(config: &MailConfig, public_url: &str) -> Result<Mailer, ConfigError> {
        let transport = match &config.smtp_url {
            Some(url) => Transport::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url.expose())
                    .map_err(|e| ConfigError::Invalid {
                        var: "SMTP_URL",
                        why: format!("not a usable SMTP URL: {e}"),
                    })?
                    .timeout(Some(std::time::Duration::from_secs(20)))
                    .build(),
            ),
            None => Transport::Files(config.dir.clone()),
        };
        Ok(Mailer {
            transport,
            from: config.from.clone(),
            public_url: public_url.trim_end_matches('/').to_owned(),
        })
    }

    /// Where mail goes, for the start-up log line.
    pub fn describe(&self) -> String {
        match &self.transport {
            Transport::Smtp(_) => "SMTP (SMTP_URL)".to_owned(),
            Transport::Files(dir) => format!(".eml files in {}", dir.display()),
        }
    }

    fn build(&self, row: &Claimed) -> Result<Message, SendError> {
        let to = row
            .recipient
            .parse::<Mailbox>()
            .map_err(|e| SendError::Build(format!("recipient {:?}: {e}", row.recipient)))?;
        let attachments: Vec<Attachment> = serde_json::from_str(&row.attachments)
            .map_err(|e| SendError::Build(format!("attachments: {e}")))?;
        let host = self.from.email.domain().to_owned();
        // Quoted-printable keeps both parts readable in the raw message.
        let part = |content_type: ContentType, body: &str| {
            SinglePart::builder()
                .header(content_type)
                .header(ContentTransferEncoding::QuotedPrintable)
                .body(fill_site(body, &self.public_url))
        };
        let body = MultiPart::alternative()
            .singlepart(part(ContentType::TEXT_PLAIN, &row.body_text))
            .singlepart(part(ContentType::TEXT_HTML, &row.body_html));
        let mut parts = MultiPart::mixed().multipart(body);
        for a in attachments {
            let content_type = ContentType::parse(&a.content_type).map_err(|e| {
                SendError::Build(format!("attachment type {:?}: {e}", a.content_type))
            })?;
            let part: SinglePart = if a.base64 {
                use base64::Engine;
                let bytes = base64::engine::general_purpose::STANDARD
                    .decode(&a.content)
                    .map_err(|e| SendError::Build(format!("attachment {:?}: {e}", a.filename)))?;
                MailAttachment::new(a.filename).body(bytes, content_type)
            } else {
                let mut content = fill_site(&a.content, &self.public_url);
                if a.content_type.starts_with("text/calendar") {
                    content = tessera::service::calendar::refold(&content);
                }
                MailAttachment::new(a.filename).body(content, content_type)
            };
            parts = parts.singlepart(part);
        }
        Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(row.subject.clone())
            // Stable per row: a receiving server can drop a duplicate.
            .message_id(Some(format!("<outbox-{}@{host}>", row.id)))
            .multipart(parts)
            .map_err(|e| SendError::Build(e.to_string()))
    }

    async fn send(&self, row: &Claimed) -> Result<(), SendError> {
        let message = self.build(row)?;
        match &self.transport {
            Transport::Smtp(smtp) => smtp.send(message).await.map(|_| ()).map_err(|e| {
                if e.is_permanent() {
                    SendError::Permanent(e.to_string())
                } else {
                    SendError::Transient(e.to_string())
                }
            }),
            Transport::Files(dir) => {
                let kind = row
                    .dedupe_key
                    .as_deref()
                    .and_then(|k| k.split(':').next())
                    .filter(|k| k.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
                    .unwrap_or("email");
                let name = format!("{:06}-{kind}.eml", row.id);
                let io =
                    |e: std::io::Error| SendError::Transient(format!("{}: {e}", dir.display()));
                tokio::fs::create_dir_all(dir).await.map_err(io)?;
                // Written whole, then renamed: a reader never sees half a file.
                let tmp = dir.join(format!(".{name}.tmp"));
                tokio::fs::write(&tmp, message.formatted())
                    .await
                    .map_err(io)?;
                tokio::fs::rename(&tmp, dir.join(&name)).await.map_err(io)
            }
        }
    }
}

/// A claimed outbox row.
#[derive(Debug, Clone, FromQueryResult)]
struct Claimed {
    id: i64,
    recipient: String,
    subject: String,
    body_text: String,
    body_html: String,
    attachments: String,
    attempts: i32,
    dedupe_key: Option<String>,
}

/// What one dispatch round did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Dispatched {
    pub sent: usize,
    /// Failed now, to be retried.
    pub retrying: usize,
    pub failed: usize,
}

/// Delay before attempt `attempts + 1`: 30 s, 1 min, 2 min, … capped at an hour.
pub fn backoff(attempts: i32) -> Duration {
    let exp = attempts.clamp(1, 8) - 1;
    Duration::seconds((30i64 << exp).min(3600))
}

/// Claims up to [`BATCH`] due rows for this dispatcher: their attempt is
/// counted and they are leased until `now + LEASE`.
async fn claim(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<Vec<Claimed>, DbErr> {
    let due = Query::select()
        .column(email_outbox::Column::Id)
        .from(email_outbox::Entity)
        .and_where(email_outbox::Column::Status.eq("pending"))
        .and_where(email_outbox::Column::NextAttemptAt.lte(now))
        .order_by(email_outbox::Column::Id, Order::Asc)
        .limit(BATCH)
        // Instances claim different rows on PostgreSQL; SQLite (one
        // writer, no row locks) leaves this out.
        .lock_with_behavior(LockType::Update, LockBehavior::SkipLocked)
        .to_owned();
    let claim = Query::update()
        .table(email_outbox::Entity)
        .value(
            email_outbox::Column::Attempts,
            Expr::col(email_outbox::Column::Attempts).add(1),
        )
        .value(email_outbox::Column::NextAttemptAt, now + LEASE)
        .and_where(email_outbox::Column::Id.in_subquery(due))
        .returning(Query::returning().columns([
            email_outbox::Column::Id,
            email_outbox::Column::Recipient,
            email_outbox::Column::Subject,
            email_outbox::Column::BodyText,
            email_outbox::Column::BodyHtml,
            email_outbox::Column::Attachments,
            email_outbox::Column::Attempts,
            email_outbox::Column::DedupeKey,
        ]))
        .to_owned();
    let mut out = Claimed::find_by_statement(db.get_database_backend().build(&claim))
        .all(db)
        .await?;
    out.sort_by_key(|c| c.id);
    Ok(out)
}

/// One round: claims what is due at `now`, sends it, records each result.
pub async fn dispatch_due(
    db: &DatabaseConnection,
    mailer: &Mailer,
    now: DateTime<Utc>,
) -> Result<Dispatched, DbErr> {
    let claimed = claim(db, now).await?;
    let mut done = Dispatched::default();
    for row in claimed {
        let result = mailer.send(&row).await;
        let sent_at = Utc::now().max(now);
        let (status, next, error) = match &result {
            Ok(()) => {
                done.sent += 1;
                tracing::info!(outbox_id = row.id, key = ?row.dedupe_key, "email sent");
                ("sent", now, None)
            }
            Err(e @ (SendError::Build(_) | SendError::Permanent(_))) => {
                done.failed += 1;
                tracing::error!(outbox_id = row.id, error = %e, "email failed for good");
                ("failed", now, Some(e.to_string()))
            }
            Err(e) if row.attempts >= MAX_ATTEMPTS => {
                done.failed += 1;
                tracing::error!(outbox_id = row.id, attempts = row.attempts, error = %e, "email given up after retries");
                ("failed", now, Some(e.to_string()))
            }
            Err(e) => {
                done.retrying += 1;
                let next = now + backoff(row.attempts);
                tracing::warn!(outbox_id = row.id, attempts = row.attempts, retry_at = %next, error = %e, "email not sent; will retry");
                ("pending", next, Some(e.to_string()))
            }
        };
        let mut done_with = email_outbox::Entity::update_many();
        // A reset link stays in the outbox only until it is sent (or given
        // up): the database otherwise keeps only its hash.
        if status != "pending" && row.dedupe_key.as_deref().is_some_and(holds_link) {
            done_with = done_with
                .col_expr(email_outbox::Column::BodyText, Expr::value(LINK_REMOVED))
                .col_expr(email_outbox::Column::BodyHtml, Expr::value(LINK_REMOVED));
        }
        done_with
            .col_expr(email_outbox::Column::Status, Expr::value(status))
            .col_expr(email_outbox::Column::NextAttemptAt, Expr::value(next))
            .col_expr(email_outbox::Column::LastError, Expr::value(error))
            .col_expr(
                email_outbox::Column::SentAt,
                Expr::value((status == "sent").then_some(sent_at)),
            )
            .filter(email_outbox::Column::Id.eq(row.id))
            .exec(db)
            .await?;
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn backoff_doubles_and_is_capped() {
        assert_eq!(backoff(1), Duration::seconds(30));
        assert_eq!(backoff(2), Duration::seconds(60));
        assert_eq!(backoff(3), Duration::seconds(120));
        assert_eq!(backoff(8), Duration::seconds(3600));
        assert_eq!(backoff(50), Duration::seconds(3600));
    }

    fn config(vars: &[(&str, &str)]) -> Result<MailConfig, ConfigError> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        MailConfig::from_lookup(&|k: &str| map.get(k).cloned())
    }

    #[test]
    fn configuration_is_checked() {
        let c = config(&[]).expect("defaults");
        assert!(c.smtp_url.is_none());
        assert_eq!(c.dir, PathBuf::from("data/mail"));
        assert!(config(&[("SMTP_URL", "http://mail")]).is_err());
        assert!(config(&[("MAIL_FROM", "not an address")]).is_err());
        let c = config(&[("SMTP_URL", "smtp://user:pw@127.0.0.1:2525")]).expect("smtp");
        assert!(
            !format!("{c:?}").contains("pw@"),
            "the password never prints"
        );
    }
}

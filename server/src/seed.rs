//! `tessera seed`: sample courses so a fresh site has something to show.
//! Idempotent: a course whose title already exists is left alone.

use anyhow::Context;
use chrono::{DateTime, Duration, DurationRound, Utc};
use sea_orm::ConnectionTrait as _;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set, TransactionTrait};
use tessera::attendee::Attendee;
use tessera::entity::{booking, course, course_meeting, user, waitlist_entry};
use tessera::waitlist::WaitlistStatus;
use tessera::{BookingStatus, CourseStatus, Currency, Role};

struct SampleCourse {
    title: &'static str,
    description: &'static str,
    location: &'static str,
    /// The venue's IANA zone.
    time_zone: &'static str,
    price: i64,
    currency: Currency,
    capacity: i32,
    /// Seats taken by sample members (confirmed bookings).
    taken: i32,
    /// Of those, how many the first member booked together (a group).
    group: i32,
    /// Waiting places after the bookings, as the seats each asks for.
    waiting: &'static [i32],
    /// Day offset from today plus the UTC start hour.
    starts_in: Duration,
    /// Each meeting's length.
    hours: i64,
    /// How many times it meets, a week apart.
    weekly_meetings: i32,
    /// One meeting held elsewhere: its number (from 0) and place.
    away: Option<(i32, &'static str)>,
    /// Another date of the sample of the same title listed before it.
    another_run: bool,
    status: CourseStatus,
}

fn samples() -> Vec<SampleCourse> {
    vec![
        SampleCourse {
            title: "Sourdough Bread Masterclass",
            description: "Spend a morning with a master baker: build and feed a starter, shape a boule and a batard, and learn to read your dough.\n\nYou take home a jar of starter, two loaves and a recipe booklet. Aprons and flour provided.",
            location: "De Bakkerij, Amsterdam",
            time_zone: "Europe/Amsterdam",
            price: 4900,
            currency: Currency::Eur,
            capacity: 12,
            taken: 2,
            group: 1,
            waiting: &[],
            starts_in: Duration::days(9) + Duration::hours(8),
            hours: 4,
            weekly_meetings: 1,
            away: None,
            another_run: false,
            status: CourseStatus::Published,
        },
        SampleCourse {
            title: "Rust for Web Developers",
            description: "A hands-on day from ownership to a working axum service. Bring a laptop with Rust installed; we write, test and deploy a small booking API together.",
            location: "Factory Berlin, Berlin",
            time_zone: "Europe/Berlin",
            price: 12000,
            currency: Currency::Usd,
            capacity: 20,
            taken: 3,
            group: 3,
            waiting: &[],
            starts_in: Duration::days(14) + Duration::hours(8),
            hours: 7,
            weekly_meetings: 1,
            away: None,
            another_run: false,
            status: CourseStatus::Published,
        },
        SampleCourse {
            title: "Watercolour Landscapes",
            description: "Loose, luminous landscapes in three hours. We cover washes, wet-on-wet skies and how to leave white paper alone. All materials included; beginners welcome.",
            location: "Riverside Studio, London",
            time_zone: "Europe/London",
            price: 3500,
            currency: Currency::Gbp,
            capacity: 6,
            taken: 5,
            group: 1,
            waiting: &[],
            starts_in: Duration::days(6) + Duration::hours(13),
            hours: 3,
            weekly_meetings: 1,
            away: None,
            another_run: false,
            status: CourseStatus::Published,
        },
        SampleCourse {
            title: "Community Yoga in the Park",
            description: "A gentle, all-levels flow in the open air. Bring a mat and water. Free, but seats are limited so we know how many teachers to bring.",
            location: "Vondelpark, Amsterdam",
            time_zone: "Europe/Amsterdam",
            price: 0,
            currency: Currency::Eur,
            capacity: 30,
            taken: 0,
            group: 1,
            waiting: &[],
            starts_in: Duration::days(4) + Duration::hours(7),
            hours: 1,
            weekly_meetings: 1,
            away: None,
            another_run: false,
            status: CourseStatus::Published,
        },
        SampleCourse {
            title: "Japanese Knife Skills",
            description: "Katsuramuki, sengiri and the care of a carbon-steel blade, taught by a Kyoto-trained chef. Knives are provided; you keep the whetstone.",
            location: "Tsukiji Cooking School, Tokyo",
            time_zone: "Asia/Tokyo",
            price: 5000,
            currency: Currency::Jpy,
            capacity: 10,
            taken: 1,
            group: 1,
            waiting: &[],
            starts_in: Duration::days(21) + Duration::hours(1),
            hours: 3,
            weekly_meetings: 1,
            away: None,
            another_run: false,
            status: CourseStatus::Published,
        },
        SampleCourse {
            title: "Public Speaking Bootcamp",
            description: "A day of short talks, honest feedback and video review. You leave with a five-minute talk you are proud of.",
            location: "Impact Hub, Zurich",
            time_zone: "Europe/Zurich",
            price: 18000,
            currency: Currency::Chf,
            capacity: 14,
            taken: 0,
            group: 1,
            waiting: &[],
            starts_in: -Duration::days(10) + Duration::hours(8),
            hours: 8,
            weekly_meetings: 1,
            away: None,
            another_run: false,
            status: CourseStatus::Published,
        },
        SampleCourse {
            title: "Bookbinding by Hand",
            description: "Fold, sew and case-bind a notebook of your own. Paper, thread and boards provided; bring a friend, the benches seat two.",
            location: "Paper Mill Workshop, Leipzig",
            time_zone: "Europe/Berlin",
            price: 6500,
            currency: Currency::Eur,
            capacity: 4,
            taken: 4,
            group: 2,
            // Full: a group of three waits (too many for one freed seat),
            // and one person behind them.
            waiting: &[3, 1],
            starts_in: Duration::days(21) + Duration::hours(9),
            hours: 4,
            weekly_meetings: 1,
            away: None,
            another_run: false,
            status: CourseStatus::Published,
        },
        SampleCourse {
            title: "Advanced Pottery Wheel",
            description: "Throwing large forms, trimming and lidded vessels. Dates still being confirmed.",
            location: "Clay Collective, Utrecht",
            time_zone: "Europe/Amsterdam",
            price: 9500,
            currency: Currency::Eur,
            capacity: 8,
            taken: 0,
            group: 1,
            waiting: &[],
            starts_in: Duration::days(40) + Duration::hours(9),
            hours: 5,
            weekly_meetings: 1,
            away: None,
            another_run: false,
            status: CourseStatus::Draft,
        },
        SampleCourse {
            title: "Italian for Travellers: Six Evenings",
            description: "Six weekly evenings of everyday Italian: ordering, asking the way, small talk on a train. Small groups, lots of speaking, no homework.\n\nThe fourth evening is a dinner at Trattoria da Gino, where you order in Italian.",
            location: "Volkshochschule Mitte, Berlin",
            time_zone: "Europe/Berlin",
            price: 12000,
            currency: Currency::Eur,
            capacity: 10,
            taken: 3,
            group: 1,
            waiting: &[],
            starts_in: Duration::days(11) + Duration::hours(17),
            hours: 2,
            weekly_meetings: 6,
            away: Some((3, "Trattoria da Gino, Torstraße 12, Berlin")),
            another_run: false,
            status: CourseStatus::Published,
        },
        SampleCourse {
            title: "Bookbinding by Hand",
            description: "Fold, sew and case-bind a notebook of your own. Paper, thread and boards provided; bring a friend, the benches seat two.",
            location: "Paper Mill Workshop, Leipzig",
            time_zone: "Europe/Berlin",
            price: 6500,
            currency: Currency::Eur,
            capacity: 4,
            taken: 0,
            group: 1,
            waiting: &[],
            starts_in: Duration::days(49) + Duration::hours(9),
            hours: 4,
            weekly_meetings: 1,
            away: None,
            another_run: true,
            status: CourseStatus::Published,
        },
    ]
}

/// Sample members who hold the seats that make the catalog look lived-in.
/// Their password hash is not a valid PHC string, so nobody can sign in as them.
const SAMPLE_MEMBERS: usize = 5;

/// What seeding did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct SeedReport {
    pub created: usize,
    /// Courses already present.
    pub existing: usize,
}

/// Topics for the catalog's filter, and the sample courses filed under
/// them (every date of each; a course already filed elsewhere stays).
const SAMPLE_TOPICS: [(&str, &[&str]); 5] = [
    (
        "Cooking",
        &["Sourdough Bread Masterclass", "Japanese Knife Skills"],
    ),
    (
        "Art & craft",
        &[
            "Watercolour Landscapes",
            "Bookbinding by Hand",
            "Advanced Pottery Wheel",
        ],
    ),
    ("Movement", &["Community Yoga in the Park"]),
    ("Languages", &["Italian for Travellers: Six Evenings"]),
    (
        "Work skills",
        &["Rust for Web Developers", "Public Speaking Bootcamp"],
    ),
];

async fn seed_topics(txn: &sea_orm::DatabaseTransaction) -> anyhow::Result<()> {
    use sea_orm::sea_query::Expr;
    use tessera::entity::topic;
    for (name, titles) in SAMPLE_TOPICS {
        let name = tessera::topic::TopicName::parse(name).context("a sample topic's name")?;
        let slug = name.slug();
        let id = match topic::Entity::find()
            .filter(topic::Column::Slug.eq(slug.as_str()))
            .one(txn)
            .await
            .context("looking up a sample topic")?
        {
            Some(t) => t.id,
            None => {
                topic::ActiveModel {
                    slug: Set(slug.as_str().to_owned()),
                    name: Set(name.as_str().to_owned()),
                    ..Default::default()
                }
                .insert(txn)
                .await
                .context("inserting a sample topic")?
                .id
            }
        };
        course::Entity::update_many()
            .col_expr(course::Column::TopicId, Expr::value(id))
            .filter(course::Column::Title.is_in(titles.iter().copied()))
            .filter(course::Column::TopicId.is_null())
            .exec(txn)
            .await
            .context("filing sample courses under a topic")?;
    }
    Ok(())
}

/// Sample pictures, made here (bands of colour under a sun) rather than
/// shipped, with what they show.
const SAMPLE_PICTURES: [(&str, [[u8; 3]; 3], &str); 6] = [
    (
        "Sourdough Bread Masterclass",
        [[236, 214, 178], [196, 146, 92], [120, 78, 44]],
        "Sample picture: bands of cream, crust brown and dark brown under a pale sun",
    ),
    (
        "Watercolour Landscapes",
        [[170, 205, 230], [120, 170, 120], [70, 120, 90]],
        "Sample picture: a pale blue sky over green hills, with a sun",
    ),
    (
        "Community Yoga in the Park",
        [[250, 220, 160], [150, 200, 120], [90, 150, 80]],
        "Sample picture: a warm morning sky over a green park, with a sun",
    ),
    (
        "Japanese Knife Skills",
        [[60, 60, 70], [150, 150, 160], [200, 60, 50]],
        "Sample picture: bands of charcoal, steel grey and red under a sun",
    ),
    (
        "Bookbinding by Hand",
        [[240, 232, 215], [140, 60, 50], [60, 40, 30]],
        "Sample picture: bands of paper white, leather red and dark brown under a sun",
    ),
    (
        "Italian for Travellers: Six Evenings",
        [[250, 180, 110], [210, 110, 70], [60, 90, 140]],
        "Sample picture: an orange evening sky over a blue sea, with a low sun",
    ),
];

/// Gives the sample courses that have none their picture (every date of
/// each). Apart from [`seed`], which tests run often: making the pictures
/// is image work, slow in a debug build.
pub async fn seed_pictures(db: &sea_orm::DatabaseConnection) -> anyhow::Result<usize> {
    let now = Utc::now();
    let mut given = 0;
    for (title, colours, alt) in SAMPLE_PICTURES {
        let alt =
            tessera::picture::PictureAlt::parse(alt).context("a sample picture's description")?;
        let bare = course::Entity::find()
            .filter(course::Column::Title.eq(title))
            .filter(course::Column::PictureHash.is_null())
            .all(db)
            .await
            .context("looking up sample courses without a picture")?;
        for c in bare {
            tessera::service::course_pictures::set(
                db,
                tessera::CourseId(c.id),
                Some(tessera::service::course_pictures::sample(colours)),
                alt.clone(),
                now,
            )
            .await
            .with_context(|| format!("giving {title:?} its sample picture"))?;
            given += 1;
        }
    }
    Ok(given)
}

/// Two sample codes to try on the course pages: 10% off once per person,
/// and €5 off each seat for the first 20 bookings.
/// Two sample instructors (accounts nobody can sign in to), each with a
/// bio, teaching some of the sample courses (every date of them).
const SAMPLE_INSTRUCTORS: [(&str, &str, &str, &[&str]); 2] = [
    (
        "sample.instructor1@tessera.invalid",
        "Mara Lindqvist",
        "Baker and potter from Gothenburg. Mara ran a sourdough bakery for twelve years before she began teaching; she still bakes every morning.",
        &[
            "Sourdough Bread Masterclass",
            "Advanced Pottery Wheel",
            "Bookbinding by Hand",
        ],
    ),
    (
        "sample.instructor2@tessera.invalid",
        "Tomás Okafor",
        "Software engineer and speaking coach. Tomás has taught Rust to web teams since 2019 and coaches first-time conference speakers.",
        &["Rust for Web Developers", "Public Speaking Bootcamp"],
    ),
];

async fn seed_instructors(
    txn: &sea_orm::DatabaseTransaction,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    for (email, name, bio, titles) in SAMPLE_INSTRUCTORS {
        let existing = user::Entity::find()
            .filter(user::Column::Email.eq(email))
            .one(txn)
            .await
            .context("looking up a sample instructor")?;
        let id = match existing {
            Some(u) => u.id,
            None => {
                user::ActiveModel {
                    email: Set(email.to_owned()),
                    password_hash: Set("!sample-account-no-login".to_owned()),
                    display_name: Set(name.to_owned()),
                    role: Set(Role::Member),
                    email_confirmed_at: Set(Some(now)),
                    created_at: Set(now),
                    updated_at: Set(now),
                    ..Default::default()
                }
                .insert(txn)
                .await
                .context("inserting a sample instructor")?
                .id
            }
        };
        let id = tessera::UserId(id);
        tessera::service::instructors::make(txn, id, now)
            .await
            .context("making a sample instructor")?;
        let bio = tessera::teaching::Bio::parse(bio).map_err(|e| anyhow::anyhow!(e.to_string()))?;
        // Their `.invalid` addresses reach nobody: no emails queued for them.
        let bios = tessera::teaching::Bios {
            own: bio,
            written_in: tessera::i18n::Lang::En,
            others: Vec::new(),
        };
        tessera::service::instructors::save_settings(txn, id, &bios, false, false, now)
            .await
            .context("writing a sample instructor's bio")?;
        let courses = course::Entity::find()
            .filter(course::Column::Title.is_in(titles.iter().copied()))
            .all(txn)
            .await
            .context("finding a sample instructor's courses")?;
        for c in courses {
            tessera::service::instructors::set_teaches(txn, tessera::CourseId(c.id), id, true)
                .await
                .context("assigning a sample instructor")?;
        }
    }
    Ok(())
}

/// The sample courses' titles and descriptions in German (all but one,
/// which a German reader sees in English, marked as such), and the sample
/// instructors' bios.
const SAMPLE_GERMAN: [(&str, &str, &str); 8] = [
    (
        "Sourdough Bread Masterclass",
        "Sauerteigbrot-Meisterkurs",
        "Ein Vormittag mit einem Bäckermeister: Sie setzen einen Sauerteig an und füttern ihn, formen einen runden und einen länglichen Laib und lernen, Ihren Teig zu lesen.\n\nSie nehmen ein Glas Sauerteig, zwei Brote und ein Rezeptheft mit nach Hause. Schürzen und Mehl stellen wir.",
    ),
    (
        "Rust for Web Developers",
        "Rust für Webentwickler",
        "Ein Praxistag von Ownership bis zu einem laufenden axum-Dienst. Bringen Sie einen Laptop mit installiertem Rust mit; gemeinsam schreiben, testen und veröffentlichen wir eine kleine Buchungs-API.",
    ),
    (
        "Watercolour Landscapes",
        "Aquarell-Landschaften",
        "Lockere, leuchtende Landschaften in drei Stunden. Lasuren, Nass-in-Nass-Himmel und wie man weißes Papier weiß lässt. Alle Materialien inklusive; Anfänger willkommen.",
    ),
    (
        "Community Yoga in the Park",
        "Yoga für alle im Park",
        "Ein sanfter Flow für alle Niveaus unter freiem Himmel. Bringen Sie eine Matte und Wasser mit. Kostenlos, aber die Plätze sind begrenzt, damit wir wissen, wie viele Lehrende wir brauchen.",
    ),
    (
        "Japanese Knife Skills",
        "Japanische Messertechnik",
        "Katsuramuki, Sengiri und die Pflege einer Klinge aus Carbonstahl, gelehrt von einem in Kyōto ausgebildeten Koch. Messer werden gestellt; den Schleifstein behalten Sie.",
    ),
    (
        "Bookbinding by Hand",
        "Buchbinden von Hand",
        "Falzen, heften und binden Sie Ihr eigenes Notizbuch mit festem Einband. Papier, Faden und Pappen werden gestellt; bringen Sie jemanden mit, an jedem Tisch ist Platz für zwei.",
    ),
    (
        "Advanced Pottery Wheel",
        "Töpferscheibe für Fortgeschrittene",
        "Große Formen drehen, abdrehen und Gefäße mit Deckel. Die Termine werden noch bestätigt.",
    ),
    (
        "Italian for Travellers: Six Evenings",
        "Italienisch für die Reise: sechs Abende",
        "Sechs wöchentliche Abende Alltagsitalienisch: bestellen, nach dem Weg fragen, Small Talk im Zug. Kleine Gruppen, viel Sprechen, keine Hausaufgaben.\n\nDer vierte Abend ist ein Essen in der Trattoria da Gino, bei dem Sie auf Italienisch bestellen.",
    ),
];

const SAMPLE_GERMAN_BIOS: [(&str, &str); 2] = [
    (
        "sample.instructor1@tessera.invalid",
        "Bäckerin und Töpferin aus Göteborg. Mara führte zwölf Jahre lang eine Sauerteigbäckerei, bevor sie zu unterrichten begann; sie backt noch immer jeden Morgen.",
    ),
    (
        "sample.instructor2@tessera.invalid",
        "Softwareentwickler und Redecoach. Tomás unterrichtet seit 2019 Rust für Webteams und coacht Menschen, die zum ersten Mal auf einer Konferenz sprechen.",
    ),
];

async fn seed_german(txn: &sea_orm::DatabaseTransaction) -> anyhow::Result<()> {
    use tessera::course::CourseText;
    use tessera::i18n::Lang;
    use tessera::service::texts;
    for (english, title, description) in SAMPLE_GERMAN {
        let courses = course::Entity::find()
            .filter(course::Column::Title.eq(english))
            .all(txn)
            .await
            .context("finding a sample course to translate")?;
        for c in courses {
            // An admin's own translation stays.
            if !texts::course_texts(txn, c.id)
                .await
                .context("reading a sample course's texts")?
                .is_empty()
            {
                continue;
            }
            let german = CourseText {
                lang: Lang::De,
                title: title.to_owned(),
                description: description.to_owned(),
            };
            texts::save_course_texts(txn, c.id, &[german])
                .await
                .context("writing a sample course's German text")?;
        }
    }
    for (email, bio) in SAMPLE_GERMAN_BIOS {
        let Some(u) = user::Entity::find()
            .filter(user::Column::Email.eq(email))
            .one(txn)
            .await
            .context("finding a sample instructor")?
        else {
            continue;
        };
        texts::save_bio(txn, u.id, Lang::De, bio)
            .await
            .context("writing a sample instructor's German bio")?;
    }
    Ok(())
}

/// An example seller, so that a booking paid in `make run` gets an invoice;
/// marked as an example, and only where none was saved.
async fn seed_operator(
    txn: &sea_orm::DatabaseTransaction,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    use tessera::service::invoices;
    if invoices::operator(txn)
        .await
        .context("reading the operator")?
        .can_invoice()
    {
        return Ok(());
    }
    let details = tessera::invoice::OperatorDetails::parse(
        "Kursraum Example GmbH (sample data)",
        "Beispielstraße 1\n10115 Berlin\nGermany",
        "hello@tessera.invalid",
        "+49 30 1234567",
        "DE000000000",
        "TS",
        "19",
        "",
    )
    .map_err(|e| anyhow::anyhow!("the sample operator: {}", e.message))?;
    invoices::save_operator(txn, &details, now)
        .await
        .context("saving the sample operator")
}

async fn seed_vouchers(
    txn: &sea_orm::DatabaseTransaction,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    use tessera::voucher::{Discount, VoucherCode, VoucherInput};
    let samples = [
        (
            "WELCOME10",
            Discount::percent(10),
            None,
            true,
            "10% off a first booking (a sample).",
        ),
        (
            "EARLYBIRD5",
            Discount::per_seat(tessera::Money::from_minor(500, tessera::Currency::Eur)),
            Some(20),
            false,
            "€5 off each seat for the first 20 bookings (a sample).",
        ),
    ];
    for (code, discount, max, once, note) in samples {
        let code = VoucherCode::parse(code).context("a sample code")?;
        if tessera::service::vouchers::find(txn, &code)
            .await?
            .is_some()
        {
            continue;
        }
        let input = VoucherInput {
            code,
            discount: discount.context("a sample discount")?,
            courses: vec![],
            max_redemptions: max,
            once_per_member: once,
            valid_from: None,
            valid_until: None,
            note: note.to_owned(),
        };
        tessera::service::vouchers::create(txn, &input, now)
            .await
            .context("inserting a sample voucher")?;
    }
    Ok(())
}

/// Inserts the sample courses that are not there yet, in one transaction.
pub async fn seed(db: &sea_orm::DatabaseConnection) -> anyhow::Result<SeedReport> {
    let now = Utc::now();
    // Today at midnight UTC: sample courses start at whole hours of the day.
    let base: DateTime<Utc> = now.duration_trunc(Duration::days(1)).unwrap_or(now);
    let txn = db.begin().await.context("starting the seed transaction")?;
    // Write first: on SQLite this takes the write lock now (waiting out the
    // busy timeout if the server's jobs are writing) instead of failing on a
    // read-to-write upgrade later in the transaction.
    txn.execute_unprepared("UPDATE users SET updated_at = updated_at WHERE 1 = 0")
        .await
        .context("starting the seed transaction")?;
    let mut members = Vec::with_capacity(SAMPLE_MEMBERS);
    for n in 1..=SAMPLE_MEMBERS {
        let email = format!("sample.member{n}@tessera.invalid");
        let existing = user::Entity::find()
            .filter(user::Column::Email.eq(email.as_str()))
            .one(&txn)
            .await
            .context("looking up a sample member")?;
        let id = match existing {
            Some(u) => u.id,
            None => {
                user::ActiveModel {
                    email: Set(email),
                    password_hash: Set("!sample-account-no-login".to_owned()),
                    display_name: Set(format!("Sample Member {n}")),
                    role: Set(Role::Member),
                    email_confirmed_at: Set(Some(now)),
                    created_at: Set(now),
                    updated_at: Set(now),
                    ..Default::default()
                }
                .insert(&txn)
                .await
                .context("inserting a sample member")?
                .id
            }
        };
        members.push(id);
    }
    let mut report = SeedReport::default();
    for s in samples() {
        let first_run = course::Entity::find()
            .filter(course::Column::Title.eq(s.title))
            .filter(course::Column::RunOf.is_null())
            .one(&txn)
            .await
            .context("looking up a sample course")?;
        let exists = match (&first_run, s.another_run) {
            (Some(first), true) => course::Entity::find()
                .filter(course::Column::RunOf.eq(first.id))
                .one(&txn)
                .await
                .context("looking up a sample course's other date")?
                .is_some(),
            (first, _) => first.is_some() && !s.another_run,
        };
        if exists {
            report.existing += 1;
            continue;
        }
        let starts_at = base + s.starts_in;
        let meetings: Vec<(DateTime<Utc>, DateTime<Utc>, Option<String>)> = (0..s.weekly_meetings)
            .map(|week| {
                let start = starts_at + Duration::weeks(i64::from(week));
                let place = s
                    .away
                    .filter(|(n, _)| *n == week)
                    .map(|(_, place)| place.to_owned());
                (start, start + Duration::hours(s.hours), place)
            })
            .collect();
        let ends_at = meetings
            .last()
            .map_or(starts_at + Duration::hours(s.hours), |m| m.1);
        let c = course::ActiveModel {
            title: Set(s.title.to_owned()),
            description: Set(s.description.to_owned()),
            location: Set(s.location.to_owned()),
            time_zone: Set(s.time_zone.to_owned()),
            price: Set(s.price),
            currency: Set(s.currency),
            capacity: Set(s.capacity),
            seats_held: Set(s.taken),
            starts_at: Set(starts_at),
            ends_at: Set(ends_at),
            meeting_count: Set(s.weekly_meetings),
            run_of: Set(first_run.filter(|_| s.another_run).map(|first| first.id)),
            status: Set(s.status),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .with_context(|| format!("inserting sample course {:?}", s.title))?;
        course_meeting::Entity::insert_many(meetings.into_iter().map(
            |(starts_at, ends_at, place)| course_meeting::ActiveModel {
                course_id: Set(c.id),
                starts_at: Set(starts_at),
                ends_at: Set(ends_at),
                place: Set(place),
                ..Default::default()
            },
        ))
        .exec(&txn)
        .await
        .context("inserting a sample course's meetings")?;
        // seats_held equals the seats of active bookings, always: the first
        // member's booking holds the group, the others one seat each.
        let group = s.group.max(1);
        let bookings = (s.taken - group + 1).max(0) as usize;
        for (n, member) in members.iter().take(bookings).enumerate() {
            let seats = if n == 0 { group } else { 1 };
            let b = booking::ActiveModel {
                user_id: Set(*member),
                course_id: Set(c.id),
                status: Set(BookingStatus::Confirmed),
                amount: Set(s.price * i64::from(seats)),
                currency: Set(s.currency),
                seats: Set(seats),
                hold_expires_at: Set(None),
                confirmed_at: Set(Some(now)),
                cancelled_at: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await
            .context("inserting a sample booking")?;
            // A group: the member and two colleagues they named.
            let named: Vec<Option<Attendee>> = ["", "Margaret Hamilton", "Katherine Johnson"]
                .iter()
                .map(|n| Attendee::parse(n, "").ok())
                .collect();
            tessera::service::attendees::seat(&txn, &b, &named, now)
                .await
                .context("seating a sample booking")?;
        }
        for (n, (member, seats)) in members.iter().skip(bookings).zip(s.waiting).enumerate() {
            waitlist_entry::ActiveModel {
                course_id: Set(c.id),
                user_id: Set(*member),
                seats: Set(*seats),
                status: Set(WaitlistStatus::Waiting),
                joined_at: Set(now + Duration::seconds(n as i64)),
                offered_at: Set(None),
                offer_expires_at: Set(None),
                booking_id: Set(None),
                closed_at: Set(None),
                passed_over_at: Set(None),
                passed_over_free: Set(None),
                ..Default::default()
            }
            .insert(&txn)
            .await
            .context("inserting a sample waiting place")?;
        }
        report.created += 1;
    }
    seed_vouchers(&txn, now).await?;
    seed_topics(&txn).await?;
    seed_instructors(&txn, now).await?;
    seed_german(&txn).await?;
    seed_operator(&txn, now).await?;
    txn.commit().await.context("committing the seed")?;
    Ok(report)
}

//! Vouchers: a code takes money off a booking, as Stripe shows discounts;
//! each use is counted exactly, given back when a hold ends unpaid, and
//! every refusal is said and changes nothing.

use crate::support::{TestApp, a_member, eventually, pay, published_course, spawn_app};
use chrono::{Duration, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use tessera::attendee::Party;
use tessera::entity::{attendee, booking, course, payment, voucher, voucher_redemption};
use tessera::service::booking::{Hold, HoldError, hold_party};
use tessera::service::vouchers::{self, VoucherAdminError};
use tessera::voucher::{Discount, VoucherCode, VoucherInput, VoucherRefusal};
use tessera::{BookingStatus, CourseId, Currency, Money, SeatCount, UserId};

const PASSWORD: &str = "correct horse battery";

fn code(c: &str) -> VoucherCode {
    VoucherCode::parse(c).expect("code")
}

fn eur(minor: i64) -> Money {
    Money::from_minor(minor, Currency::Eur)
}

fn input(c: &str, discount: Discount) -> VoucherInput {
    VoucherInput {
        code: code(c),
        discount,
        courses: vec![],
        max_redemptions: None,
        once_per_member: false,
        valid_from: None,
        valid_until: None,
        note: String::new(),
    }
}

async fn a_voucher(db: &DatabaseConnection, v: VoucherInput) -> i64 {
    vouchers::create(db, &v, Utc::now()).await.expect("voucher")
}

async fn uses(db: &DatabaseConnection, id: i64) -> i32 {
    voucher::Entity::find_by_id(id)
        .one(db)
        .await
        .expect("q")
        .expect("voucher")
        .redemptions
}

async fn seats_held(db: &DatabaseConnection, c: CourseId) -> i32 {
    course::Entity::find_by_id(c.get())
        .one(db)
        .await
        .expect("q")
        .expect("course")
        .seats_held
}

async fn book(app: &TestApp, c: CourseId, seats: &str, voucher: &str) -> reqwest::Response {
    app.post_form(
        "/api/book_course",
        &[
            ("course_id", &c.to_string()),
            ("seats", seats),
            ("voucher", voucher),
        ],
    )
    .await
}

async fn only_booking(db: &DatabaseConnection, c: CourseId) -> booking::Model {
    booking::Entity::find()
        .filter(booking::Column::CourseId.eq(c.get()))
        .one(db)
        .await
        .expect("q")
        .expect("a booking")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_percent_off_three_seats_charges_117_60_and_a_seat_refunds_its_paid_share() {
    let app = spawn_app().await;
    let c = published_course(&app.db, 10, 6).await;
    let v = a_voucher(
        &app.db,
        input("SPRING26", Discount::percent(20).expect("20%")),
    )
    .await;
    app.signup("ada@example.com", PASSWORD).await;

    // The course page's price with the code (typed in small letters).
    let price: serde_json::Value = app
        .post_form(
            "/api/price_with_voucher",
            &[
                ("course_id", &c.to_string()),
                ("seats", "3"),
                ("voucher", "spring26"),
            ],
        )
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(price["code"], "SPRING26", "{price}");
    assert_eq!(price["total"]["minor"], 11_760, "{price}");
    assert_eq!(price["discount"]["minor"], 2940, "{price}");

    let res = book(&app, c, "3", " spring26 ").await;
    assert_eq!(
        res.status(),
        200,
        "{}",
        res.text().await.unwrap_or_default()
    );
    let url = res.headers()["location"].to_str().expect("url").to_owned();
    let b = only_booking(&app.db, c).await;
    assert_eq!(
        (b.amount, b.list_amount, b.seats),
        (11_760, Some(14_700), 3)
    );
    assert_eq!(uses(&app.db, v).await, 1);

    // Stripe's session: the list price, the discount as Stripe shows one.
    let attempt = payment::Entity::find()
        .filter(payment::Column::BookingId.eq(b.id))
        .one(&app.db)
        .await
        .expect("q")
        .expect("attempt");
    assert_eq!(attempt.amount, 11_760);
    let session = app.session_object(&attempt, serde_json::json!({})).await;
    assert_eq!(session["amount_subtotal"], 14_700, "{session}");
    assert_eq!(
        session["total_details"]["amount_discount"], 2940,
        "{session}"
    );
    assert_eq!(session["amount_total"], 11_760, "{session}");
    let page = reqwest::get(&url)
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(
        page.contains("€117.60"),
        "the hosted page charges the discounted total"
    );
    assert!(page.contains("SPRING26"), "and names the code");

    assert_eq!(pay(&url, "4242424242424242").await.status(), 303);
    eventually("the booking confirmed", async || {
        only_booking(&app.db, c).await.status == BookingStatus::Confirmed
    })
    .await;
    // The confirmation says what the code took off.
    eventually("the confirmation email", async || {
        tessera::entity::email_outbox::Entity::find()
            .filter(tessera::entity::email_outbox::Column::Recipient.eq("ada@example.com"))
            .all(&app.db)
            .await
            .expect("q")
            .iter()
            .any(|m| {
                m.body_text.contains("Amount: €117.60")
                    && m.body_text.contains("Voucher: €29.40 off")
            })
    })
    .await;

    // Each seat's share of what was paid adds up to it to the cent.
    let seats = attendee::Entity::find()
        .filter(attendee::Column::BookingId.eq(b.id))
        .all(&app.db)
        .await
        .expect("q");
    assert_eq!(seats.iter().map(|s| s.share).sum::<i64>(), 11_760);
    assert!(seats.iter().all(|s| s.share == 3920), "{seats:?}");

    // Cancelling one seat refunds that seat's paid share, not its list price.
    let (outcome, _) = tessera::service::cancel::cancel_seat(
        &app.db,
        &app.gateway,
        tessera::service::cancel::RefundPolicy::default(),
        tessera::AttendeeId(seats[1].id),
        tessera::service::cancel::Actor::Member(UserId(b.user_id)),
        Utc::now(),
    )
    .await
    .expect("cancel a seat");
    assert_eq!(
        outcome,
        tessera::service::cancel::SeatCancelled::Refunding(eur(3920))
    );
    let intent = payment::Entity::find_by_id(attempt.id)
        .one(&app.db)
        .await
        .expect("q")
        .and_then(|p| p.stripe_payment_intent_id)
        .expect("paid");
    eventually("Stripe refunded the seat's share", async || {
        crate::support::refunds_at_stripe(&app, &intent).await == vec![3920]
    })
    .await;
    // A paid use stays counted.
    assert_eq!(uses(&app.db, v).await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fixed_amount_comes_off_each_seat_and_a_hundred_percent_books_without_stripe() {
    let app = spawn_app().await;
    let c = published_course(&app.db, 10, 6).await;
    a_voucher(
        &app.db,
        input("FIVEOFF", Discount::per_seat(eur(500)).expect("5")),
    )
    .await;
    let all = a_voucher(
        &app.db,
        input("ONUS", Discount::percent(100).expect("100%")),
    )
    .await;
    app.signup("ada@example.com", PASSWORD).await;

    let res = book(&app, c, "3", "fiveoff").await;
    assert_eq!(
        res.status(),
        200,
        "{}",
        res.text().await.unwrap_or_default()
    );
    let b = only_booking(&app.db, c).await;
    assert_eq!((b.amount, b.list_amount), (13_200, Some(14_700)));
    let attempt = payment::Entity::find()
        .filter(payment::Column::BookingId.eq(b.id))
        .one(&app.db)
        .await
        .expect("q")
        .expect("attempt");
    let session = app.session_object(&attempt, serde_json::json!({})).await;
    assert_eq!(
        session["total_details"]["amount_discount"], 1500,
        "{session}"
    );
    assert_eq!(session["amount_total"], 13_200, "{session}");

    // Everything off: confirmed at once, no Checkout Session.
    let other = published_course(&app.db, 10, 6).await;
    let res = book(&app, other, "2", "ONUS").await;
    assert_eq!(
        res.status(),
        200,
        "{}",
        res.text().await.unwrap_or_default()
    );
    let location = res.headers()["location"]
        .to_str()
        .expect("where")
        .to_owned();
    assert!(location.contains("?confirmed"), "{location}");
    let free = only_booking(&app.db, other).await;
    assert_eq!(free.status, BookingStatus::Confirmed);
    assert_eq!((free.amount, free.list_amount), (0, Some(9800)));
    let attempts = payment::Entity::find()
        .filter(payment::Column::BookingId.eq(free.id))
        .all(&app.db)
        .await
        .expect("q");
    assert!(attempts.is_empty(), "no Checkout for a free booking");
    assert_eq!(uses(&app.db, all).await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_refusal_is_said_with_its_code_and_changes_nothing() {
    let app = spawn_app().await;
    let c = published_course(&app.db, 10, 6).await;
    let elsewhere = published_course(&app.db, 10, 6).await;
    let now = Utc::now();
    let mut disabled = input("OFFLINE", Discount::percent(10).expect("10%"));
    disabled.note = "turned off below".into();
    let off = a_voucher(&app.db, disabled).await;
    assert!(
        vouchers::set_disabled(&app.db, off, true, now)
            .await
            .expect("off")
    );
    let mut early = input("EARLYBIRD", Discount::percent(10).expect("10%"));
    early.valid_from = Some(now + Duration::days(1));
    a_voucher(&app.db, early).await;
    let mut late = input("LASTYEAR", Discount::percent(10).expect("10%"));
    late.valid_until = Some(now - Duration::days(1));
    a_voucher(&app.db, late).await;
    let mut other_course = input("ELSEWHERE", Discount::percent(10).expect("10%"));
    other_course.courses = vec![elsewhere];
    a_voucher(&app.db, other_course).await;
    a_voucher(
        &app.db,
        input(
            "POUNDS",
            Discount::per_seat(Money::from_minor(500, Currency::Gbp)).expect("£5"),
        ),
    )
    .await;
    let mut once = input("ONCEONLY", Discount::percent(10).expect("10%"));
    once.max_redemptions = Some(1);
    let once = a_voucher(&app.db, once).await;
    let mut mine = input("WELCOME", Discount::percent(10).expect("10%"));
    mine.once_per_member = true;
    a_voucher(&app.db, mine).await;

    // Someone else used ONCEONLY up; Ada used WELCOME on another course.
    let bob = a_member(&app.db, "bob@example.com").await;
    hold_party(
        &app.db,
        bob,
        elsewhere,
        &Party::of(SeatCount::ONE),
        Some(&code("ONCEONLY")),
        now,
    )
    .await
    .expect("bob's booking");
    assert_eq!(uses(&app.db, once).await, 1);
    app.signup("ada@example.com", PASSWORD).await;
    let res = book(&app, elsewhere, "1", "WELCOME").await;
    assert_eq!(
        res.status(),
        200,
        "{}",
        res.text().await.unwrap_or_default()
    );

    for (typed, status, expected) in [
        ("NOSUCHCODE", 422, "voucher_unknown"),
        ("OFFLINE", 422, "voucher_disabled"),
        ("EARLYBIRD", 422, "voucher_not_yet_valid"),
        ("LASTYEAR", 422, "voucher_expired"),
        ("ELSEWHERE", 422, "voucher_not_for_course"),
        ("POUNDS", 422, "voucher_wrong_currency"),
        ("ONCEONLY", 409, "voucher_used_up"),
        ("WELCOME", 409, "voucher_already_used"),
        ("NO-DASHES", 422, "validation"),
    ] {
        let res = book(&app, c, "2", typed).await;
        assert_eq!(res.status().as_u16(), status, "{typed}");
        let body: serde_json::Value = res.json().await.expect("json");
        assert_eq!(body["code"], expected, "{typed}: {body}");
        // Said beside the code's field.
        assert!(
            body["fields"]
                .as_array()
                .is_some_and(|f| f.iter().any(|f| f["field"] == "voucher")),
            "{typed}: {body}"
        );
        let quoted = app
            .post_form(
                "/api/price_with_voucher",
                &[("course_id", &c.to_string()), ("voucher", typed)],
            )
            .await;
        assert_eq!(quoted.status().as_u16(), status, "{typed} quoted");
    }
    // Nothing was held or counted on the course.
    assert_eq!(seats_held(&app.db, c).await, 0);
    let on_c = booking::Entity::find()
        .filter(booking::Column::CourseId.eq(c.get()))
        .all(&app.db)
        .await
        .expect("q");
    assert!(on_c.is_empty(), "{on_c:?}");
    assert_eq!(uses(&app.db, once).await, 1);
    // Without a code the same booking goes ahead at the full price.
    let res = book(&app, c, "2", "").await;
    assert_eq!(res.status(), 200);
    let b = only_booking(&app.db, c).await;
    assert_eq!((b.amount, b.list_amount), (9800, None));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hold_released_or_expired_unpaid_gives_its_use_back() {
    let app = spawn_app().await;
    let c = published_course(&app.db, 10, 6).await;
    let mut one = input("JUSTONE", Discount::percent(50).expect("50%"));
    one.max_redemptions = Some(1);
    one.once_per_member = true;
    let v = a_voucher(&app.db, one).await;
    let (ada, bob) = (
        a_member(&app.db, "ada@example.com").await,
        a_member(&app.db, "bob@example.com").await,
    );
    let now = Utc::now();
    let hold = hold_party(
        &app.db,
        ada,
        c,
        &Party::of(SeatCount::ONE),
        Some(&code("JUSTONE")),
        now,
    )
    .await
    .expect("hold");
    let Hold::New(b) = hold else {
        panic!("{hold:?}")
    };
    assert_eq!(b.amount, 2450);
    assert!(matches!(
        hold_party(
            &app.db,
            bob,
            c,
            &Party::of(SeatCount::ONE),
            Some(&code("JUSTONE")),
            now
        )
        .await,
        Err(HoldError::Voucher(VoucherRefusal::UsedUp))
    ));

    // Ada lets her seat go: the use is hers no more, Bob may have it.
    tessera::service::cancel::release_hold(
        &app.db,
        &app.gateway,
        tessera::service::cancel::RefundPolicy::default(),
        ada,
        tessera::BookingId(b.id),
        now,
    )
    .await
    .expect("release");
    assert_eq!(uses(&app.db, v).await, 0);
    let returned = voucher_redemption::Entity::find()
        .filter(voucher_redemption::Column::BookingId.eq(b.id))
        .one(&app.db)
        .await
        .expect("q")
        .expect("the use");
    assert!(returned.returned_at.is_some() && returned.once_key.is_none());
    let Hold::New(bobs) = hold_party(
        &app.db,
        bob,
        c,
        &Party::of(SeatCount::ONE),
        Some(&code("JUSTONE")),
        now,
    )
    .await
    .expect("bob's hold") else {
        panic!("a new hold")
    };
    assert_eq!(uses(&app.db, v).await, 1);

    // Bob's hold runs out unpaid: the use comes back again, and Ada (whose
    // once-per-member use was given back) may use it.
    let later = now + Duration::hours(2);
    tessera::service::booking::expire_due_holds(&app.db, c, later)
        .await
        .expect("sweep");
    assert_eq!(
        booking::Entity::find_by_id(bobs.id)
            .one(&app.db)
            .await
            .expect("q")
            .map(|b| b.status),
        Some(BookingStatus::Expired)
    );
    assert_eq!(uses(&app.db, v).await, 0);
    hold_party(
        &app.db,
        ada,
        c,
        &Party::of(SeatCount::ONE),
        Some(&code("JUSTONE")),
        later,
    )
    .await
    .expect("ada again");
    assert_eq!(uses(&app.db, v).await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thirty_members_at_once_on_a_five_use_code_five_get_it() {
    let app = spawn_app().await;
    let c = published_course(&app.db, 100, 6).await;
    let mut five = input("FIVEUSES", Discount::percent(25).expect("25%"));
    five.max_redemptions = Some(5);
    let v = a_voucher(&app.db, five).await;
    let mut members = Vec::new();
    for i in 0..30 {
        members.push(a_member(&app.db, &format!("m{i}@example.com")).await);
    }
    let now = Utc::now();
    let mut racing = tokio::task::JoinSet::new();
    for m in members.clone() {
        let db = app.db.clone();
        racing.spawn(async move {
            (
                m,
                hold_party(
                    &db,
                    m,
                    c,
                    &Party::of(SeatCount::ONE),
                    Some(&code("FIVEUSES")),
                    now,
                )
                .await,
            )
        });
    }
    let (mut got, mut used_up) = (Vec::new(), Vec::new());
    while let Some(done) = racing.join_next().await {
        match done.expect("task") {
            (m, Ok(Hold::New(b))) => {
                assert_eq!(b.amount, 3675, "a quarter off");
                got.push(m);
            }
            (m, Err(HoldError::Voucher(VoucherRefusal::UsedUp))) => used_up.push(m),
            (_, other) => panic!("{other:?}"),
        }
    }
    assert_eq!((got.len(), used_up.len()), (5, 25));
    assert_eq!(uses(&app.db, v).await, 5);
    assert_eq!(seats_held(&app.db, c).await, 5);
    let counted = voucher_redemption::Entity::find()
        .filter(voucher_redemption::Column::VoucherId.eq(v))
        .all(&app.db)
        .await
        .expect("q");
    assert_eq!(counted.len(), 5);
    // One of the others books at the full price.
    let Hold::New(full) = hold_party(
        &app.db,
        used_up[0],
        c,
        &Party::of(SeatCount::ONE),
        None,
        now,
    )
    .await
    .expect("full price") else {
        panic!("a new hold")
    };
    assert_eq!((full.amount, full.list_amount), (4900, None));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn codes_are_unique_in_any_case_and_a_limit_stays_above_its_uses() {
    let app = spawn_app().await;
    let db = app.db.clone();
    let c = published_course(&db, 10, 6).await;
    let v = a_voucher(&db, input("Autumn", Discount::percent(10).expect("10%"))).await;
    assert!(matches!(
        vouchers::create(
            &db,
            &input("AUTUMN", Discount::percent(5).expect("5%")),
            Utc::now()
        )
        .await,
        Err(VoucherAdminError::CodeTaken)
    ));
    for who in ["a@example.com", "b@example.com"] {
        let m = a_member(&db, who).await;
        hold_party(
            &db,
            m,
            c,
            &Party::of(SeatCount::ONE),
            Some(&code("autumn")),
            Utc::now(),
        )
        .await
        .expect("hold");
    }
    let mut fewer = input("AUTUMN", Discount::percent(10).expect("10%"));
    fewer.max_redemptions = Some(1);
    assert!(matches!(
        vouchers::update(&db, v, &fewer, Utc::now()).await,
        Err(VoucherAdminError::BelowUses { used: 2 })
    ));
    fewer.max_redemptions = Some(2);
    vouchers::update(&db, v, &fewer, Utc::now())
        .await
        .expect("two is fine");
    let listed = vouchers::list(&db).await.expect("list");
    assert_eq!(listed[0].used, 2);
    assert_eq!(listed[0].max_redemptions, Some(2));
    assert_eq!(vouchers::redemptions(&db, v).await.expect("uses").len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_waiting_place_keeps_its_code_for_the_offer_while_it_is_valid() {
    use tessera::service::waitlist::{JoinError, join_with_voucher, offer_free_seats};
    use tessera::waitlist::WaitlistPolicy;
    let app = spawn_app().await;
    let c = published_course(&app.db, 2, 2).await;
    let now = Utc::now();
    let v = a_voucher(
        &app.db,
        input("WAITFOR", Discount::percent(20).expect("20%")),
    )
    .await;
    let mut gone = input("SOONGONE", Discount::percent(50).expect("50%"));
    gone.valid_until = Some(now + Duration::hours(1));
    a_voucher(&app.db, gone).await;
    let (holder, ada, bob) = (
        a_member(&app.db, "holder@example.com").await,
        a_member(&app.db, "ada@example.com").await,
        a_member(&app.db, "bob@example.com").await,
    );
    let policy = WaitlistPolicy::default();
    let Hold::New(held) = hold_party(
        &app.db,
        holder,
        c,
        &Party::of(SeatCount::new(2).expect("2")),
        None,
        now,
    )
    .await
    .expect("the course full") else {
        panic!("a hold")
    };
    // A code that cannot be used is refused when joining, and nothing is kept.
    assert!(matches!(
        join_with_voucher(
            &app.db,
            ada,
            c,
            SeatCount::ONE,
            Some(&code("NOSUCH")),
            &policy,
            now
        )
        .await,
        Err(JoinError::Voucher(VoucherRefusal::Unknown))
    ));
    join_with_voucher(
        &app.db,
        ada,
        c,
        SeatCount::ONE,
        Some(&code("waitfor")),
        &policy,
        now,
    )
    .await
    .expect("ada waits");
    join_with_voucher(
        &app.db,
        bob,
        c,
        SeatCount::ONE,
        Some(&code("SOONGONE")),
        &policy,
        now,
    )
    .await
    .expect("bob waits");
    assert_eq!(
        uses(&app.db, v).await,
        0,
        "counted when the offer is made, not before"
    );

    // The seats free up two hours later: Ada's code still works, Bob's has expired.
    let later = now + Duration::hours(2);
    tessera::service::cancel::release_hold(
        &app.db,
        &app.gateway,
        tessera::service::cancel::RefundPolicy::default(),
        holder,
        tessera::BookingId(held.id),
        later,
    )
    .await
    .expect("release");
    let offers = offer_free_seats(&app.db, c, &policy, later)
        .await
        .expect("offers");
    assert_eq!(offers.len(), 2);
    let offer_of = async |who: UserId| {
        booking::Entity::find()
            .filter(booking::Column::UserId.eq(who.get()))
            .filter(booking::Column::Status.eq(BookingStatus::PendingPayment))
            .one(&app.db)
            .await
            .expect("q")
            .expect("an offer")
    };
    let adas = offer_of(ada).await;
    assert_eq!((adas.amount, adas.list_amount), (3920, Some(4900)));
    assert_eq!(uses(&app.db, v).await, 1);
    let bobs = offer_of(bob).await;
    assert_eq!((bobs.amount, bobs.list_amount), (4900, None));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_makes_a_code_and_downloads_who_used_it() {
    let app = spawn_app().await;
    let c = published_course(&app.db, 10, 6).await;
    let admin = crate::support::admin(&app).await;
    let form = |code: &str, percent: &str| {
        vec![
            ("form[code]".to_owned(), code.to_owned()),
            ("form[kind]".to_owned(), "percent".to_owned()),
            ("form[percent]".to_owned(), percent.to_owned()),
            ("form[courses][]".to_owned(), c.to_string()),
            ("form[max_redemptions]".to_owned(), "3".to_owned()),
            ("form[note]".to_owned(), "Partners' newsletter".to_owned()),
        ]
    };
    let post = async |who: &TestApp, fields: Vec<(String, String)>| {
        let pairs: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        who.post_form("/api/save_voucher", &pairs).await
    };
    // A refused form says which fields, and makes nothing.
    let res = post(&admin, form("no", "120")).await;
    assert_eq!(res.status(), 422);
    let body: serde_json::Value = res.json().await.expect("json");
    let fields: Vec<&str> = body["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .filter_map(|f| f["field"].as_str())
        .collect();
    assert_eq!(fields, ["code", "percent"], "{body}");
    assert!(vouchers::list(&app.db).await.expect("list").is_empty());
    // Members may not make one.
    app.signup("ada@example.com", PASSWORD).await;
    assert_eq!(post(&app, form("PARTNER", "15")).await.status(), 403);
    let res = post(&admin, form("partner", "15")).await;
    assert!(res.status().is_success(), "{}", res.status());
    let listed = vouchers::list(&app.db).await.expect("list");
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].code, "PARTNER");
    assert_eq!(listed[0].courses.len(), 1);
    // The same code again, in other letters, is taken.
    assert_eq!(post(&admin, form("Partner", "10")).await.status(), 422);

    assert_eq!(book(&app, c, "2", "partner").await.status(), 200);
    let id = listed[0].id;
    let (status, csv) = admin
        .get(&format!("/admin/vouchers/{id}/redemptions.csv"))
        .await;
    assert_eq!(status, 200);
    let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(
        lines[0],
        "code,booking,course,name,email,seats,list_price,discount,paid,currency,status,used_at,given_back"
    );
    assert_eq!(lines.len(), 2, "{csv}");
    assert!(
        lines[1].contains(",Ada Lovelace,ada@example.com,2,98.00,14.70,83.30,EUR,pending_payment,"),
        "{csv}"
    );
    assert_eq!(
        app.get(&format!("/admin/vouchers/{id}/redemptions.csv"))
            .await
            .0,
        403
    );
    // Signed out: sent to sign in first.
    assert_eq!(
        app.another_client()
            .get(&format!("/admin/vouchers/{id}/redemptions.csv"))
            .await
            .0,
        303
    );
    let (status, page) = admin.get("/admin/vouchers").await;
    assert_eq!(status, 200);
    assert!(
        page.contains("PARTNER") && page.contains("1 of 3 used"),
        "{page}"
    );
}

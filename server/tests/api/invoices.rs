//! Invoices: numbered without gaps under concurrency, credit notes for
//! exactly what went back, VAT that adds up, PDFs that never change and
//! that a real PDF reader reads, and only for whom they belong to.

use crate::support::{TestApp, a_member, admin, eventually, pay, spawn_app};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};
use tessera::entity::{attendee, booking, course, invoice, payment};
use tessera::invoice::OperatorDetails;
use tessera::service::checkout::{self, NextStep};
use tessera::service::{fulfil, invoices};
use tessera::{BookingStatus, PaymentStatus};

const PASSWORD: &str = "correct horse battery";

async fn a_seller(app: &TestApp, rate: &str, exempt: &str) {
    let seller = OperatorDetails::parse(
        "Kursraum GmbH",
        "Hauptstraße 1\n10115 Berlin",
        "hello@kursraum.example",
        "",
        "DE123456789",
        "TS",
        rate,
        exempt,
    )
    .expect("seller");
    invoices::save_operator(&app.db, &seller, Utc::now())
        .await
        .expect("save seller");
}

async fn documents(app: &TestApp) -> Vec<invoice::Model> {
    invoice::Entity::find()
        .order_by_asc(invoice::Column::Id)
        .all(&app.db)
        .await
        .expect("invoices")
}

fn year() -> i32 {
    chrono::Datelike::year(&Utc::now())
}

async fn member(app: &TestApp, email: &str) -> TestApp {
    let m = app.another_client();
    assert_eq!(m.signup(email, PASSWORD).await.status(), 200);
    m
}

/// Books `seats` seats on `course_id` and pays on the simulator's page.
async fn book_and_pay(m: &TestApp, course_id: i64, seats: &str) -> booking::Model {
    let res = m
        .post_form(
            "/api/book_course",
            &[("course_id", &course_id.to_string()), ("seats", seats)],
        )
        .await;
    assert_eq!(
        res.status(),
        200,
        "{}",
        res.text().await.unwrap_or_default()
    );
    let url = res.headers()["location"].to_str().expect("url").to_owned();
    let b = booking::Entity::find()
        .filter(booking::Column::CourseId.eq(course_id))
        .order_by_desc(booking::Column::Id)
        .one(&m.db)
        .await
        .expect("q")
        .expect("the new booking");
    assert_eq!(pay(&url, "4242424242424242").await.status(), 303);
    eventually("confirmation", async || {
        booking::Entity::find_by_id(b.id)
            .one(&m.db)
            .await
            .expect("q")
            .is_some_and(|b| b.status == BookingStatus::Confirmed)
    })
    .await;
    b
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_payments_confirmed_at_once_get_fifty_numbers_without_a_gap() {
    let app = spawn_app().await;
    a_seller(&app, "19", "").await;
    let c = crate::support::published_course(&app.db, 60, 1).await;
    let mut paid = Vec::new();
    for n in 0..50 {
        let email = format!("m{n}@example.com");
        let who = a_member(&app.db, &email).await;
        let next = checkout::book(
            &app.db,
            &app.gateway,
            who,
            &email,
            checkout::BookingRequest {
                course: c,
                party: &tessera::attendee::Party::of(tessera::SeatCount::ONE),
                voucher: None,
            },
            Utc::now(),
        )
        .await
        .expect("book");
        let NextStep::Pay { booking, .. } = next else {
            panic!("expected a checkout, got {next:?}");
        };
        let p = payment::Entity::find()
            .filter(payment::Column::BookingId.eq(booking.get()))
            .one(&app.db)
            .await
            .expect("q")
            .expect("payment");
        paid.push(p);
    }
    // Every confirmation at once, each in its own transaction as the
    // webhook runs it; the sixth of them is rolled back after issuing, as
    // a crash would: its number must go back, not leave a gap.
    let mut tasks = tokio::task::JoinSet::new();
    for (i, p) in paid.iter().cloned().enumerate() {
        let db = app.db.clone();
        tasks.spawn(async move {
            let txn = db.begin().await.expect("txn");
            let done = fulfil::fulfil_checkout(&txn, &crate::support::paid_session(&p), Utc::now())
                .await
                .expect("fulfil");
            assert_eq!(done, fulfil::Fulfilment::Confirmed(p.booking_id));
            if i == 5 {
                txn.rollback().await.expect("rollback");
            } else {
                txn.commit().await.expect("commit");
            }
        });
    }
    while let Some(done) = tasks.join_next().await {
        done.expect("a confirmation");
    }
    let docs = documents(&app).await;
    let mut numbers: Vec<String> = docs.iter().map(|d| d.number.clone()).collect();
    numbers.sort();
    let expected: Vec<String> = (1..=49).map(|n| format!("TS-{}-{n:06}", year())).collect();
    assert_eq!(
        numbers, expected,
        "49 kept payments, 49 numbers, none missing, none twice"
    );
    let mut bookings: Vec<i64> = docs.iter().map(|d| d.booking_id).collect();
    bookings.sort();
    bookings.dedup();
    assert_eq!(bookings.len(), 49, "one invoice per confirmed booking");
    assert!(
        !bookings.contains(&paid[5].booking_id),
        "the rolled-back confirmation has no invoice"
    );
    // The one rolled back is confirmed again later: it takes number 50.
    let txn = app.db.begin().await.expect("txn");
    fulfil::fulfil_checkout(&txn, &crate::support::paid_session(&paid[5]), Utc::now())
        .await
        .expect("fulfil");
    txn.commit().await.expect("commit");
    let last = documents(&app).await.pop().expect("the newest");
    assert_eq!(last.number, format!("TS-{}-000050", year()));
    assert_eq!(last.booking_id, paid[5].booking_id);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refunds_are_credited_for_exactly_what_went_back() {
    let app = spawn_app().await;
    a_seller(&app, "19", "").await;
    let c = crate::support::published_course(&app.db, 10, 3).await;
    let ada = member(&app, "ada@example.com").await;
    let b = book_and_pay(&ada, c.get(), "2").await;
    let docs = documents(&app).await;
    assert_eq!(docs.len(), 1, "{docs:?}");
    assert_eq!((docs[0].kind.as_str(), docs[0].total), ("invoice", 9800));

    // One seat of two cancelled nine days ahead: its €49.00 goes back.
    let seat = attendee::Entity::find()
        .filter(attendee::Column::BookingId.eq(b.id))
        .order_by_desc(attendee::Column::Id)
        .one(&app.db)
        .await
        .expect("q")
        .expect("a seat");
    let res = ada
        .post_form("/api/cancel_seat", &[("attendee_id", &seat.id.to_string())])
        .await;
    assert_eq!(
        res.status(),
        200,
        "{}",
        res.text().await.unwrap_or_default()
    );
    eventually("the seat's credit note", async || {
        documents(&app).await.len() == 2
    })
    .await;
    let note = &documents(&app).await[1];
    assert_eq!(
        (note.kind.as_str(), note.total, note.refers_to),
        ("credit_note", 4900, Some(docs[0].id)),
        "credited exactly the seat's share, against the invoice"
    );
    assert_eq!(note.net + note.vat, note.total);

    // The rest of the booking cancelled: the other €49.00, once.
    let res = ada
        .post_form("/api/cancel_booking", &[("booking_id", &b.id.to_string())])
        .await;
    assert_eq!(res.status(), 200);
    eventually("the payment refunded", async || {
        payment::Entity::find()
            .filter(payment::Column::BookingId.eq(b.id))
            .one(&app.db)
            .await
            .expect("q")
            .is_some_and(|p| p.status == PaymentStatus::Refunded)
    })
    .await;
    eventually("the second credit note", async || {
        documents(&app).await.len() == 3
    })
    .await;
    let all = documents(&app).await;
    let credited: i64 = all
        .iter()
        .filter(|d| d.kind == "credit_note")
        .map(|d| d.total)
        .sum();
    assert_eq!(
        credited, 9800,
        "credited in all what was refunded in all: {all:?}"
    );
    // Two partial credit notes give back the invoice's VAT to the cent,
    // not each its own rounding (€49.00 twice at 19 %: 7.82 + 7.83).
    let notes: Vec<_> = all.iter().filter(|d| d.kind == "credit_note").collect();
    assert_eq!(
        (
            notes.iter().map(|d| d.vat).sum::<i64>(),
            notes.iter().map(|d| d.net).sum::<i64>()
        ),
        (all[0].vat, all[0].net),
        "{all:?}"
    );
    assert!(notes.iter().all(|d| d.net + d.vat == d.total));
    // Stripe repeats its report: nothing more is credited.
    tessera::service::invoices::credit_refunds(
        &app.db,
        payment::Entity::find()
            .filter(payment::Column::BookingId.eq(b.id))
            .one(&app.db)
            .await
            .expect("q")
            .and_then(|p| p.stripe_payment_intent_id)
            .as_deref()
            .unwrap_or_default(),
        9800,
        Utc::now(),
    )
    .await
    .expect("credit again");
    assert_eq!(
        documents(&app).await.len(),
        3,
        "a repeated report credits nothing"
    );
    let numbers: Vec<String> = documents(&app)
        .await
        .into_iter()
        .map(|d| d.number)
        .collect();
    assert_eq!(
        numbers,
        (1..=3)
            .map(|n| format!("TS-{}-{n:06}", year()))
            .collect::<Vec<_>>(),
        "credit notes share the one sequence"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn net_and_vat_add_up_to_the_total_at_every_rate_and_exemption_says_why() {
    let app = spawn_app().await;
    let ada = member(&app, "ada@example.com").await;
    // (price, course rate, expected net, expected VAT)
    let cases = [
        (4900, Some(1900), 4118, 782),
        (1999, Some(700), 1868, 131),
        (12345, Some(2000), 10288, 2057),
        (995, Some(0), 995, 0),
        (4900, None, 4118, 782),
    ];
    a_seller(&app, "19", "").await;
    for (price, rate, net, vat) in cases {
        let c = crate::support::published_course(&app.db, 10, 1).await;
        let mut row = course::Entity::find_by_id(c.get())
            .one(&app.db)
            .await
            .expect("q")
            .expect("course")
            .into_active_model();
        row.price = Set(price);
        row.vat_rate_bp = Set(rate);
        row.update(&app.db).await.expect("price");
        let b = book_and_pay(&ada, c.get(), "1").await;
        let doc = invoice::Entity::find()
            .filter(invoice::Column::BookingId.eq(b.id))
            .one(&app.db)
            .await
            .expect("q")
            .expect("its invoice");
        assert_eq!(
            (doc.total, doc.net, doc.vat, doc.vat_rate_bp),
            (price, net, vat, Some(rate.unwrap_or(1900))),
            "price {price} at {rate:?}"
        );
        // Cancelled, so the next booking of the same member is allowed.
        let _ = ada
            .post_form("/api/cancel_booking", &[("booking_id", &b.id.to_string())])
            .await;
    }
    // A seller exempt from VAT: no VAT, and the invoice says why.
    a_seller(&app, "19", "Exempt from VAT under § 4 Nr. 21 UStG.").await;
    let c = crate::support::published_course(&app.db, 10, 1).await;
    let b = book_and_pay(&ada, c.get(), "1").await;
    let doc = invoice::Entity::find()
        .filter(invoice::Column::BookingId.eq(b.id))
        .one(&app.db)
        .await
        .expect("q")
        .expect("its invoice");
    assert_eq!((doc.net, doc.vat, doc.vat_rate_bp), (4900, 0, None));
    let text = pdf_text(&doc.pdf);
    assert!(
        text.contains("Exempt from VAT under § 4 Nr. 21 UStG."),
        "{text}"
    );
}

/// What `pdftotext` (poppler-utils) reads from `pdf`.
fn pdf_text(pdf: &[u8]) -> String {
    let dir = std::env::temp_dir().join("tessera-tests");
    std::fs::create_dir_all(&dir).expect("dir");
    let file = dir.join(format!("invoice-{}.pdf", uuid::Uuid::new_v4().simple()));
    std::fs::write(&file, pdf).expect("write pdf");
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext (Debian's poppler-utils; make setup installs it)");
    let _ = std::fs::remove_file(&file);
    assert!(
        out.status.success(),
        "pdftotext refused the PDF: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_invoice_pdf_reads_in_a_pdf_tool_never_changes_and_is_only_its_buyers() {
    let app = spawn_app().await;
    a_seller(&app, "19", "").await;
    let c = crate::support::published_course(&app.db, 10, 1).await;
    let ada = member(&app, "ada@example.com").await;
    let b = book_and_pay(&ada, c.get(), "1").await;
    let number = format!("TS-{}-000001", year());
    let path = format!("/invoices/{number}.pdf");

    let fetch = async |client: &TestApp| {
        let res = client
            .client
            .get(format!("{}{path}", client.address))
            .send()
            .await
            .expect("get");
        let status = res.status().as_u16();
        let kind = res
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap_or_default().to_owned())
            .unwrap_or_default();
        (status, kind, res.bytes().await.expect("body").to_vec())
    };
    let (status, kind, first) = fetch(&ada).await;
    assert_eq!((status, kind.as_str()), (200, "application/pdf"));
    let (_, _, second) = fetch(&ada).await;
    assert_eq!(
        first, second,
        "an issued invoice is the same bytes each time"
    );

    let text = pdf_text(&first);
    for needle in [
        number.as_str(),
        "Invoice",
        "Kursraum GmbH",
        "VAT id DE123456789",
        "Knife Skills",
        "€41.18",
        "VAT 19 %",
        "€7.82",
        "€49.00",
    ] {
        assert!(
            text.contains(needle),
            "{needle:?} is not in the PDF:\n{text}"
        );
    }

    // The booking page lists it.
    let listed: serde_json::Value = ada
        .post_form(
            "/api/booking_invoices",
            &[("booking_id", &b.id.to_string())],
        )
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(listed[0][0]["number"], number.as_str());

    // Someone else's, or a number that does not exist: the same 404.
    let eve = member(&app, "eve@example.com").await;
    let (status, _, body) = fetch(&eve).await;
    assert_eq!(status, 404, "{}", String::from_utf8_lossy(&body));
    let res = eve
        .post_form(
            "/api/booking_invoices",
            &[("booking_id", &b.id.to_string())],
        )
        .await;
    assert_eq!(res.status(), 404);
    let res = ada
        .client
        .get(format!("{}/invoices/TS-{}-000099.pdf", ada.address, year()))
        .send()
        .await
        .expect("get");
    assert_eq!(res.status(), 404);
    // Signed out: to sign in, and back after.
    let stranger = app.another_client();
    let res = stranger
        .client
        .get(format!("{}{path}", app.address))
        .send()
        .await
        .expect("get");
    assert_eq!(res.status(), 303);
    assert!(
        res.headers()["location"]
            .to_str()
            .unwrap_or_default()
            .starts_with("/login?next=/invoices/TS-"),
        "{:?}",
        res.headers()["location"]
    );
    // An admin reads every one, and the year's CSV lists it.
    let root = admin(&app).await;
    let (status, _, bytes) = fetch(&root).await;
    assert_eq!((status, bytes == first), (200, true));
    let (status, csv) = root
        .get(&format!("/admin/invoices.csv?year={}", year()))
        .await;
    assert_eq!(status, 200);
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(
        rows[0],
        "number,kind,issued_at_utc,booking,buyer,net,vat,vat_rate_percent,total,currency,corrects"
    );
    assert!(
        rows[1].starts_with(&format!("{number},invoice,"))
            && rows[1].ends_with(",41.18,7.82,19.00,49.00,EUR,"),
        "{csv}"
    );
    let (status, _) = ada
        .get(&format!("/admin/invoices.csv?year={}", year()))
        .await;
    assert_eq!(status, 403, "members get no bookkeeping export");

    // The confirmation email carries the PDF.
    let outbox = tessera::entity::email_outbox::Entity::find()
        .filter(
            tessera::entity::email_outbox::Column::DedupeKey
                .eq(format!("booking_confirmed:{}", b.id)),
        )
        .one(&app.db)
        .await
        .expect("q")
        .expect("the confirmation");
    assert!(
        outbox
            .attachments
            .contains(&format!("invoice-{number}.pdf"))
            && outbox.attachments.contains("application/pdf"),
        "{}",
        outbox.attachments
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn billing_details_before_paying_are_on_the_invoice_and_after_paying_replace_it() {
    let app = spawn_app().await;
    a_seller(&app, "19", "").await;
    let c = crate::support::published_course(&app.db, 10, 2).await;
    let ada = member(&app, "ada@example.com").await;
    let res = ada
        .post_form(
            "/api/book_course",
            &[("course_id", &c.get().to_string()), ("seats", "1")],
        )
        .await;
    let url = res.headers()["location"].to_str().expect("url").to_owned();
    let b = booking::Entity::find()
        .order_by_desc(booking::Column::Id)
        .one(&app.db)
        .await
        .expect("q")
        .expect("booking");
    let id = b.id.to_string();

    // Too long: refused on its field, nothing saved.
    let long = "x".repeat(400);
    let res = ada
        .post_form(
            "/api/save_billing_details",
            &[
                ("booking_id", id.as_str()),
                ("billing_name", "Ada Lovelace"),
                ("billing_company", ""),
                ("billing_address", long.as_str()),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    let body: serde_json::Value = res.json().await.expect("json");
    assert_eq!(body["fields"][0]["field"], "billing_address", "{body}");
    assert!(
        invoices::billing(&app.db, tessera::BookingId(b.id))
            .await
            .expect("q")
            .is_none(),
        "nothing saved"
    );
    // Someone else's booking: not found, nothing saved.
    let eve = member(&app, "eve@example.com").await;
    let res = eve
        .post_form(
            "/api/save_billing_details",
            &[
                ("booking_id", id.as_str()),
                ("billing_name", "Eve"),
                ("billing_company", "Evil Corp"),
                ("billing_address", ""),
            ],
        )
        .await;
    assert_eq!(res.status(), 404);

    let res = ada
        .post_form(
            "/api/save_billing_details",
            &[
                ("booking_id", id.as_str()),
                ("billing_name", "Ada King"),
                ("billing_company", "Analytical Engines Ltd"),
                ("billing_address", "1 Engine Row\nLondon"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(pay(&url, "4242424242424242").await.status(), 303);
    eventually("the invoice", async || documents(&app).await.len() == 1).await;
    let first = &documents(&app).await[0];
    assert_eq!(first.buyer_name, "Ada King");
    let text = pdf_text(&first.pdf);
    assert!(
        text.contains("Analytical Engines Ltd") && text.contains("1 Engine Row"),
        "{text}"
    );

    // Changed after paying: the invoice is credited and issued again.
    let res = ada
        .post_form(
            "/api/save_billing_details",
            &[
                ("booking_id", id.as_str()),
                ("billing_name", "Ada King"),
                ("billing_company", "Difference Engines GmbH"),
                ("billing_address", "2 Engine Row\nLondon"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    let reissued: Vec<String> = res.json().await.expect("json");
    let docs = documents(&app).await;
    assert_eq!(
        docs.iter()
            .map(|d| (d.kind.as_str(), d.total))
            .collect::<Vec<_>>(),
        [("invoice", 4900), ("credit_note", 4900), ("invoice", 4900)]
    );
    assert_eq!(reissued, [docs[2].number.clone()]);
    assert_eq!(
        (docs[1].net, docs[1].vat, docs[2].net, docs[2].vat),
        (first.net, first.vat, first.net, first.vat),
        "a correction credits and bills the same VAT"
    );
    // Saving the same details again issues nothing.
    let res = ada
        .post_form(
            "/api/save_billing_details",
            &[
                ("booking_id", id.as_str()),
                ("billing_name", "Ada King"),
                ("billing_company", "Difference Engines GmbH"),
                ("billing_address", "2 Engine Row\nLondon"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.json::<Vec<String>>().await.expect("json"),
        Vec::<String>::new()
    );
    assert_eq!(
        documents(&app).await.len(),
        3,
        "no document for nothing changed"
    );
    assert_eq!(docs[1].refers_to, Some(docs[0].id));
    assert_eq!(
        docs[0].pdf, first.pdf,
        "the issued invoice itself never changes"
    );
    assert!(pdf_text(&docs[2].pdf).contains("Difference Engines GmbH"));
    assert!(
        pdf_text(&docs[1].pdf).contains("Analytical Engines Ltd"),
        "the credit note bills whom the invoice did"
    );

    // Once money went back, corrections are asked for, not made here.
    let res = ada
        .post_form("/api/cancel_booking", &[("booking_id", id.as_str())])
        .await;
    assert_eq!(res.status(), 200);
    eventually("the refund's credit note", async || {
        documents(&app).await.len() == 4
    })
    .await;
    let res = ada
        .post_form(
            "/api/save_billing_details",
            &[
                ("booking_id", id.as_str()),
                ("billing_name", "Someone Else"),
                ("billing_company", ""),
                ("billing_address", ""),
            ],
        )
        .await;
    assert_eq!(res.status(), 409);
    assert_eq!(documents(&app).await.len(), 4, "nothing issued");
    assert_eq!(
        invoices::billing(&app.db, tessera::BookingId(b.id))
            .await
            .expect("q")
            .map(|d| d.company),
        Some("Difference Engines GmbH".to_owned()),
        "nothing changed"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_an_admin_says_who_sells_and_a_bad_rate_changes_nothing() {
    let app = spawn_app().await;
    let fields = |rate: &'static str| {
        vec![
            ("form[name]", "Kursraum GmbH"),
            ("form[address]", "Hauptstraße 1\n10115 Berlin"),
            ("form[email]", "hello@kursraum.example"),
            ("form[phone]", "+49 30 123"),
            ("form[vat_id]", "DE123456789"),
            ("form[invoice_prefix]", "kr"),
            ("form[default_vat_rate]", rate),
            ("form[vat_exempt_note]", ""),
        ]
    };

    let ada = member(&app, "ada@example.com").await;
    let res = ada
        .post_form("/api/save_seller_details", &fields("19"))
        .await;
    assert_eq!(res.status(), 403);
    let root = admin(&app).await;
    for bad in ["51", "-1", "19.123", "lots"] {
        let res = root
            .post_form("/api/save_seller_details", &fields(bad))
            .await;
        assert_eq!(res.status(), 422, "{bad}");
        let body: serde_json::Value = res.json().await.expect("json");
        assert_eq!(
            body["fields"][0]["field"], "default_vat_rate",
            "{bad}: {body}"
        );
    }
    assert_eq!(
        invoices::operator(&app.db).await.expect("q"),
        OperatorDetails::default(),
        "nothing saved"
    );
    let res = root
        .post_form("/api/save_seller_details", &fields("7"))
        .await;
    assert_eq!(res.status(), 200);
    let saved = invoices::operator(&app.db).await.expect("q");
    assert_eq!(
        (saved.invoice_prefix.as_str(), saved.default_vat_rate.bp()),
        ("KR", 700)
    );
    // Without a seller, a payment gets no invoice (and still confirms).
    let app2 = spawn_app().await;
    let c = crate::support::published_course(&app2.db, 10, 1).await;
    let bea = member(&app2, "bea@example.com").await;
    book_and_pay(&bea, c.get(), "1").await;
    assert!(documents(&app2).await.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_course_keeps_its_own_vat_rate_and_one_out_of_range_changes_nothing() {
    let app = spawn_app().await;
    let root = admin(&app).await;
    let form = |rate: &'static str| {
        vec![
            ("form[title]", "Wheel Throwing"),
            ("form[description]", "Clay."),
            ("form[location]", "Studio 4"),
            ("form[price]", "65"),
            ("form[currency]", "EUR"),
            ("form[capacity]", "6"),
            ("form[meetings][0][starts_at]", "2031-05-02T10:00"),
            ("form[meetings][0][ends_at]", "2031-05-02T13:00"),
            ("form[time_zone]", "Europe/Berlin"),
            ("form[vat_rate]", rate),
        ]
    };
    for bad in ["60", "-7", "7.123", "seven"] {
        let res = root.post_form("/api/save_course", &form(bad)).await;
        assert_eq!(res.status(), 422, "{bad}");
        let body: serde_json::Value = res.json().await.expect("json");
        assert_eq!(body["fields"][0]["field"], "vat_rate", "{bad}: {body}");
    }
    assert!(
        course::Entity::find()
            .all(&app.db)
            .await
            .expect("q")
            .is_empty(),
        "nothing saved"
    );
    let res = root.post_form("/api/save_course", &form("7")).await;
    assert_eq!(res.status(), 200);
    let id: i64 = res.json().await.expect("id");
    let row = course::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .expect("q")
        .expect("course");
    assert_eq!(row.vat_rate_bp, Some(700));
    // Blank again: the seller's rate.
    let edit: Vec<(&str, String)> = form("")
        .into_iter()
        .map(|(k, v)| (k, v.to_owned()))
        .chain([("id", id.to_string())])
        .collect();
    let edit: Vec<(&str, &str)> = edit.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let res = root.post_form("/api/save_course", &edit).await;
    assert_eq!(
        res.status(),
        200,
        "{}",
        res.text().await.unwrap_or_default()
    );
    let row = course::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .expect("q")
        .expect("course");
    assert_eq!(row.vat_rate_bp, None);
}

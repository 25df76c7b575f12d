//! With a state file, the simulator's objects and its webhook queue
//! survive a restart.

use crate::support::{Receiver, client, fast_retries, pay, spawn};
use stripe_checkout::CheckoutSessionStatus;
use stripe_checkout::checkout_session::RetrieveCheckoutSession;
use stripe_sim::SimConfig;

fn state_file(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join("tessera-stripe-sim-tests");
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(format!("{name}-{}.json", uuid::Uuid::new_v4().simple()));
    let _ = std::fs::remove_file(&path);
    path
}

#[tokio::test]
async fn objects_survive_a_restart() {
    let mut config = SimConfig::generate(None);
    config.state_file = Some(state_file("objects"));
    let first = spawn(config.clone()).await;
    let session = crate::support::new_session("eur", 4900)
        .send(&client(&first))
        .await
        .expect("create");
    first.shutdown().await;

    let second = spawn(config.clone()).await;
    let retrieved = RetrieveCheckoutSession::new(session.id.clone())
        .send(&client(&second))
        .await
        .expect("the session is still there");
    assert_eq!(retrieved.id, session.id);
    assert_eq!(retrieved.status, Some(CheckoutSessionStatus::Open));
    assert_eq!(retrieved.amount_total, Some(4900));
    let url = retrieved.url.clone().expect("url");
    assert!(
        url.starts_with(&second.base_url),
        "hosted links follow the new address"
    );
    assert_eq!(pay(&retrieved, "4242424242424242").await.status(), 303);
    if let Some(path) = &config.state_file {
        let _ = std::fs::remove_file(path);
    }
}

#[tokio::test]
async fn undelivered_webhooks_are_delivered_after_a_restart() {
    let receiver = Receiver::start(0).await;
    let mut config = SimConfig::generate(Some("http://127.0.0.1:9/unreachable".to_owned()));
    config.state_file = Some(state_file("queue"));
    config.retry_schedule = vec![std::time::Duration::from_secs(3600)];
    let first = spawn(config.clone()).await;
    let session = crate::support::new_session("eur", 4900)
        .send(&client(&first))
        .await
        .expect("create");
    assert_eq!(pay(&session, "4242424242424242").await.status(), 303);
    first.shutdown().await;

    config.webhook_url = Some(receiver.url.clone());
    config.retry_schedule = fast_retries();
    let second = spawn(config.clone()).await;
    let delivery = receiver.wait_for("checkout.session.completed").await;
    assert!(delivery.body.contains(session.id.as_str()));
    second.shutdown().await;
    if let Some(path) = &config.state_file {
        let _ = std::fs::remove_file(path);
    }
}

#[tokio::test]
async fn coupons_and_discounted_sessions_survive_a_restart() {
    let mut config = SimConfig::generate(None);
    config.state_file = Some(state_file("coupons"));
    let first = spawn(config.clone()).await;
    let (status, coupon) = crate::support::post_form(
        &first,
        "/v1/coupons",
        "id=KEEP&percent_off=20&max_redemptions=2",
        None,
    )
    .await;
    assert_eq!(status, 200, "{coupon}");
    let mut discount = stripe_checkout::checkout_session::CreateCheckoutSessionDiscounts::new();
    discount.coupon = Some("KEEP".to_owned());
    let session = crate::support::new_session_for("eur", 4900, 3)
        .discounts(vec![discount])
        .send(&client(&first))
        .await
        .expect("create");
    first.shutdown().await;

    let second = spawn(config.clone()).await;
    let (status, kept) = crate::support::get_json(&second, "/v1/coupons/KEEP").await;
    assert_eq!(status, 200);
    assert_eq!(kept, coupon, "the coupon as it was");
    let retrieved = RetrieveCheckoutSession::new(session.id.clone())
        .send(&client(&second))
        .await
        .expect("the session is still there");
    assert_eq!(retrieved.amount_subtotal, Some(14700));
    assert_eq!(retrieved.amount_total, Some(11760));
    assert_eq!(pay(&retrieved, "4242424242424242").await.status(), 303);
    second.shutdown().await;

    let third = spawn(config.clone()).await;
    let (_, redeemed) = crate::support::get_json(&third, "/v1/coupons/KEEP").await;
    assert_eq!(redeemed["times_redeemed"], 1, "the redemption was saved");
    third.shutdown().await;
    if let Some(path) = &config.state_file {
        let _ = std::fs::remove_file(path);
    }
}

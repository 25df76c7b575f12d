//! "Where you're signed in" on /account: each signed-in session is a
//! device with a name and when it was last seen; whatever ends sessions
//! takes their devices off the list.

use crate::support::{TestApp, spawn_app};
use serde_json::Value;

const PASSWORD: &str = "correct horse battery";
const LAPTOP: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0";
const PHONE: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";

/// A client on `app` whose browser says `user_agent`.
fn browser(app: &TestApp, user_agent: &str) -> TestApp {
    let mut other = app.another_client();
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(reqwest::header::ORIGIN, app.origin.parse().unwrap());
    other.client = reqwest::Client::builder()
        .default_headers(headers)
        .user_agent(user_agent)
        .timeout(std::time::Duration::from_secs(30))
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    other
}

async fn devices(m: &TestApp) -> Vec<Value> {
    let res = m.post_form("/api/signed_in_devices", &[]).await;
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

fn names(list: &[Value]) -> Vec<(String, bool)> {
    let mut v: Vec<(String, bool)> = list
        .iter()
        .map(|d| {
            (
                d["device"].as_str().unwrap().to_owned(),
                d["this_device"].as_bool().unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

/// Ada signed in on her laptop (signed up there) and her phone.
async fn ada_on_two_devices(app: &TestApp) -> (TestApp, TestApp) {
    let laptop = browser(app, LAPTOP);
    assert_eq!(
        laptop.signup("ada@example.com", PASSWORD).await.status(),
        200
    );
    let phone = browser(app, PHONE);
    assert_eq!(phone.login("ada@example.com", PASSWORD).await.status(), 200);
    // A first request signed in is what records a device.
    assert_eq!(phone.who_am_i().await["email"], "ada@example.com");
    (laptop, phone)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_signed_in_device_is_listed_and_this_one_is_marked() {
    let app = spawn_app().await;
    let (laptop, phone) = ada_on_two_devices(&app).await;
    assert_eq!(
        names(&devices(&laptop).await),
        vec![
            ("Firefox on Linux".to_owned(), true),
            ("Safari on iPhone".to_owned(), false)
        ]
    );
    assert_eq!(
        names(&devices(&phone).await),
        vec![
            ("Firefox on Linux".to_owned(), false),
            ("Safari on iPhone".to_owned(), true)
        ]
    );
    for d in devices(&laptop).await {
        assert!(d["last_seen_at"].is_string() && d["signed_in_at"].is_string());
    }
    // Bob sees only his own.
    let bob = browser(&app, LAPTOP);
    assert_eq!(bob.signup("bob@example.com", PASSWORD).await.status(), 200);
    assert_eq!(devices(&bob).await.len(), 1);
    // Signed out: no list.
    let res = app
        .another_client()
        .post_form("/api/signed_in_devices", &[])
        .await;
    assert_eq!(res.status(), 401);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_out_everywhere_else_leaves_only_this_device() {
    let app = spawn_app().await;
    let (laptop, phone) = ada_on_two_devices(&app).await;
    let res = laptop.post_form("/api/sign_out_everywhere_else", &[]).await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        names(&devices(&laptop).await),
        vec![("Firefox on Linux".to_owned(), true)]
    );
    assert!(phone.who_am_i().await.is_null());
    // The phone signs in again: a device again.
    assert_eq!(phone.login("ada@example.com", PASSWORD).await.status(), 200);
    assert_eq!(phone.who_am_i().await["email"], "ada@example.com");
    assert_eq!(devices(&laptop).await.len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_out_or_a_new_password_takes_devices_off_the_list() {
    let app = spawn_app().await;
    let (laptop, phone) = ada_on_two_devices(&app).await;
    let res = phone.post_form("/logout", &[]).await;
    assert!(res.status().is_redirection());
    assert_eq!(
        names(&devices(&laptop).await),
        vec![("Firefox on Linux".to_owned(), true)]
    );

    assert_eq!(phone.login("ada@example.com", PASSWORD).await.status(), 200);
    assert_eq!(phone.who_am_i().await["email"], "ada@example.com");
    let res = phone
        .post_form(
            "/api/change_password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "a brand new password"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        names(&devices(&phone).await),
        vec![("Safari on iPhone".to_owned(), true)]
    );
    assert!(laptop.who_am_i().await.is_null());
}

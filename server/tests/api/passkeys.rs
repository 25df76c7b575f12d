//! Passkeys over the real server functions, with a software authenticator
//! (an ECDSA P-256 key from ring, packed as WebAuthn's CBOR): adding one
//! takes the password, signing in needs no address, and a removed, foreign,
//! replayed or tampered passkey signs nobody in.

use crate::support::{TestApp, spawn_app_with};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use ring::rand::SystemRandom;
use ring::signature::{ECDSA_P256_SHA256_ASN1_SIGNING, EcdsaKeyPair, KeyPair};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use tessera::entity::{passkey, user};

const PASSWORD: &str = "correct horse battery";
/// Passkeys need a host name: the app believes it is served here.
const SITE: &str = "http://localhost:3999";

async fn app() -> TestApp {
    spawn_app_with(&[("PUBLIC_URL", SITE)]).await
}

/// A passkey on a device: its key pair, credential id and the user handle
/// it was made for, and its signature counter.
struct Authenticator {
    key: EcdsaKeyPair,
    credential_id: Vec<u8>,
    user_handle: Vec<u8>,
    counter: u32,
}

fn b64(bytes: &[u8]) -> String {
    B64.encode(bytes)
}

/// The few CBOR items WebAuthn needs (maps, small ints, byte and text
/// strings).
fn cbor_head(major: u8, len: usize, out: &mut Vec<u8>) {
    if len < 24 {
        out.push((major << 5) | len as u8);
    } else if len < 256 {
        out.extend([(major << 5) | 24, len as u8]);
    } else {
        out.extend([(major << 5) | 25, (len >> 8) as u8, len as u8]);
    }
}

fn cbor_int(v: i64, out: &mut Vec<u8>) {
    if v >= 0 {
        cbor_head(0, v as usize, out);
    } else {
        cbor_head(1, (-1 - v) as usize, out);
    }
}

fn cbor_bytes(b: &[u8], out: &mut Vec<u8>) {
    cbor_head(2, b.len(), out);
    out.extend_from_slice(b);
}

fn cbor_text(t: &str, out: &mut Vec<u8>) {
    cbor_head(3, t.len(), out);
    out.extend_from_slice(t.as_bytes());
}

fn client_data(kind: &str, challenge: &str) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "type": kind,
        "challenge": challenge,
        "origin": SITE,
        "crossOrigin": false,
    }))
    .unwrap()
}

fn rp_id_hash() -> Vec<u8> {
    Sha256::digest(b"localhost").to_vec()
}

impl Authenticator {
    /// Answers `navigator.credentials.create` for `options` (the server's
    /// JSON): a new key, attested with format "none".
    fn create(options: &Value) -> (Authenticator, Value) {
        let rng = SystemRandom::new();
        let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_ASN1_SIGNING, &rng).unwrap();
        let key = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_ASN1_SIGNING, pkcs8.as_ref(), &rng)
            .unwrap();
        let public = key.public_key().as_ref().to_vec();
        let (x, y) = (&public[1..33], &public[33..65]);
        let credential_id: Vec<u8> = (0..32).map(|_| rand_byte()).collect();
        let public_key = options["publicKey"].clone();
        let challenge = public_key["challenge"].as_str().unwrap().to_owned();
        let user_handle = B64
            .decode(public_key["user"]["id"].as_str().unwrap())
            .unwrap();

        let mut cose = Vec::new();
        cbor_head(5, 5, &mut cose);
        cbor_int(1, &mut cose);
        cbor_int(2, &mut cose); // kty: EC2
        cbor_int(3, &mut cose);
        cbor_int(-7, &mut cose); // alg: ES256
        cbor_int(-1, &mut cose);
        cbor_int(1, &mut cose); // crv: P-256
        cbor_int(-2, &mut cose);
        cbor_bytes(x, &mut cose);
        cbor_int(-3, &mut cose);
        cbor_bytes(y, &mut cose);

        let mut auth_data = rp_id_hash();
        auth_data.push(0x45); // user present, user verified, credential data
        auth_data.extend(0_u32.to_be_bytes());
        auth_data.extend([0_u8; 16]); // AAGUID
        auth_data.extend((credential_id.len() as u16).to_be_bytes());
        auth_data.extend(&credential_id);
        auth_data.extend(&cose);

        let mut attestation = Vec::new();
        cbor_head(5, 3, &mut attestation);
        cbor_text("fmt", &mut attestation);
        cbor_text("none", &mut attestation);
        cbor_text("attStmt", &mut attestation);
        cbor_head(5, 0, &mut attestation);
        cbor_text("authData", &mut attestation);
        cbor_bytes(&auth_data, &mut attestation);

        let answer = json!({
            "id": b64(&credential_id),
            "rawId": b64(&credential_id),
            "response": {
                "attestationObject": b64(&attestation),
                "clientDataJSON": b64(&client_data("webauthn.create", &challenge)),
            },
            "type": "public-key",
            "extensions": {},
        });
        (
            Authenticator {
                key,
                credential_id,
                user_handle,
                counter: 0,
            },
            answer,
        )
    }

    /// Answers `navigator.credentials.get` for `options`, counting up.
    fn get(&mut self, options: &Value) -> Value {
        self.counter += 1;
        let challenge = options["publicKey"]["challenge"].as_str().unwrap();
        let client_data = client_data("webauthn.get", challenge);
        let mut auth_data = rp_id_hash();
        auth_data.push(0x05); // user present, user verified
        auth_data.extend(self.counter.to_be_bytes());
        let mut signed = auth_data.clone();
        signed.extend(Sha256::digest(&client_data));
        let signature = self
            .key
            .sign(&SystemRandom::new(), &signed)
            .unwrap()
            .as_ref()
            .to_vec();
        json!({
            "id": b64(&self.credential_id),
            "rawId": b64(&self.credential_id),
            "response": {
                "authenticatorData": b64(&auth_data),
                "clientDataJSON": b64(&client_data),
                "signature": b64(&signature),
                "userHandle": b64(&self.user_handle),
            },
            "type": "public-key",
            "extensions": {},
        })
    }
}

fn rand_byte() -> u8 {
    let mut b = [0_u8; 1];
    ring::rand::SecureRandom::fill(&SystemRandom::new(), &mut b).unwrap();
    b[0]
}

async fn post_json(app: &TestApp, endpoint: &str, body: &Value) -> reqwest::Response {
    app.client
        .post(format!("{}/api/{endpoint}", app.address))
        .json(body)
        .send()
        .await
        .expect("request")
}

/// A confirmed member signed in on `app`'s client.
async fn member(app: &TestApp, email: &str) -> TestApp {
    let m = app.another_client();
    assert_eq!(m.signup(email, PASSWORD).await.status(), 200);
    m
}

/// Adds a passkey called `name` to the member signed in on `m`.
async fn add_passkey(m: &TestApp, name: &str) -> Authenticator {
    let res = m
        .post_form(
            "/api/start_adding_passkey",
            &[("passkey_name", name), ("account_password", PASSWORD)],
        )
        .await;
    assert_eq!(res.status(), 200);
    let options: Value = res.json().await.unwrap();
    assert_eq!(
        options["publicKey"]["authenticatorSelection"]["residentKey"], "required",
        "{options}"
    );
    let (device, answer) = Authenticator::create(&options);
    let res = post_json(m, "finish_adding_passkey", &json!({ "answer": answer })).await;
    let status = res.status();
    let text = res.text().await.unwrap();
    assert_eq!(status, 200, "{text}");
    device
}

/// Signs in on a fresh client with `device`: the answer, and the client.
async fn sign_in_with(app: &TestApp, device: &mut Authenticator) -> (reqwest::Response, TestApp) {
    let visitor = app.another_client();
    let res = visitor.post_form("/api/start_passkey_sign_in", &[]).await;
    assert_eq!(res.status(), 200);
    let options: Value = res.json().await.unwrap();
    // Discoverable: the browser offers whatever passkeys it has here.
    assert!(
        options["publicKey"]["allowCredentials"]
            .as_array()
            .is_none_or(Vec::is_empty),
        "{options}"
    );
    let answer = device.get(&options);
    let res = post_json(
        &visitor,
        "finish_passkey_sign_in",
        &json!({ "answer": answer, "next": "/bookings" }),
    )
    .await;
    (res, visitor)
}

async fn my_passkeys(m: &TestApp) -> Vec<Value> {
    let res = m.post_form("/api/my_passkeys", &[]).await;
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_adds_a_passkey_and_signs_in_with_it_without_an_address() {
    let app = app().await;
    let ada = member(&app, "ada@example.com").await;
    let mut phone = add_passkey(&ada, "Phone").await;
    let keys = my_passkeys(&ada).await;
    assert_eq!(keys.len(), 1);
    assert_eq!(keys[0]["name"], "Phone");
    assert!(keys[0]["last_used_at"].is_null());

    let (res, visitor) = sign_in_with(&app, &mut phone).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<Value>().await.unwrap(), "/bookings");
    assert_eq!(visitor.who_am_i().await["email"], "ada@example.com");
    // The use is recorded, and the counter moved on.
    let keys = my_passkeys(&ada).await;
    assert!(keys[0]["last_used_at"].is_string(), "{keys:?}");
    // A second sign-in with the next counter works too.
    let (res, _) = sign_in_with(&app, &mut phone).await;
    assert_eq!(res.status(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn adding_a_passkey_takes_the_password_and_a_name() {
    let app = app().await;
    let ada = member(&app, "ada@example.com").await;
    for (fields, field) in [
        (
            vec![
                ("passkey_name", "Phone"),
                ("account_password", "wrong password!"),
            ],
            "account_password",
        ),
        (
            vec![("passkey_name", "  "), ("account_password", PASSWORD)],
            "passkey_name",
        ),
        (
            vec![
                ("passkey_name", &*"x".repeat(61)),
                ("account_password", PASSWORD),
            ],
            "passkey_name",
        ),
    ] {
        let res = ada.post_form("/api/start_adding_passkey", &fields).await;
        assert_eq!(res.status(), 422);
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["fields"][0]["field"], field, "{body}");
    }
    // Signed out: nobody to add it to.
    let res = app
        .another_client()
        .post_form(
            "/api/start_adding_passkey",
            &[("passkey_name", "Phone"), ("account_password", PASSWORD)],
        )
        .await;
    assert_eq!(res.status(), 401);
    // Finishing without starting adds nothing.
    let (_, answer) = Authenticator::create(&json!({
        "publicKey": { "challenge": b64(b"made up"), "user": { "id": b64(b"someone") } }
    }));
    let res = post_json(&ada, "finish_adding_passkey", &json!({ "answer": answer })).await;
    assert_eq!(res.status(), 401);
    assert_eq!(
        res.json::<Value>().await.unwrap()["code"],
        "passkey_refused"
    );
    assert!(my_passkeys(&ada).await.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_removed_passkey_signs_nobody_in_and_only_its_owner_removes_it() {
    let app = app().await;
    let ada = member(&app, "ada@example.com").await;
    let bob = member(&app, "bob@example.com").await;
    let mut phone = add_passkey(&ada, "Phone").await;
    let id = my_passkeys(&ada).await[0]["id"]
        .as_i64()
        .unwrap()
        .to_string();

    // Bob cannot remove Ada's passkey, and is told it is not his.
    let res = bob.post_form("/api/remove_passkey", &[("id", &id)]).await;
    assert_eq!(res.status(), 404);
    assert_eq!(
        res.json::<Value>().await.unwrap()["code"],
        "passkey_not_found"
    );
    assert_eq!(my_passkeys(&ada).await.len(), 1);

    let res = ada.post_form("/api/remove_passkey", &[("id", &id)]).await;
    assert_eq!(res.status(), 200);
    assert!(my_passkeys(&ada).await.is_empty());
    // Her password still signs her in: it was never the last way in.
    assert_eq!(
        app.another_client()
            .login("ada@example.com", PASSWORD)
            .await
            .status(),
        200
    );
    let (res, visitor) = sign_in_with(&app, &mut phone).await;
    assert_eq!(res.status(), 401);
    assert_eq!(
        res.json::<Value>().await.unwrap()["code"],
        "passkey_refused"
    );
    assert!(visitor.who_am_i().await.is_null());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tampered_or_replayed_answer_signs_nobody_in() {
    let app = app().await;
    let ada = member(&app, "ada@example.com").await;
    let mut phone = add_passkey(&ada, "Phone").await;

    // A signature over other data.
    let visitor = app.another_client();
    let options: Value = visitor
        .post_form("/api/start_passkey_sign_in", &[])
        .await
        .json()
        .await
        .unwrap();
    let mut answer = phone.get(&options);
    let other = phone.get(&json!({ "publicKey": { "challenge": b64(b"another challenge") } }));
    answer["response"]["signature"] = other["response"]["signature"].clone();
    let res = post_json(
        &visitor,
        "finish_passkey_sign_in",
        &json!({ "answer": answer }),
    )
    .await;
    assert_eq!(res.status(), 401);
    assert!(visitor.who_am_i().await.is_null());

    // A good answer replayed: its challenge was used up with the first try.
    let visitor = app.another_client();
    let options: Value = visitor
        .post_form("/api/start_passkey_sign_in", &[])
        .await
        .json()
        .await
        .unwrap();
    let answer = phone.get(&options);
    let body = json!({ "answer": answer });
    assert_eq!(
        post_json(&visitor, "finish_passkey_sign_in", &body)
            .await
            .status(),
        200
    );
    let thief = app.another_client();
    assert_eq!(
        post_json(&thief, "finish_passkey_sign_in", &body)
            .await
            .status(),
        401
    );
    assert!(thief.who_am_i().await.is_null());

    // A copy of the authenticator behind on its counter (a clone).
    phone.counter = 0;
    let (res, visitor) = sign_in_with(&app, &mut phone).await;
    assert_eq!(res.status(), 401);
    assert!(visitor.who_am_i().await.is_null());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_blocked_members_passkey_signs_nobody_in_and_deletion_removes_it() {
    let app = app().await;
    let ada = member(&app, "ada@example.com").await;
    let mut phone = add_passkey(&ada, "Phone").await;
    let id = user::Entity::find()
        .filter(user::Column::Email.eq("ada@example.com"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    tessera::service::people::set_blocked(&app.db, tessera::UserId(id), true, chrono::Utc::now())
        .await
        .unwrap();
    let (res, visitor) = sign_in_with(&app, &mut phone).await;
    assert_eq!(res.status(), 403);
    assert_eq!(
        res.json::<Value>().await.unwrap()["code"],
        "account_blocked"
    );
    assert!(visitor.who_am_i().await.is_null());

    // Bob deletes his account: his passkey goes with it.
    let bob = member(&app, "bob@example.com").await;
    let mut key = add_passkey(&bob, "Laptop").await;
    let res = bob
        .post_form("/api/delete_account", &[("confirm_password", PASSWORD)])
        .await;
    assert!(res.status().is_success() || res.status().is_redirection());
    let left = passkey::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(left.len(), 1, "only Ada's stays");
    let (res, _) = sign_in_with(&app, &mut key).await;
    assert_eq!(res.status(), 401);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_site_reached_by_ip_address_offers_no_passkeys() {
    let app = crate::support::spawn_app().await;
    let res = app.post_form("/api/passkeys_offered", &[]).await;
    assert_eq!(res.json::<Value>().await.unwrap(), false);
    let res = app.post_form("/api/start_passkey_sign_in", &[]).await;
    assert_eq!(res.status(), 404);
    assert_eq!(
        res.json::<Value>().await.unwrap()["code"],
        "passkeys_unavailable"
    );
    let localhost = app_offered().await;
    assert!(localhost);
}

async fn app_offered() -> bool {
    let app = app().await;
    app.post_form("/api/passkeys_offered", &[])
        .await
        .json::<Value>()
        .await
        .unwrap()
        .as_bool()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signed_out_visitors_have_no_passkeys_to_list_or_remove() {
    let app = app().await;
    for (endpoint, fields) in [
        ("my_passkeys", vec![]),
        ("remove_passkey", vec![("id", "1")]),
    ] {
        let res = app.post_form(&format!("/api/{endpoint}"), &fields).await;
        assert_eq!(res.status(), 401, "{endpoint}");
    }
}

//! Stripe's official Node SDK (the `stripe` npm package pinned in the root
//! package.json), pointed at the simulator, creates a coupon and a Checkout
//! Session with it and reads back the totals (tests/sdk/discounts.mjs).
//! Node and the SDK are required: without them this test fails, saying how
//! to install them.

use crate::support::Sim;
use serde_json::Value;
use std::path::PathBuf;
use std::process::Output;

/// Runs `node` (found on PATH; `make test` puts node_modules/.bin first)
/// on `script` with the simulator's port and key.
async fn run_node(sim: &Sim, script: PathBuf) -> Output {
    let port = sim.handle.addr.port().to_string();
    let key = sim.handle.api_key.clone();
    let run = tokio::process::Command::new("node")
        .arg(&script)
        .env("STRIPE_SIM_PORT", port)
        .env("STRIPE_SIM_KEY", key)
        .kill_on_drop(true)
        .output();
    let output = match tokio::time::timeout(std::time::Duration::from_secs(60), run).await {
        Err(_) => panic!("node {} did not finish within 60 s", script.display()),
        Ok(Err(error)) if error.kind() == std::io::ErrorKind::NotFound => panic!(
            "the official-SDK test needs Node.js: no `node` on PATH ({error}). Install Node.js \
             20 or later, then `npm install` in the repository root for the `stripe` package."
        ),
        Ok(Err(error)) => panic!("could not run node: {error}"),
        Ok(Ok(output)) => output,
    };
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let hint = if stderr.contains("ERR_MODULE_NOT_FOUND") && stderr.contains("'stripe'") {
            "Stripe's Node SDK is not installed: run `npm install` in the repository root \
             (package.json pins `stripe`).\n"
        } else {
            ""
        };
        panic!(
            "{hint}node {} failed ({}):\n{stderr}\n{}",
            script.display(),
            output.status,
            String::from_utf8_lossy(&output.stdout)
        );
    }
    output
}

#[tokio::test]
async fn stripes_node_sdk_creates_a_coupon_and_a_discounted_session() {
    let sim = Sim::start().await;
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/sdk/discounts.mjs");
    let output = run_node(&sim, script).await;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let line = stdout.lines().last().unwrap_or_default();
    let read: Value = serde_json::from_str(line)
        .unwrap_or_else(|e| panic!("the script prints one JSON line ({e}): {stdout}"));

    assert!(
        read["sdk_version"].as_str().is_some_and(|v| !v.is_empty()),
        "{read}"
    );
    let coupon = &read["coupon"];
    assert_eq!(coupon["object"], "coupon");
    assert_eq!(coupon["percent_off"], 20.0);
    assert_eq!(coupon["valid"], true);
    let session = &read["session"];
    assert_eq!(session["amount_subtotal"], 14700, "{read}");
    assert_eq!(session["amount_discount"], 2940, "{read}");
    assert_eq!(session["amount_total"], 11760, "{read}");
    assert_eq!(session["discounts"][0]["coupon"], coupon["id"]);
    assert_eq!(session["breakdown"]["discounts"][0]["amount"], 2940);
    assert_eq!(
        session["breakdown"]["discounts"][0]["discount"]["source"]["coupon"],
        coupon["id"]
    );
    assert_eq!(
        read["line_items"],
        serde_json::json!([
            { "amount_subtotal": 14700, "amount_discount": 2940, "amount_total": 11760 }
        ])
    );

    // What the SDK created is what the simulator holds.
    let id = session["id"].as_str().expect("the session's id");
    let (status, held) =
        crate::support::get_json(&sim.handle, &format!("/v1/checkout/sessions/{id}")).await;
    assert_eq!(status, 200);
    assert_eq!(held["amount_total"], 11760);
}

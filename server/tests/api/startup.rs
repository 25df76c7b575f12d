//! Start-up failures are one clear line on stderr and a non-zero exit.

use std::net::TcpListener;
use std::process::Command;

fn tessera(vars: &[(&str, &str)]) -> (i32, String) {
    let dir =
        std::env::temp_dir().join(format!("tessera-startup-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tessera"));
    cmd.arg("serve")
        .current_dir(&dir)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default());
    cmd.env("STRIPE_SIM_ADDR", "127.0.0.1:0");
    for (k, v) in vars {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run tessera");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn assert_one_clear_line(stderr: &str, needle: &str) {
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "expected one line, got: {stderr}");
    assert!(lines[0].starts_with("tessera: "), "{stderr}");
    assert!(lines[0].contains(needle), "{needle:?} not in {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn a_malformed_database_url_is_refused() {
    let (code, err) = tessera(&[("DATABASE_URL", "mysql://nope")]);
    assert_ne!(code, 0);
    assert_one_clear_line(&err, "DATABASE_URL");
}

#[test]
fn an_unreachable_database_is_refused() {
    let (code, err) = tessera(&[("DATABASE_URL", "postgres://nobody@127.0.0.1:1/none")]);
    assert_ne!(code, 0);
    assert_one_clear_line(&err, "cannot open the database");
}

#[test]
fn an_address_in_use_is_refused() {
    let taken = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = taken.local_addr().expect("addr").to_string();
    let (code, err) = tessera(&[
        ("LEPTOS_SITE_ADDR", &addr),
        ("DATABASE_URL", "sqlite://t.db?mode=rwc"),
    ]);
    assert_ne!(code, 0);
    assert_one_clear_line(&err, &format!("cannot listen on {addr}"));
}

#[test]
fn a_real_stripe_key_without_a_webhook_secret_is_refused() {
    let (code, err) = tessera(&[("STRIPE_SECRET_KEY", "sk_test_abc")]);
    assert_ne!(code, 0);
    assert_one_clear_line(&err, "STRIPE_WEBHOOK_SECRET");
}

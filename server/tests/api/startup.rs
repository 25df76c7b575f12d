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

/// Runs `f` on a thread and fails the test if it takes longer than `limit`.
fn within<T: Send + 'static>(
    limit: std::time::Duration,
    f: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(limit)
        .expect("tessera exited in time (a server that started would run forever)")
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

#[test]
fn a_public_site_without_a_stripe_key_is_refused() {
    // Bounded: a server that started anyway would never exit by itself.
    let (code, err) = within(std::time::Duration::from_secs(30), || {
        tessera(&[("PUBLIC_URL", "https://courses.example.com")])
    });
    assert_ne!(code, 0);
    assert_one_clear_line(&err, "STRIPE_SECRET_KEY");
    let (code, err) = tessera(&[("STRIPE_SECRET_KEY", "")]);
    assert_ne!(code, 0, "set but empty is no key");
    assert_one_clear_line(&err, "STRIPE_SECRET_KEY");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_demo_site_on_the_simulator_says_test_mode_on_every_page() {
    let app = crate::support::spawn_app_with(&[
        ("PUBLIC_URL", "https://courses.example.com"),
        ("STRIPE_SIMULATOR", "on"),
    ])
    .await;
    for path in ["/", "/courses", "/login", "/no-such-page"] {
        let (_, html) = app.get(path).await;
        assert!(
            html.contains("data-test-mode=\"Test mode: payments are simulated"),
            "{path}"
        );
    }
    let local = crate::support::spawn_app().await;
    let (_, html) = local.get("/").await;
    assert!(
        !html.contains("data-test-mode"),
        "a local site needs no banner"
    );
}

/// The child process, killed if the test fails half-way.
struct Running(std::process::Child);

impl Drop for Running {
    fn drop(&mut self) {
        if let Ok(None) = self.0.try_wait() {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
}

/// One HTTP/1.1 exchange on a fresh connection, `Connection: close`.
fn http(addr: &str, request: &str) -> std::io::Result<String> {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr)?;
    s.set_read_timeout(Some(std::time::Duration::from_secs(5)))?;
    s.write_all(request.as_bytes())?;
    let mut out = String::new();
    s.read_to_string(&mut out)?;
    Ok(out)
}

/// SIGTERM: the listener closes at once, a request already in flight still
/// gets its whole answer, then the process exits 0.
#[cfg(unix)]
#[test]
fn sigterm_stops_accepting_finishes_in_flight_requests_and_exits_zero() {
    use std::io::{Read, Write};
    use std::net::TcpStream;
    use std::process::Stdio;
    use std::time::{Duration, Instant};

    let dir = std::env::temp_dir().join(format!(
        "tessera-shutdown-{}",
        uuid::Uuid::new_v4().simple()
    ));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let addr = format!("127.0.0.1:{port}");
    let log_path = dir.join("tessera.log");
    let log = std::fs::File::create(&log_path).expect("log file");
    let child = Command::new(env!("CARGO_BIN_EXE_tessera"))
        .arg("serve")
        .current_dir(&dir)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("LEPTOS_SITE_ADDR", &addr)
        .env(
            "DATABASE_URL",
            format!("sqlite://{}?mode=rwc", dir.join("t.db").display()),
        )
        .env("STRIPE_SIM_ADDR", "127.0.0.1:0")
        .env("STRIPE_SIM_STATE", "off")
        .env("MAIL_DIR", dir.join("mail"))
        .stdin(Stdio::null())
        .stdout(log.try_clone().expect("log"))
        .stderr(log)
        .spawn()
        .expect("start tessera");
    let mut child = Running(child);
    let log = || std::fs::read_to_string(&log_path).unwrap_or_default();

    // Up and serving.
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let health = http(
            &addr,
            &format!("GET /healthz HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"),
        );
        if health.is_ok_and(|r| r.starts_with("HTTP/1.1 200")) {
            break;
        }
        assert!(
            matches!(child.0.try_wait(), Ok(None)),
            "tessera exited early: {}",
            log()
        );
        assert!(Instant::now() < deadline, "never healthy: {}", log());
        std::thread::sleep(Duration::from_millis(100));
    }

    // A webhook delivery whose body has only partly arrived.
    let body = br#"{"id":"evt_in_flight","object":"event","type":"ping","data":{"object":{}}}"#;
    let mut in_flight = TcpStream::connect(&addr).expect("connect");
    in_flight
        .set_read_timeout(Some(Duration::from_secs(15)))
        .expect("timeout");
    write!(
        in_flight,
        "POST /api/stripe/webhook HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         Stripe-Signature: t=1,v1=00\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .expect("headers");
    in_flight.write_all(&body[..20]).expect("part of the body");
    in_flight.flush().expect("flush");
    // Let the server accept it and start on the request.
    std::thread::sleep(Duration::from_millis(500));

    let killed = Command::new("kill")
        .arg("-TERM")
        .arg(child.0.id().to_string())
        .status()
        .expect("kill");
    assert!(killed.success());

    // New connections are refused within a few seconds.
    let deadline = Instant::now() + Duration::from_secs(5);
    let socket: std::net::SocketAddr = addr.parse().expect("socket address");
    loop {
        match TcpStream::connect_timeout(&socket, Duration::from_millis(500)) {
            Err(_) => break,
            Ok(probe) => drop(probe),
        }
        assert!(
            Instant::now() < deadline,
            "still accepting connections 5 s after SIGTERM: {}",
            log()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    // …but the process waits for the request in flight.
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        matches!(child.0.try_wait(), Ok(None)),
        "exited with a request in flight: {}",
        log()
    );

    // The rest of the body arrives; the answer is complete (400: the
    // signature is bad, which proves the request was served).
    in_flight.write_all(&body[20..]).expect("rest of the body");
    let mut answer = String::new();
    in_flight
        .read_to_string(&mut answer)
        .expect("the whole answer, then the connection closes");
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer:?} {}", log());
    assert!(answer.ends_with("bad signature"), "{answer:?}");

    // Then it exits, cleanly.
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = child.0.try_wait().expect("wait") {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "still running 10 s after SIGTERM: {}",
            log()
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(status.code(), Some(0), "{}", log());
    assert!(!log().contains("panicked"), "{}", log());
    let _ = std::fs::remove_dir_all(&dir);
}

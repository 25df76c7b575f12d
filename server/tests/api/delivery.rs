//! What goes over the wire: precompressed assets chosen by `Accept-Encoding`,
//! pages compressed on the fly, and cache headers that fit each.

use crate::support::{TestApp, spawn_app, spawn_app_with};
use std::io::Read;

fn unbrotli(bytes: &[u8]) -> String {
    let mut out = Vec::new();
    brotli::Decompressor::new(bytes, 4096)
        .read_to_end(&mut out)
        .expect("brotli");
    String::from_utf8(out).expect("utf-8")
}

fn gunzip(bytes: &[u8]) -> String {
    let mut out = String::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_string(&mut out)
        .expect("gzip");
    out
}

async fn fetch(app: &TestApp, path: &str, accept: Option<&str>) -> reqwest::Response {
    let mut req = app.client.get(format!("{}{}", app.address, path));
    if let Some(a) = accept {
        req = req.header("accept-encoding", a);
    }
    req.send().await.expect("request")
}

fn header(res: &reqwest::Response, name: &str) -> String {
    res.headers()
        .get_all(name)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A site root whose `pkg/` holds a script and the two copies a release
/// build writes beside it, each with its own content so the test can tell
/// which was sent.
fn site_with_precompressed_script() -> std::path::PathBuf {
    let root = std::env::temp_dir()
        .join("tessera-tests")
        .join(format!("site-{}", uuid::Uuid::new_v4().simple()));
    let pkg = root.join("pkg");
    std::fs::create_dir_all(&pkg).expect("pkg dir");
    std::fs::write(pkg.join("tessera.js"), "console.log('original');").expect("js");
    let mut br = brotli::CompressorWriter::new(Vec::new(), 4096, 11, 22);
    std::io::Write::write_all(&mut br, b"console.log('from the .br file');").expect("br");
    std::fs::write(pkg.join("tessera.js.br"), br.into_inner()).expect("br file");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    std::io::Write::write_all(&mut gz, b"console.log('from the .gz file');").expect("gz");
    std::fs::write(pkg.join("tessera.js.gz"), gz.finish().expect("gz")).expect("gz file");
    std::fs::write(
        root.join("favicon.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    )
    .expect("icon");
    root
}

/// Every page names the icon; a browser keeps it a day instead of asking
/// on every page.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_favicon_is_kept_a_day() {
    let root = site_with_precompressed_script();
    let app = spawn_app_with(&[("LEPTOS_SITE_ROOT", root.to_str().expect("utf-8 path"))]).await;
    let icon = fetch(&app, "/favicon.svg", None).await;
    assert_eq!(icon.status(), 200);
    assert_eq!(header(&icon, "cache-control"), "public, max-age=86400");
    assert!(header(&icon, "content-type").starts_with("image/svg+xml"));
    std::fs::remove_dir_all(root).ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn assets_are_sent_precompressed_as_the_browser_accepts() {
    let root = site_with_precompressed_script();
    let app = spawn_app_with(&[("LEPTOS_SITE_ROOT", root.to_str().expect("utf-8 path"))]).await;

    let br = fetch(&app, "/pkg/tessera.js", Some("gzip, deflate, br")).await;
    assert_eq!(br.status(), 200);
    assert_eq!(header(&br, "content-encoding"), "br");
    assert!(
        header(&br, "vary")
            .to_lowercase()
            .contains("accept-encoding")
    );
    assert!(
        header(&br, "content-type").starts_with("text/javascript"),
        "{}",
        header(&br, "content-type")
    );
    // Without hashed names (no release build beside this binary) the
    // browser revalidates.
    assert_eq!(header(&br, "cache-control"), "no-cache");
    assert_eq!(
        unbrotli(&br.bytes().await.expect("body")),
        "console.log('from the .br file');"
    );

    let gz = fetch(&app, "/pkg/tessera.js", Some("gzip")).await;
    assert_eq!(header(&gz, "content-encoding"), "gzip");
    assert_eq!(
        gunzip(&gz.bytes().await.expect("body")),
        "console.log('from the .gz file');"
    );

    let plain = fetch(&app, "/pkg/tessera.js", None).await;
    assert_eq!(header(&plain, "content-encoding"), "");
    assert!(
        header(&plain, "vary")
            .to_lowercase()
            .contains("accept-encoding")
    );
    assert_eq!(
        plain.text().await.expect("body"),
        "console.log('original');"
    );

    let missing = fetch(&app, "/pkg/nothing.js", Some("br")).await;
    assert_eq!(missing.status(), 404);
    // A file this instance lacks may exist on the next deployment.
    assert_eq!(header(&missing, "cache-control"), "no-store");
    std::fs::remove_dir_all(root).ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_are_compressed_when_asked_and_only_then() {
    let app = spawn_app().await;
    tessera_server::seed::seed(&app.db).await.expect("seed");

    // Safari's choice: Brotli is not made on the fly (half zstd's pages per
    // second for 6% fewer bytes), so gzip.
    let br = fetch(&app, "/courses", Some("br, gzip")).await;
    assert_eq!(br.status(), 200);
    assert_eq!(header(&br, "content-encoding"), "gzip");
    assert!(
        header(&br, "vary")
            .to_lowercase()
            .contains("accept-encoding")
    );
    // Streamed: no length is known up front.
    assert_eq!(header(&br, "content-length"), "");
    assert_eq!(header(&br, "cache-control"), "private, no-cache");
    let wire = br.bytes().await.expect("body");
    let html = gunzip(&wire);
    assert!(html.contains("Sourdough Bread Masterclass"), "the catalog");
    assert!(
        html.trim_end()
            .ends_with("__INCOMPLETE_CHUNKS=[];</script>"),
        "the whole page"
    );
    assert!(
        wire.len() * 3 < html.len(),
        "{} bytes for {} of page",
        wire.len(),
        html.len()
    );

    // What Chrome and Firefox send: zstd, the cheapest of the three.
    let zstd = fetch(&app, "/courses", Some("gzip, deflate, br, zstd")).await;
    assert_eq!(header(&zstd, "content-encoding"), "zstd");
    let html = zstd::decode_all(&zstd.bytes().await.expect("body")[..]).expect("zstd");
    assert!(String::from_utf8_lossy(&html).contains("Sourdough Bread Masterclass"));

    let gz = fetch(&app, "/courses", Some("gzip")).await;
    assert_eq!(header(&gz, "content-encoding"), "gzip");
    assert!(gunzip(&gz.bytes().await.expect("body")).contains("Sourdough Bread Masterclass"));

    let plain = fetch(&app, "/courses", None).await;
    assert_eq!(header(&plain, "content-encoding"), "");
    assert!(
        plain
            .text()
            .await
            .expect("body")
            .contains("Sourdough Bread Masterclass")
    );

    // A server function's answer is compressed too.
    let api = app
        .client
        .post(format!("{}/api/list_courses", app.address))
        .header("accept-encoding", "br, zstd")
        .form(&[
            ("q", ""),
            ("sort", "date"),
            ("when", "upcoming"),
            ("page", "1"),
        ])
        .send()
        .await
        .expect("list");
    assert_eq!(header(&api, "content-encoding"), "zstd");
    let answer = zstd::decode_all(&api.bytes().await.expect("body")[..]).expect("zstd");
    assert!(String::from_utf8_lossy(&answer).contains("Sourdough"));
}

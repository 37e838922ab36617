//! The server's basics through the real router: status codes, headers,
//! compression and error pages.

#[path = "support/harness.rs"]
mod harness;

use harness::TestServer;

#[tokio::test]
async fn the_home_page_renders_with_the_shell() {
    let server = TestServer::start(&[]).await;
    let (status, headers, body) = server.fetch("/").await;
    assert_eq!(status, 200);
    assert!(headers["content-type"].to_str().expect("ascii").starts_with("text/html"));
    assert!(body.contains("<title>Leptra</title>"), "title missing");
    assert!(body.contains("class=\"navbar\"") && body.contains("class=\"footer\""), "shell missing");
    assert!(body.contains("data-theme=\"system\""), "default theme missing");
}

#[tokio::test]
async fn the_theme_is_applied_by_the_inline_script_not_by_the_server() {
    let server = TestServer::start(&[]).await;
    let get = |cookie: &'static str| {
        let request = server.http.get(server.url("/docs/guide/ssr")).header("cookie", cookie).send();
        async move { request.await.expect("request").text().await.expect("body") }
    };
    let site = &server.config.site;
    let preferences = app::preferences::script(site.theme, site.page.banner.as_ref().map(|b| b.key.as_str()));
    let plain = get("other=1").await;
    let dark = get("theme=dark; banner=dismissed").await;
    assert_eq!(plain, dark, "the HTML depends on the URL only");
    assert!(dark.contains("<html lang=\"en\" data-theme=\"system\""), "the server renders the system theme");
    assert!(dark.contains(&preferences), "the preferences script is missing");
    assert!(dark.contains("class=\"banner\""), "the banner is rendered for everyone (CSS hides a dismissed one)");
    let head = &dark[..dark.find("</head>").expect("a head")];
    let script = head.find(&preferences).expect("in the head");
    let stylesheet = head.find("rel=\"stylesheet\"").expect("a stylesheet");
    assert!(script < stylesheet, "the script runs before the styles can paint");
}

#[tokio::test]
async fn unknown_paths_get_the_404_page() {
    let server = TestServer::start(&[]).await;
    let (status, headers, body) = server.fetch("/no/such/page").await;
    assert_eq!(status, 404);
    assert!(headers["content-type"].to_str().expect("ascii").starts_with("text/html"));
    assert!(body.contains("Page not found") && body.contains("class=\"navbar\""), "404 page is not in the shell");
}

#[tokio::test]
async fn an_unexpected_upstream_answer_gives_the_500_page() {
    let server = TestServer::start(&[]).await;
    let (status, _, body) = server.fetch("/user/teapot").await;
    assert_eq!(status, 500);
    assert!(body.contains("Internal server error"), "500 page missing");
}

#[tokio::test]
async fn responses_are_compressed_when_the_client_accepts_it() {
    let server = TestServer::start(&[]).await;
    for encoding in ["br", "gzip"] {
        let response =
            server.http.get(server.url("/")).header("accept-encoding", encoding).send().await.expect("request");
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-encoding"], encoding);
    }
}

#[tokio::test]
async fn a_bad_configuration_value_names_the_variable() {
    let err = server::Config::from_lookup(|name| (name == "LEPTOS_SITE_ADDR").then(|| "not-an-address".to_owned()))
        .expect_err("rejected");
    let line = err.to_string();
    assert!(line.contains("LEPTOS_SITE_ADDR") && !line.contains('\n'), "{line}");
}

/// A site root with a hashed bundle, its precompressed sibling and a public file.
fn site_root() -> tempfile::TempDir {
    let dir = tempfile::Builder::new().prefix("leptra-static-").tempdir().expect("site root");
    let root = dir.path();
    std::fs::create_dir_all(root.join("pkg")).expect("site root");
    std::fs::write(root.join("pkg/leptra.abc123.wasm"), b"\0asm plain bytes").expect("wasm");
    std::fs::write(root.join("pkg/leptra.abc123.wasm.br"), b"precompressed brotli bytes").expect("wasm.br");
    std::fs::write(root.join("favicon.svg"), b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>").expect("favicon");
    dir
}

#[tokio::test]
async fn hashed_assets_are_cached_for_a_year_and_served_precompressed() {
    let root = site_root();
    let server =
        TestServer::start(&[("LEPTOS_SITE_ROOT", root.path().to_str().expect("utf-8")), ("LEPTOS_HASH_FILES", "true")])
            .await;

    let response = server
        .http
        .get(server.url("/pkg/leptra.abc123.wasm"))
        .header("accept-encoding", "br, gzip")
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "public, max-age=31536000, immutable");
    assert_eq!(response.headers()["content-type"], "application/wasm");
    assert_eq!(response.headers()["content-encoding"], "br");
    assert_eq!(response.bytes().await.expect("body").as_ref(), b"precompressed brotli bytes", "not the .br file");

    let plain = server.http.get(server.url("/pkg/leptra.abc123.wasm")).send().await.expect("request");
    assert!(plain.headers().get("content-encoding").is_none(), "identity was asked for");
    assert_eq!(plain.bytes().await.expect("body").as_ref(), b"\0asm plain bytes");

    let (status, headers, _) = server.fetch("/favicon.svg").await;
    assert_eq!(status, 200);
    assert_eq!(headers["cache-control"], "public, max-age=3600", "public files are not content-hashed");
}

#[tokio::test]
async fn unhashed_bundles_must_be_revalidated() {
    let root = site_root();
    let server = TestServer::start(&[
        ("LEPTOS_SITE_ROOT", root.path().to_str().expect("utf-8")),
        ("LEPTOS_HASH_FILES", "false"),
    ])
    .await;
    let (status, headers, _) = server.fetch("/pkg/leptra.abc123.wasm").await;
    assert_eq!(status, 200);
    assert_eq!(headers["cache-control"], "no-cache");

    let (status, headers, body) = server.fetch("/pkg/leptra.missing.wasm").await;
    assert_eq!(status, 404);
    assert!(headers["content-type"].to_str().expect("ascii").starts_with("text/html"));
    assert!(body.contains("Page not found"), "a missing asset gets the 404 page");
}

/// Leptos suppresses resource loading process-wide while it walks the app to
/// list its routes; a render whose resources start during that walk would wait
/// forever. Building another router (as every test server does) while pages
/// render must not stall any of them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn building_a_router_never_stalls_renders_in_flight() {
    let server = TestServer::start(&[]).await;
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let builder = std::thread::spawn({
        let (config, state, stop) = (server.config.clone(), server.state.clone(), stop.clone());
        move || {
            let mut built = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                drop(server::router(&config, state.clone()));
                built += 1;
            }
            built
        }
    });
    for round in 0..40 {
        // The user page gets a query of its own each round: no page cache hit.
        let paths = [
            "/docs/guide".to_owned(),
            "/ko/docs/nope".to_owned(),
            "/docs".to_owned(),
            format!("/user/alice?v={round}"),
        ];
        let requests = paths.iter().map(|path| {
            let request = server.http.get(server.url(path)).send();
            async move { (path, tokio::time::timeout(std::time::Duration::from_secs(10), request).await) }
        });
        for (path, result) in futures::future::join_all(requests).await {
            let response =
                result.unwrap_or_else(|_| panic!("round {round}: {path} stalled for 10 s")).expect("response");
            assert!(matches!(response.status().as_u16(), 200 | 404), "round {round}: {path}");
        }
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    assert!(builder.join().expect("builder thread") > 0, "no router was built during the renders");
}

/// The text of every inline `<style>` of `html`.
fn inline_styles(html: &str) -> Vec<&str> {
    html.split("<style")
        .skip(1)
        .filter_map(|rest| rest.split_once('>'))
        .filter_map(|(_, rest)| rest.split_once("</style>"))
        .map(|(css, _)| css)
        .collect()
}

#[tokio::test]
async fn the_stylesheet_is_one_hashed_file_or_inside_the_page_when_asked() {
    use base64::Engine as _;
    use sha2::Digest as _;

    // A production site root with the stylesheet cargo-leptos writes (the theme bundled in).
    let root = tempfile::Builder::new().prefix("leptra-styles-").tempdir().expect("site root");
    std::fs::create_dir_all(root.path().join("pkg")).expect("pkg folder");
    let site_css = "body{margin:0}.site-css-marker{color:red}";
    std::fs::write(root.path().join("pkg/leptra.css"), site_css).expect("stylesheet");
    let production = [
        ("LEPTOS_ENV", "PROD"),
        ("LEPTOS_SITE_ROOT", root.path().to_str().expect("utf-8")),
        ("LEPTOS_OUTPUT_NAME", "leptra"),
        ("LEPTOS_HASH_FILES", "false"),
    ];
    let linked = TestServer::start(&production).await;
    let inline = TestServer::start(&[&production[..], &[("LEPTRA_INLINE_CSS", "true")]].concat()).await;
    for path in ["/docs/guide/ssr", "/", "/user/octocat", "/no/such/page"] {
        let (_, _, html) = linked.fetch(path).await;
        assert!(inline_styles(&html).is_empty(), "{path}: no <style>");
        assert!(html.contains(r#"<link id="leptos" rel="stylesheet" href="/pkg/leptra.css">"#), "{path}");
        let (_, headers, html) = inline.fetch(path).await;
        let styles = inline_styles(&html);
        assert_eq!(styles, [site_css], "{path}: the stylesheet, inside the page");
        assert!(!html.contains("rel=\"stylesheet\""), "{path} links a stylesheet");
        let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(styles[0]));
        let policy = headers["content-security-policy"].to_str().expect("ascii");
        let style_src = policy.split(';').map(str::trim).find(|d| d.starts_with("style-src ")).expect("style-src");
        assert_eq!(style_src, format!("style-src 'self' 'sha256-{hash}'"), "{path}");
    }
    // The theme has no URL of its own: it is inside the stylesheet.
    assert_eq!(linked.fetch("/highlight.css").await.0, 404);
}

#[tokio::test]
async fn during_development_the_stylesheet_is_linked() {
    let server = TestServer::start(&[]).await;
    let (_, _, html) = server.fetch("/docs/guide/ssr").await;
    assert!(inline_styles(&html).is_empty(), "no <style>");
    assert!(html.contains(r#"<link id="leptos" rel="stylesheet" href="/pkg/leptra.css">"#), "the stylesheet is linked");
    assert_eq!(server.fetch("/highlight.css").await.0, 404);
}

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
async fn the_theme_cookie_is_rendered_by_the_server() {
    let server = TestServer::start(&[]).await;
    let body = server
        .http
        .get(server.url("/"))
        .header("cookie", "theme=dark")
        .send()
        .await
        .expect("request")
        .text()
        .await
        .expect("body");
    assert!(body.contains("<html lang=\"en\" data-theme=\"dark\""), "dark theme not rendered");
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

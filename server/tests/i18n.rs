//! Languages: the locale comes from the URL, the `locale` cookie or
//! `Accept-Language`, and the server renders `<html lang>` and hreflang links.

#[path = "support/harness.rs"]
mod harness;

use harness::TestServer;

async fn get(server: &TestServer, path: &str, headers: &[(&str, &str)]) -> (u16, reqwest::header::HeaderMap, String) {
    let mut request = server.http.get(server.url(path));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.expect("request");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    (status, headers, response.text().await.expect("body"))
}

#[tokio::test]
async fn a_korean_browser_lands_on_the_korean_home_page() {
    let server = TestServer::start(&[]).await;
    let (status, headers, body) = get(&server, "/", &[("accept-language", "ko-KR,ko;q=0.9")]).await;
    if (300..400).contains(&status) {
        assert_eq!(headers["location"], "/ko");
        let cookie = headers["set-cookie"].to_str().expect("ascii");
        assert!(cookie.starts_with("locale=ko"), "choice not remembered: {cookie}");
        let (status, _, body) = get(&server, "/ko", &[("cookie", "locale=ko")]).await;
        assert_eq!(status, 200);
        assert!(body.contains("<html lang=\"ko\""), "Korean home is not Korean");
        assert!(body.contains("문서 읽기"), "Korean home text missing");
    } else {
        assert_eq!(status, 200);
        assert!(body.contains("<html lang=\"ko\""), "Korean home is not Korean");
    }
}

#[tokio::test]
async fn the_english_cookie_keeps_english() {
    let server = TestServer::start(&[]).await;
    let (status, headers, body) =
        get(&server, "/", &[("accept-language", "ko-KR,ko;q=0.9"), ("cookie", "locale=en")]).await;
    assert_eq!(status, 200);
    assert!(headers.get("location").is_none());
    assert!(body.contains("<html lang=\"en\""), "English page expected");
    assert!(body.contains("Read the docs"), "English home text missing");
}

#[tokio::test]
async fn an_english_browser_stays_on_the_english_home_page() {
    let server = TestServer::start(&[]).await;
    let (status, headers, body) = get(&server, "/", &[("accept-language", "en-US,en;q=0.9,ko;q=0.5")]).await;
    assert_eq!(status, 200);
    assert!(body.contains("<html lang=\"en\""));
    let cookie = headers["set-cookie"].to_str().expect("ascii");
    assert!(cookie.starts_with("locale=en"), "choice not remembered: {cookie}");
}

#[tokio::test]
async fn korean_docs_have_lang_and_hreflang() {
    let server = TestServer::start(&[]).await;
    let (status, _, body) = server.fetch("/ko/docs").await;
    assert_eq!(status, 200);
    assert!(body.contains("<html lang=\"ko\""), "lang missing");
    let site = &server.config.site_url;
    assert!(
        body.contains("hreflang=\"en\"") && body.contains(&format!("href=\"{site}/docs\"")),
        "en alternate missing"
    );
    assert!(
        body.contains("hreflang=\"ko\"") && body.contains(&format!("href=\"{site}/ko/docs\"")),
        "ko alternate missing"
    );
    assert!(body.contains("hreflang=\"x-default\""), "x-default missing");
    assert!(body.contains("이 페이지에서"), "Korean UI missing");
}

#[tokio::test]
async fn the_cookie_switches_the_ui_of_other_pages() {
    let server = TestServer::start(&[]).await;
    let (status, _, body) = get(&server, "/repos", &[("cookie", "locale=ko")]).await;
    assert_eq!(status, 200);
    assert!(body.contains("<html lang=\"ko\""));
    assert!(body.contains("GitHub 사용자 이름"), "Korean label missing");
    // English docs stay English whatever the cookie says.
    let (_, _, body) = get(&server, "/docs", &[("cookie", "locale=ko")]).await;
    assert!(body.contains("<html lang=\"en\""));
    assert!(body.contains("On this page"));
}

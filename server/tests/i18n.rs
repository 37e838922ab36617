//! Languages: a page's locale comes from its URL alone; only `/` looks at the
//! `locale` cookie and `Accept-Language`, to redirect. The server renders
//! `<html lang>` and hreflang links.

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
    let (status, headers, _) = get(&server, "/", &[("accept-language", "ko-KR,ko;q=0.9")]).await;
    assert_eq!(status, 302);
    assert_eq!(headers["location"], "/ko");
    let cookie = headers["set-cookie"].to_str().expect("ascii");
    assert!(cookie.starts_with("locale=ko"), "choice not remembered: {cookie}");
    let (status, _, body) = get(&server, "/ko", &[("cookie", "locale=ko")]).await;
    assert_eq!(status, 200);
    assert!(body.contains("<html lang=\"ko\""), "Korean home is not Korean");
    assert!(body.contains("문서 읽기"), "Korean home text missing");
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
async fn every_page_has_its_locale_in_the_url_whatever_the_visitor_sends() {
    let server = TestServer::start(&[]).await;
    let korean = [("cookie", "locale=ko"), ("accept-language", "ko")];
    for (path, lang, text) in [
        ("/repos", "en", "GitHub username"),
        ("/ko/repos", "ko", "GitHub 사용자 이름"),
        ("/user/octocat", "en", "octocat"),
        ("/ko/user/octocat", "ko", "octocat"),
        ("/search?q=cache", "en", "Search"),
        ("/ko/search?q=%EC%84%9C%EB%B2%84", "ko", "검색"),
        ("/docs", "en", "On this page"),
    ] {
        let (status, _, plain) = get(&server, path, &[]).await;
        assert_eq!(status, 200, "{path}");
        assert!(plain.contains(&format!("<html lang=\"{lang}\"")), "{path} is not {lang}");
        assert!(plain.contains(text), "{path}: {text} missing");
        let (_, _, with_preferences) = get(&server, path, &korean).await;
        let (_, _, english) = get(&server, path, &[("cookie", "locale=en"), ("accept-language", "en")]).await;
        assert!(plain == with_preferences, "{path} changed with a Korean visitor");
        assert!(plain == english, "{path} changed with an English visitor");
    }
}

#[tokio::test]
async fn only_the_entry_point_varies_and_it_is_never_cached_publicly() {
    let server = TestServer::start(&[]).await;
    // A Korean browser is sent to `/ko`; a visitor whose cookie says English gets the English home.
    for (headers, status, location) in [
        (&[("accept-language", "ko")][..], 302, Some("/ko")),
        (&[("cookie", "locale=en")][..], 200, None),
        (&[("cookie", "locale=ko")][..], 302, Some("/ko")),
    ] {
        let (got, response, _) = get(&server, "/", headers).await;
        assert_eq!(got, status, "{headers:?}");
        let got_location = response.get("location").map(|v| v.to_str().expect("ascii"));
        assert_eq!(got_location, location, "{headers:?}");
        let vary = response["vary"].to_str().expect("ascii").to_ascii_lowercase();
        assert!(vary.contains("cookie") && vary.contains("accept-language"), "{vary}");
        assert!(response["cache-control"].to_str().expect("ascii").starts_with("private"), "{response:?}");
    }
    for path in ["/ko", "/docs", "/ko/docs", "/repos", "/ko/repos", "/user/octocat", "/search?q=x"] {
        let (_, response, _) = get(&server, path, &[("cookie", "locale=ko")]).await;
        let mut vary = response.get_all("vary").iter().map(|v| v.to_str().unwrap_or_default().to_ascii_lowercase());
        assert!(vary.all(|v| !v.contains("cookie") && !v.contains("accept-language")), "{path}: {response:?}");
    }
}

//! Server-side data through the real server and the fake GitHub: complete
//! listings, caching, single-flight, revalidation, errors and escaping.

#[path = "support/harness.rs"]
mod harness;

use std::time::Duration;

use app::server::github::client::{ClientConfig, GithubClient};
use harness::{eventually, repo_items, resource_data, TestServer, SECRET_TOKEN};
use testkit::fake_github::{FakeGithub, Options};

#[tokio::test]
async fn a_user_page_lists_every_repository_across_pages() {
    let server = TestServer::start(&[]).await;
    let (status, headers, body) = server.fetch("/user/alice").await;
    assert_eq!(status, 200);
    assert_eq!(repo_items(&body), 250);
    assert!(body.contains("data-testid=\"repo-total\">250<"), "total missing");
    // The fork count's mark is drawn by the stylesheet, once, not in each item, and is not a
    // glyph that many fonts lack.
    assert_eq!(body.matches("<span title=\"Forks\" class=\"repo-forks\">").count(), 250, "fork counts missing");
    assert!(!body.contains("<svg class=\"icon\""), "a drawing in each item");
    assert!(include_str!("../../style/main.css").contains(".repo-forks::before"), "the fork mark is not drawn");
    assert!(!body.contains('⑂'), "the fork glyph is back");
    assert_eq!(headers["cache-control"], "public, s-maxage=10, stale-while-revalidate=59");
    for page in 1..=3 {
        assert_eq!(server.github.page_requests("alice", page), 1, "page {page}");
    }
    assert_eq!(server.github.page_requests("alice", 4), 0);
}

#[tokio::test]
async fn the_query_sets_sort_and_filter_on_the_server() {
    let server = TestServer::start(&[]).await;
    let (_, _, all) = server.fetch("/user/alice?lang=Rust").await;
    // Every repository is in the page; those of other languages are hidden.
    assert_eq!(repo_items(&all), 250);
    let api: Vec<serde_json::Value> = server.get("/api/github-repos/alice").await.json().await.expect("json");
    let rust = api.iter().filter(|repo| repo["language"] == "Rust").count();
    assert!(rust > 0 && rust < 250, "the fake gives alice repositories in several languages: {rust}");
    let shown = shown_items(&all);
    assert_eq!(shown.len(), rust, "every Rust repository is shown, and only those");
    for item in shown {
        assert_eq!(item_language(item), Some("Rust"), "{item}");
    }
    let (_, _, sorted) = server.fetch("/user/octocat?sort=stars").await;
    let shown: Vec<&str> =
        sorted.split("class=\"repo-name\">").skip(1).filter_map(|rest| rest.split('<').next()).collect();
    let api: Vec<serde_json::Value> = server.get("/api/github-repos/octocat").await.json().await.expect("json");
    let mut expected: Vec<(u64, &str)> =
        api.iter().map(|r| (r["stars"].as_u64().expect("stars"), r["name"].as_str().expect("name"))).collect();
    expected.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    assert_eq!(shown, expected.iter().map(|(_, name)| *name).collect::<Vec<_>>());
}

#[tokio::test]
async fn empty_and_exactly_one_page_users_work() {
    let server = TestServer::start(&[]).await;
    let (status, _, body) = server.fetch("/user/empty").await;
    assert_eq!(status, 200);
    assert!(body.contains("no public repositories"));
    let (status, _, body) = server.fetch("/user/hundred").await;
    assert_eq!(status, 200);
    assert_eq!(repo_items(&body), 100);
    assert_eq!(server.github.requests_for("hundred"), 1);
}

#[tokio::test]
async fn the_json_api_and_the_server_function_serve_the_same_data() {
    let server = TestServer::start(&[]).await;
    let api: serde_json::Value = server.get("/api/github-repos/alice").await.json().await.expect("json");
    assert_eq!(api.as_array().map(Vec::len), Some(250));
    let response = server.get("/api/list_user_repos?username=alice").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "public, s-maxage=10, stale-while-revalidate=59");
    let fn_json: serde_json::Value = response.json().await.expect("json");
    assert_eq!(fn_json["repos"], api);
    // Both were served from one upstream fetch.
    assert_eq!(server.github.page_requests("alice", 1), 1);
}

#[tokio::test]
async fn fifty_concurrent_cold_requests_cause_one_fetch_per_page() {
    let server = TestServer::start(&[]).await;
    let requests = (0..50).map(|i| {
        let url = match i % 10 {
            0 => server.url("/user/pages13"),
            1..=4 => server.url("/api/list_user_repos?username=pages13"),
            _ => server.url("/api/github-repos/pages13"),
        };
        let http = server.http.clone();
        async move { http.get(url).send().await.expect("request").status().as_u16() }
    });
    let statuses = futures::future::join_all(requests).await;
    assert!(statuses.iter().all(|&s| s == 200), "{statuses:?}");
    for page in 1..=13 {
        assert_eq!(server.github.page_requests("pages13", page), 1, "page {page}");
    }
}

#[tokio::test]
async fn invalid_usernames_are_400_without_any_upstream_request() {
    let server = TestServer::start(&[]).await;
    for path in ["/user/-bad", "/user/a--b", "/api/github-repos/has_underscore", "/api/list_user_repos?username=x-"] {
        let (status, _, body) = server.fetch(path).await;
        assert_eq!(status, 400, "{path}");
        assert!(body.contains("GitHub username"), "{path}: {body}");
    }
    let (status, _, body) = server.fetch(&format!("/user/{}", "a".repeat(40))).await;
    assert_eq!(status, 400);
    assert!(body.contains("at most 39"));
    assert_eq!(server.github.requests(), 0);
}

#[tokio::test]
async fn upstream_failures_map_to_the_right_status_everywhere() {
    let server = TestServer::start(&[("GITHUB_TIMEOUT_MS", "500")]).await;
    let cases = [
        ("no-such-user", 404),
        ("ratelimited", 503),
        ("toomany", 503),
        ("broken", 502),
        ("unavailable", 502),
        ("truncated", 502),
        ("badlink", 502),
        ("halfbroken", 502),
        ("hang", 502),
        ("teapot", 500),
        ("unauthorized", 500),
    ];
    for (user, expected) in cases {
        let (status, headers, page) = server.fetch(&format!("/user/{user}")).await;
        assert_eq!(status, expected, "page for {user}");
        // A missing user may be kept for a minute; an outage or a fault never.
        let cache_control = if expected == 404 { "public, max-age=60" } else { "no-store" };
        assert_eq!(headers["cache-control"], cache_control, "{user}");
        assert!(page.contains("class=\"error-page\""), "{user}: error page missing");
        let head = server.http.head(server.url(&format!("/user/{user}"))).send().await.expect("HEAD completes");
        assert_eq!(head.status().as_u16(), expected, "HEAD of the page for {user}");

        let (status, _, json) = server.fetch(&format!("/api/github-repos/{user}")).await;
        assert_eq!(status, expected, "JSON API for {user}");
        let json: serde_json::Value = serde_json::from_str(&json).expect("JSON error body");
        assert_eq!(json["error"]["status"], expected, "{user}");

        let (status, _, _) = server.fetch(&format!("/api/list_user_repos?username={user}")).await;
        assert_eq!(status, expected, "server function for {user}");
    }
}

#[tokio::test]
async fn rate_limits_say_when_to_retry() {
    let server = TestServer::start(&[]).await;
    let (status, headers, body) = server.fetch("/user/toomany").await;
    assert_eq!(status, 503);
    assert_eq!(headers["retry-after"], "30");
    assert!(body.contains("30 seconds"), "retry time missing");
    let (_, headers, _) = server.fetch("/user/ratelimited").await;
    let secs: u64 = headers["retry-after"].to_str().expect("ascii").parse().expect("seconds");
    assert!((100..=120).contains(&secs), "{secs}");
}

#[tokio::test]
async fn a_looping_link_header_stops_after_the_first_page() {
    let server = TestServer::start(&[]).await;
    let (status, _, body) = server.fetch("/user/looping").await;
    assert_eq!(status, 200);
    assert_eq!(repo_items(&body), 100);
    assert_eq!(server.github.requests_for("looping"), 1);
}

#[tokio::test]
async fn the_page_cap_is_enforced_and_announced() {
    let server = TestServer::start(&[("GITHUB_MAX_PAGES", "5")]).await;
    let (status, _, body) = server.fetch("/user/huge").await;
    assert_eq!(status, 200);
    assert_eq!(repo_items(&body), 500);
    assert!(body.contains("Showing the first 5 pages"), "cap notice missing");
    assert_eq!(server.github.requests_for("huge"), 5);
}

#[tokio::test]
async fn hostile_text_from_github_is_escaped_everywhere() {
    let server = TestServer::start(&[]).await;
    let (status, _, body) = server.fetch("/user/weird").await;
    assert_eq!(status, 200);
    assert!(!body.contains("<script>alert("), "script tag came through");
    assert!(!body.contains("</script><img"), "script breakout came through");
    assert!(!body.to_lowercase().contains("<img src=x"), "img injection came through");
    // The text is still there, as text in the page and escaped in the data it hydrates from.
    for escaped in [
        "<p class=\"repo-desc\">&lt;script&gt;alert(\"x\")&lt;/script&gt;",
        "<p class=\"repo-desc\">&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;",
        "<p class=\"repo-desc\">서버 렌더링 🚀 サーバー 渲染 ✨ Tom &amp;amp; Jerry's \"quoted\" 'text'",
    ] {
        assert!(body.contains(escaped), "{escaped} missing");
    }
    assert!(body.contains("서버 렌더링"), "unicode lost");
    // The resource the page hydrates from is JSON without a raw `<`, so it cannot close its
    // element, and reads back to the text GitHub sent.
    let data = resource_data(&body).into_iter().find(|value| value.get("Ok").is_some()).expect("the page's data");
    let descriptions: Vec<&str> =
        data["Ok"]["repos"].as_array().expect("repos").iter().filter_map(|repo| repo["description"].as_str()).collect();
    assert!(descriptions.contains(&"<script>alert(\"x\")</script>"), "{descriptions:?}");
    assert!(descriptions.contains(&"</script><img src=x onerror=alert(1)>"), "{descriptions:?}");
}

#[tokio::test]
async fn the_token_is_sent_to_github_and_never_to_visitors() {
    let server = TestServer::start(&[]).await;
    for path in ["/user/alice", "/api/github-repos/alice", "/api/list_user_repos?username=alice", "/repos"] {
        server.fetch(path).await; // `fetch` asserts the token is absent
    }
    let auths = server.github.authorizations();
    assert!(!auths.is_empty() && auths.iter().all(|a| a == &format!("Bearer {SECRET_TOKEN}")), "{auths:?}");
}

#[tokio::test]
async fn stale_entries_are_revalidated_with_etags_in_the_background() {
    let server = TestServer::start(&[("REPOS_CACHE_TTL_SECS", "0")]).await;
    assert_eq!(server.fetch("/api/github-repos/alice").await.0, 200);
    assert_eq!(server.github.requests_for("alice"), 3);
    // The next request is served from the (stale) cache and starts one refresh.
    assert_eq!(server.fetch("/api/github-repos/alice").await.0, 200);
    eventually(Duration::from_secs(5), "three 304 answers", || server.github.not_modified() >= 3).await;
    assert_eq!(server.github.requests_for("alice"), 6);
}

/// Leptra's own GitHub client, on the fake: one page request at a time, so
/// that the budget it last saw is the last answer's.
fn client_of(github: &FakeGithub, deadline: Duration) -> GithubClient {
    GithubClient::new(ClientConfig {
        base_url: github.url(),
        token: Some(SECRET_TOKEN.to_owned()),
        connect_timeout: Duration::from_secs(2),
        timeout: Duration::from_millis(500),
        max_pages: 50,
        concurrency: 1,
        deadline,
    })
    .expect("client")
}

#[tokio::test]
async fn a_page_that_fails_once_is_asked_for_again_and_the_retry_counts_in_the_budget() {
    let github = FakeGithub::start(Options::default()).await.expect("fake GitHub");
    let client = client_of(&github, Duration::from_secs(30));
    // Page 2 fails once: with a 502, a cut connection, no answer until the client's timeout.
    for login in ["flaky", "reset", "stalls"] {
        github.reset();
        let listing = client.user_repos(login, None).await.unwrap_or_else(|err| panic!("{login}: {err}"));
        assert_eq!(listing.repos().len(), 250, "{login}");
        let pages: Vec<u64> = (1..=3).map(|page| github.page_requests(login, page)).collect();
        assert_eq!(pages, [1, 2, 1], "{login}: page 2 once more, the others once");
        // The fake counts its budget down by one per request: the client's figure has the retry in it.
        let budget = client.budget().expect("GitHub said");
        assert_eq!(budget.remaining, 5000 - github.requests(), "{login}");
    }
}

#[tokio::test]
async fn refusals_are_never_retried_and_a_failure_is_retried_once_within_the_deadline() {
    let github = FakeGithub::start(Options::default()).await.expect("fake GitHub");
    let client = client_of(&github, Duration::from_secs(30));
    for (login, status) in
        [("no-such-user", 404), ("teapot", 500), ("unauthorized", 500), ("toomany", 503), ("ratelimited", 503)]
    {
        let err = client.user_repos(login, None).await.expect_err(login);
        assert_eq!(err.status_code().as_u16(), status, "{login}");
        assert_eq!(github.page_requests(login, 1), 1, "{login} is asked once");
    }
    assert!(client.user_repos("broken", None).await.is_err());
    assert_eq!(github.page_requests("broken", 1), 2, "a 500 is retried once, not more");
    // A deadline that leaves no time for a retry.
    let hurried = client_of(&github, Duration::from_millis(100));
    assert!(hurried.user_repos("flaky", None).await.is_err());
    assert_eq!(github.page_requests("flaky", 2), 1, "no time left for a retry");
}

#[tokio::test]
async fn many_visitors_of_a_flaky_user_cost_one_set_of_requests_and_one_retry() {
    let server = TestServer::start(&[]).await;
    let requests = (0..20).map(|i| {
        let path = if i % 2 == 0 { "/user/flaky" } else { "/api/list_user_repos?username=flaky" };
        let (http, url) = (server.http.clone(), server.url(path));
        async move {
            let response = http.get(url).send().await.expect("request");
            (response.status().as_u16(), response.text().await.expect("body"))
        }
    });
    for (status, body) in futures::future::join_all(requests).await {
        assert_eq!(status, 200, "{body}");
    }
    let (_, _, body) = server.fetch("/user/flaky").await;
    assert_eq!(repo_items(&body), 250);
    let pages: Vec<u64> = (1..=3).map(|page| server.github.page_requests("flaky", page)).collect();
    assert_eq!(pages, [1, 2, 1]);
}

#[tokio::test]
async fn when_github_fails_the_last_list_is_shown_with_its_time_in_both_locales() {
    // Never fresh: every request after the first asks GitHub before it answers.
    let server = TestServer::start(&[("REPOS_CACHE_TTL_SECS", "0"), ("REPOS_CACHE_STALE_SECS", "0")]).await;
    let (status, _, body) = server.fetch("/user/alice").await;
    assert_eq!(status, 200);
    assert!(!body.contains("data-as-of"), "a fresh list has no notice");

    server.github.set_down(true);
    for (path, notice) in [("/user/alice", "GitHub is not answering"), ("/ko/user/alice", "GitHub가 응답하지 않아")]
    {
        let (status, headers, body) = server.fetch(path).await;
        assert_eq!(status, 200, "{path}");
        assert_eq!(headers["cache-control"], app::error::STALE_IF_ERROR_CACHE_CONTROL, "{path}");
        assert_eq!(repo_items(&body), 250, "{path}");
        assert!(body.contains(notice) && body.contains("UTC"), "{path}: no notice");
    }
    let (status, headers, json) = server.fetch("/api/list_user_repos?username=alice").await;
    assert_eq!(status, 200);
    assert_eq!(headers["cache-control"], app::error::STALE_IF_ERROR_CACHE_CONTROL);
    let data: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let as_of = data["as_of"].as_str().expect("the server function says when the list was fetched").to_owned();
    let (status, _, json) = server.fetch("/api/github-repos/alice").await;
    assert_eq!(status, 200);
    let api: Vec<serde_json::Value> = serde_json::from_str(&json).expect("JSON");
    assert_eq!(api.len(), 250);
    assert!(api.iter().all(|repo| repo["as_of"] == as_of.as_str()), "the JSON API says the same");

    server.github.set_down(false);
    let (status, headers, body) = server.fetch("/user/alice").await;
    assert_eq!(status, 200);
    assert_eq!(headers["cache-control"], "public, s-maxage=10, stale-while-revalidate=59");
    assert!(!body.contains("data-as-of"), "GitHub is back: a fresh list");
    let data: serde_json::Value = server.get("/api/list_user_repos?username=alice").await.json().await.expect("JSON");
    assert!(data.get("as_of").is_none(), "{:?}", data.get("as_of"));
}

#[tokio::test]
async fn a_list_older_than_stale_if_error_allows_gives_way_to_the_error() {
    let server = TestServer::start(&[
        ("REPOS_CACHE_TTL_SECS", "0"),
        ("REPOS_CACHE_STALE_SECS", "0"),
        ("REPOS_STALE_IF_ERROR_SECS", "1"),
    ])
    .await;
    assert_eq!(server.fetch("/user/octocat").await.0, 200);
    server.github.set_down(true);
    let started = std::time::Instant::now();
    assert_eq!(server.fetch("/user/octocat").await.0, 200, "young enough to stand in");
    loop {
        let (status, headers, body) = server.fetch("/user/octocat").await;
        if status == 502 {
            assert_eq!(headers["cache-control"], "no-store");
            assert!(body.contains("class=\"error-page\""));
            break;
        }
        assert_eq!(status, 200);
        assert!(started.elapsed() < Duration::from_secs(10), "the old list was shown for ever");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(started.elapsed() >= Duration::from_millis(800), "shown for its second");
}

#[tokio::test]
async fn the_ask_user_form_redirects_without_javascript() {
    let server = TestServer::start(&[]).await;
    let response = server.get("/repos?username=octocat").await;
    assert!(response.status().is_redirection(), "{}", response.status());
    assert_eq!(response.headers()["location"], "/user/octocat");
    let (status, _, body) = server.fetch("/repos?username=bad--name").await;
    assert_eq!(status, 400);
    assert!(body.contains("two hyphens"));
    assert_eq!(server.github.requests(), 0);
}

#[tokio::test]
async fn the_stars_figure_is_kept_when_github_goes_down() {
    let server = TestServer::start_with(Options::default(), &[("LEPTRA_STARS_REVALIDATE_SECS", "0")]).await;
    let stars = &server.state.stars;
    stars.refresh().await;
    assert_eq!(stars.get().stars, Some(1234));
    server.github.set_stars("leptra-rs/leptra", 1300);
    stars.settled().await;
    stars.refresh().await;
    assert_eq!(stars.get().stars, Some(1300));
    server.github.set_down(true);
    stars.settled().await;
    stars.refresh().await;
    assert_eq!(stars.get().stars, Some(1300), "the last good value stays");
    let response: serde_json::Value = server.get("/api/get_repo_stars").await.json().await.expect("json");
    assert_eq!(response["stars"], 1300);
}

#[tokio::test]
async fn start_up_and_the_first_requests_fetch_the_stars_once() {
    let server = TestServer::start(&[]).await;
    let stars = &server.state.stars;
    server.github.reset();
    // What `main` does at start-up, racing the first pages that show the figure.
    let (_, early, first) = tokio::join!(stars.refresh(), async { stars.get() }, stars.current());
    assert_eq!(early.stars, None, "a page before the first fetch shows no figure rather than waiting");
    assert_eq!(first.stars, Some(1234));
    stars.settled().await;
    assert_eq!(stars.get().stars, Some(1234));
    assert_eq!(server.github.requests(), 1, "one fetch of the stars for all of them");
}

#[tokio::test]
async fn many_concurrent_warm_page_renders_all_succeed() {
    let server = TestServer::start(&[]).await;
    // Warm: the data is cached, so every request below is pure rendering (a
    // cold fetch here would share this test's one thread with 1,250-repository
    // renders and could exceed the 2 s GitHub timeout on a loaded machine).
    assert_eq!(server.fetch("/user/pages13").await.0, 200);
    assert_eq!(server.fetch("/user/alice").await.0, 200);
    for round in 0..5 {
        let requests = (0..16).map(|i| {
            // A query of its own per request: every request renders (no page cache hit).
            let path = if i % 2 == 0 { "/user/pages13?v=" } else { "/user/alice?sort=stars&v=" };
            let url = server.url(&format!("{path}{round}-{i}"));
            let http = server.http.clone();
            async move {
                let response = http.get(url).send().await.expect("the connection survives");
                let status = response.status().as_u16();
                let body = response.text().await.expect("a complete body");
                (i, status, repo_items(&body), body)
            }
        });
        for (i, status, items, body) in futures::future::join_all(requests).await {
            let message =
                body.split("class=\"error-page\"").nth(1).unwrap_or(&body).chars().take(600).collect::<String>();
            assert_eq!(status, 200, "round {round}: {message}");
            let (login, count) = if i % 2 == 0 { ("pages13", 1250) } else { ("alice", 250) };
            assert_eq!(items, count, "round {round}: {login}");
            assert!(body.contains(&format!("<title>{login}'s repositories")), "round {round}: {login}'s title");
        }
    }
}

#[tokio::test]
async fn concurrent_error_and_search_pages_keep_their_titles() {
    let server = TestServer::start(&[]).await;
    let cases = [
        ("/user/no-such-user", 404, "<title>Page not found"),
        ("/search?q=cache", 200, "<title>Search"),
        ("/ko/docs/nope", 404, "<title>페이지를 찾을 수 없습니다"),
    ];
    for round in 0..3 {
        let requests = (0..18).map(|i| {
            let (path, status, title) = cases[i % cases.len()];
            let url = server.url(path);
            let http = server.http.clone();
            async move {
                let response = http.get(url).send().await.expect("the connection survives");
                assert_eq!(response.status().as_u16(), status, "round {round}: {path}");
                let body = response.text().await.expect("a complete body");
                assert!(body.contains(title), "round {round}: {path} lacks {title}");
            }
        });
        futures::future::join_all(requests).await;
    }
}

/// The shown (not `hidden`) repository items of a user page, each from its `<li` to its `</li>`.
fn shown_items(html: &str) -> Vec<&str> {
    html.split("<li ")
        .skip(1)
        .filter(|item| {
            let tag = item.split('>').next().unwrap_or_default();
            tag.contains("class=\"repo\"") && !tag.contains(" hidden")
        })
        .map(|item| item.split("</li>").next().unwrap_or_default())
        .collect()
}

/// The language a repository item shows, if any.
fn item_language(item: &str) -> Option<&str> {
    item.split("<span class=\"repo-lang\">").nth(1).and_then(|rest| rest.split('<').next())
}

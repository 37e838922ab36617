//! Tests of the fake GitHub API over real HTTP on loopback.

use std::{
    collections::HashSet,
    time::{Duration, Instant},
};

use reqwest::{header, Client, Response, StatusCode};
use serde_json::Value;

use super::{cli, data, http::etag, Command, FakeGithub, Options};

async fn fake() -> FakeGithub {
    FakeGithub::start(Options::default()).await.expect("the fake binds a loopback port")
}

fn client() -> Client {
    Client::builder().no_proxy().build().expect("a plain HTTP client builds")
}

async fn get(fake: &FakeGithub, path: &str) -> Response {
    client().get(format!("{}{path}", fake.url())).send().await.expect("the fake answers")
}

async fn json(response: Response) -> Value {
    response.json().await.expect("the body is JSON")
}

fn header<'a>(response: &'a Response, name: &str) -> Option<&'a str> {
    response.headers().get(name).map(|v| v.to_str().expect("ASCII header"))
}

/// `rel` → URL from a GitHub `Link` header.
fn links(response: &Response) -> Vec<(String, String)> {
    header(response, "link")
        .unwrap_or("")
        .split(", ")
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (url, rel) = part.split_once(">; rel=\"").expect("GitHub link syntax");
            (rel.trim_end_matches('"').to_owned(), url.trim_start_matches('<').to_owned())
        })
        .collect()
}

fn link(response: &Response, rel: &str) -> Option<String> {
    links(response).into_iter().find(|(r, _)| r == rel).map(|(_, url)| url)
}

/// Polls `done` until it holds, yielding to the server in between (no fixed sleeps).
async fn wait_until(done: impl Fn() -> bool) {
    tokio::time::timeout(Duration::from_secs(5), async {
        while !done() {
            tokio::task::yield_now().await;
        }
    })
    .await
    .expect("the condition became true in time");
}

#[tokio::test]
async fn link_header_of_alices_first_page_points_at_pages_two_and_three_by_numeric_id() {
    let fake = fake().await;
    let response = get(&fake, "/users/alice/repos?per_page=100").await;
    assert_eq!(response.status(), StatusCode::OK);
    let id = data::by_login("alice").expect("alice exists").id;
    let base = format!("{}/user/{id}/repos?per_page=100", fake.url());
    assert_eq!(
        header(&response, "link"),
        Some(format!(r#"<{base}&page=2>; rel="next", <{base}&page=3>; rel="last""#).as_str())
    );
    assert_eq!(json(response).await.as_array().map(Vec::len), Some(100));
}

#[tokio::test]
async fn following_the_links_gives_all_250_unique_repositories_in_name_order() {
    let fake = fake().await;
    let mut url = format!("{}/users/alice/repos?per_page=100", fake.url());
    let mut names = Vec::new();
    let mut middle_rels = Vec::new();
    for _ in 0..10 {
        let response = client().get(&url).send().await.expect("the fake answers");
        assert_eq!(response.status(), StatusCode::OK);
        let rels: Vec<String> = links(&response).into_iter().map(|(rel, _)| rel).collect();
        let next = link(&response, "next");
        let page = json(response).await;
        names.extend(
            page.as_array().expect("an array").iter().map(|r| r["full_name"].as_str().expect("a name").to_owned()),
        );
        if names.len() == 200 {
            middle_rels = rels;
        }
        match next {
            Some(next) => url = next,
            None => break,
        }
    }
    assert_eq!(middle_rels, ["prev", "next", "last", "first"]);
    assert_eq!(names.len(), 250);
    assert_eq!(names.iter().collect::<HashSet<_>>().len(), 250);
    let mut sorted = names.clone();
    sorted.sort_by_key(|name| name.to_lowercase());
    assert_eq!(names, sorted);
    assert_eq!(fake.page_requests("alice", 3), 1);
}

#[tokio::test]
async fn one_full_page_has_no_link_header_and_an_empty_user_gets_an_empty_array() {
    let fake = fake().await;
    let response = get(&fake, "/users/hundred/repos?per_page=100").await;
    assert!(header(&response, "link").is_none());
    assert_eq!(json(response).await.as_array().map(Vec::len), Some(100));
    let response = get(&fake, "/users/empty/repos").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(json(response).await, serde_json::json!([]));
}

#[tokio::test]
async fn per_page_is_clamped_and_garbled_values_fall_back_to_defaults() {
    let fake = fake().await;
    for (query, expected) in [("per_page=500", 100), ("per_page=0", 1), ("per_page=abc&page=x", 30), ("", 30)] {
        let response = get(&fake, &format!("/users/alice/repos?{query}")).await;
        assert_eq!(json(response).await.as_array().map(Vec::len), Some(expected), "{query}");
    }
    let beyond = get(&fake, "/users/alice/repos?per_page=100&page=9").await;
    assert_eq!(json(beyond).await, serde_json::json!([]));
}

#[tokio::test]
async fn a_matching_if_none_match_gets_304_and_is_counted() {
    let fake = fake().await;
    let first = get(&fake, "/users/octocat/repos").await;
    let etag = header(&first, "etag").expect("an ETag").to_owned();
    assert!(etag.starts_with('"') && etag.ends_with('"') && etag.len() == 18, "{etag}");
    assert_eq!(header(&first, "content-type"), Some("application/json; charset=utf-8"));
    assert_eq!(etag, etag_of(first).await);
    let url = format!("{}/users/octocat/repos", fake.url());
    let second = client().get(url).header(header::IF_NONE_MATCH, &etag).send().await.expect("answers");
    assert_eq!(second.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(header(&second, "etag"), Some(etag.as_str()));
    assert!(second.bytes().await.expect("a body").is_empty());
    assert_eq!((fake.not_modified(), fake.requests(), fake.requests_for("octocat")), (1, 2, 2));
}

async fn etag_of(response: Response) -> String {
    etag(&response.bytes().await.expect("a body"))
}

#[tokio::test]
async fn unknown_users_ids_and_repositories_get_githubs_404() {
    let fake = fake().await;
    for path in ["/users/nobody-here/repos", "/user/42/repos", "/user/abc/repos", "/repos/alice/nope", "/elsewhere"] {
        let response = get(&fake, path).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        let expected = serde_json::json!({
            "message": "Not Found",
            "documentation_url": "https://docs.github.com/rest",
            "status": "404",
        });
        assert_eq!(json(response).await, expected);
    }
}

#[tokio::test]
async fn fault_users_answer_with_their_failures() {
    let fake = fake().await;
    let limited = get(&fake, "/users/ratelimited/repos").await;
    assert_eq!(limited.status(), StatusCode::FORBIDDEN);
    assert_eq!(header(&limited, "x-ratelimit-remaining"), Some("0"));
    let reset: u64 = header(&limited, "x-ratelimit-reset").and_then(|v| v.parse().ok()).expect("a reset time");
    assert!(reset > super::http::now() + 60);
    let body = json(limited).await;
    assert!(body["message"].as_str().is_some_and(|m| m.starts_with("API rate limit exceeded")));

    let too_many = get(&fake, "/users/TooMany/repos").await;
    assert_eq!(too_many.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(header(&too_many, "retry-after"), Some("30"));

    for (login, status) in [("broken", 500), ("unavailable", 503), ("teapot", 418), ("unauthorized", 401)] {
        assert_eq!(get(&fake, &format!("/users/{login}/repos")).await.status().as_u16(), status, "{login}");
    }
    assert_eq!(
        get(&fake, "/users/halfbroken/repos?per_page=100&page=2").await.status(),
        StatusCode::INTERNAL_SERVER_ERROR
    );
    assert_eq!(get(&fake, "/users/halfbroken/repos?per_page=100&page=3").await.status(), StatusCode::OK);

    let truncated = get(&fake, "/users/truncated/repos").await;
    assert_eq!(truncated.status(), StatusCode::OK);
    assert_eq!(header(&truncated, "content-type"), Some("application/json; charset=utf-8"));
    let text = truncated.text().await.expect("a body");
    assert!(serde_json::from_str::<Value>(&text).is_err(), "{text}");
}

#[tokio::test]
async fn flaky_reset_and_stalling_users_fail_page_two_on_its_odd_requests_only() {
    let fake = fake().await;
    let page = |login: &str, page: u32| format!("{}/users/{login}/repos?per_page=100&page={page}", fake.url());
    // A whole request, body included, that may fail in any way; the timeout ends a stalled one.
    let attempt = |url: String, timeout: Duration| async move {
        let response = client().get(url).timeout(timeout).send().await?;
        response.error_for_status()?.bytes().await
    };
    let failure = |result: reqwest::Result<_>| match result {
        Ok(_) => "nothing",
        Err(err) if err.is_status() => "an error status",
        Err(err) if err.is_timeout() => "a timeout",
        Err(_) => "a failed connection",
    };
    let patient = Duration::from_secs(10);
    for (login, fault) in [("flaky", "an error status"), ("reset", "a failed connection"), ("stalls", "a timeout")] {
        assert!(attempt(page(login, 1), patient).await.is_ok(), "{login}: page 1 always answers");
        let first = attempt(page(login, 2), Duration::from_millis(300)).await;
        assert_eq!(failure(first), fault, "{login}: the first request of page 2");
        let second = attempt(page(login, 2), patient).await.unwrap_or_else(|err| panic!("{login}, second: {err}"));
        let repos: Value = serde_json::from_slice(&second).expect("JSON");
        assert_eq!(repos.as_array().map(Vec::len), Some(100), "{login}");
        let third = attempt(page(login, 2), Duration::from_millis(300)).await;
        assert_eq!(failure(third), fault, "{login}: the third request of page 2");
        assert_eq!(fake.page_requests(login, 2), 3);
    }
}

#[tokio::test]
async fn badlink_and_looping_users_send_unusable_link_headers() {
    let fake = fake().await;
    let bad = get(&fake, "/users/badlink/repos?per_page=100").await;
    assert_eq!(header(&bad, "link"), Some("<not a url; rel=next, garbage"));
    assert_eq!(json(bad).await.as_array().map(Vec::len), Some(100));
    let looping = get(&fake, "/users/looping/repos?per_page=100").await;
    let first = link(&looping, "next").expect("a next link");
    assert!(first.ends_with("/repos?per_page=100&page=1"), "{first}");
    assert_eq!(link(&looping, "last"), Some(first));
}

#[tokio::test]
async fn slow_user_answers_after_two_seconds() {
    let fake = fake().await;
    let started = Instant::now();
    let response = get(&fake, "/users/slow/repos").await;
    assert!(started.elapsed() >= Duration::from_secs(2));
    assert_eq!(json(response).await.as_array().map(Vec::len), Some(3));
}

#[tokio::test]
async fn counters_count_per_user_and_per_page_but_not_control_paths() {
    let fake = fake().await;
    let client = client();
    for path in
        ["/users/alice/repos?page=2", "/users/ALICE/repos?page=2", "/user/1000001/repos?page=1", "/users/ghost/repos"]
    {
        client.get(format!("{}{path}", fake.url())).bearer_auth("t0ken").send().await.expect("answers");
    }
    let stats = json(get(&fake, "/__fake/stats").await).await;
    assert_eq!(stats["total"], 4);
    assert_eq!(stats["per_user"]["alice"], 3);
    assert_eq!((fake.requests(), fake.requests_for("Alice"), fake.requests_for("ghost")), (4, 3, 1));
    assert_eq!((fake.page_requests("alice", 1), fake.page_requests("alice", 2)), (1, 2));
    assert_eq!(fake.authorizations(), vec!["Bearer t0ken"; 4]);

    let reset = client.post(format!("{}/__fake/reset", fake.url())).send().await.expect("answers");
    assert!(reset.status().is_success());
    assert_eq!((fake.requests(), fake.requests_for("alice"), fake.authorizations().len()), (0, 0, 0));
    fake.reset();
    assert_eq!(fake.requests(), 0);
}

#[tokio::test]
async fn rate_limit_headers_count_down_without_reaching_zero() {
    let fake = fake().await;
    let first = get(&fake, "/users/octocat/repos").await;
    let second = get(&fake, "/users/octocat/repos").await;
    let remaining = |r: &Response| header(r, "x-ratelimit-remaining").and_then(|v| v.parse::<u64>().ok());
    assert_eq!(header(&first, "x-ratelimit-limit"), Some("5000"));
    assert_eq!((remaining(&first), remaining(&second)), (Some(4999), Some(4998)));
}

#[tokio::test]
async fn weird_user_serves_hostile_and_unusual_text() {
    let fake = fake().await;
    let repos = json(get(&fake, "/users/weird/repos").await).await;
    let repos = repos.as_array().expect("an array");
    let descriptions: Vec<&str> = repos.iter().filter_map(|r| r["description"].as_str()).collect();
    assert!(descriptions.contains(&r#"<script>alert("x")</script>"#));
    assert!(descriptions.iter().any(|d| d.contains("</script><img src=x onerror=alert(1)>")));
    assert!(descriptions.iter().any(|d| d.contains("서버 렌더링 🚀") && d.contains("&amp;")));
    assert!(descriptions.iter().any(|d| d.len() > 1900));
    assert!(repos.iter().any(|r| r["description"].is_null() && r["language"].is_null() && r["license"].is_null()));
    let names: Vec<String> = repos.iter().map(|r| r["name"].as_str().unwrap_or("").to_lowercase()).collect();
    assert!(names.windows(2).all(|w| w[0] < w[1]), "{names:?}");
}

#[tokio::test]
async fn repository_endpoint_serves_leptra_and_follows_star_changes() {
    let fake = fake().await;
    let leptra = json(get(&fake, "/repos/leptra-rs/leptra").await).await;
    assert_eq!(leptra["stargazers_count"], 1234);
    assert_eq!(leptra["pushed_at"], "2025-05-30T08:30:00Z");
    assert_eq!(leptra["owner"]["type"], "Organization");
    fake.set_stars("leptra-rs/leptra", 2000);
    assert_eq!(json(get(&fake, "/repos/Leptra-RS/Leptra").await).await["stargazers_count"], 2000);
    let url = format!("{}/__fake/stars/alice/project-007/99", fake.url());
    assert!(client().post(url).send().await.expect("answers").status().is_success());
    let repo = json(get(&fake, "/repos/alice/project-007").await).await;
    assert_eq!((repo["stargazers_count"].as_u64(), repo["fork"].as_bool()), (Some(99), Some(true)));
}

#[tokio::test]
async fn down_makes_every_request_answer_503_until_it_is_back() {
    let fake = fake().await;
    fake.set_down(true);
    assert_eq!(get(&fake, "/users/octocat/repos").await.status(), StatusCode::SERVICE_UNAVAILABLE);
    let url = format!("{}/__fake/down/false", fake.url());
    assert!(client().post(url).send().await.expect("answers").status().is_success());
    assert_eq!(get(&fake, "/users/octocat/repos").await.status(), StatusCode::OK);
    assert_eq!(fake.requests_for("octocat"), 2);
}

#[tokio::test]
async fn latency_delays_counted_responses() {
    let fake =
        FakeGithub::start(Options { latency: Duration::from_millis(150), ..Options::default() }).await.expect("binds");
    let started = Instant::now();
    assert_eq!(get(&fake, "/users/empty/repos").await.status(), StatusCode::OK);
    assert!(started.elapsed() >= Duration::from_millis(150));
}

#[tokio::test]
async fn dropping_the_fake_stops_it_and_cuts_open_connections() {
    let fake = fake().await;
    let (url, client) = (fake.url(), client());
    assert_eq!(client.get(format!("{url}/users/empty/repos")).send().await.expect("answers").status(), StatusCode::OK);
    let hanging = tokio::spawn(client.get(format!("{url}/users/hang/repos")).send());
    wait_until(|| fake.requests_for("hang") == 1).await;
    drop(fake);
    let hung = tokio::time::timeout(Duration::from_secs(5), hanging).await.expect("the hung request ends");
    assert!(hung.expect("the task ran").is_err());
    let later =
        tokio::time::timeout(Duration::from_secs(5), client.get(format!("{url}/users/empty/repos")).send()).await;
    assert!(!matches!(later, Ok(Ok(_))), "a stopped fake must not answer");
}

#[test]
fn generated_repositories_vary_and_stay_in_name_order() {
    let alice = data::by_login("Alice").expect("case-insensitive logins");
    let repos: Vec<data::Repo> = (0..alice.repo_count()).filter_map(|i| alice.repo(i)).collect();
    assert!(repos.windows(2).all(|w| w[0].name < w[1].name));
    assert_eq!(alice.find("PROJECT-123"), Some(122));
    assert_eq!(alice.find("project-251"), None);
    let huge = data::by_login("huge").expect("exists");
    assert_eq!(huge.repo(11_999).map(|r| r.name), Some("project-12000".to_owned()));
    let json: Vec<Value> =
        (0..20).filter_map(|i| alice.repo(i).map(|r| alice.repo_json(i, &r, "http://x", None))).collect();
    let stars: HashSet<u64> = json.iter().filter_map(|r| r["stargazers_count"].as_u64()).collect();
    let languages: HashSet<String> = json.iter().map(|r| r["language"].to_string()).collect();
    assert!(stars.len() > 5 && languages.len() > 5 && languages.contains("null"));
    assert_eq!((json[6]["fork"].as_bool(), json[10]["archived"].as_bool()), (Some(true), Some(true)));
}

#[test]
fn rfc3339_formats_known_instants() {
    assert_eq!(data::rfc3339(0), "1970-01-01T00:00:00Z");
    assert_eq!(data::rfc3339(1_700_000_000), "2023-11-14T22:13:20Z");
    assert_eq!(data::rfc3339(951_825_600), "2000-02-29T12:00:00Z");
}

#[test]
fn command_line_prefers_flags_to_env_and_refuses_non_loopback_addresses() {
    let env = |name: &str| (name == "FAKE_GITHUB_ADDR").then(|| "127.0.0.1:4000".to_owned());
    let args = |list: &[&str]| list.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    let Ok(Command::Serve { addr, options }) = cli::parse_command_line(args(&["--latency-ms=25"]), env) else {
        panic!("valid arguments");
    };
    assert_eq!((addr.port(), options.latency), (4000, Duration::from_millis(25)));
    let Ok(Command::Serve { addr, .. }) = cli::parse_command_line(args(&["--addr", "[::1]:5000"]), env) else {
        panic!("valid arguments");
    };
    assert_eq!(addr.to_string(), "[::1]:5000");
    let refused = cli::parse_command_line(args(&["--addr", "0.0.0.0:3100"]), |_| None);
    assert!(refused.is_err_and(|e| e.contains("loopback")));
    assert!(cli::parse_command_line(args(&["--latency-ms", "soon"]), |_| None).is_err());
    assert!(cli::parse_command_line(args(&["--bogus"]), |_| None).is_err());
}

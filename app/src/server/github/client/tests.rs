use super::*;

#[test]
fn link_header_gives_next_and_last() {
    let header = r#"<https://api.github.com/user/1/repos?per_page=100&page=2>; rel="next", <https://api.github.com/user/1/repos?per_page=100&page=13>; rel="last""#;
    let rels = parse_links(Some(header)).expect("parses");
    assert_eq!(rels.next.as_deref(), Some("https://api.github.com/user/1/repos?per_page=100&page=2"));
    let last = Url::parse(&rels.last.expect("has last")).expect("url");
    assert_eq!(page_number(&last), Some(13));
}

#[test]
fn a_missing_link_header_means_one_page() {
    assert_eq!(parse_links(None).expect("ok"), Rels::default());
    assert_eq!(parse_links(Some("  ")).expect("ok"), Rels::default());
}

#[test]
fn a_malformed_link_header_is_an_upstream_error() {
    let err = parse_links(Some("<not a url; rel=next, garbage")).expect_err("malformed");
    assert_eq!(err.status_code(), StatusCode::BAD_GATEWAY);
}

#[test]
fn replacing_the_page_keeps_other_parameters_in_order() {
    let url = Url::parse("https://api.github.com/user/1/repos?per_page=100&page=13").expect("url");
    assert_eq!(with_page(&url, 4).as_str(), "https://api.github.com/user/1/repos?per_page=100&page=4");
}

#[test]
fn rate_limits_become_503_with_a_retry_time() {
    let mut headers = HeaderMap::new();
    headers.insert("x-ratelimit-remaining", "0".parse().expect("value"));
    let now = SystemTime::now().duration_since(UNIX_EPOCH).expect("clock").as_secs();
    headers.insert("x-ratelimit-reset", (now + 120).to_string().parse().expect("value"));
    let err = status_error(StatusCode::FORBIDDEN, &headers, &AppError::NotFound(String::new()));
    let AppError::RateLimited { retry_after_secs: Some(secs) } = err else { panic!("{err:?}") };
    assert!((118..=120).contains(&secs), "{secs}");

    let mut headers = HeaderMap::new();
    headers.insert("retry-after", "30".parse().expect("value"));
    let err = status_error(StatusCode::TOO_MANY_REQUESTS, &headers, &AppError::NotFound(String::new()));
    assert_eq!(err, AppError::RateLimited { retry_after_secs: Some(30) });
}

#[test]
fn github_repository_json_is_understood() {
    let json = br#"[{"name":"x","html_url":"https://github.com/a/x","description":null,"language":null,
        "stargazers_count":3,"watchers_count":3,"forks":1,"forks_count":1,"updated_at":"2024-01-01T00:00:00Z",
        "fork":false,"archived":true,"private":false,"topics":[],"license":null}]"#;
    let repos = parse_repos(json).expect("parses");
    assert_eq!((repos[0].stars, repos[0].forks, repos[0].archived), (3, 1, true));
    assert_eq!(repos[0].description, None);
}

#[test]
fn truncated_json_is_an_upstream_error() {
    let err = parse_repos(br#"[{"id":1,"name":"abc"#).expect_err("truncated");
    assert_eq!(err.status_code(), StatusCode::BAD_GATEWAY);
}

#[test]
fn statuses_map_to_the_right_errors() {
    let nf = AppError::NotFound("nobody".into());
    let empty = HeaderMap::new();
    assert_eq!(status_error(StatusCode::NOT_FOUND, &empty, &nf).status_code().as_u16(), 404);
    assert_eq!(status_error(StatusCode::BAD_GATEWAY, &empty, &nf).status_code().as_u16(), 502);
    assert_eq!(status_error(StatusCode::INTERNAL_SERVER_ERROR, &empty, &nf).status_code().as_u16(), 502);
    assert_eq!(status_error(StatusCode::IM_A_TEAPOT, &empty, &nf).status_code().as_u16(), 500);
    assert_eq!(status_error(StatusCode::FORBIDDEN, &empty, &nf).status_code().as_u16(), 500);
}

proptest::proptest! {
    #[test]
    fn any_link_header_parses_or_is_an_upstream_error(header in ".{0,300}") {
        match parse_links(Some(&header)) {
            Ok(_) => {}
            Err(err) => proptest::prop_assert_eq!(err.status_code(), StatusCode::BAD_GATEWAY),
        }
    }

    #[test]
    fn github_style_link_headers_give_their_next_and_last_pages(next in 2_u32..1000, extra in 0_u32..1000) {
        let last = next + extra;
        let url = |page: u32| format!("https://api.github.com/user/7/repos?per_page=100&page={page}");
        let header = format!(r#"<{}>; rel="next", <{}>; rel="last", <{}>; rel="first""#, url(next), url(last), url(1));
        let rels = parse_links(Some(&header)).expect("parses");
        proptest::prop_assert_eq!(rels.next, Some(url(next)));
        let last_url = Url::parse(&rels.last.expect("has last")).expect("url");
        proptest::prop_assert_eq!(page_number(&last_url), Some(last));
    }
}

#[test]
fn a_repository_on_two_pages_is_listed_once() {
    let repo = |id: u64, name: &str| Repo { id, name: name.to_owned(), ..Repo::default() };
    let page = |repos: Vec<Repo>| Page { etag: None, repos: repos.into() };
    let listing = Listing {
        pages: vec![
            page(vec![repo(1, "a"), repo(2, "b")]),
            page(vec![repo(2, "b"), repo(3, "c"), repo(0, "x"), repo(0, "y")]),
        ],
        capped_at_pages: None,
        last_link: None,
    };
    let names: Vec<String> = listing.repos().into_iter().map(|r| r.name).collect();
    assert_eq!(names, ["a", "b", "c", "x", "y"]);
}

#[test]
fn another_replicas_low_budget_counts_until_its_reset() {
    let config = |token: Option<&str>| ClientConfig {
        base_url: "http://127.0.0.1:1".into(),
        token: token.map(str::to_owned),
        connect_timeout: Duration::from_secs(1),
        timeout: Duration::from_secs(1),
        max_pages: 1,
        concurrency: 1,
        deadline: Duration::from_secs(2),
    };
    let client = GithubClient::new(config(Some("t"))).expect("client");
    let now = SystemTime::now().duration_since(UNIX_EPOCH).expect("clock").as_secs();
    let low = RateBudget { remaining: 5, reset: now + 600 };
    assert!(client.budget_below(100, Some(low)), "a replica that saw 5 left makes all keep the reserve");
    assert!(
        !client.budget_below(100, Some(RateBudget { remaining: 5, reset: now - 1 })),
        "a renewed budget is ignored"
    );
    assert!(!client.budget_below(100, None), "nothing seen yet");
    assert!(!client.budget_below(4, Some(low)));
    let anonymous = GithubClient::new(config(None)).expect("client");
    assert!(!anonymous.budget_below(100, Some(low)), "without a token the reserve does not apply");
}

#[test]
fn a_stored_listing_round_trips_and_an_impossible_one_is_refused() {
    let repo = Repo { id: 7, name: "x".into(), ..Repo::default() };
    let listing = Listing {
        pages: vec![Page { etag: Some("\"e1\"".into()), repos: vec![repo].into() }],
        capped_at_pages: None,
        last_link: None,
    };
    let stored = serde_json::to_string(&listing.stored()).expect("serializes");
    let back = Listing::from_stored(serde_json::from_str(&stored).expect("parses"), 10).expect("valid");
    assert_eq!(back.pages[0].etag.as_deref(), Some("\"e1\""));
    assert_eq!(back.repos(), listing.repos());
    let empty: StoredListing =
        serde_json::from_str(r#"{"pages":[],"capped_at_pages":null,"last_link":null}"#).expect("parses");
    assert!(Listing::from_stored(empty, 10).is_none(), "no pages");
    assert!(
        Listing::from_stored(serde_json::from_str(&stored).expect("parses"), 0).is_none(),
        "more pages than allowed"
    );
}

#[test]
fn a_budget_spent_until_its_reset_leaves_no_room_for_a_retry() {
    let client = GithubClient::new(ClientConfig {
        base_url: "http://127.0.0.1:1".into(),
        token: Some("t".into()),
        connect_timeout: Duration::from_secs(1),
        timeout: Duration::from_secs(1),
        max_pages: 1,
        concurrency: 1,
        deadline: Duration::from_secs(2),
    })
    .expect("client");
    assert!(!client.budget_spent(), "nothing seen yet");
    let now = unix_now();
    client.remaining.store(0, Ordering::Relaxed);
    client.reset.store(now + 60, Ordering::Relaxed);
    assert!(client.budget_spent());
    client.reset.store(now - 1, Ordering::Relaxed);
    assert!(!client.budget_spent(), "the budget was renewed since");
    client.remaining.store(1, Ordering::Relaxed);
    client.reset.store(now + 60, Ordering::Relaxed);
    assert!(!client.budget_spent(), "one request left");
}

//! The fake's HTTP surface: GitHub-like routes, the headers GitHub sends
//! (rate limit, `ETag`, `Link`), conditional requests and the control paths.

use std::{
    sync::{atomic::Ordering, Arc},
    time::{Duration, SystemTime, UNIX_EPOCH},
};

use axum::{
    body::Body,
    extract::{Path, Request, State},
    middleware::{from_fn_with_state, Next},
    response::{IntoResponse, Response},
    routing::{get, post},
    Router,
};
use http::{
    header::{AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, ETAG, HOST, IF_NONE_MATCH, LINK, RETRY_AFTER},
    HeaderMap, HeaderName, HeaderValue, StatusCode, Uri,
};
use serde_json::{json, Value};

use super::{
    data::{self, Chaos, Fault, User},
    Shared,
};

const RATE_LIMIT: u64 = 5000;
const DOCS: &str = "https://docs.github.com/rest";
const X_LIMIT: HeaderName = HeaderName::from_static("x-ratelimit-limit");
const X_REMAINING: HeaderName = HeaderName::from_static("x-ratelimit-remaining");
const X_RESET: HeaderName = HeaderName::from_static("x-ratelimit-reset");
const X_USED: HeaderName = HeaderName::from_static("x-ratelimit-used");
const X_RESOURCE: HeaderName = HeaderName::from_static("x-ratelimit-resource");

/// Builds the fake's router around `shared`.
pub(super) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/users/{login}/repos", get(list_by_login))
        .route("/user/{id}/repos", get(list_by_id))
        .route("/repos/{owner}/{name}", get(one_repo))
        .route("/__fake/stats", get(stats))
        .route("/__fake/reset", post(reset))
        .route("/__fake/stars/{owner}/{name}/{count}", post(set_stars))
        .route("/__fake/down/{state}", post(set_down))
        .fallback(|| async { github_error(StatusCode::NOT_FOUND, "Not Found") })
        .layer(from_fn_with_state(Arc::clone(&shared), gatekeeper))
        .with_state(shared)
}

/// Counts, delays and post-processes every request outside `/__fake/`.
async fn gatekeeper(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    if path.starts_with("/__fake/") {
        return next.run(request).await;
    }
    let listing = listed_login(path).map(|login| (login, paging(request.uri().query()).0));
    let authorization =
        request.headers().get(AUTHORIZATION).map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    let number = shared.record(listing, authorization);
    let if_none_match = request.headers().get(IF_NONE_MATCH).cloned();
    if !shared.latency.is_zero() {
        tokio::time::sleep(shared.latency).await;
    }
    let mut response = if shared.down.load(Ordering::SeqCst) {
        github_error(StatusCode::SERVICE_UNAVAILABLE, "Service Unavailable")
    } else {
        next.run(request).await
    };
    let headers = response.headers_mut();
    let remaining = (RATE_LIMIT - 1) - number.saturating_sub(1) % (RATE_LIMIT - 1);
    headers.entry(X_LIMIT).or_insert(HeaderValue::from(RATE_LIMIT));
    headers.entry(X_REMAINING).or_insert(HeaderValue::from(remaining));
    headers.entry(X_RESET).or_insert(HeaderValue::from(now() + 3600));
    headers.entry(X_USED).or_insert(HeaderValue::from(RATE_LIMIT - remaining));
    headers.entry(X_RESOURCE).or_insert(HeaderValue::from_static("core"));

    let fresh = match (&if_none_match, response.headers().get(ETAG)) {
        (Some(wanted), Some(etag)) => response.status() == StatusCode::OK && etag_matches(wanted, etag),
        _ => false,
    };
    if fresh {
        shared.counters().not_modified += 1;
        *response.status_mut() = StatusCode::NOT_MODIFIED;
        *response.body_mut() = Body::empty();
        response.headers_mut().remove(CONTENT_TYPE);
        response.headers_mut().remove(CONTENT_LENGTH);
    }
    response
}

/// The lowercase login whose listing `path` asks for, if it is a listing path.
fn listed_login(path: &str) -> Option<String> {
    let mut parts = path.trim_start_matches('/').split('/');
    let (kind, who, repos) = (parts.next()?, parts.next()?, parts.next()?);
    if repos != "repos" || parts.next().is_some() {
        return None;
    }
    match kind {
        "users" => Some(who.to_ascii_lowercase()),
        "user" => who.parse().ok().and_then(data::by_id).map(|user| user.login.to_owned()),
        _ => None,
    }
}

/// `(page, per_page)` from a query string, with GitHub's defaults and limits.
fn paging(query: Option<&str>) -> (u32, u32) {
    let value = |name: &str| {
        query
            .unwrap_or("")
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .filter(|(key, _)| *key == name)
            .filter_map(|(_, value)| value.parse::<u64>().ok())
            .next_back()
    };
    let page = value("page").map_or(1, |p| p.clamp(1, u64::from(u32::MAX)) as u32);
    let per_page = value("per_page").map_or(30, |p| p.clamp(1, 100) as u32);
    (page, per_page)
}

async fn list_by_login(
    State(shared): State<Arc<Shared>>,
    Path(login): Path<String>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    match data::by_login(&login) {
        Some(user) => listing(&shared, user, uri.query(), &headers).await,
        None => github_error(StatusCode::NOT_FOUND, "Not Found"),
    }
}

async fn list_by_id(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    match id.parse().ok().and_then(data::by_id) {
        Some(user) => listing(&shared, user, uri.query(), &headers).await,
        None => github_error(StatusCode::NOT_FOUND, "Not Found"),
    }
}

/// One page of `user`'s repositories, or the failure the user stands for.
async fn listing(shared: &Shared, user: &'static User, query: Option<&str>, headers: &HeaderMap) -> Response {
    let (page, per_page) = paging(query);
    let fault = match user.fault {
        Some(Fault::Chaos(kind)) if shared.chaos > 0.0 && fastrand::f64() < shared.chaos => chaos_fault(kind),
        Some(Fault::Chaos(_)) => None,
        fault => fault,
    };
    // How many times this page was asked for, this request included (odd: the first, the third, …).
    let nth = shared.counters().per_page.get(&(user.login.to_ascii_lowercase(), page)).copied().unwrap_or(1);
    if let Some(failure) = failure(fault, page, nth).await {
        return failure;
    }
    let base = base_url(headers, shared);
    let total = user.repo_count();
    let start = ((page - 1) as usize).saturating_mul(per_page as usize).min(total);
    // A repository created meanwhile pushes the last one of the page before onto this page.
    let start = if fault == Some(Fault::Shifted) && page > 1 { start.saturating_sub(1) } else { start };
    let end = start.saturating_add(per_page as usize).min(total);
    let mut response = json_value(StatusCode::OK, &Value::Array(page_items(shared, user, &base, start..end)));
    let url = |page: u32| page_url(&base, user.id, query, page);
    let link = match fault {
        Some(Fault::BadLink) => Some("<not a url; rel=next, garbage".to_owned()),
        Some(Fault::Looping) => Some(format!(r#"<{}>; rel="next", <{}>; rel="last""#, url(1), url(1))),
        _ => {
            let last = u32::try_from(total.div_ceil(per_page as usize)).unwrap_or(u32::MAX).max(1);
            link_header(page, last, url)
        }
    };
    if let Some(value) = link.and_then(|link| HeaderValue::try_from(link).ok()) {
        response.headers_mut().insert(LINK, value);
    }
    response
}

/// The answer a faulty user gets instead of page `page` (asked for the `nth`
/// time), after any delay the fault stands for.
async fn failure(fault: Option<Fault>, page: u32, nth: u64) -> Option<Response> {
    let odd_request_of_page_2 = page == 2 && nth % 2 == 1;
    match fault {
        Some(Fault::RateLimited) => Some(rate_limited()),
        Some(Fault::TooMany) => {
            let message = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.";
            let mut response = github_error(StatusCode::TOO_MANY_REQUESTS, message);
            response.headers_mut().insert(RETRY_AFTER, HeaderValue::from_static("30"));
            Some(response)
        }
        Some(Fault::Broken) => Some(github_error(StatusCode::INTERNAL_SERVER_ERROR, "Server Error")),
        Some(Fault::HalfBroken) if page == 2 => Some(github_error(StatusCode::INTERNAL_SERVER_ERROR, "Server Error")),
        Some(Fault::Unavailable) => Some(github_error(StatusCode::SERVICE_UNAVAILABLE, "Service Unavailable")),
        Some(Fault::Flaky) if odd_request_of_page_2 => Some(github_error(StatusCode::BAD_GATEWAY, "Server Error")),
        Some(Fault::Reset) if odd_request_of_page_2 => Some(cut_connection()),
        Some(Fault::Stalls) if odd_request_of_page_2 => std::future::pending().await,
        Some(Fault::Teapot) => Some(github_error(StatusCode::IM_A_TEAPOT, "I'm a teapot")),
        Some(Fault::Unauthorized) => Some(github_error(StatusCode::UNAUTHORIZED, "Bad credentials")),
        Some(Fault::Truncated) => Some(json_response(StatusCode::OK, r#"[{"id":1,"name":"abc"#.to_owned())),
        Some(Fault::Hang) => std::future::pending().await,
        Some(Fault::Slow) => {
            tokio::time::sleep(Duration::from_secs(2)).await;
            None
        }
        Some(Fault::Chaos(Chaos::Slow)) => {
            tokio::time::sleep(Duration::from_millis(500)).await;
            None
        }
        Some(
            Fault::BadLink
            | Fault::Looping
            | Fault::HalfBroken
            | Fault::Shifted
            | Fault::Flaky
            | Fault::Reset
            | Fault::Stalls
            | Fault::Chaos(_),
        )
        | None => None,
    }
}

/// An answer whose body fails before it is complete: hyper cuts the
/// connection, and the client sees it fail as if it had been reset.
fn cut_connection() -> Response {
    let reset = std::io::Error::from(std::io::ErrorKind::ConnectionReset);
    Response::new(Body::from_stream(futures::stream::once(async move { Err::<Vec<u8>, _>(reset) })))
}

/// GitHub's primary rate limit answer, with its headers.
fn rate_limited() -> Response {
    let message = "API rate limit exceeded for 127.0.0.1. (But here's the good news: Authenticated \
        requests get a higher rate limit. Check out the documentation for more details.)";
    let mut response = error_with_docs(
        StatusCode::FORBIDDEN,
        message,
        "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
    );
    response.headers_mut().insert(X_REMAINING, HeaderValue::from(0u64));
    response.headers_mut().insert(X_USED, HeaderValue::from(RATE_LIMIT));
    response.headers_mut().insert(X_RESET, HeaderValue::from(now() + 120));
    response
}

/// The repositories of `user` at `indices`, as GitHub lists them, with the stars set through the control API.
fn page_items(shared: &Shared, user: &'static User, base: &str, indices: std::ops::Range<usize>) -> Vec<Value> {
    let stars = shared.stars();
    indices
        .filter_map(|index| {
            let repo = user.repo(index)?;
            let set = stars.get(&format!("{}/{}", user.login, repo.name).to_ascii_lowercase()).copied();
            Some(user.repo_json(index, &repo, base, set))
        })
        .collect()
}

/// GitHub's `Link` header for page `page` of `last`: prev, next, last and first where they apply.
fn link_header(page: u32, last: u32, url: impl Fn(u32) -> String) -> Option<String> {
    let mut rels = Vec::new();
    if page > 1 {
        rels.push(("prev", page - 1));
    }
    if page < last {
        rels.extend([("next", page + 1), ("last", last)]);
    }
    if page > 1 {
        rels.push(("first", 1));
    }
    let parts: Vec<String> = rels.iter().map(|(rel, page)| format!(r#"<{}>; rel="{rel}""#, url(*page))).collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// The fault a chaos user of `kind` suffers on this request.
fn chaos_fault(kind: Chaos) -> Option<Fault> {
    match kind {
        Chaos::None => None,
        Chaos::ServerError => Some(Fault::Broken),
        Chaos::Slow => Some(Fault::Chaos(Chaos::Slow)),
        Chaos::RateLimited => Some(Fault::RateLimited),
        Chaos::Truncated => Some(Fault::Truncated),
        Chaos::Repeated => Some(Fault::Shifted),
    }
}

/// The numeric-id URL of another page, keeping the request's other query parameters.
fn page_url(base: &str, id: u64, query: Option<&str>, page: u32) -> String {
    let mut parts: Vec<String> = query
        .unwrap_or("")
        .split('&')
        .filter(|pair| !pair.is_empty() && pair.split('=').next() != Some("page"))
        .map(str::to_owned)
        .collect();
    parts.push(format!("page={page}"));
    format!("{base}/user/{id}/repos?{}", parts.join("&"))
}

/// `http://` plus the request's `Host` if it looks like one, else the bound address.
fn base_url(headers: &HeaderMap, shared: &Shared) -> String {
    let plausible = |host: &&str| {
        !host.is_empty() && host.len() < 256 && host.bytes().all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
    };
    match headers.get(HOST).and_then(|v| v.to_str().ok()).filter(plausible) {
        Some(host) => format!("http://{host}"),
        None => format!("http://{}", shared.bound),
    }
}

async fn one_repo(
    State(shared): State<Arc<Shared>>,
    Path((owner, name)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let found = data::by_login(&owner).and_then(|user| {
        let index = user.find(&name)?;
        Some((user, index, user.repo(index)?))
    });
    let Some((user, index, repo)) = found else {
        return github_error(StatusCode::NOT_FOUND, "Not Found");
    };
    let set = shared.stars().get(&format!("{}/{}", user.login, repo.name).to_ascii_lowercase()).copied();
    json_value(StatusCode::OK, &user.repo_json(index, &repo, &base_url(&headers, &shared), set))
}

async fn stats(State(shared): State<Arc<Shared>>) -> Response {
    let body = {
        let counters = shared.counters();
        json!({
            "total": counters.total,
            "not_modified": counters.not_modified,
            "per_user": counters.per_user,
            "down": shared.down.load(Ordering::SeqCst),
        })
    };
    json_value(StatusCode::OK, &body)
}

async fn reset(State(shared): State<Arc<Shared>>) -> StatusCode {
    *shared.counters() = super::Counters::default();
    StatusCode::NO_CONTENT
}

async fn set_stars(
    State(shared): State<Arc<Shared>>,
    Path((owner, name, count)): Path<(String, String, String)>,
) -> Response {
    match count.parse::<u64>() {
        Ok(count) => {
            shared.stars().insert(format!("{owner}/{name}").to_ascii_lowercase(), count);
            StatusCode::NO_CONTENT.into_response()
        }
        Err(_) => github_error(StatusCode::BAD_REQUEST, "count must be a non-negative integer"),
    }
}

async fn set_down(State(shared): State<Arc<Shared>>, Path(state): Path<String>) -> Response {
    let down = match state.as_str() {
        "true" => true,
        "false" => false,
        _ => return github_error(StatusCode::BAD_REQUEST, "expected /__fake/down/true or /__fake/down/false"),
    };
    shared.down.store(down, Ordering::SeqCst);
    StatusCode::NO_CONTENT.into_response()
}

fn github_error(status: StatusCode, message: &str) -> Response {
    error_with_docs(status, message, DOCS)
}

fn error_with_docs(status: StatusCode, message: &str, docs: &str) -> Response {
    json_value(status, &json!({"message": message, "documentation_url": docs, "status": status.as_str()}))
}

fn json_value(status: StatusCode, value: &Value) -> Response {
    match serde_json::to_string(value) {
        Ok(body) => json_response(status, body),
        Err(_) => json_response(StatusCode::INTERNAL_SERVER_ERROR, r#"{"message":"Server Error"}"#.to_owned()),
    }
}

/// A JSON response; successful ones get a strong `ETag` derived from the body.
fn json_response(status: StatusCode, body: String) -> Response {
    let etag = (status == StatusCode::OK).then(|| etag(body.as_bytes()));
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json; charset=utf-8"));
    if let Some(value) = etag.and_then(|etag| HeaderValue::try_from(etag).ok()) {
        headers.insert(ETAG, value);
    }
    response
}

/// `"…"` around the hex FNV-1a hash of `body`: stable across runs and Rust versions.
pub(super) fn etag(body: &[u8]) -> String {
    let hash = body
        .iter()
        .fold(0xcbf2_9ce4_8422_2325_u64, |hash, &byte| (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3));
    format!("\"{hash:016x}\"")
}

/// Whether an `If-None-Match` value names `etag` (weak comparison, like GitHub).
fn etag_matches(if_none_match: &HeaderValue, etag: &HeaderValue) -> bool {
    let (Ok(wanted), Ok(etag)) = (if_none_match.to_str(), etag.to_str()) else {
        return false;
    };
    let strip = |tag: &str| tag.trim().trim_start_matches("W/").to_owned();
    wanted.split(',').any(|tag| tag.trim() == "*" || strip(tag) == strip(etag))
}

pub(super) fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

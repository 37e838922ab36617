//! The fake's users and their repositories, generated deterministically.
//!
//! Nothing here is random: the same login and index always give the same
//! repository, so tests and benchmarks can rely on exact values.

use serde_json::{json, Value};

/// How a user's listing endpoints misbehave, if they do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Fault {
    RateLimited,
    TooMany,
    Broken,
    Unavailable,
    Slow,
    Hang,
    Truncated,
    BadLink,
    Looping,
    HalfBroken,
    Teapot,
    Unauthorized,
    /// A repository is created while the pages are fetched: every page after
    /// the first starts with the last repository of the page before.
    Shifted,
    /// Page 2 answers `502` to its odd requests (the first, the third, …) and
    /// normally to the others: a hiccup that one more try gets past.
    Flaky,
    /// Page 2's odd requests lose their connection before the answer is complete.
    Reset,
    /// Page 2's odd requests are never answered: the client's timeout ends them.
    Stalls,
    /// With [`super::Options::chaos`], each listing request fails at random in the way named.
    Chaos(Chaos),
}

/// The fault a chaos user suffers, at random, when the fake runs with chaos on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Chaos {
    /// Never fails (the control group).
    None,
    /// GitHub answers 500.
    ServerError,
    /// The page takes 500 ms (well within any sane `GITHUB_TIMEOUT_MS`).
    Slow,
    /// GitHub's rate limit (403, `x-ratelimit-remaining: 0`).
    RateLimited,
    /// The JSON stops in the middle.
    Truncated,
    /// A repository repeated across pages (see [`Fault::Shifted`]).
    Repeated,
}

impl Chaos {
    /// The kinds, in the order chaos users take them (`chaos-000` is `None`, `chaos-001` `ServerError`, …).
    pub const ALL: [Chaos; 6] =
        [Chaos::None, Chaos::ServerError, Chaos::Slow, Chaos::RateLimited, Chaos::Truncated, Chaos::Repeated];
}

/// How many chaos users there are: `chaos-000` … `chaos-099`.
pub const CHAOS_USERS: usize = 100;
/// Repositories per chaos user: two pages of 100.
pub const CHAOS_REPOS: usize = 150;

/// The chaos user number `n`.
pub fn chaos_login(n: usize) -> String {
    format!("chaos-{n:03}")
}

/// The fault kind of chaos user `login`, if it is one.
pub fn chaos_kind(login: &str) -> Option<Chaos> {
    by_login(login).and_then(|user| match user.fault {
        Some(Fault::Chaos(kind)) => Some(kind),
        _ => None,
    })
}

static CHAOS: std::sync::LazyLock<Vec<User>> = std::sync::LazyLock::new(|| {
    (0..CHAOS_USERS)
        .map(|n| User {
            // Made once per process for a fixed set of users.
            login: Box::leak(chaos_login(n).into_boxed_str()),
            id: 2_000_000 + n as u64,
            organization: false,
            repos: Repos::Generated(CHAOS_REPOS),
            fault: Some(Fault::Chaos(Chaos::ALL[n % Chaos::ALL.len()])),
        })
        .collect()
});

/// Where a user's repositories come from.
#[derive(Clone, Copy, Debug)]
enum Repos {
    /// `project-001` … generated from the index.
    Generated(usize),
    /// Hand-written repositories with hostile and unusual text.
    Weird,
    /// The project's own repository, `leptra-rs/leptra`.
    Leptra,
}

/// One account the fake knows.
#[derive(Debug)]
pub(super) struct User {
    pub login: &'static str,
    pub id: u64,
    organization: bool,
    repos: Repos,
    pub fault: Option<Fault>,
}

const fn user(login: &'static str, id: u64, repos: usize, fault: Option<Fault>) -> User {
    User { login, id, organization: false, repos: Repos::Generated(repos), fault }
}

static USERS: &[User] = &[
    User { login: "leptra-rs", id: 90_000_001, organization: true, repos: Repos::Leptra, fault: None },
    user("octocat", 583_231, 8, None),
    user("alice", 1_000_001, 250, None),
    user("hundred", 1_000_002, 100, None),
    user("empty", 1_000_003, 0, None),
    user("pages13", 1_000_004, 1250, None),
    user("huge", 1_000_005, 12_000, None),
    User { login: "weird", id: 1_000_006, organization: false, repos: Repos::Weird, fault: None },
    user("ratelimited", 1_000_101, 0, Some(Fault::RateLimited)),
    user("toomany", 1_000_102, 0, Some(Fault::TooMany)),
    user("broken", 1_000_103, 0, Some(Fault::Broken)),
    user("unavailable", 1_000_104, 0, Some(Fault::Unavailable)),
    user("slow", 1_000_105, 3, Some(Fault::Slow)),
    user("hang", 1_000_106, 0, Some(Fault::Hang)),
    user("truncated", 1_000_107, 0, Some(Fault::Truncated)),
    user("badlink", 1_000_108, 100, Some(Fault::BadLink)),
    user("looping", 1_000_109, 100, Some(Fault::Looping)),
    user("halfbroken", 1_000_110, 250, Some(Fault::HalfBroken)),
    user("teapot", 1_000_111, 0, Some(Fault::Teapot)),
    user("unauthorized", 1_000_112, 0, Some(Fault::Unauthorized)),
    user("shifted", 1_000_113, 150, Some(Fault::Shifted)),
    user("flaky", 1_000_114, 250, Some(Fault::Flaky)),
    user("reset", 1_000_115, 250, Some(Fault::Reset)),
    user("stalls", 1_000_116, 250, Some(Fault::Stalls)),
];

/// Finds a user by login, ignoring case like GitHub.
pub(super) fn by_login(login: &str) -> Option<&'static User> {
    USERS.iter().chain(CHAOS.iter()).find(|u| u.login.eq_ignore_ascii_case(login))
}

/// Finds a user by numeric id (the form GitHub's `Link` headers use).
pub(super) fn by_id(id: u64) -> Option<&'static User> {
    USERS.iter().chain(CHAOS.iter()).find(|u| u.id == id)
}

/// The fields of one repository that vary; ids and URLs derive from the owner.
#[derive(Debug)]
pub(super) struct Repo {
    pub name: String,
    description: Option<String>,
    language: Option<&'static str>,
    homepage: Option<String>,
    topics: &'static [&'static str],
    license: Option<&'static str>,
    stars: u64,
    forks: u64,
    open_issues: u64,
    size: u64,
    fork: bool,
    archived: bool,
    created: i64,
    updated: i64,
    pushed: i64,
}

const LANGUAGES: &[Option<&str>] = &[
    Some("Rust"),
    Some("TypeScript"),
    Some("Go"),
    Some("Python"),
    None,
    Some("JavaScript"),
    Some("C"),
    Some("Shell"),
    Some("HTML"),
];
const TOPICS: &[&[&str]] = &[&[], &["rust"], &["web", "ssr"], &["cli", "tools", "automation"], &["leptos"]];
const JAN_2012: i64 = 1_325_376_000;
const DAY: i64 = 86_400;

impl User {
    /// How many repositories the listing endpoints page through.
    pub fn repo_count(&self) -> usize {
        match self.repos {
            Repos::Generated(n) => n,
            Repos::Weird => 5,
            Repos::Leptra => 1,
        }
    }

    /// The repository at `index` in GitHub's default order (full_name, case-insensitive).
    pub fn repo(&self, index: usize) -> Option<Repo> {
        if index >= self.repo_count() {
            return None;
        }
        Some(match self.repos {
            Repos::Generated(count) => generated(self, count, index),
            Repos::Weird => weird(index),
            Repos::Leptra => leptra(),
        })
    }

    /// The index of the repository called `name` (case-insensitive), if it exists.
    pub fn find(&self, name: &str) -> Option<usize> {
        match self.repos {
            Repos::Generated(count) => {
                let digits = name.to_ascii_lowercase().strip_prefix("project-")?.to_owned();
                if digits.len() != width(count) || !digits.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                let number: usize = digits.parse().ok()?;
                (1..=count).contains(&number).then(|| number - 1)
            }
            Repos::Weird | Repos::Leptra => {
                (0..self.repo_count()).find(|&i| self.repo(i).is_some_and(|r| r.name.eq_ignore_ascii_case(name)))
            }
        }
    }

    /// GitHub's JSON for the repository at `index`; `base` is the fake's own URL.
    pub fn repo_json(&self, index: usize, repo: &Repo, base: &str, stars: Option<u64>) -> Value {
        let full_name = format!("{}/{}", self.login, repo.name);
        let id = self.id * 100_000 + index as u64 + 1;
        let stars = stars.unwrap_or(repo.stars);
        let license = repo.license.map(|spdx| {
            let (key, name) = match spdx {
                "MIT" => ("mit", "MIT License"),
                _ => ("apache-2.0", "Apache License 2.0"),
            };
            json!({
                "key": key,
                "name": name,
                "spdx_id": spdx,
                "url": format!("https://api.github.com/licenses/{key}"),
                "node_id": format!("L_fake_{key}"),
            })
        });
        json!({
            "id": id,
            "node_id": format!("R_fake{id:x}"),
            "name": repo.name,
            "full_name": full_name,
            "private": false,
            "owner": {
                "login": self.login,
                "id": self.id,
                "node_id": format!("U_fake{:x}", self.id),
                "avatar_url": format!("https://avatars.githubusercontent.com/u/{}?v=4", self.id),
                "url": format!("{base}/users/{}", self.login),
                "html_url": format!("https://github.com/{}", self.login),
                "type": if self.organization { "Organization" } else { "User" },
                "site_admin": false,
            },
            "html_url": format!("https://github.com/{full_name}"),
            "description": repo.description,
            "fork": repo.fork,
            "url": format!("{base}/repos/{full_name}"),
            "created_at": rfc3339(repo.created),
            "updated_at": rfc3339(repo.updated),
            "pushed_at": rfc3339(repo.pushed),
            "homepage": repo.homepage,
            "size": repo.size,
            "stargazers_count": stars,
            "watchers_count": stars,
            "language": repo.language,
            "forks_count": repo.forks,
            "archived": repo.archived,
            "disabled": false,
            "open_issues_count": repo.open_issues,
            "license": license,
            "allow_forking": true,
            "is_template": false,
            "topics": repo.topics,
            "visibility": "public",
            "forks": repo.forks,
            "open_issues": repo.open_issues,
            "watchers": stars,
            "default_branch": "main",
        })
    }
}

/// Digits in generated names, so that name order equals index order.
fn width(count: usize) -> usize {
    count.to_string().len().max(3)
}

/// SplitMix64: a cheap, well-mixed function of the user and index.
fn mix(seed: u64) -> u64 {
    let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn generated(user: &User, count: usize, index: usize) -> Repo {
    let n = index + 1;
    let m = mix((user.id << 20) ^ index as u64);
    let stars = match m % 10 {
        0 => (m >> 8) % 50_000,
        1..=3 => (m >> 8) % 1_000,
        _ => (m >> 8) % 50,
    };
    let language = LANGUAGES[index % LANGUAGES.len()];
    let archived = n.is_multiple_of(11);
    let created = JAN_2012 + ((index as i64 * 7919) % 3000) * DAY + (m % 86_400) as i64;
    let pushed = created + ((m >> 16) % 2000) as i64 * DAY + ((m >> 40) % 86_400) as i64;
    Repo {
        name: format!("project-{n:0w$}", w = width(count)),
        description: (!n.is_multiple_of(6))
            .then(|| format!("Project {n} of {}: {} tooling", user.login, language.unwrap_or("polyglot"))),
        language,
        homepage: n.is_multiple_of(13).then(|| format!("https://{}.example.com/project-{n}", user.login)),
        topics: TOPICS[index % TOPICS.len()],
        license: match n % 4 {
            0 => None,
            1 | 2 => Some("MIT"),
            _ => Some("Apache-2.0"),
        },
        stars,
        forks: stars / (2 + (m >> 40) % 8),
        open_issues: if archived { 0 } else { (m >> 24) % 40 },
        size: (m >> 32) % 200_000,
        fork: n.is_multiple_of(7),
        archived,
        created,
        updated: pushed + ((m >> 8) % 3600) as i64,
        pushed,
    }
}

fn leptra() -> Repo {
    Repo {
        name: "leptra".into(),
        description: Some("Lists GitHub repositories, rendered on the server with Leptos and axum".into()),
        language: Some("Rust"),
        homepage: Some("https://leptra.example".into()),
        topics: &["rust", "leptos", "axum", "ssr"],
        license: Some("MIT"),
        stars: 1234,
        forks: 56,
        open_issues: 7,
        size: 4321,
        fork: false,
        archived: false,
        created: 1_709_283_600, // 2024-03-01T09:00:00Z
        updated: 1_748_779_200, // 2025-06-01T12:00:00Z
        pushed: 1_748_593_800,  // 2025-05-30T08:30:00Z
    }
}

/// The `weird` user's repositories, already in case-insensitive name order.
fn weird(index: usize) -> Repo {
    let (name, description, language, topics, license): (&str, Option<String>, _, &'static [&'static str], _) =
        match index {
            0 => (
                "a-very-long-description",
                Some("This description is deliberately long, to test truncation and wrapping. ".repeat(28)),
                Some("Rust"),
                &["rust", "long"],
                Some("MIT"),
            ),
            1 => (
                "emoji-and-cjk",
                Some("서버 렌더링 🚀 サーバー 渲染 ✨ Tom &amp; Jerry's \"quoted\" 'text'".into()),
                Some("TypeScript"),
                &["i18n", "ssr"],
                Some("Apache-2.0"),
            ),
            2 => (
                "html-injection",
                Some(r#"<script>alert("x")</script>"#.into()),
                Some("HTML"),
                &["security"],
                Some("MIT"),
            ),
            3 => ("Nothing-Here", None, None, &[], None),
            _ => (
                "script-breakout",
                Some("</script><img src=x onerror=alert(1)>".into()),
                Some("JavaScript"),
                &["xss"],
                Some("MIT"),
            ),
        };
    let day = index as i64 * 40;
    Repo {
        name: name.into(),
        description,
        language,
        homepage: None,
        topics,
        license,
        stars: [3, 1_000_000, 42, 0, 7][index.min(4)],
        forks: index as u64,
        open_issues: 0,
        size: 10 + index as u64,
        fork: false,
        archived: false,
        created: JAN_2012 + day * DAY,
        updated: JAN_2012 + (day + 3000) * DAY,
        pushed: JAN_2012 + (day + 2990) * DAY,
    }
}

/// Formats unix seconds as GitHub does: `2023-11-14T22:13:20Z`.
pub(super) fn rfc3339(secs: i64) -> String {
    let secs = u64::try_from(secs).expect("the fake's dates are after 1970");
    humantime::format_rfc3339_seconds(std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs)).to_string()
}

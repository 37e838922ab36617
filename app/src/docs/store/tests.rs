//! Tests of `store`: whole content trees, written to temporary folders, and
//! the real `content/` folder of the repository.

use std::path::Path;

use super::*;
use crate::docs::model::NavLink;
use crate::locale::Locale;

/// A content tree in a fresh temporary folder, removed when dropped.
struct Fixture {
    dir: PathBuf,
    _root: tempfile::TempDir,
}

impl Fixture {
    fn new(files: &[(&str, &str)]) -> Fixture {
        let root = tempfile::Builder::new().prefix("leptra-docs-").tempdir().expect("temporary folder");
        let dir = root.path().join("content");
        for (rel, text) in files {
            let path = dir.join(rel);
            std::fs::create_dir_all(path.parent().expect("files are in folders")).expect("create folder");
            std::fs::write(&path, text).expect("write fixture file");
        }
        Fixture { dir, _root: root }
    }

    fn load(&self) -> DocsStore {
        DocsStore::load(DocsConfig {
            content_dir: self.dir.clone(),
            edit_base_url: Some("https://example.com/edit/main/content/".into()),
            show_problems: true,
            version: None,
        })
        .expect("fixture loads")
    }

    fn write(&self, rel: &str, text: &str) {
        let path = self.dir.join(rel);
        std::fs::create_dir_all(path.parent().expect("files are in folders")).expect("create folder");
        std::fs::write(&path, text).expect("write fixture file");
    }

    /// How problems name a file of this fixture.
    fn shown(&self, rel: &str) -> String {
        format!("{}/{rel}", self.dir.to_string_lossy())
    }
}

fn page(title: &str, body: &str) -> String {
    format!("---\ntitle: {title}\ndescription: About {title}.\n---\n\n# {title}\n\n{body}\n")
}

/// A small bilingual site with a guide folder, a hidden page and a
/// reference folder without `_meta.json`.
fn bilingual() -> Fixture {
    Fixture::new(&[
        (
            "en/_meta.json",
            r#"{ "index": "Introduction", "start": "Getting started", "--g": { "type": "separator", "title": "Guides" }, "guide": "Guide", "gh": { "title": "GitHub", "href": "https://github.com" } }"#,
        ),
        ("en/index.md", &page("Welcome", "Hello.")),
        ("en/start.md", &page("Start here", "## Install\n\nRun it.\n\n## Install\n\nAgain.")),
        ("en/secret.md", "---\ntitle: Secret\nhidden: true\n---\nNobody lists me.\n"),
        ("en/guide/_meta.json", r#"{ "index": "Overview", "ssr": "SSR" }"#),
        ("en/guide/index.md", &page("Guide overview", "Guides.")),
        ("en/guide/ssr.md", &page("Server-side rendering", "Render.")),
        ("en/guide/caching.md", &page("Caching", "Cache.")),
        ("en/reference/b.md", &page("Bee", "B.")),
        ("en/reference/a.md", &page("Ay", "A.")),
        ("ko/_meta.json", r#"{ "index": "소개", "start": "시작하기", "guide": "가이드" }"#),
        ("ko/index.md", &page("환영합니다", "안녕하세요.")),
        ("ko/guide/ssr.md", &page("서버 렌더링", "렌더링.")),
    ])
}

#[test]
fn pages_are_found_by_locale_and_slug() {
    let fixture = bilingual();
    let store = fixture.load();
    assert!(store.problems().is_empty(), "{:?}", store.problems());
    assert_eq!(store.len(), 10);
    assert!(!store.is_empty());
    let ssr = store.page(Locale::en, "guide/ssr").expect("page");
    assert_eq!(
        (ssr.locale, ssr.route.as_str(), ssr.title.as_str()),
        (Locale::en, "/docs/guide/ssr", "Server-side rendering")
    );
    assert_eq!(ssr.description, "About Server-side rendering.");
    assert_eq!(ssr.edit_url.as_deref(), Some("https://example.com/edit/main/content/en/guide/ssr.md"));
    assert!(ssr.last_updated.as_deref().is_some_and(|t| t.ends_with('Z') && t.len() == 20), "{:?}", ssr.last_updated);
    assert!(!ssr.fallback);
    assert_eq!(store.page(Locale::en, "").expect("root").route, "/docs");
    assert_eq!(store.page(Locale::en, "guide").expect("folder index").title, "Guide overview");
    assert_eq!(store.page(Locale::ko, "").expect("ko root").route, "/ko/docs");
}

#[test]
fn unknown_pages_locales_and_file_like_slugs_are_not_found() {
    let fixture = bilingual();
    let store = fixture.load();
    for (locale, slug) in [
        (Locale::en, "nope"),
        (Locale::en, "index"),
        (Locale::en, "guide/index"),
        (Locale::en, "../ko/index"),
        (Locale::en, "guide/ssr.md"),
        (Locale::ko, "nope"),
    ] {
        let err = store.page(locale, slug).expect_err("not found");
        assert_eq!(err.status_code().as_u16(), 404, "{locale}/{slug}: {err}");
    }
}

#[test]
fn a_locale_without_a_folder_has_no_pages_and_other_folders_are_problems() {
    let fixture = Fixture::new(&[("en/index.md", &page("Home", "Text.")), ("fr/index.md", &page("Accueil", "Texte."))]);
    let store = fixture.load();
    let err = store.page(Locale::ko, "").expect_err("no Korean folder");
    assert_eq!(err.status_code().as_u16(), 404, "{err}");
    assert_eq!(store.locales(), [Locale::en]);
    assert_eq!(
        store.problems(),
        [format!("{}:1:1: is not a locale folder (en, ko); it is ignored", fixture.shown("fr"))]
    );
}

#[test]
fn meta_orders_the_sidebar_and_hidden_pages_stay_reachable() {
    let fixture = bilingual();
    let store = fixture.load();
    let sidebar = store.sidebar(Locale::en, "/docs/guide/ssr");
    let shape: Vec<String> = sidebar
        .iter()
        .map(|item| match item {
            SidebarItem::Page { title, href } => format!("{title} {href}"),
            SidebarItem::Folder { title, href, children, .. } => {
                format!("{title} {href:?} {}", children.as_ref().map_or(0, Vec::len))
            }
            SidebarItem::Separator { title } => format!("-- {title}"),
            SidebarItem::External { title, href } => format!("{title} -> {href}"),
        })
        .collect();
    assert_eq!(
        shape,
        [
            "Introduction /docs",
            "Getting started /docs/start",
            "-- Guides",
            "Guide Some(\"/docs/guide\") 2",
            "GitHub -> https://github.com",
            "reference None 0",
        ]
    );
    let secret = store.page(Locale::en, "secret").expect("hidden pages are reachable");
    assert_eq!(secret.title, "Secret");
    assert_eq!(secret.description, "Nobody lists me.");
    assert_eq!((secret.prev, secret.next), (None, None));
    assert_eq!(
        store.routes(Locale::en),
        [
            "/docs",
            "/docs/start",
            "/docs/guide",
            "/docs/guide/ssr",
            "/docs/guide/caching",
            "/docs/reference/a",
            "/docs/reference/b"
        ]
    );
}

#[test]
fn prev_next_and_breadcrumbs_cross_folders() {
    let fixture = bilingual();
    let store = fixture.load();
    let caching = store.page(Locale::en, "guide/caching").expect("page");
    let link = |t: &str, h: &str| NavLink { title: t.into(), href: h.into() };
    assert_eq!(caching.prev, Some(link("SSR", "/docs/guide/ssr")));
    assert_eq!(caching.next, Some(link("Ay", "/docs/reference/a")));
    assert_eq!(caching.breadcrumb, vec![link("Introduction", "/docs"), link("Guide", "/docs/guide")]);
    let start = store.page(Locale::en, "start").expect("page");
    assert_eq!(start.next, Some(link("Overview", "/docs/guide")));
    let toc: Vec<_> = start.toc.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(toc, ["install", "install-1"]);
}

#[test]
fn korean_pages_fall_back_to_english_within_korean_urls() {
    let fixture = bilingual();
    let store = fixture.load();
    let own = store.page(Locale::ko, "guide/ssr").expect("ko page");
    assert_eq!((own.locale, own.fallback, own.title.as_str()), (Locale::ko, false, "서버 렌더링"));
    let caching = store.page(Locale::ko, "guide/caching").expect("falls back");
    assert!(caching.fallback);
    assert_eq!(caching.locale, Locale::en);
    assert_eq!(caching.route, "/ko/docs/guide/caching");
    assert_eq!(caching.title, "Caching");
    assert_eq!(caching.edit_url.as_deref(), Some("https://example.com/edit/main/content/en/guide/caching.md"));
    let link = |t: &str, h: &str| NavLink { title: t.into(), href: h.into() };
    assert_eq!(caching.breadcrumb, vec![link("소개", "/ko/docs"), link("가이드", "/ko/docs/guide")]);
    // The Korean page keeps its own title; English titles from `_meta.json`
    // only name the pages that fall back.
    assert_eq!(caching.prev, Some(link("서버 렌더링", "/ko/docs/guide/ssr")));
    let routes = store.routes(Locale::ko);
    assert_eq!(
        routes,
        [
            "/ko/docs",
            "/ko/docs/start",
            "/ko/docs/guide",
            "/ko/docs/guide/ssr",
            "/ko/docs/guide/caching",
            "/ko/docs/reference/a",
            "/ko/docs/reference/b"
        ]
    );
    let sidebar = store.sidebar(Locale::ko, "/ko/docs/start");
    assert!(
        matches!(&sidebar[1], SidebarItem::Page { title, href } if title == "시작하기" && href == "/ko/docs/start"),
        "{sidebar:?}"
    );
    let guide = store.sidebar_folder(Locale::ko, "/ko/docs/guide").expect("folder");
    assert_eq!(
        guide,
        [
            SidebarItem::Page { title: "서버 렌더링".into(), href: "/ko/docs/guide/ssr".into() },
            SidebarItem::Page { title: "Caching".into(), href: "/ko/docs/guide/caching".into() }
        ]
    );
}

#[test]
fn the_sidebar_expands_only_the_current_folder() {
    let fixture = bilingual();
    let store = fixture.load();
    let open_folders = |route: &str| -> Vec<String> {
        store
            .sidebar(Locale::en, route)
            .into_iter()
            .filter_map(|item| match item {
                SidebarItem::Folder { path, children: Some(_), .. } => Some(path),
                _ => None,
            })
            .collect()
    };
    assert_eq!(open_folders("/docs/reference/a"), ["/docs/reference"]);
    assert_eq!(open_folders("/docs/guide"), ["/docs/guide"]);
    assert!(open_folders("/docs").is_empty());
    assert_eq!(store.sidebar_folder(Locale::en, "/docs/reference").map(|items| items.len()), Ok(2));
    assert!(store.sidebar_folder(Locale::en, "/docs/nowhere").is_err());
}

#[test]
fn broken_front_matter_breaks_only_its_page_and_names_the_spot() {
    let fixture = Fixture::new(&[
        ("en/index.md", &page("Home", "Hi.")),
        ("en/bad.md", "---\ntitle: Bad\ndescription: [not, a, string]\n---\n# Bad\n"),
        ("en/typo.md", "---\ntitle: Typo\nhiden: true\n---\n"),
    ]);
    let store = fixture.load();
    let err = store.page(Locale::en, "bad").expect_err("broken page");
    let expected = format!(
        "{}:3:14: front matter: description: invalid type: sequence, expected a string",
        fixture.shown("en/bad.md")
    );
    assert_eq!(err, AppError::Internal(expected.clone()));
    assert_eq!(err.status_code().as_u16(), 500);
    let problems = store.problems();
    assert!(problems.contains(&expected), "{problems:?}");
    assert!(
        problems.iter().any(|p| p.starts_with(&format!("{}:3:", fixture.shown("en/typo.md"))) && p.contains("hiden")),
        "{problems:?}"
    );
    assert_eq!(store.page(Locale::en, "").expect("the rest works").title, "Home");
    // Broken pages stay in the sidebar, so the mistake is visible.
    assert_eq!(store.routes(Locale::en), ["/docs", "/docs/bad", "/docs/typo"]);
}

#[test]
fn a_bad_meta_file_is_a_problem_and_its_folder_uses_default_order() {
    let fixture = Fixture::new(&[
        (
            "en/_meta.json",
            "{\n  \"index\": \"Home\",\n  \"zeta\": \"Zeta\",\n  \"ghost\": \"Ghost\",\n  \"guide\": \"Guide\"\n}\n",
        ),
        ("en/index.md", &page("Home", "Hi.")),
        ("en/zeta.md", &page("Zeta", "Z.")),
        ("en/alpha.md", &page("Alpha", "A.")),
        ("en/guide/_meta.json", "{\n  \"b\": \"Bee\",\n  \"a\": \"Ay\"\n"),
        ("en/guide/a.md", &page("A", "A.")),
        ("en/guide/b.md", &page("B", "B.")),
    ]);
    let store = fixture.load();
    let problems = store.problems();
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(
        problems[0].starts_with(&format!("{}:4:1: \"ghost\" names no page or folder", fixture.shown("en/_meta.json"))),
        "{problems:?}"
    );
    assert!(problems[1].starts_with(&format!("{}:4:", fixture.shown("en/guide/_meta.json"))), "{problems:?}");
    assert!(problems[1].ends_with("this folder uses the default order"), "{problems:?}");
    assert_eq!(store.routes(Locale::en), ["/docs", "/docs/zeta", "/docs/guide/a", "/docs/guide/b", "/docs/alpha"]);
    assert_eq!(store.sidebar_folder(Locale::en, "/docs/guide").map(|items| items.len()), Ok(2));
}

#[test]
fn component_problems_are_reported_with_file_lines_and_the_page_still_renders() {
    let fixture =
        Fixture::new(&[("en/index.md", "---\ntitle: Home\n---\n\nText.\n\n:::callout tip\n\nNever closed.\n")]);
    let store = fixture.load();
    assert_eq!(
        store.problems(),
        [format!(
            "{}:7:1: `:::callout` is never closed: add a line with just `:::` after its content",
            fixture.shown("en/index.md")
        )]
    );
    let home = store.page(Locale::en, "").expect("renders anyway");
    assert!(home.body.contains(r#"<aside class="callout callout-tip">"#), "{}", home.body);
}

#[test]
fn titles_fall_back_to_the_first_heading_then_the_file_name() {
    let fixture = Fixture::new(&[
        ("en/from-heading.md", "Intro.\n\n# The Heading\n"),
        ("en/bare-name.md", "Just text, and a long one that is long enough to be cut somewhere near the end, because descriptions are kept short for link previews and meta tags everywhere online.\n"),
        ("en/short.md", "---\ntitle: Full title\nsidebar_title: Short\n---\n"),
    ]);
    let store = fixture.load();
    assert_eq!(store.page(Locale::en, "from-heading").expect("page").title, "The Heading");
    let bare = store.page(Locale::en, "bare-name").expect("page");
    assert_eq!(bare.title, "bare-name");
    assert!(bare.description.ends_with('…') && bare.description.chars().count() <= 161, "{}", bare.description);
    assert_eq!(store.page(Locale::en, "short").expect("page").title, "Full title");
    let titles: Vec<String> = store
        .sidebar(Locale::en, "")
        .into_iter()
        .filter_map(|item| match item {
            SidebarItem::Page { title, .. } => Some(title),
            _ => None,
        })
        .collect();
    assert_eq!(titles, ["bare-name", "The Heading", "Short"]);
}

#[test]
fn search_documents_split_pages_at_headings() {
    let fixture = bilingual();
    let store = fixture.load();
    let docs = store.search_documents();
    assert_eq!(docs.len(), 9, "hidden pages are left out: {:?}", docs.iter().map(|d| &d.route).collect::<Vec<_>>());
    let start = docs.iter().find(|d| d.route == "/docs/start").expect("start page");
    let sections: Vec<_> =
        start.sections.iter().map(|s| (s.anchor.as_deref(), s.heading.as_str(), s.text.as_str())).collect();
    assert_eq!(sections, [(Some("install"), "Install", "Run it."), (Some("install-1"), "Install", "Again.")]);
    let home = docs.iter().find(|d| d.route == "/docs").expect("home");
    assert_eq!(home.sections[0].anchor, None);
    assert_eq!(home.sections[0].heading, "Welcome");
    assert!(docs.iter().any(|d| d.locale == Locale::ko && d.route == "/ko/docs/guide/ssr"));
}

#[test]
fn git_commit_times_are_used_when_the_content_is_committed() {
    let fixture = Fixture::new(&[("en/index.md", &page("Home", "Hi.")), ("en/new.md", &page("New", "Not committed."))]);
    let root = fixture.dir.parent().expect("fixture root");
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .current_dir(root)
            .args(args)
            .env("GIT_AUTHOR_DATE", "2001-09-09T01:46:40Z")
            .env("GIT_COMMITTER_DATE", "2001-09-09T01:46:40Z")
            .output()
            .is_ok_and(|o| o.status.success())
    };
    let committed = git(&["init", "-q"])
        && git(&["-c", "user.name=t", "-c", "user.email=t@example.com", "add", "content/en/index.md"])
        && git(&["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "docs"]);
    if !committed {
        eprintln!("git is not available; skipping");
        return;
    }
    let store = fixture.load();
    assert_eq!(store.page(Locale::en, "").expect("page").last_updated.as_deref(), Some("2001-09-09T01:46:40Z"));
    let uncommitted = store.page(Locale::en, "new").expect("page").last_updated.expect("mtime");
    assert!(uncommitted.as_str() > "2020", "{uncommitted}");
}

#[test]
fn the_store_can_be_shared_between_request_handlers() {
    fn shareable<T: Send + Sync + Clone + 'static>() {}
    shareable::<DocsStore>();
}

#[test]
fn an_unreadable_content_folder_is_an_error() {
    let missing = Path::new("/definitely/not/a/leptra/content");
    let err = DocsStore::load(DocsConfig {
        content_dir: missing.into(),
        edit_base_url: None,
        show_problems: false,
        version: None,
    })
    .expect_err("missing folder");
    let err = err.to_string();
    assert!(err.contains("/definitely/not/a/leptra/content"), "{err}");
}

#[test]
fn the_real_content_loads_without_problems() {
    let content_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
    let store = DocsStore::load(DocsConfig { content_dir, edit_base_url: None, show_problems: false, version: None })
        .expect("content loads");
    assert_eq!(store.problems(), Vec::<String>::new());
    assert!(store.len() >= 14, "{}", store.len());
    let routes = store.routes(Locale::en);
    assert_eq!(routes.first().map(String::as_str), Some("/docs"));
    for route in &routes {
        let slug = route.strip_prefix("/docs").unwrap_or(route).trim_start_matches('/');
        let page = store.page(Locale::en, slug).expect("every listed page renders");
        assert!(!page.title.is_empty() && !page.description.is_empty(), "{route}");
    }
    assert_eq!(store.routes(Locale::ko).len(), routes.len(), "every English page is reachable in Korean");
    let markdown = store.page(Locale::ko, "markdown").expect("falls back");
    assert!(markdown.fallback);
    assert!(markdown.body.contains(crate::docs::html::STARS_SLOT));
    // The fallback's built-ins are labelled in the asked locale.
    let copy_ko = format!("data-copy=\"{}\"", crate::tr_in!(Locale::ko, docs.copy));
    assert!(markdown.body.contains(&copy_ko), "{}", markdown.body);
    let english = store.page(Locale::en, "markdown").expect("own page");
    assert!(english.body.contains("data-copy=\"Copy\"") && !english.body.contains(&copy_ko));
    let ssr = store.page(Locale::ko, "guide/ssr").expect("own page");
    assert!(!ssr.fallback);
    assert!(ssr.toc.iter().all(|e| !e.id.is_empty()));
}

/// Run with `--ignored` to time a load of 1,000 generated pages.
#[test]
#[ignore = "a benchmark, not a check"]
fn loading_a_thousand_generated_pages() {
    let body = "## Setup\n\nSome *prose* with `code` and a [link](/docs).\n\n```rust filename=\"src/lib.rs\" {2}\n/// Docs.\npub fn add(a: i32, b: i32) -> i32 {\n    // Sum.\n    a + b\n}\n```\n\n:::callout tip\n\nA tip with $x^2$.\n\n:::\n\n| A | B |\n| - | - |\n| 1 | 2 |\n\n### Config\n\n```toml\n[package]\nname = \"demo\"\n```\n";
    let mut files = Vec::new();
    for folder in 0..100 {
        files.push((format!("en/f{folder}/_meta.json"), "{ \"index\": \"Overview\" }".to_owned()));
        for n in 0..10 {
            let name = if n == 0 { "index".to_owned() } else { format!("p{n}") };
            files.push((format!("en/f{folder}/{name}.md"), page(&format!("Page {folder}-{n}"), body)));
        }
    }
    let refs: Vec<(&str, &str)> = files.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let fixture = Fixture::new(&refs);
    let start = std::time::Instant::now();
    let store = fixture.load();
    let elapsed = start.elapsed();
    assert_eq!(store.len(), 1000);
    assert!(store.problems().is_empty(), "{:?}", store.problems());
    let start = std::time::Instant::now();
    for _ in 0..1000 {
        store.page(Locale::en, "f50/p5").expect("page");
    }
    eprintln!("loaded 1,000 pages in {elapsed:?}; 1,000 page() calls in {:?}", start.elapsed());
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// Whatever the URL says, a slug is only ever looked up among the loaded pages.
    #[test]
    fn any_slug_resolves_to_a_loaded_page_or_not_found(slug in "[a-z./%~_-]{0,30}|.{0,30}", locale in proptest::sample::select(Locale::ALL.to_vec())) {
        let store = slug_fixture();
        match store.page(locale, &slug) {
            Ok(page) => proptest::prop_assert!(store.routes(locale).contains(&page.route), "{}", page.route),
            Err(err) => proptest::prop_assert_eq!(err.status_code().as_u16(), 404),
        }
    }
}

/// One loaded store for every case of the slug property.
fn slug_fixture() -> &'static DocsStore {
    static STORE: std::sync::OnceLock<DocsStore> = std::sync::OnceLock::new();
    STORE.get_or_init(|| bilingual().load())
}

#[test]
fn a_reload_renders_only_the_changed_page_and_shares_the_others() {
    let fixture = bilingual();
    let store = fixture.load();
    assert_eq!(store.rendered(), 10);
    let unchanged = store.reload().expect("reloads");
    assert_eq!(unchanged.rendered(), 0, "nothing changed, nothing rendered");
    assert!(store.changed_routes(&unchanged).is_empty(), "{:?}", store.changed_routes(&unchanged));

    fixture.write("en/guide/caching.md", &page("Caching", "Cache, now with a new paragraph."));
    let edited = store.reload().expect("reloads");
    assert_eq!(edited.rendered(), 1);
    assert_eq!(edited.len(), 10);
    let caching = edited.page(Locale::en, "guide/caching").expect("page");
    assert!(caching.body.contains("new paragraph"), "{}", caching.body);
    // The Korean site shows the English page as its fallback: both URLs changed.
    assert_eq!(store.changed_routes(&edited), ["/docs/guide/caching", "/ko/docs/guide/caching"]);
    // The old store is untouched: requests holding it finish on the old text.
    assert!(!store.page(Locale::en, "guide/caching").expect("page").body.contains("new paragraph"));
}

#[test]
fn a_reload_follows_added_removed_and_reordered_pages() {
    let fixture = bilingual();
    let store = fixture.load();
    fixture.write("en/guide/routing.md", &page("Routing", "Routes."));
    std::fs::remove_file(fixture.dir.join("en/reference/a.md")).expect("remove");
    fixture.write("en/guide/_meta.json", r#"{ "index": "Overview", "caching": "Caching", "ssr": "SSR" }"#);
    let reloaded = store.reload().expect("reloads");
    assert_eq!(reloaded.rendered(), 1, "only the new page is rendered");
    assert!(reloaded.page(Locale::en, "guide/routing").is_ok());
    assert_eq!(reloaded.page(Locale::en, "reference/a").expect_err("removed").status_code().as_u16(), 404);
    let routes = reloaded.routes(Locale::en);
    let position = |route: &str| routes.iter().position(|r| r == route).expect(route);
    assert!(position("/docs/guide/caching") < position("/docs/guide/ssr"), "{routes:?}");
    assert!(routes.contains(&"/docs/guide/routing".to_owned()) && !routes.contains(&"/docs/reference/a".to_owned()));
    // The navigation changed, so every page of both locales shows a new sidebar.
    let changed = store.changed_routes(&reloaded);
    for route in ["/docs/guide/ssr", "/docs/reference/a", "/docs/guide/routing", "/ko/docs", "/ko/docs/guide/ssr"] {
        assert!(changed.contains(&route.to_owned()), "{route} missing from {changed:?}");
    }
}

#[test]
fn a_broken_save_breaks_only_its_page_until_it_is_fixed() {
    let fixture = bilingual();
    let store = fixture.load();
    fixture.write("en/guide/ssr.md", "---\ntitle: [unclosed\n---\nBody.\n");
    let broken = store.reload().expect("a broken page never fails the reload");
    let err = broken.page(Locale::en, "guide/ssr").expect_err("broken");
    assert_eq!(err.status_code().as_u16(), 500);
    assert!(err.to_string().contains(&format!("{}:2:", fixture.shown("en/guide/ssr.md"))), "{err}");
    assert!(broken.page(Locale::en, "guide/caching").is_ok(), "the rest of the site keeps working");

    fixture.write("en/guide/ssr.md", &page("Server-side rendering", ":::callout tip\n\nNever closed."));
    let unclosed = broken.reload().expect("reloads");
    let shown = unclosed.page(Locale::en, "guide/ssr").expect("an unclosed component keeps its page");
    assert!(
        shown.problems.iter().any(|p| p.starts_with(&format!("{}:8:1:", fixture.shown("en/guide/ssr.md")))),
        "{:?}",
        shown.problems
    );

    fixture.write("en/guide/ssr.md", &page("Server-side rendering", "Render."));
    let fixed = unclosed.reload().expect("reloads");
    assert!(fixed.page(Locale::en, "guide/ssr").expect("recovered").problems.is_empty());
    assert!(fixed.problems().is_empty(), "{:?}", fixed.problems());
}

#[test]
fn a_reload_follows_a_folder_appearing_and_disappearing() {
    let fixture = bilingual();
    let store = fixture.load();
    fixture.write("en/extra/one.md", &page("One", "1."));
    fixture.write("en/extra/two.md", &page("Two", "2."));
    let added = store.reload().expect("reloads");
    assert_eq!(added.rendered(), 2);
    assert!(added.routes(Locale::en).contains(&"/docs/extra/two".to_owned()));
    std::fs::remove_dir_all(fixture.dir.join("en/extra")).expect("remove folder");
    let removed = added.reload().expect("reloads");
    assert_eq!(removed.rendered(), 0);
    assert!(removed.page(Locale::en, "extra/one").is_err());
    assert_eq!(removed.routes(Locale::en), store.routes(Locale::en));
}

#[test]
fn a_navbar_tab_has_its_own_sidebar_and_layout_flags_are_inherited() {
    let fixture = Fixture::new(&[
        (
            "en/_meta.json",
            r#"{
  "index": "Home",
  "guide": "Guide",
  "api": { "title": "API", "type": "page", "toc": false },
  "more": { "title": "More", "type": "menu", "items": { "x": { "title": "X", "href": "https://x.test" } } },
  "site": { "title": "Site", "type": "page", "href": "https://example.com" }
}"#,
        ),
        ("en/index.md", &page("Home", "H.")),
        ("en/guide/intro.md", &page("Intro", "I.")),
        ("en/api/index.md", &page("API", "A.")),
        ("en/api/_meta.json", r#"{ "calls": { "layout": "full" } }"#),
        ("en/api/calls.md", "---\ntitle: Calls\ntimestamp: false\n---\nText.\n"),
    ]);
    let store = fixture.load();
    assert!(store.problems().is_empty(), "{:?}", store.problems());
    let link = |title: &str, href: &str, external| {
        NavbarItem::Link(crate::docs::model::NavbarLink { title: title.into(), href: href.into(), external })
    };
    let menu = NavbarItem::Menu {
        title: "More".into(),
        items: vec![crate::docs::model::NavbarLink {
            title: "X".into(),
            href: "https://x.test".into(),
            external: true,
        }],
    };
    assert_eq!(
        store.navbar(Locale::en),
        [link("API", "/docs/api", false), menu, link("Site", "https://example.com", true)]
    );
    let titles = |items: Vec<SidebarItem>| -> Vec<String> {
        items
            .into_iter()
            .map(|item| match item {
                SidebarItem::Page { title, href } | SidebarItem::External { title, href } => format!("{title} {href}"),
                SidebarItem::Folder { title, path, .. } => format!("{title}/ {path}"),
                SidebarItem::Separator { title } => format!("-- {title}"),
            })
            .collect()
    };
    assert_eq!(titles(store.sidebar(Locale::en, "/docs/guide/intro")), ["Home /docs", "Guide/ /docs/guide"]);
    assert_eq!(titles(store.sidebar(Locale::en, "/docs/api/calls")), ["API /docs/api", "Calls /docs/api/calls"]);
    let calls = store.page(Locale::en, "api/calls").expect("page").layout;
    let expected = PageLayout { toc: false, full: true, timestamp: false, ..PageLayout::default() };
    assert_eq!(calls, expected, "root entry, folder _meta.json, then front matter");
    assert_eq!(
        store.page(Locale::en, "api").expect("index").layout,
        PageLayout { toc: false, ..PageLayout::default() }
    );
    assert_eq!(store.page(Locale::en, "guide/intro").expect("page").layout, PageLayout::default());
}

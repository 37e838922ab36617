use super::*;
use crate::docs::model::{Block, CalloutKind, Card, CodeBlock, FileNode, NavbarItem, NavbarLink, Tab};

fn code(lines: &[&str], highlighted: Vec<u32>) -> Block {
    Block::Code(CodeBlock {
        lang: Some("rust".into()),
        filename: Some("src/<main>.rs".into()),
        lines: lines.iter().map(|l| (*l).to_owned()).collect(),
        highlighted,
        code: lines.join("\n"),
    })
}

fn tab(label: &str, children: Vec<Block>) -> Tab {
    Tab { label: label.into(), children }
}

#[test]
fn a_code_block_has_its_lines_its_title_and_a_labelled_copy_button() {
    let html = body_html(&[code(&["<span class=\"hl-k\">fn</span> main", "}"], vec![2])], Locale::en);
    assert!(html.contains(r#"<figure data-lang="rust" class="code-block">"#), "{html}");
    assert!(html.contains(r#"<figcaption class="code-title">src/&lt;main&gt;.rs</figcaption>"#), "{html}");
    assert!(html.contains(r#"<span class="line"><span class="hl-k">fn</span> main</span>"#), "{html}");
    assert!(html.contains(r#"<span class="line hl-line">}</span>"#), "{html}");
    assert!(
        html.contains(
            r#"aria-label="Copy code" data-copy="Copy" data-copied="Copied" class="copy-button">Copy</button>"#
        ),
        "{html}"
    );
}

#[test]
fn tab_groups_are_numbered_in_document_order_with_the_first_tab_selected() {
    let inner = Block::Tabs { key: None, tabs: vec![tab("x", vec![]), tab("y", vec![])] };
    let outer = Block::Tabs {
        key: Some("pm".into()),
        tabs: vec![tab("npm", vec![inner]), tab("<pnpm>", vec![Block::Html("<p>p</p>".into())])],
    };
    let html = body_html(&[outer], Locale::en);
    assert!(html.contains(r#"<div data-key="pm" class="tabs">"#), "{html}");
    assert!(
        html.contains(
            r#"id="tabs-0-tab-0" aria-controls="tabs-0-panel-0" aria-selected="true" tabindex="0" class="tab">npm"#
        ),
        "{html}"
    );
    assert!(
        html.contains(
            r#"id="tabs-0-tab-1" aria-controls="tabs-0-panel-1" aria-selected="false" tabindex="-1" class="tab">&lt;pnpm&gt;"#
        ),
        "{html}"
    );
    // The group inside the first panel comes second, and has no key.
    assert!(html.contains(r#"<div class="tabs"><div role="tablist""#), "{html}");
    assert!(html.contains(r#"id="tabs-1-tab-1""#), "{html}");
    assert!(
        html.contains(r#"id="tabs-0-panel-1" aria-labelledby="tabs-0-tab-1" tabindex="0" hidden class="tab-panel">"#),
        "{html}"
    );
    assert!(
        !html.contains(r#"id="tabs-0-panel-0" aria-labelledby="tabs-0-tab-0" tabindex="0" hidden class="tab-panel">"#),
        "{html}"
    );
}

#[test]
fn labels_follow_the_locale_and_titles_are_escaped() {
    let blocks = [
        Block::Callout { kind: CalloutKind::Warning, title: None, children: vec![] },
        Block::Callout { kind: CalloutKind::Note, title: Some("<b>mine</b>".into()), children: vec![] },
        Block::Cards(vec![Card { title: "<i>".into(), href: "/docs".into(), description: "a & b".into() }]),
    ];
    let ko = body_html(&blocks, Locale::ko);
    assert!(
        ko.contains(&format!(r#"<p class="callout-title">{}</p>"#, tr_in!(Locale::ko, docs.callout_warning))),
        "{ko}"
    );
    assert!(ko.contains(r#"<p class="callout-title">&lt;b&gt;mine&lt;/b&gt;</p>"#), "{ko}");
    assert!(
        ko.contains(r#"<strong class="card-title">&lt;i&gt;</strong><span class="card-text">a &amp; b</span>"#),
        "{ko}"
    );
    assert_ne!(tr_in!(Locale::ko, docs.callout_warning), tr_in!(Locale::en, docs.callout_warning));
}

#[test]
fn the_html_has_no_hydration_markers() {
    // Text beside text, an absent title and lists are where Leptos writes `<!>` for hydration.
    let blocks = [
        Block::Callout { kind: CalloutKind::Tip, title: None, children: vec![code(&["a", "b"], vec![])] },
        Block::FileTree(vec![FileNode { name: "src".into(), folder: true, children: vec![] }]),
        Block::Stars,
    ];
    let html = body_html(&blocks, Locale::en);
    assert!(!html.contains("<!>") && html.contains(STARS_SLOT), "{html}");
    let stars = RepoStars { full_name: "a/b".into(), stars: None, updated_at: None, fetched_at: None };
    let filled = fill_stars(&html, &stars, Locale::en);
    assert!(
        filled.contains("<p class=\"stars-count\">The star count of a/b is not available right now.</p>"),
        "{filled}"
    );
    assert!(!filled.contains("<!"), "{filled}");
}

#[test]
fn the_stars_figure_goes_into_its_slot_on_each_request() {
    let body = body_html(&[Block::Html("<p>before</p>".into()), Block::Stars], Locale::en);
    assert!(body.contains(STARS_SLOT), "{body}");
    let stars = RepoStars {
        full_name: "a/<b>".into(),
        stars: Some(1234),
        updated_at: Some("2024-03-01T12:00:00Z".into()),
        fetched_at: None,
    };
    let filled = fill_stars(&body, &stars, Locale::en);
    assert!(!filled.contains(STARS_SLOT), "{filled}");
    assert!(filled.contains("Leptra has <strong>1234</strong> stars on GitHub."), "{filled}");
    assert!(filled.contains("Last updated on Mar 1, 2024."), "{filled}");
    let unknown = RepoStars { stars: None, updated_at: None, ..stars };
    // A body without the figure is returned as it is.
    assert_eq!(fill_stars("<p>x</p>", &unknown, Locale::en), "<p>x</p>");
    let unknown = fill_stars(&body, &unknown, Locale::en);
    assert!(unknown.contains("The star count of a/&lt;b&gt; is not available right now."), "{unknown}");
}

#[test]
fn navbar_entries_mark_the_current_tab_and_escape_their_labels() {
    let link = |title: &str, href: &str, external| NavbarLink { title: title.into(), href: href.into(), external };
    let items = [
        NavbarItem::Link(link("Reference", "/docs/reference", false)),
        NavbarItem::Menu {
            title: "More <&>".into(),
            items: vec![link("Leptos", "https://leptos.dev", true), link("llms.txt", "/llms.txt", false)],
        },
    ];
    let html = navbar_html(&items, Locale::en, "/docs/reference/front-matter");
    assert_eq!(
        html,
        concat!(
            r#"<a href="/docs/reference" aria-current="page">Reference</a>"#,
            r#"<details class="navbar-dropdown"><summary>More &lt;&amp;&gt;</summary><ul>"#,
            r#"<li><a href="https://leptos.dev" target="_blank" rel="noopener" class="external">Leptos"#,
            r#"<span aria-hidden="true"> ↗</span><span class="sr-only"> (opens in a new tab)</span></a></li>"#,
            r#"<li><a href="/llms.txt" rel="external">llms.txt</a></li></ul></details>"#,
        )
    );
    // Elsewhere the tab is not current, a page beside it neither, and the label is in the asked locale.
    for path in ["/docs/guide/ssr", "/docs/referenced"] {
        assert!(navbar_html(&items, Locale::ko, path).starts_with(r#"<a href="/docs/reference">"#), "{path}");
    }
    assert!(navbar_html(&items, Locale::ko, "/").contains(r#"<span class="sr-only"> (새 탭에서 열림)</span>"#));
}

#[test]
fn the_sidebar_marks_the_page_read_lists_the_tabs_and_escapes_titles() {
    use crate::docs::model::SidebarItem;
    let items = vec![
        SidebarItem::Page { title: "<Intro>".into(), href: "/docs".into() },
        SidebarItem::Separator { title: "A & B".into() },
        SidebarItem::Folder {
            title: "Guide".into(),
            href: None,
            path: "/docs/guide".into(),
            children: Some(vec![SidebarItem::Page { title: "SSR".into(), href: "/docs/guide/ssr".into() }]),
        },
        SidebarItem::Folder {
            title: "API".into(),
            href: Some("/docs/api".into()),
            path: "/docs/api".into(),
            children: None,
        },
        SidebarItem::External { title: "Leptos".into(), href: "https://leptos.dev/?a=1&b=\"".into() },
    ];
    let tabs = ["/docs/reference".to_owned(), "/docs/blog".to_owned()];
    let html = sidebar_html(&items, &tabs, Locale::en, "/docs/guide/ssr/");
    assert!(html.starts_with("<ul data-tabs=\"/docs/reference\n/docs/blog\" class=\"sidebar-list\">"), "{html}");
    assert!(html.contains(r#"<li><a href="/docs" class="sidebar-link">&lt;Intro&gt;</a></li>"#), "{html}");
    assert!(html.contains(r#"<li class="sidebar-separator">A &amp; B</li>"#), "{html}");
    assert!(html.contains(r#"<li data-path="/docs/guide" class="sidebar-folder open"><div class="folder-row"><span class="folder-title">Guide</span><button type="button" aria-expanded="true" aria-label="Toggle Guide" class="folder-toggle">›</button></div><ul class="sidebar-list"><li><a href="/docs/guide/ssr" aria-current="page" class="sidebar-link">SSR</a></li></ul></li>"#), "{html}");
    assert!(html.contains(r#"<li data-path="/docs/api" class="sidebar-folder"><div class="folder-row"><a href="/docs/api" class="sidebar-link folder-link">API</a><button type="button" aria-expanded="false" aria-label="Toggle API" class="folder-toggle">"#), "{html}");
    assert!(
        html.contains(r#"href="https://leptos.dev/?a=1&amp;b=&quot;" target="_blank" rel="noopener" class="sidebar-link">Leptos ↗</a>"#),
        "{html}"
    );
    assert_eq!(html.matches("aria-current").count(), 1, "{html}");
    // A closed group's entries, loaded on demand: nothing in them is current.
    let folder = folder_html(&items[..1], Locale::ko);
    assert_eq!(
        folder,
        r#"<ul class="sidebar-list"><li><a href="/docs" class="sidebar-link">&lt;Intro&gt;</a></li></ul>"#
    );
}

fn doc_page() -> crate::docs::model::DocPage {
    use crate::docs::model::{NavLink, TocEntry};
    crate::docs::model::DocPage {
        locale: Locale::en,
        route: "/ko/docs/guide/ssr".into(),
        title: "<SSR>".into(),
        description: "How pages render.".into(),
        toc: vec![
            TocEntry { level: 2, id: "데이터".into(), text: "Data & more".into() },
            TocEntry { level: 3, id: "a\"b".into(), text: "Quotes".into() },
        ],
        body: "<p>Body</p>".into(),
        last_updated: Some("2026-11-30T10:00:00+00:00".into()),
        edit_url: Some("https://example.com/edit?a=1&b=2".into()),
        breadcrumb: vec![NavLink { title: "Docs".into(), href: "/ko/docs".into() }],
        prev: Some(NavLink { title: "Getting <started>".into(), href: "/ko/docs/getting-started".into() }),
        next: None,
        fallback: true,
        problems: vec!["ssr.md:1:1: <bad>".into()],
        layout: Default::default(),
        versions: None,
        site_name: "Leptra".into(),
        feedback_url: Some(
            "https://github.com/leptra-rs/leptra/issues/new?title=Feedback%20for%20%E2%80%9C%3CSSR%3E%E2%80%9D".into(),
        ),
    }
}

#[test]
fn a_page_view_has_its_chrome_as_html_in_the_locale_of_its_address() {
    // A fallback: English content at a Korean address, so Korean labels.
    let view = page_view(doc_page(), Locale::ko, "https://leptra.dev");
    assert_eq!(
        (view.route.as_str(), view.locale, view.body.as_str()),
        ("/ko/docs/guide/ssr", Locale::en, "<p>Body</p>")
    );
    let head = &view.head;
    assert!(
        head.starts_with(
            r#"<div class="article-head"><nav aria-label="이동 경로" class="breadcrumb"><a href="/ko/docs">Docs</a>"#
        ),
        "{head}"
    );
    assert!(head.contains(r#"aria-live="polite" data-locale="ko" data-slug="guide/ssr""#), "{head}");
    assert!(head.contains(r#"class="page-action copy-page">"#), "{head}");
    assert!(head.contains(r#"href="/ko/docs/guide/ssr.md" rel="external""#), "{head}");
    assert!(head.contains("<li><code>ssr.md:1:1: &lt;bad&gt;</code></li>"), "{head}");
    assert!(
        head.contains(&format!(
            r#"<p role="note" class="notice fallback-notice">{}</p>"#,
            tr_in!(Locale::ko, docs.fallback)
        )),
        "{head}"
    );
    let foot = &view.foot;
    assert!(foot.contains(r#"<time datetime="2026-11-30T10:00:00+00:00">"#), "{foot}");
    assert!(
        foot.contains(r#"<a href="https://example.com/edit?a=1&amp;b=2" rel="noopener" target="_blank">"#),
        "{foot}"
    );
    assert!(foot.contains("title=Feedback%20for%20%E2%80%9C%3CSSR%3E%E2%80%9D"), "{foot}");
    assert!(foot.contains(r#"<a href="/ko/docs/getting-started" rel="prev" class="pagination-prev">"#), "{foot}");
    assert!(foot.contains("Getting &lt;started&gt;") && !foot.contains("pagination-next"), "{foot}");
    let toc = &view.toc;
    assert!(toc.contains(r##"<li class="toc-level-2"><a href="#데이터">Data &amp; more</a></li>"##), "{toc}");
    assert!(toc.contains(r##"<a href="#a&quot;b">Quotes</a>"##), "{toc}");
    assert!(toc.contains(r##"<a href="#top" class="scroll-top">"##), "{toc}");
    assert!(view.structured_data.contains("https://leptra.dev/ko/docs/guide/ssr"), "{}", view.structured_data);
    assert!(view.image.starts_with("/og/ko/docs/guide/ssr.png?v="), "{}", view.image);
}

#[test]
fn layout_flags_leave_out_the_parts_they_hide() {
    use crate::docs::model::PageLayout;
    let layout =
        PageLayout { breadcrumb: false, pagination: false, timestamp: false, toc: false, ..Default::default() };
    let view = page_view(crate::docs::model::DocPage { layout, ..doc_page() }, Locale::en, "");
    assert!(!view.head.contains("breadcrumb") && view.head.contains("copy-page"), "{}", view.head);
    assert!(!view.foot.contains("pagination") && !view.foot.contains("<time"), "{}", view.foot);
    assert!(view.foot.contains("docs-article-footer"), "{}", view.foot);
    assert_eq!(view.toc, "");
    let full = PageLayout { full: true, ..Default::default() };
    assert_eq!(page_view(crate::docs::model::DocPage { layout: full, ..doc_page() }, Locale::en, "").toc, "");
}

#[test]
fn the_version_switcher_marks_the_version_read_and_escapes_labels() {
    use crate::docs::model::{PageVersions, VersionChoice};
    let choice = |label: &str, href: &str, selected| VersionChoice { label: label.into(), href: href.into(), selected };
    let versions = PageVersions {
        label: "0.1 <old>".into(),
        latest: "0.2".into(),
        latest_href: Some("/docs/guide".into()),
        latest_has_page: true,
        noindex: true,
        choices: vec![choice("0.2", "/docs?missing=1&x=\"", false), choice("0.1 <old>", "/docs/0.1/guide", true)],
    };
    let html = version_switch(&versions, Locale::ko);
    assert!(
        html.starts_with(r#"<details class="version-switch"><summary>버전: <strong>0.1 &lt;old&gt;</strong>"#),
        "{html}"
    );
    assert!(html.contains(r#"<li><a href="/docs?missing=1&amp;x=&quot;">0.2</a></li>"#), "{html}");
    assert!(
        html.contains(r#"<li><a href="/docs/0.1/guide" aria-current="page" class="selected">0.1 &lt;old&gt;</a>"#),
        "{html}"
    );
    // The page view carries it, with the label and `noindex`; a site with one version has none.
    let mut page = doc_page();
    page.versions = Some(versions);
    let view = page_view(page, Locale::ko, "https://example.com");
    assert_eq!((view.switcher, view.version.as_str(), view.noindex), (html, "0.1 <old>", true));
    let single = page_view(doc_page(), Locale::en, "https://example.com");
    assert_eq!((single.switcher.as_str(), single.version.as_str(), single.noindex), ("", "", false));
}

/// The time to render the bodies of a generated tree (`bench gen-docs DIR`) in both locales, and
/// a sidebar of all its pages with every group open, the fastest of several rounds. A measurement,
/// run by hand (`--release` for figures that mean something):
/// `LEPTRA_RENDER_TREE=DIR cargo test -p app --features ssr --lib render_time -- --ignored --nocapture`.
#[test]
#[ignore = "a measurement, run by hand"]
fn render_time_of_a_generated_tree() {
    use crate::docs::{content::split_front_matter, markdown::render, model::SidebarItem};
    use std::time::Instant;
    let Ok(dir) = std::env::var("LEPTRA_RENDER_TREE") else { return };
    let mut files = Vec::new();
    let mut folders = vec![std::path::PathBuf::from(dir)];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(folder).expect("a folder").flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|ext| ext == "md") {
                files.push(std::fs::read_to_string(path).expect("a page"));
            }
        }
    }
    let pages: Vec<Vec<Block>> = files
        .iter()
        .map(|source| {
            let split = split_front_matter(source).expect("front matter");
            render(split.body, split.body_line_offset).blocks
        })
        .collect();
    // The fastest of several rounds: the least disturbed by other work on the machine.
    let (bodies, bytes) = (0..5)
        .map(|_| {
            let start = Instant::now();
            let bytes: usize =
                pages.iter().flat_map(|blocks| Locale::ALL.map(|locale| body_html(blocks, locale).len())).sum();
            (start.elapsed(), bytes)
        })
        .min()
        .expect("five rounds");
    let page = |n: usize| SidebarItem::Page { title: format!("Page {n}"), href: format!("/docs/section/page-{n}") };
    let items: Vec<SidebarItem> = (0..pages.len().div_ceil(50))
        .map(|folder| SidebarItem::Folder {
            title: format!("Section {folder}"),
            href: None,
            path: format!("/docs/section-{folder}"),
            children: Some((0..50).map(|n| page(folder * 50 + n)).collect()),
        })
        .collect();
    let (sidebars, sidebar) = (0..20)
        .map(|_| {
            let start = Instant::now();
            let bytes = sidebar_html(&items, &[], Locale::en, "/docs/section/page-7").len();
            (start.elapsed(), bytes)
        })
        .min()
        .expect("twenty rounds");
    println!(
        "{} pages: bodies in both locales {bodies:?} ({bytes} bytes); a sidebar of every page {sidebars:?} ({sidebar} bytes)",
        pages.len()
    );
}

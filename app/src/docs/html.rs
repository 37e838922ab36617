//! A page's blocks as the HTML of its body: prose, headings and the built-in
//! components, rendered once on the server.
//!
//! The built-ins are Leptos components, rendered to HTML by the server
//! ([`server_html`]); the prose, the highlighted code and the math are HTML
//! already (comrak's, syntect's, math-core's) and go in with `inner_html`.
//! The body is sent as this HTML, in the page and in `get_doc_page`'s JSON,
//! and the browser inserts it as it is: hydrating a page costs one element
//! however long the page is, and the wasm holds no code for any block. The
//! built-ins that react (tab groups, copy buttons) are driven by one set of
//! listeners in the browser (`components::docs::behaviour`), which reads the
//! attributes written here. The stars figure is live, so the body holds
//! [`STARS_SLOT`] in its place and [`fill_stars`] puts the current figure in
//! on each request.

use std::{cell::Cell, rc::Rc};

use leptos::{prelude::*, tachys::view::RenderHtml};

use crate::docs::model::{self, Block, CalloutKind, FileNode};
use crate::format::human_date;
use crate::locale::Locale;
use crate::server::github::model::RepoStars;
use crate::tr_in;

/// Where the stars figure goes in a body. A comment, which no Markdown can
/// produce: raw HTML in the content is escaped.
pub const STARS_SLOT: &str = "<!--leptra:stars-->";

/// The HTML of `blocks`, with labels (callout titles, "Copy", …) in `locale`.
pub fn body_html(blocks: &[Block], locale: Locale) -> String {
    let body = Body { locale, tab_groups: Rc::default() };
    server_html(view! { <Blocks blocks=blocks.to_vec() body/> })
}

/// `body` with the stars figure in its slot, if it has one.
pub fn fill_stars(body: &str, stars: &RepoStars, locale: Locale) -> String {
    if !body.contains(STARS_SLOT) {
        return body.to_owned();
    }
    body.replace(STARS_SLOT, &server_html(view! { <Stars stars=stars.clone() locale/> }))
}

/// The HTML of `view`, for a part of the page that the browser shows as the
/// server wrote it and never hydrates (a body, the sidebar, the chrome around
/// a docs page).
///
/// Leptos' `to_html` is the renderer hydration reads back, and it writes a
/// `<!>` comment wherever hydration must tell nodes apart: between two text
/// nodes, for an absent `Option`, after a list. Nothing hydrates this HTML,
/// so those markers are left out. No other `<!>` can be in it: text and
/// attributes are escaped, and the HTML inserted as it is (Markdown, code,
/// math) never writes one.
pub(crate) fn server_html(view: impl RenderHtml) -> String {
    let html = view.to_html();
    if html.contains(HYDRATION_MARKER) {
        html.replace(HYDRATION_MARKER, "")
    } else {
        html
    }
}

/// The comment Leptos writes between nodes for hydration.
const HYDRATION_MARKER: &str = "<!>";

/// What the blocks of one page share while it is rendered: the locale of its
/// labels, and the tab groups numbered so far (in document order, so that
/// the ids tying tabs to panels are unique on the page).
#[derive(Clone)]
struct Body {
    locale: Locale,
    tab_groups: Rc<Cell<usize>>,
}

impl Body {
    /// The number of the next tab group.
    fn next_tab_group(&self) -> usize {
        let group = self.tab_groups.get();
        self.tab_groups.set(group + 1);
        group
    }
}

/// Blocks in order.
#[component]
fn Blocks(blocks: Vec<Block>, body: Body) -> impl IntoView {
    blocks.into_iter().map(|block| view! { <BlockView block body=body.clone()/> }).collect_view()
}

/// One block: prose, a heading or a built-in.
#[component]
fn BlockView(block: Block, body: Body) -> impl IntoView {
    match block {
        // Rendered by the server from the site's own Markdown, with raw HTML escaped.
        Block::Html(html) => view! { <div class="md" inner_html=html></div> }.into_any(),
        Block::Heading { level, id, html } => view! { <Heading level id html locale=body.locale/> }.into_any(),
        Block::Code(code) => view! { <Code code locale=body.locale/> }.into_any(),
        Block::Callout { kind, title, children } => view! { <Callout kind title children body/> }.into_any(),
        Block::Tabs { key, tabs } => view! { <TabGroup key tabs body/> }.into_any(),
        Block::Cards(cards) => view! { <Cards cards/> }.into_any(),
        Block::Steps(children) => view! { <div class="steps"><Blocks blocks=children body/></div> }.into_any(),
        Block::FileTree(nodes) => view! { <FileTree nodes locale=body.locale/> }.into_any(),
        // The figure goes in on each request (`fill_stars`).
        Block::Stars => view! { <div class="stars-widget" data-testid="stars" inner_html=STARS_SLOT></div> }.into_any(),
    }
}

/// A heading with its anchor id and, below the page title, a link to itself.
#[component]
fn Heading(level: u8, id: String, html: String, locale: Locale) -> impl IntoView {
    let anchor = (level > 1).then(|| {
        view! { <a class="anchor" href=format!("#{id}") aria-label=tr_in!(locale, docs.anchor)>"#"</a> }
    });
    let content = (view! { <span inner_html=html></span> }, anchor);
    match level.clamp(1, 6) {
        1 => view! { <h1 id=id>{content}</h1> }.into_any(),
        2 => view! { <h2 id=id>{content}</h2> }.into_any(),
        3 => view! { <h3 id=id>{content}</h3> }.into_any(),
        4 => view! { <h4 id=id>{content}</h4> }.into_any(),
        5 => view! { <h5 id=id>{content}</h5> }.into_any(),
        _ => view! { <h6 id=id>{content}</h6> }.into_any(),
    }
}

/// A highlighted code block with its title, emphasised lines and copy
/// button. The button copies the block's text; `data-copied` is what it says
/// after.
#[component]
fn Code(code: model::CodeBlock, locale: Locale) -> impl IntoView {
    let model::CodeBlock { lang, filename, lines, highlighted, .. } = code;
    let lines = lines
        .into_iter()
        .enumerate()
        .map(|(index, line)| {
            let class = if highlighted.contains(&(index as u32 + 1)) { "line hl-line" } else { "line" };
            // syntect's spans, balanced on each line.
            (view! { <span class=class inner_html=line></span> }, "\n")
        })
        .collect_view();
    let copy = tr_in!(locale, docs.copy);
    let copy_label = copy.clone();
    view! {
        <figure class="code-block" data-lang=lang>
            {filename.map(|name| view! { <figcaption class="code-title">{name}</figcaption> })}
            // Long lines scroll sideways; the block takes focus so keyboards can scroll it.
            <pre class="code" tabindex="0"><code>{lines}</code></pre>
            <button
                type="button"
                class="copy-button"
                aria-label=tr_in!(locale, docs.copy_code)
                data-copy=copy_label
                data-copied=tr_in!(locale, docs.copied)
            >
                {copy}
            </button>
        </figure>
    }
}

/// A callout: its title (the kind's name unless it has its own) and content.
#[component]
fn Callout(kind: CalloutKind, title: Option<String>, children: Vec<Block>, body: Body) -> impl IntoView {
    let title = title.unwrap_or_else(|| callout_label(kind, body.locale));
    view! {
        <aside class=format!("callout callout-{}", kind.as_str())>
            <p class="callout-title">{title}</p>
            <div class="callout-body"><Blocks blocks=children body/></div>
        </aside>
    }
}

/// A tab group: the first tab selected. `data-key` names the groups that
/// switch together; the browser applies a remembered choice.
#[component]
fn TabGroup(key: Option<String>, tabs: Vec<model::Tab>, body: Body) -> impl IntoView {
    let group = body.next_tab_group();
    let tab_id = move |index: usize| format!("tabs-{group}-tab-{index}");
    let panel_id = move |index: usize| format!("tabs-{group}-panel-{index}");
    let (labels, contents): (Vec<_>, Vec<_>) = tabs.into_iter().map(|tab| (tab.label, tab.children)).unzip();
    let buttons = labels
        .into_iter()
        .enumerate()
        .map(|(index, label)| {
            view! {
                <button
                    type="button"
                    role="tab"
                    class="tab"
                    id=tab_id(index)
                    aria-controls=panel_id(index)
                    aria-selected=if index == 0 { "true" } else { "false" }
                    tabindex=if index == 0 { "0" } else { "-1" }
                >
                    {label}
                </button>
            }
        })
        .collect_view();
    // Panels after the buttons, so that groups nested in them are numbered after this one.
    let panels = contents
        .into_iter()
        .enumerate()
        .map(|(index, children)| {
            view! {
                <div
                    role="tabpanel"
                    class="tab-panel"
                    id=panel_id(index)
                    aria-labelledby=tab_id(index)
                    tabindex="0"
                    hidden={index > 0}
                >
                    <Blocks blocks=children body=body.clone()/>
                </div>
            }
        })
        .collect_view();
    view! {
        <div class="tabs" data-key=key>
            <div role="tablist" class="tab-list" aria-label=tr_in!(body.locale, docs.tabs)>{buttons}</div>
            {panels}
        </div>
    }
}

/// A grid of link cards.
#[component]
fn Cards(cards: Vec<model::Card>) -> impl IntoView {
    let cards = cards
        .into_iter()
        .map(|model::Card { title, href, description }| {
            view! {
                <a class="card" href=href>
                    <strong class="card-title">{title}</strong>
                    <span class="card-text">{description}</span>
                </a>
            }
        })
        .collect_view();
    view! { <div class="cards">{cards}</div> }
}

/// A file tree: nested lists, not an ARIA tree (a tree promises arrow-key
/// navigation).
#[component]
fn FileTree(nodes: Vec<FileNode>, locale: Locale) -> impl IntoView {
    view! {
        <div class="filetree">
            <ul aria-label=tr_in!(locale, docs.files)><FileEntries nodes/></ul>
        </div>
    }
}

/// The entries of a file tree's folder.
#[component]
fn FileEntries(nodes: Vec<FileNode>) -> impl IntoView {
    nodes
        .into_iter()
        .map(|FileNode { name, folder, children }| {
            let kind = if folder { "filetree-folder" } else { "filetree-file" };
            view! {
                <li class=kind>
                    <span class="filetree-name">{name}</span>
                    {folder.then(|| view! { <ul><FileEntries nodes=children/></ul> })}
                </li>
            }
        })
        .collect_view()
}

/// The default title of a callout.
fn callout_label(kind: CalloutKind, locale: Locale) -> String {
    match kind {
        CalloutKind::Note => tr_in!(locale, docs.callout_note),
        CalloutKind::Tip => tr_in!(locale, docs.callout_tip),
        CalloutKind::Important => tr_in!(locale, docs.callout_important),
        CalloutKind::Warning => tr_in!(locale, docs.callout_warning),
        CalloutKind::Caution => tr_in!(locale, docs.callout_caution),
    }
}

/// "Leptra has N stars on GitHub", with the date of the last push: what the
/// stars widget shows in place of [`STARS_SLOT`].
#[component]
fn Stars(stars: RepoStars, locale: Locale) -> impl IntoView {
    let RepoStars { full_name, stars, updated_at, .. } = stars;
    match stars {
        Some(count) => {
            let updated = updated_at.map(|at| {
                view! { <p class="stars-updated">{tr_in!(locale, stars.updated)}{human_date(&at, locale)}"."</p> }
            });
            view! {
                <p class="stars-count">
                    {tr_in!(locale, stars.before)}<strong>{count}</strong>{tr_in!(locale, stars.after)}
                </p>
                {updated}
            }
            .into_any()
        }
        None => view! { <p class="stars-count">"The star count of "{full_name}" is not available right now."</p> }
            .into_any(),
    }
}

mod chrome;
mod navbar;
mod sidebar;
#[cfg(test)]
mod tests;

pub use chrome::{page_view, version_switch};
pub use navbar::navbar_html;
pub use sidebar::{folder_html, sidebar_html};

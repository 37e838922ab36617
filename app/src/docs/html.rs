//! A page's blocks as the HTML of its body: prose, headings and the built-in
//! components, rendered once on the server.
//!
//! The body is sent as this HTML, in the page and in `get_doc_page`'s JSON,
//! and the browser inserts it as it is: hydrating a page costs one element
//! however long the page is, and the wasm holds no code for any block. The
//! built-ins that react (tab groups, copy buttons) are driven by one set of
//! listeners in the browser (`components::docs::behaviour`), which reads the
//! attributes written here. The stars figure is live, so the body holds
//! [`STARS_SLOT`] in its place and [`fill_stars`] puts the current figure in
//! on each request.
//!
//! Written with `html-escape` rather than rendered from Leptos views: a view's
//! HTML carries the markers that hydration needs, and nothing hydrates here.

use std::fmt::Write;

use html_escape::{encode_double_quoted_attribute as attr, encode_text as text};

use crate::docs::model::{Block, CalloutKind, Card, CodeBlock, FileNode, Tab};
use crate::format::human_date;
use crate::locale::Locale;
use crate::server::github::model::RepoStars;
use crate::tr_in;

/// Where the stars figure goes in a body. A comment, which no Markdown can
/// produce: raw HTML in the content is escaped.
pub const STARS_SLOT: &str = "<!--leptra:stars-->";

/// The HTML of `blocks`, with labels (callout titles, "Copy", …) in `locale`.
pub fn body_html(blocks: &[Block], locale: Locale) -> String {
    let mut body = Body { out: String::new(), locale, tab_groups: 0 };
    body.blocks(blocks);
    body.out
}

/// `body` with the stars figure in its slot, if it has one.
pub fn fill_stars(body: &str, stars: &RepoStars, locale: Locale) -> String {
    body.replace(STARS_SLOT, &stars_html(stars, locale))
}

/// The HTML being written for one page, in its locale, and the tab groups
/// numbered so far (in document order, so that the ids tying tabs to panels
/// are unique on the page).
struct Body {
    out: String,
    locale: Locale,
    tab_groups: usize,
}

// `write!` into a `String` cannot fail.
impl Body {
    fn blocks(&mut self, blocks: &[Block]) {
        for block in blocks {
            self.block(block);
        }
    }

    fn block(&mut self, block: &Block) {
        let locale = self.locale;
        match block {
            // Rendered by the server from the site's own Markdown, with raw HTML escaped.
            Block::Html(html) => {
                let _ = write!(self.out, r#"<div class="md">{html}</div>"#);
            }
            Block::Heading { level, id, html } => self.heading(*level, id, html),
            Block::Code(code) => self.code_block(code),
            Block::Callout { kind, title, children } => {
                let label = title.clone().unwrap_or_else(|| callout_label(*kind, locale));
                let _ = write!(
                    self.out,
                    r#"<aside class="callout callout-{}"><p class="callout-title">{}</p><div class="callout-body">"#,
                    kind.as_str(),
                    text(&label)
                );
                self.blocks(children);
                self.out.push_str("</div></aside>");
            }
            Block::Tabs { key, tabs } => self.tabs(key.as_deref(), tabs),
            Block::Cards(cards) => {
                self.out.push_str(r#"<div class="cards">"#);
                cards.iter().for_each(|card| self.card(card));
                self.out.push_str("</div>");
            }
            Block::Steps(children) => {
                self.out.push_str(r#"<div class="steps">"#);
                self.blocks(children);
                self.out.push_str("</div>");
            }
            // Nested lists, not an ARIA tree: a tree promises arrow-key navigation.
            Block::FileTree(nodes) => {
                let _ = write!(
                    self.out,
                    r#"<div class="filetree"><ul aria-label="{}">"#,
                    attr(&tr_in!(locale, docs.files))
                );
                nodes.iter().for_each(|node| self.file_node(node));
                self.out.push_str("</ul></div>");
            }
            Block::Stars => self.out.push_str(STARS_SLOT),
        }
    }

    fn heading(&mut self, level: u8, id: &str, html: &str) {
        let level = level.clamp(1, 6);
        let id = attr(id);
        let _ = write!(self.out, r#"<h{level} id="{id}"><span>{html}</span>"#);
        // The page title needs no link to itself.
        if level > 1 {
            let label = attr(&tr_in!(self.locale, docs.anchor)).into_owned();
            let _ = write!(self.out, r##"<a class="anchor" href="#{id}" aria-label="{label}">#</a>"##);
        }
        let _ = write!(self.out, "</h{level}>");
    }

    /// A highlighted code block with its title, emphasised lines and copy
    /// button. The button copies the block's text; `data-copied` is what it
    /// says after.
    fn code_block(&mut self, code: &CodeBlock) {
        self.out.push_str(r#"<figure class="code-block""#);
        if let Some(lang) = &code.lang {
            let _ = write!(self.out, r#" data-lang="{}""#, attr(lang));
        }
        self.out.push('>');
        if let Some(name) = &code.filename {
            let _ = write!(self.out, r#"<figcaption class="code-title">{}</figcaption>"#, text(name));
        }
        // Long lines scroll sideways; the block takes focus so keyboards can scroll it.
        self.out.push_str(r#"<pre class="code" tabindex="0"><code>"#);
        for (index, line) in code.lines.iter().enumerate() {
            let class = if code.highlighted.contains(&(index as u32 + 1)) { "line hl-line" } else { "line" };
            let _ = writeln!(self.out, r#"<span class="{class}">{line}</span>"#);
        }
        let copy = tr_in!(self.locale, docs.copy);
        let _ = write!(
            self.out,
            r#"</code></pre><button type="button" class="copy-button" aria-label="{}" data-copy="{}" data-copied="{}">{}</button></figure>"#,
            attr(&tr_in!(self.locale, docs.copy_code)),
            attr(&copy),
            attr(&tr_in!(self.locale, docs.copied)),
            text(&copy)
        );
    }

    /// A tab group: the first tab selected. `data-key` names the groups that
    /// switch together; the browser applies a remembered choice.
    fn tabs(&mut self, key: Option<&str>, tabs: &[Tab]) {
        let group = self.tab_groups;
        self.tab_groups += 1;
        self.out.push_str(r#"<div class="tabs""#);
        if let Some(key) = key {
            let _ = write!(self.out, r#" data-key="{}""#, attr(key));
        }
        let label = attr(&tr_in!(self.locale, docs.tabs)).into_owned();
        let _ = write!(self.out, r#"><div role="tablist" class="tab-list" aria-label="{label}">"#);
        for (index, tab) in tabs.iter().enumerate() {
            let (selected, tabindex) = if index == 0 { ("true", "0") } else { ("false", "-1") };
            let _ = write!(
                self.out,
                r#"<button type="button" role="tab" class="tab" id="tabs-{group}-tab-{index}" aria-controls="tabs-{group}-panel-{index}" aria-selected="{selected}" tabindex="{tabindex}">{}</button>"#,
                text(&tab.label)
            );
        }
        self.out.push_str("</div>");
        // Panels after the buttons, so that groups nested in them are numbered after this one.
        for (index, tab) in tabs.iter().enumerate() {
            let hidden = if index == 0 { "" } else { " hidden" };
            let _ = write!(
                self.out,
                r#"<div role="tabpanel" class="tab-panel" id="tabs-{group}-panel-{index}" aria-labelledby="tabs-{group}-tab-{index}" tabindex="0"{hidden}>"#
            );
            self.blocks(&tab.children);
            self.out.push_str("</div>");
        }
        self.out.push_str("</div>");
    }

    fn card(&mut self, card: &Card) {
        let _ = write!(
            self.out,
            r#"<a class="card" href="{}"><strong class="card-title">{}</strong><span class="card-text">{}</span></a>"#,
            attr(&card.href),
            text(&card.title),
            text(&card.description)
        );
    }

    fn file_node(&mut self, node: &FileNode) {
        let kind = if node.folder { "folder" } else { "file" };
        let _ =
            write!(self.out, r#"<li class="filetree-{kind}"><span class="filetree-name">{}</span>"#, text(&node.name));
        if node.folder {
            self.out.push_str("<ul>");
            node.children.iter().for_each(|child| self.file_node(child));
            self.out.push_str("</ul>");
        }
        self.out.push_str("</li>");
    }
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

/// "Leptra has N stars on GitHub", with the date of the last push.
fn stars_html(stars: &RepoStars, locale: Locale) -> String {
    let mut out = String::from(r#"<div class="stars-widget" data-testid="stars">"#);
    match stars.stars {
        Some(count) => {
            let _ = write!(
                out,
                r#"<p class="stars-count">{}<strong>{count}</strong>{}</p>"#,
                text(&tr_in!(locale, stars.before)),
                text(&tr_in!(locale, stars.after))
            );
            if let Some(at) = &stars.updated_at {
                let _ = write!(
                    out,
                    r#"<p class="stars-updated">{}{}.</p>"#,
                    text(&tr_in!(locale, stars.updated)),
                    text(&human_date(at, locale))
                );
            }
        }
        None => {
            let _ = write!(
                out,
                r#"<p class="stars-count">The star count of {} is not available right now.</p>"#,
                text(&stars.full_name)
            );
        }
    }
    out.push_str("</div>");
    out
}

mod chrome;
mod navbar;
mod sidebar;
#[cfg(test)]
mod tests;

pub use chrome::{page_view, version_switch};
pub use navbar::navbar_html;
pub use sidebar::{folder_html, sidebar_html};

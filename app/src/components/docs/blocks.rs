//! Renders a page's typed blocks: prose, headings and the built-in components.

use leptos::{either::Either, prelude::*};

use super::code::CodeBlockView;
use super::stars::StarsView;
use super::tabs::{TabPanel, TabsView};
use crate::docs::model::{Block, CalloutKind, Card, FileNode, Tab};

/// A list of blocks, in order.
#[component]
pub fn Blocks(blocks: Vec<Block>) -> impl IntoView {
    blocks.into_iter().map(block_view).collect_view()
}

fn block_view(block: Block) -> AnyView {
    match block {
        // Rendered by the server from the site's own Markdown, with raw HTML escaped.
        Block::Html(html) => view! { <div class="md" inner_html=html></div> }.into_any(),
        Block::Heading { level, id, html } => heading(level, id, html),
        Block::Code(code) => view! { <CodeBlockView code/> }.into_any(),
        Block::Callout { kind, title, children } => {
            let class = format!("callout callout-{}", kind.as_str());
            let label = match title {
                Some(title) => Either::Left(title),
                None => Either::Right(callout_label(kind)),
            };
            view! {
                <aside class=class>
                    <p class="callout-title">{label}</p>
                    <div class="callout-body">{children.into_iter().map(block_view).collect_view()}</div>
                </aside>
            }
            .into_any()
        }
        Block::Tabs { key, tabs } => {
            let tabs: Vec<TabPanel> = tabs.into_iter().map(tab_panel).collect();
            view! { <TabsView key tabs/> }.into_any()
        }
        Block::Cards(cards) => {
            view! { <div class="cards">{cards.into_iter().map(card).collect_view()}</div> }.into_any()
        }
        Block::Steps(children) => {
            view! { <div class="steps">{children.into_iter().map(block_view).collect_view()}</div> }.into_any()
        }
        // Nested lists, not an ARIA tree: a tree promises arrow-key navigation.
        Block::FileTree(nodes) => view! {
            <div class="filetree">
                <ul aria-label=crate::tr!(docs.files)>{nodes.into_iter().map(file_node).collect_view()}</ul>
            </div>
        }
        .into_any(),
        Block::Stars => view! { <StarsView/> }.into_any(),
    }
}

/// A block's children, for components that nest blocks.
fn blocks_view(blocks: Vec<Block>) -> AnyView {
    blocks.into_iter().map(block_view).collect_view().into_any()
}

/// A tab whose panel shows its blocks.
fn tab_panel(tab: Tab) -> TabPanel {
    let children = tab.children;
    TabPanel { label: tab.label, content: Box::new(move || blocks_view(children)) }
}

fn heading(level: u8, id: String, html: String) -> AnyView {
    let anchor = view! {
        <a class="anchor" href=format!("#{id}") aria-label=crate::tr!(docs.anchor)>"#"</a>
    };
    let text = view! { <span inner_html=html></span> };
    match level {
        1 => view! { <h1 id=id>{text}</h1> }.into_any(),
        2 => view! { <h2 id=id>{text}{anchor}</h2> }.into_any(),
        3 => view! { <h3 id=id>{text}{anchor}</h3> }.into_any(),
        4 => view! { <h4 id=id>{text}{anchor}</h4> }.into_any(),
        5 => view! { <h5 id=id>{text}{anchor}</h5> }.into_any(),
        _ => view! { <h6 id=id>{text}{anchor}</h6> }.into_any(),
    }
}

fn card(card: Card) -> impl IntoView {
    view! {
        <a class="card" href=card.href>
            <strong class="card-title">{card.title}</strong>
            <span class="card-text">{card.description}</span>
        </a>
    }
}

fn file_node(node: FileNode) -> AnyView {
    if node.folder {
        view! {
            <li class="filetree-folder">
                <span class="filetree-name">{node.name}</span>
                <ul>{node.children.into_iter().map(file_node).collect_view()}</ul>
            </li>
        }
        .into_any()
    } else {
        view! { <li class="filetree-file"><span class="filetree-name">{node.name}</span></li> }.into_any()
    }
}

/// The default title of a callout, in the page's language.
fn callout_label(kind: CalloutKind) -> impl Fn() -> String + Send + Sync + 'static {
    let locale = crate::locale::use_locale();
    move || match kind {
        CalloutKind::Note => crate::tr_in!(locale.get(), docs.callout_note),
        CalloutKind::Tip => crate::tr_in!(locale.get(), docs.callout_tip),
        CalloutKind::Important => crate::tr_in!(locale.get(), docs.callout_important),
        CalloutKind::Warning => crate::tr_in!(locale.get(), docs.callout_warning),
        CalloutKind::Caution => crate::tr_in!(locale.get(), docs.callout_caution),
    }
}

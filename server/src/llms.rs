//! The docs for language models and other readers of plain text: every page
//! as Markdown at its URL plus `.md`, and `llms.txt` / `llms-full.txt` per
//! locale (the llmstxt.org format), built from the content being served.
//!
//! One middleware answers all of them before the Leptos routes, since
//! `/docs/guide/ssr.md` would otherwise be read as the page `guide/ssr.md`.

use axum::{
    body::Body,
    extract::{Request, State},
    middleware::Next,
    response::{IntoResponse, Response},
};
use http::{header, HeaderValue, Method};

use app::{
    docs::{
        export::fill_stars,
        model::{docs_base, DEFAULT_LOCALE},
    },
    locale::Locale,
    server::{content::Content, docs::stars_sentence},
};

use crate::ServerState;

/// Answers `.md`, `llms.txt` and `llms-full.txt` requests; passes on everything else.
pub(crate) async fn serve(State(state): State<ServerState>, req: Request, next: Next) -> Response<Body> {
    let path = req.uri().path();
    let wanted = (req.method() == Method::GET || req.method() == Method::HEAD)
        && (path.ends_with(".md") || path.ends_with("/llms.txt") || path.ends_with("/llms-full.txt"));
    if !wanted {
        return next.run(req).await;
    }
    let content = state.app.content.snapshot();
    let Some(answer) = answer(&state, &content, path) else { return next.run(req).await };
    let cache_control = if state.app.content.is_watched() { "no-cache" } else { "public, max-age=300" };
    match answer {
        Ok((content_type, body)) => {
            let mut response = (
                [
                    (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
                    (header::CACHE_CONTROL, HeaderValue::from_static(cache_control)),
                ],
                body,
            )
                .into_response();
            app::server::keep::mark(response.headers_mut(), app::server::keep::Kind::Content, &[]);
            response
        }
        Err(error) => (
            error.status_code(),
            [
                (header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8")),
                (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            ],
            format!("{error}\n"),
        )
            .into_response(),
    }
}

type Answer = Result<(&'static str, String), app::error::AppError>;

/// What `path` asks for, or `None` when it is not one of ours.
fn answer(state: &ServerState, content: &Content, path: &str) -> Option<Answer> {
    let locales = content.docs.locales();
    for &locale in &locales {
        let prefix = if locale == DEFAULT_LOCALE { String::new() } else { format!("/{locale}") };
        let Some(rest) = path.strip_prefix(&prefix) else { continue };
        match rest {
            "/llms.txt" => return Some(Ok(("text/plain; charset=utf-8", llms_txt(state, content, locale)))),
            "/llms-full.txt" => return Some(Ok(("text/plain; charset=utf-8", llms_full(state, content, locale)))),
            _ => {}
        }
        let base = docs_base(locale);
        let Some(route) = path.strip_suffix(".md") else { continue };
        let Some(slug) = route.strip_prefix(&base).filter(|s| s.is_empty() || s.starts_with('/')) else {
            continue;
        };
        let markdown = content.markdown(locale, slug).map(|md| fill_stars(&md, &stars_text(state)));
        return Some(markdown.map(|md| ("text/markdown; charset=utf-8", md)));
    }
    None
}

/// The stars figure as a sentence.
fn stars_text(state: &ServerState) -> String {
    stars_sentence(&state.app.stars.get())
}

/// The llmstxt.org index: title, summary, then each sidebar section's pages
/// with their Markdown URLs and descriptions.
fn llms_txt(state: &ServerState, content: &Content, locale: Locale) -> String {
    let site_url = &state.app.site_url;
    let site = &content.site.page;
    let mut out = format!("# {}\n\n> {}\n\n", site.name, site.description.get(locale));
    let full = if locale == DEFAULT_LOCALE { String::new() } else { format!("/{locale}") };
    out.push_str(&format!(
        "Every page is listed with its Markdown version; {site_url}{full}/llms-full.txt has all of them in one file.\n"
    ));
    for (section, pages) in content.docs.outline(locale) {
        out.push_str(&format!("\n## {}\n\n", section.as_deref().unwrap_or("Docs")));
        for page in pages {
            let url = format!("{site_url}{}.md", page.route);
            match page.description.trim() {
                "" => out.push_str(&format!("- [{}]({url})\n", page.title)),
                description => out.push_str(&format!("- [{}]({url}): {description}\n", page.title)),
            }
        }
    }
    out
}

/// Every page's Markdown in sidebar order, each after a line naming its URL.
fn llms_full(state: &ServerState, content: &Content, locale: Locale) -> String {
    let stars = stars_text(state);
    let mut parts = Vec::new();
    for (_, pages) in content.docs.outline(locale) {
        for page in pages {
            if let Ok(markdown) = content.docs.markdown(locale, &page.slug) {
                parts.push(format!(
                    "<!-- {}{}.md -->\n\n{}",
                    state.app.site_url,
                    page.route,
                    fill_stars(&markdown, &stars)
                ));
            }
        }
    }
    parts.join("\n---\n\n")
}

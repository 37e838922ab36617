//! Tells screen readers that client-side navigation brought a new page, as a
//! full page load would: the new title is read out through a live region and
//! focus moves to the new page's heading (or to the `#fragment` it links to).

use leptos::prelude::*;

/// The `id` of every page's `<main>`, the target of the skip link.
pub const MAIN_ID: &str = "content";

/// How many animation frames to wait for the new page's heading before
/// announcing anyway (about three seconds).
#[cfg(feature = "hydrate")]
const MAX_FRAMES: u32 = 180;

/// A visually hidden live region, updated after each client-side navigation.
#[component]
pub fn RouteAnnouncer() -> impl IntoView {
    let message = RwSignal::new(String::new());
    #[cfg(feature = "hydrate")]
    {
        let location = leptos_router::hooks::use_location();
        Effect::watch(
            move || location.pathname.get(),
            move |_, _, _| {
                let before = page_heading();
                announce_when_ready(before, message, MAX_FRAMES);
            },
            false,
        );
    }
    view! { <div class="sr-only" aria-live="assertive" aria-atomic="true">{move || message.get()}</div> }
}

/// The heading of the page on screen.
#[cfg(feature = "hydrate")]
fn page_heading() -> Option<web_sys::Element> {
    document().query_selector(&format!("#{MAIN_ID} h1")).ok().flatten()
}

/// Once the heading differs from `before` (the new page is on screen), moves
/// focus to it and announces the document's title.
#[cfg(feature = "hydrate")]
fn announce_when_ready(before: Option<web_sys::Element>, message: RwSignal<String>, frames: u32) {
    request_animation_frame(move || {
        let heading = page_heading();
        if heading.is_some() && heading != before || frames == 0 {
            // The title is set in the same render; read it a frame later.
            request_animation_frame(move || {
                focus_target(heading);
                message.set(document().title());
            });
        } else {
            announce_when_ready(before, message, frames - 1);
        }
    });
}

/// Focuses the element the URL's fragment names, else the page's heading,
/// without scrolling: the router and the fragment handling scroll already.
#[cfg(feature = "hydrate")]
fn focus_target(heading: Option<web_sys::Element>) {
    use wasm_bindgen::JsCast;
    let hash = window().location().hash().unwrap_or_default();
    let id = hash.trim_start_matches('#');
    let decoded = js_sys::decode_uri_component(id).ok().and_then(|d| d.as_string()).unwrap_or_default();
    let fragment = (!id.is_empty()).then(|| document().get_element_by_id(&decoded)).flatten();
    let Some(target) = fragment.or(heading).and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok()) else { return };
    if !target.has_attribute("tabindex") {
        let _ = target.set_attribute("tabindex", "-1");
    }
    let options = web_sys::FocusOptions::new();
    options.set_prevent_scroll(true);
    let _ = target.focus_with_options(&options);
}

/// The `<main>` of a page: the skip link's target, focusable by script only.
#[component]
pub fn MainContent(
    /// Extra classes.
    #[prop(optional)]
    class: &'static str,
    children: Children,
) -> impl IntoView {
    view! { <main id=MAIN_ID class=class tabindex="-1">{children()}</main> }
}

/// "Skip to content": the first thing a keyboard reaches on every page.
#[component]
pub fn SkipLink() -> impl IntoView {
    view! {
        <a class="skip-link" href=format!("#{MAIN_ID}") on:click=skip_to_main>{crate::tr!(nav.skip)}</a>
    }
}

/// Moves focus into `<main>` (the router would only change the URL).
fn skip_to_main(ev: leptos::ev::MouseEvent) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        if let Some(main) =
            document().get_element_by_id(MAIN_ID).and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
        {
            ev.prevent_default();
            let _ = main.focus();
            main.scroll_into_view();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = ev;
}

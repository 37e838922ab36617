//! "On this page": the table of contents, following the heading in view.

use leptos::prelude::*;

use crate::{docs::model::TocEntry, tr};

/// The table of contents with the current section highlighted.
#[component]
pub fn Toc(entries: Vec<TocEntry>, edit_url: Option<String>) -> impl IntoView {
    let active = RwSignal::new(None::<String>);
    let ids: Vec<String> = entries.iter().map(|e| e.id.clone()).collect();
    track_headings(ids, active);
    view! {
        <nav class="toc" aria-label=tr!(toc.title)>
            {(!entries.is_empty()).then(|| view! { <p class="toc-title">{tr!(toc.title)}</p> })}
            <ul>
                {entries
                    .into_iter()
                    .map(|entry| {
                        let id = entry.id.clone();
                        view! {
                            <li class=format!("toc-level-{}", entry.level)>
                                <a
                                    href=format!("#{}", entry.id)
                                    class:active=move || active.with(|a| a.as_deref() == Some(id.as_str()))
                                >
                                    {entry.text}
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <div class="toc-footer">
                {edit_url.map(|url| view! { <a href=url rel="noopener" target="_blank">{tr!(toc.edit)}</a> })}
                <a href="#top" class="scroll-top" on:click=scroll_to_top>{tr!(toc.top)}</a>
            </div>
        </nav>
    }
}

fn scroll_to_top(ev: leptos::ev::MouseEvent) {
    ev.prevent_default();
    #[cfg(feature = "hydrate")]
    window().scroll_to_with_x_and_y(0.0, 0.0);
}

/// Keeps `active` on the last heading that has scrolled past the navbar.
fn track_headings(ids: Vec<String>, active: RwSignal<Option<String>>) {
    #[cfg(feature = "hydrate")]
    {
        let update = move || {
            let mut current = ids.first().cloned();
            for id in &ids {
                let Some(element) = document().get_element_by_id(id) else { continue };
                if element.get_bounding_client_rect().top() <= 96.0 {
                    current = Some(id.clone());
                } else {
                    break;
                }
            }
            if active.get_untracked() != current {
                active.set(current);
            }
        };
        let update_on_scroll = update.clone();
        let handle = window_event_listener(leptos::ev::scroll, move |_| update_on_scroll());
        on_cleanup(move || handle.remove());
        Effect::new(move |_| update());
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (ids, active);
}

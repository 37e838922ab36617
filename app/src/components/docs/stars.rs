//! The live "stars" figure: computed ahead of time on the server, refreshed
//! at most every few minutes, and never breaking the page.

use leptos::prelude::*;

use crate::{format::human_date, server::github::get_repo_stars};

/// "Leptra has N stars on GitHub", with the last-updated date.
#[component]
pub(super) fn StarsView() -> impl IntoView {
    let stars = Resource::new(|| (), |()| get_repo_stars());
    view! {
        <div class="stars-widget" data-testid="stars">
            <Suspense fallback=|| view! { <p>"Counting stars…"</p> }>
                {move || Suspend::new(async move {
                    match stars.await {
                        Ok(info) => match info.stars {
                            Some(count) => view! {
                                <p class="stars-count">
                                    "Leptra has " <strong>{count}</strong> " stars on GitHub."
                                </p>
                                {info.updated_at.map(|at| view! {
                                    <p class="stars-updated">"Last updated on " {human_date(&at, "en")} "."</p>
                                })}
                            }
                            .into_any(),
                            None => view! {
                                <p class="stars-count">"The star count of " {info.full_name} " is not available right now."</p>
                            }
                            .into_any(),
                        },
                        Err(_) => view! { <p class="stars-count">"The star count is not available right now."</p> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

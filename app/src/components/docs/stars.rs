//! The live "stars" figure: computed ahead of time on the server, refreshed
//! at most every few minutes, and never breaking the page.

use leptos::prelude::*;

use crate::{format::human_date, locale::use_locale, server::github::get_repo_stars, tr};

/// "Leptra has N stars on GitHub", with the last-updated date.
#[component]
pub(super) fn StarsView() -> impl IntoView {
    let stars = Resource::new(|| (), |()| get_repo_stars());
    let locale = use_locale();
    view! {
        <div class="stars-widget" data-testid="stars">
            <Suspense fallback=|| view! { <p>{tr!(stars.counting)}</p> }>
                {move || Suspend::new(async move {
                    match stars.await {
                        Ok(info) => match info.stars {
                            Some(count) => view! {
                                <p class="stars-count">
                                    {tr!(stars.before)} <strong>{count}</strong> {tr!(stars.after)}
                                </p>
                                {info.updated_at.map(|at| view! {
                                    <p class="stars-updated">{tr!(stars.updated)} {move || human_date(&at, locale.get())} "."</p>
                                })}
                            }
                            .into_any(),
                            None => view! {
                                <p class="stars-count">"The star count of " {info.full_name} " is not available right now."</p>
                            }
                            .into_any(),
                        },
                        Err(_) => view! { <p class="stars-count">{tr!(stars.unavailable)}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

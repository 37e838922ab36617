//! The notice over data shown from an older copy because its source is not
//! answering (stale-if-error): what the visitor sees instead of an error page.

use leptos::prelude::*;

use crate::{format::human_time, locale::use_locale, tr_in};

/// "As of <time>: GitHub is not answering…", over a repository list shown
/// from an older copy.
#[component]
pub fn StaleNotice(
    /// When the list shown was fetched, RFC 3339 in UTC.
    as_of: String,
) -> impl IntoView {
    let locale = use_locale();
    let text = {
        let as_of = as_of.clone();
        move || {
            let locale = locale.get();
            tr_in!(locale, user.stale, time = human_time(&as_of, locale))
        }
    };
    view! { <p class="notice stale" role="status" data-as-of=as_of>{text}</p> }
}

//! A highlighted code block with its title, emphasised lines and copy button.
//!
//! Highlighting happened on the server; the browser only gets classed spans.

use leptos::prelude::*;

use crate::docs::model::CodeBlock;

/// One code block.
#[component]
pub(super) fn CodeBlockView(code: CodeBlock) -> impl IntoView {
    let copied = RwSignal::new(false);
    let source = StoredValue::new(code.code);
    let copy = move |_| {
        copy_to_clipboard(&source.get_value());
        copied.set(true);
        set_timeout(move || copied.set(false), std::time::Duration::from_secs(2));
    };
    let highlighted = code.highlighted;
    let lines = code
        .lines
        .into_iter()
        .enumerate()
        .map(|(index, html)| {
            let emphasised = highlighted.contains(&(index as u32 + 1));
            view! { <span class="line" class:hl-line=emphasised inner_html=html></span>"\n" }
        })
        .collect_view();
    view! {
        <figure class="code-block" data-lang=code.lang>
            {code.filename.map(|name| view! { <figcaption class="code-title">{name}</figcaption> })}
            // Long lines scroll sideways; the block takes focus so keyboards can scroll it.
            <pre class="code" tabindex="0"><code>{lines}</code></pre>
            <button type="button" class="copy-button" aria-label=crate::tr!(docs.copy_code) on:click=copy>
                {
                    let locale = crate::locale::use_locale();
                    move || {
                        if copied.get() {
                            crate::tr_in!(locale.get(), docs.copied)
                        } else {
                            crate::tr_in!(locale.get(), docs.copy)
                        }
                    }
                }
            </button>
        </figure>
    }
}

fn copy_to_clipboard(text: &str) {
    #[cfg(feature = "hydrate")]
    {
        let _promise = window().navigator().clipboard().write_text(text);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = text;
}

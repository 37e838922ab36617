//! The code only some pages need, fetched when a page first needs it.
//!
//! The release bundle is split (`cargo leptos build --split`, with
//! `--cfg leptra_split`; see `scripts/env.sh`): the docs, search and user
//! pages each have their code in a chunk of their own, beside the bundle
//! every page shares. `/`, `/repos` and the 404 page stay in the bundle: they
//! are small, the user page shares the form's username checks, and every page
//! with data shows the 404's error page. In chunks of their own (measured)
//! that shared code moves into small chunks of its own, and the pages fetch
//! about as much or more.
//!
//! The release build makes the bundle three more times, one for each kind of
//! page with a chunk (features `entry-docs`, `entry-search`, `entry-user`):
//! there that kind's function stays in the bundle itself (see `in_chunk!`),
//! and the others are split off as above. A direct load of a docs, search or
//! user page starts its kind's bundle (`server::assets::Bundles`), so its code
//! is there at once; `/`, `/repos` and the 404 page start the shared one. A
//! bundle without the page's code (a build without the per-kind bundles)
//! fetches the page's chunk together with the bundle (the loader asks for
//! both) and hydrates once both are there. Client navigation fetches a page's
//! chunk the first time it shows that page, with a "Loading…" line meanwhile.
//!
//! A chunk that cannot be fetched leaves the page readable and says so: a
//! direct load keeps the server's page and shows the load-failure notice,
//! and client navigation shows the same words, with a link that loads the
//! page from the server.
//!
//! Other builds (development, the server) have no chunks: the page functions
//! below return at once, and every page is always ready.

use leptos::prelude::*;

pub use crate::split::Code;
use crate::{components::MainContent, locale::Locale, router::Page, split::now, tr};

/// A part of the bundle fetched separately.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chunk {
    /// The docs layout and pages.
    Docs,
    /// The search page (and the navbar search's dropdown, which fetches it
    /// itself: see `components::search_box`).
    Search,
    /// A user's repositories.
    User,
}

impl Chunk {
    /// The chunk whose code renders `page`; `None` for the pages in the shared
    /// bundle (`/`, `/repos` and the 404 page).
    pub fn of(page: Page) -> Option<Self> {
        match page {
            Page::Docs(_) => Some(Self::Docs),
            Page::Search => Some(Self::Search),
            Page::User => Some(Self::User),
            Page::Home | Page::Repos | Page::NotFound => None,
        }
    }

    /// The chunk's name, as the split's manifest lists it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Docs => "docs",
            Self::Search => "search",
            Self::User => "user",
        }
    }
}

crate::in_chunk!(
    docs unless "entry-docs",
    preload_docs,
    fn docs_page(locale: Locale) {
        view! { <crate::routes::docs::DocsLayout locale/> }
    }
);

crate::in_chunk!(
    search unless "entry-search",
    preload_search,
    fn search_page() {
        view! { <crate::routes::search::SearchPage/> }
    }
);

crate::in_chunk!(
    user unless "entry-user",
    preload_user,
    fn user_page() {
        view! { <crate::routes::user::UserPage/> }
    }
);

/// The docs layout in `locale`, from its chunk (which must be ready).
pub fn docs(locale: Locale) -> AnyView {
    ready(docs_page(locale))
}

/// The search page, from its chunk (which must be ready).
pub fn search() -> AnyView {
    ready(search_page())
}

/// The user page, from its chunk (which must be ready).
pub fn user() -> AnyView {
    ready(user_page())
}

/// The view a page function in a ready chunk returns, or the failure line
/// should it not be ready after all.
fn ready<E>(page: impl std::future::Future<Output = Result<AnyView, E>>) -> AnyView {
    now(page).and_then(Result::ok).unwrap_or_else(failed)
}

/// What `<main>` shows while a page's chunk is fetched.
pub fn loading() -> AnyView {
    view! { <MainContent><p class="loading" aria-busy="true">{tr!(docs.loading)}</p></MainContent> }.into_any()
}

/// What `<main>` shows when a page's chunk could not be fetched: the words of
/// the load-failure notice, and a link that loads this page from the server.
pub fn failed() -> AnyView {
    let here = crate::router::use_location();
    let href = move || format!("{}{}", here.pathname.get(), here.search.get());
    view! {
        <MainContent>
            <p class="load-failed" role="alert">
                {tr!(error.load_failed)} " " <a href=href rel="external">{tr!(error.reload)}</a>
            </p>
        </MainContent>
    }
    .into_any()
}

/// The page shown and whether its code is ready; fetches a chunk the first
/// time a page needs it. The pair changes only when the page or its own
/// chunk's state does, so that another chunk arriving never renders it again.
pub fn page_and_code(page: Memo<Page>) -> Memo<(Page, Code)> {
    #[cfg(leptra_split)]
    Effect::new(move |_| {
        let needed = Chunk::of(page.get()).filter(|&chunk| state::get(chunk) == state::State::Absent);
        if let Some(chunk) = needed {
            leptos::task::spawn_local(async move {
                let _ = load(chunk).await;
            });
        }
    });
    Memo::new(move |_| {
        let page = page.get();
        (page, Chunk::of(page).map_or(Code::Ready, code))
    })
}

/// Whether `chunk`'s code is ready (tracked: it changes when a fetch ends).
fn code(chunk: Chunk) -> Code {
    #[cfg(leptra_split)]
    return match state::get_tracked(chunk) {
        state::State::Ready => Code::Ready,
        state::State::Failed => Code::Failed,
        state::State::Absent | state::State::Loading => Code::Loading,
    };
    #[cfg(not(leptra_split))]
    {
        let _ = chunk;
        Code::Ready
    }
}

/// Fetches the chunk of the page at `path`, if it has one (the browser's entry
/// point does this before it hydrates).
pub async fn load_for(path: &str) -> Result<(), ChunkError> {
    match Chunk::of(Page::at(path)) {
        Some(chunk) => load(chunk).await,
        None => Ok(()),
    }
}

/// A chunk could not be fetched (the browser's console has the details).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChunkError;

/// Fetches `chunk` once; a failure is remembered until the page is reloaded.
async fn load(chunk: Chunk) -> Result<(), ChunkError> {
    #[cfg(leptra_split)]
    {
        use state::State;
        match state::get(chunk) {
            State::Ready => return Ok(()),
            State::Failed => return Err(ChunkError),
            State::Absent | State::Loading => {}
        }
        state::set(chunk, State::Loading);
        let loaded = match chunk {
            Chunk::Docs => preload_docs().await,
            Chunk::Search => preload_search().await,
            Chunk::User => preload_user().await,
        };
        state::set(chunk, if loaded.is_ok() { State::Ready } else { State::Failed });
        loaded.map_err(|_| ChunkError)
    }
    #[cfg(not(leptra_split))]
    {
        let _ = chunk;
        Ok(())
    }
}

/// Where each chunk's fetch stands, for the browser's one thread, and a
/// signal that changes whenever a fetch ends.
#[cfg(leptra_split)]
mod state {
    use std::cell::Cell;

    use leptos::prelude::{ArcRwSignal, Track, Update};

    use super::Chunk;

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum State {
        Absent,
        Loading,
        Ready,
        Failed,
    }

    thread_local! {
        static STATES: Cell<[State; 3]> = const { Cell::new([State::Absent; 3]) };
        static SETTLED: ArcRwSignal<()> = ArcRwSignal::new(());
    }

    pub fn get(chunk: Chunk) -> State {
        STATES.with(|states| states.get()[chunk as usize])
    }

    /// [`get`], tracked by the reactive scope that calls it.
    pub fn get_tracked(chunk: Chunk) -> State {
        SETTLED.with(Track::track);
        get(chunk)
    }

    pub fn set(chunk: Chunk, state: State) {
        STATES.with(|states| {
            let mut all = states.get();
            all[chunk as usize] = state;
            states.set(all);
        });
        if matches!(state, State::Ready | State::Failed) {
            SETTLED.with(|settled| settled.update(|()| {}));
        }
    }
}

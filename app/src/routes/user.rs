//! `/user/{username}` (and `/ko/user/{username}`): every public repository of
//! a user, sortable and filterable, with the view state in the URL query.
//!
//! The list is a resource over `list_user_repos`, keyed by the route's
//! `username` parameter. The route renders in one piece (`SsrMode::Async`),
//! so the title and the HTTP status (404, 502, …) reflect the data, which the
//! page carries for hydration; client navigation to another user calls the
//! server function once. Sorting and filtering read the URL query and never
//! fetch: the page has every repository.

use leptos::prelude::*;
use leptos_router::{
    hooks::{use_navigate, use_params, use_query_map},
    params::Params,
    NavigateOptions,
};

use crate::{
    components::server_html::during_hydration,
    components::{ErrorPage, MainContent, StaleNotice},
    format::{compact_count, human_date, lowercase, percent_decode, percent_encode},
    locale::{title_text, use_locale, Locale},
    seo::{PageMeta, PageTitle},
    server::github::{
        list_user_repos,
        model::{validate_username_in, Repo, UserRepos},
    },
    tr, tr_in,
};

/// How the list is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    /// Most stars first.
    Stars,
    /// Most recently updated first.
    Updated,
    /// Alphabetical by name.
    Name,
}

impl SortKey {
    /// Parses the `sort` query value; anything else means [`SortKey::Name`].
    pub fn parse(value: Option<&str>) -> Self {
        match value {
            Some("stars") => Self::Stars,
            Some("updated") => Self::Updated,
            _ => Self::Name,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Self::Stars => "stars",
            Self::Updated => "updated",
            Self::Name => "name",
        }
    }
}

/// The view state kept in the URL query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewQuery {
    /// The order.
    pub sort: SortKey,
    /// Text that names or descriptions must contain (case-insensitive).
    pub text: String,
    /// The language repositories must have; empty for any.
    pub language: String,
}

impl ViewQuery {
    /// The query string for this state, without defaults, e.g. `?sort=stars&lang=Rust`.
    pub fn to_query_string(&self) -> String {
        let mut pairs = Vec::new();
        if self.sort != SortKey::Name {
            pairs.push(format!("sort={}", self.sort.as_str()));
        }
        if !self.text.is_empty() {
            pairs.push(format!("q={}", percent_encode(&self.text)));
        }
        if !self.language.is_empty() {
            pairs.push(format!("lang={}", percent_encode(&self.language)));
        }
        if pairs.is_empty() {
            String::new()
        } else {
            format!("?{}", pairs.join("&"))
        }
    }
}

/// The positions in `repos` of the repositories to show for `query`, in order.
pub fn visible_indices(repos: &[Repo], query: &ViewQuery) -> Vec<usize> {
    let needle = lowercase(query.text.trim());
    let mut shown: Vec<usize> = (0..repos.len())
        .filter(|&i| {
            let repo = &repos[i];
            (query.language.is_empty() || repo.language.as_deref() == Some(query.language.as_str()))
                && (needle.is_empty()
                    || lowercase(&repo.name).contains(&needle)
                    || repo.description.as_deref().is_some_and(|d| lowercase(d).contains(&needle)))
        })
        .collect();
    let by_name = |a: &usize, b: &usize| repos[*a].name.cmp(&repos[*b].name);
    match query.sort {
        SortKey::Stars => shown.sort_by(|a, b| repos[*b].stars.cmp(&repos[*a].stars).then_with(|| by_name(a, b))),
        SortKey::Updated => {
            shown.sort_by(|a, b| repos[*b].updated_at.cmp(&repos[*a].updated_at).then_with(|| by_name(a, b)))
        }
        SortKey::Name => shown.sort_by_cached_key(|&i| lowercase(&repos[i].name)),
    }
    shown
}

/// The languages present, most common first, with their counts.
pub fn languages(repos: &[Repo]) -> Vec<(String, usize)> {
    let mut counts = std::collections::BTreeMap::<&str, usize>::new();
    for language in repos.iter().filter_map(|repo| repo.language.as_deref()) {
        *counts.entry(language).or_default() += 1;
    }
    let mut list: Vec<(String, usize)> = counts.into_iter().map(|(l, n)| (l.to_owned(), n)).collect();
    list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    list
}

/// The route's parameters: `/user/:username`.
#[derive(Params, Debug, Clone, PartialEq, Eq)]
struct UserParams {
    username: Option<String>,
}

/// The user page.
#[component]
pub fn UserPage() -> impl IntoView {
    let locale = use_locale();
    let params = use_params::<UserParams>();
    // The page is the same for everyone; the view follows these query parameters.
    #[cfg(feature = "ssr")]
    crate::server::keep::declare(crate::server::keep::Kind::Data, &["sort", "q", "lang"]);
    // The data follows the username; the query only changes the view.
    let username = move || {
        params
            .read()
            .as_ref()
            .ok()
            .and_then(|params| params.username.as_deref().map(percent_decode))
            .unwrap_or_default()
    };
    let repos = Resource::new(username, move |name| {
        let locale = locale.get_untracked();
        async move {
            // A bad name never reaches GitHub; it is explained in the page's language.
            validate_username_in(&name, locale)?;
            list_user_repos(name).await
        }
    });

    view! {
        <MainContent>
        <section class="user-page">
            <Suspense fallback=|| view! { <p class="loading" aria-busy="true">{tr!(user.loading)}</p> }>
                {move || Suspend::new(async move {
                    match repos.await {
                        Ok(data) => view! { <RepoList data/> }.into_any(),
                        Err(error) => view! { <ErrorPage error/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
        </MainContent>
    }
}

/// The view state, read from the URL query.
fn use_view_query() -> Memo<ViewQuery> {
    let query_map = use_query_map();
    Memo::new(move |_| {
        let map = query_map.read();
        ViewQuery {
            sort: SortKey::parse(map.get("sort").as_deref()),
            text: map.get("q").unwrap_or_default(),
            language: map.get("lang").unwrap_or_default(),
        }
    })
}

/// The list with its controls.
#[component]
fn RepoList(data: UserRepos) -> impl IntoView {
    let UserRepos { login, repos, capped_at_pages, as_of } = data;
    let query = use_view_query();
    let total = repos.len();
    let language_list = languages(&repos);
    let repos = StoredValue::new(repos);
    let shown = Memo::new(move |_| repos.with_value(|repos| visible_indices(repos, &query.read())));
    let locale = use_locale();
    let path = crate::locale::localized_path(&format!("/user/{login}"), locale.get_untracked());
    view! {
        {user_header(login, path.clone(), total, shown, capped_at_pages)}
        {as_of.map(|as_of| view! { <StaleNotice as_of/> })}
        {repo_controls(query, language_list, path)}
        {repo_items(repos, shown)}
        <Show when=move || shown.read().is_empty()>
            <p class="empty">{move || if total == 0 { tr_in!(locale.get(), user.none) } else { tr_in!(locale.get(), user.no_match) }}</p>
        </Show>
    }
}

/// The title, the page's metadata and the counts.
fn user_header(login: String, path: String, total: usize, shown: Memo<Vec<usize>>, capped: Option<u32>) -> AnyView {
    let locale = use_locale();
    let title = {
        let login = login.clone();
        title_text(move |locale| tr_in!(locale, user.title, name = login.clone()))
    };
    let description = tr_in!(locale.get_untracked(), user.description, name = login.clone());
    view! {
        <PageTitle text=title/>
        <PageMeta
            title=tr_in!(locale.get_untracked(), user.title, name = login.clone())
            description
            path
            kind="profile"
        />
        <header class="user-header">
            <h1>
                <a href=format!("https://github.com/{login}") rel="noopener">{login.clone()}</a>
                {tr!(user.suffix)}
            </h1>
            <p class="repo-total">
                <strong data-testid="repo-total">{total}</strong>
                {move || if total == 1 { tr_in!(locale.get(), user.one) } else { tr_in!(locale.get(), user.many) }}
                {move || {
                    let shown = shown.read().len();
                    (shown != total).then(|| tr_in!(locale.get(), user.showing, n = shown))
                }}
            </p>
            {capped.map(|pages| view! {
                <p class="notice" role="status">
                    {move || tr_in!(locale.get(), user.capped, pages = pages, total = total)}
                </p>
            })}
        </header>
    }
    .into_any()
}

/// Filter, language and sort: each change replaces the URL query (`path` is the page's own path).
fn repo_controls(query: Memo<ViewQuery>, languages: Vec<(String, usize)>, path: String) -> AnyView {
    let navigate = use_navigate();
    let update = move |change: &dyn Fn(&mut ViewQuery)| {
        let mut next = query.get_untracked();
        change(&mut next);
        let options = NavigateOptions { replace: true, scroll: false, ..Default::default() };
        navigate(&format!("{path}{}", next.to_query_string()), options);
    };
    let on_sort = {
        let update = update.clone();
        move |ev| update(&|q| q.sort = SortKey::parse(Some(&event_target_value(&ev))))
    };
    let on_lang = {
        let update = update.clone();
        move |ev| update(&|q| q.language = event_target_value(&ev))
    };
    let on_text = move |ev| update(&|q| q.text = event_target_value(&ev));
    view! {
        <form class="repo-controls" method="get" on:submit=|ev: leptos::ev::SubmitEvent| ev.prevent_default()>
            <label>
                {tr!(user.filter)}
                <input
                    type="search"
                    name="q"
                    placeholder=tr!(user.filter_placeholder)
                    prop:value=move || query.read().text.clone()
                    on:input=on_text
                />
            </label>
            <label>
                {tr!(user.language)}
                <select name="lang" aria-label=tr!(user.language) on:change=on_lang prop:value=move || query.read().language.clone()>
                    <option value="" selected=move || query.read().language.is_empty()>{tr!(user.any)}</option>
                    {languages
                        .into_iter()
                        .map(|(language, count)| {
                            let value = language.clone();
                            view! {
                                <option value=language.clone() selected=move || query.read().language == value>
                                    {format!("{language} ({count})")}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <label>
                {tr!(user.sort)}
                <select name="sort" aria-label=tr!(user.sort) on:change=on_sort prop:value=move || query.read().sort.as_str()>
                    {[SortKey::Name, SortKey::Stars, SortKey::Updated].into_iter().map(|key| sort_option(key, query)).collect_view()}
                </select>
            </label>
            <noscript><button type="submit" class="button">{tr!(user.apply)}</button></noscript>
        </form>
    }
    .into_any()
}

/// One choice of the sort selector.
fn sort_option(key: SortKey, query: Memo<ViewQuery>) -> impl IntoView {
    let locale = use_locale();
    let label = move || match key {
        SortKey::Name => tr_in!(locale.get(), user.name),
        SortKey::Stars => tr_in!(locale.get(), user.stars),
        SortKey::Updated => tr_in!(locale.get(), user.updated),
    };
    view! { <option value=key.as_str() selected=move || query.read().sort == key>{label}</option> }
}

/// The repositories, rendered once: sorting and filtering move and hide the
/// existing items (`arrange`); only a change of locale renders them again.
fn repo_items(repos: StoredValue<Vec<Repo>>, shown: Memo<Vec<usize>>) -> impl IntoView {
    let locale = use_locale();
    let list = NodeRef::<leptos::html::Ul>::new();
    #[cfg(feature = "hydrate")]
    Effect::new(move |first_run_done: Option<()>| {
        let shown = shown.read();
        // The first run sees the list as rendered; later ones rearrange it.
        if first_run_done.is_some() {
            if let Some(list) = list.get_untracked() {
                arrange(&list, &shown);
            }
        }
    });
    move || {
        let locale = locale.get();
        if during_hydration() {
            // The server's items are already in the page: hydration takes the list
            // element alone and never walks its 1,000-odd children.
            view! { <ul class="repo-list" node_ref=list></ul> }.into_any()
        } else {
            let items = repos.with_value(|all| list_items(all, &shown.get_untracked(), locale));
            view! { <ul class="repo-list" node_ref=list>{items}</ul> }.into_any()
        }
    }
}

/// Every repository as a list item, once: those in `shown` first and in its
/// order, then the others, hidden. Each item carries its position in `all`.
fn list_items(all: &[Repo], shown: &[usize], locale: Locale) -> impl IntoView {
    let mut visible = vec![false; all.len()];
    for &i in shown {
        visible[i] = true;
    }
    let hidden = (0..all.len()).filter(|&i| !visible[i]);
    shown
        .iter()
        .copied()
        .chain(hidden)
        .map(|i| view! { <RepoItem repo=all[i].clone() index=i hidden=!visible[i] locale/> })
        .collect_view()
}

/// Shows the items at `shown` (positions in the data, as `data-i` says), in that
/// order, and hides the rest, by moving the existing elements: no item is rendered again.
#[cfg(feature = "hydrate")]
fn arrange(list: &web_sys::HtmlUListElement, shown: &[usize]) {
    let children = list.children();
    let count = children.length() as usize;
    let mut by_index: Vec<Option<web_sys::Element>> = vec![None; count];
    for k in 0..children.length() {
        let Some(item) = children.item(k) else { continue };
        if let Some(i) = item.get_attribute("data-i").and_then(|i| i.parse::<usize>().ok()).filter(|&i| i < count) {
            by_index[i] = Some(item);
        }
    }
    let mut visible = vec![false; count];
    for &i in shown {
        if let Some(Some(item)) = by_index.get(i) {
            visible[i] = true;
            let _ = item.remove_attribute("hidden");
            let _ = list.append_child(item);
        }
    }
    let hidden = by_index.iter().zip(&visible).filter(|(_, shown)| !**shown).filter_map(|(item, _)| item.as_ref());
    for item in hidden {
        let _ = item.set_attribute("hidden", "");
    }
}

/// One repository, static: it is moved and hidden, never updated.
#[component]
fn RepoItem(repo: Repo, index: usize, hidden: bool, locale: Locale) -> impl IntoView {
    let href = if repo.html_url.starts_with("https://") { repo.html_url.clone() } else { String::from("#") };
    let updated = human_date(&repo.updated_at, locale);
    view! {
        <li class="repo" data-i=index hidden=hidden>
            <div class="repo-head">
                <a class="repo-name" href=href rel="noopener">{repo.name}</a>
                {repo.fork.then(|| view! { <span class="badge">{tr_in!(locale, user.fork)}</span> })}
                {repo.archived.then(|| view! { <span class="badge warn">{tr_in!(locale, user.archived)}</span> })}
            </div>
            {repo.description.map(|d| view! { <p class="repo-desc">{d}</p> })}
            <p class="repo-meta">
                {repo.language.map(|l| view! { <span class="repo-lang">{l}</span> })}
                <span title=tr_in!(locale, user.stars)>"★ " {compact_count(repo.stars)}</span>
                // The fork mark before the count is drawn by the stylesheet (`.repo-forks::before`).
                <span class="repo-forks" title=tr_in!(locale, user.forks)>{compact_count(repo.forks)}</span>
                <span>{tr_in!(locale, user.updated_on)} <time datetime=repo.updated_at>{updated}</time></span>
            </p>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repo(name: &str, stars: u64, updated: &str, language: Option<&str>, description: Option<&str>) -> Repo {
        Repo {
            name: name.into(),
            stars,
            updated_at: updated.into(),
            language: language.map(Into::into),
            description: description.map(Into::into),
            ..Repo::default()
        }
    }

    fn sample() -> Vec<Repo> {
        vec![
            repo("beta", 5, "2024-01-02", Some("Rust"), Some("A parser")),
            repo("Alpha", 50, "2023-05-01", Some("Go"), None),
            repo("gamma", 5, "2024-06-01", Some("Rust"), Some("Web server")),
        ]
    }

    /// The names of the repositories `query` shows, in order.
    fn names(repos: &[Repo], query: &ViewQuery) -> Vec<String> {
        visible_indices(repos, query).into_iter().map(|i| repos[i].name.clone()).collect()
    }

    #[test]
    fn sorting_by_stars_breaks_ties_by_name() {
        let q = ViewQuery { sort: SortKey::Stars, text: String::new(), language: String::new() };
        assert_eq!(names(&sample(), &q), ["Alpha", "beta", "gamma"]);
    }

    #[test]
    fn sorting_by_update_puts_the_newest_first() {
        let q = ViewQuery { sort: SortKey::Updated, text: String::new(), language: String::new() };
        assert_eq!(names(&sample(), &q), ["gamma", "beta", "Alpha"]);
    }

    #[test]
    fn filters_combine_language_and_text() {
        let q = ViewQuery { sort: SortKey::Name, text: "SERVER".into(), language: "Rust".into() };
        assert_eq!(names(&sample(), &q), ["gamma"]);
    }

    #[test]
    fn languages_are_counted_most_common_first() {
        assert_eq!(languages(&sample()), [("Rust".to_owned(), 2), ("Go".to_owned(), 1)]);
    }

    #[test]
    fn query_strings_leave_out_defaults_and_encode_text() {
        let q = ViewQuery { sort: SortKey::Name, text: String::new(), language: String::new() };
        assert_eq!(q.to_query_string(), "");
        let q = ViewQuery { sort: SortKey::Stars, text: "a b&c".into(), language: "C++".into() };
        assert_eq!(q.to_query_string(), "?sort=stars&q=a%20b%26c&lang=C%2B%2B");
    }
}

//! `/repos` (and `/ko/repos`): asks for a GitHub username and goes to
//! `/user/{username}` (`/ko/user/{username}`), keeping the locale.
//!
//! The form is `leptos_router`'s `<Form>`: a GET to `/repos?username=…`. With
//! JavaScript the router moves there client-side, a bad name is explained at
//! once and a valid one replaces the address with the user's page; without
//! it, the server answers with a redirect (or a 400 with the explanation).

use leptos::{html::Input, prelude::*};
use leptos_router::{
    components::Form,
    hooks::{use_navigate, use_query_map},
    NavigateOptions,
};

use crate::{
    components::MainContent,
    locale::{localized_path, use_locale},
    seo::{PageMeta, PageTitle},
    server::github::model::{username_problem, UsernameProblem, MAX_USERNAME_LEN},
    tr, tr_in,
};

/// The "ask user" form.
#[component]
pub fn ReposPage() -> impl IntoView {
    let query = use_query_map();
    let submitted = query.read_untracked().get("username");
    let locale = use_locale();
    let user_path = move |name: &str| localized_path(&format!("/user/{name}"), locale.get_untracked());
    let initial_problem = submitted.as_deref().and_then(username_problem);

    #[cfg(feature = "ssr")]
    if let Some(name) = submitted.as_deref() {
        answer_submission(name, &user_path);
    }

    let problem = RwSignal::new(initial_problem);
    // Each submission (client-side, the router's `<Form>`) changes the query.
    let navigate = use_navigate();
    Effect::watch(
        move || query.read().get("username"),
        move |name, _, _| {
            let Some(name) = name else { return };
            match username_problem(name) {
                None => navigate(&user_path(name.trim()), NavigateOptions { replace: true, ..Default::default() }),
                found => problem.set(found),
            }
        },
        false,
    );
    let input = NodeRef::<Input>::new();
    // Checked before the form leaves (in the capture phase, before the router's `<Form>`
    // sees the event), so a bad name never becomes an address.
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        let Some(input) = input.get() else { return };
        if let found @ Some(_) = username_problem(&input.value()) {
            ev.prevent_default();
            problem.set(found);
        }
    };

    view! {
        <PageTitle text=tr!(repos.title)/>
        <PageMeta
            title=tr_in!(locale.get_untracked(), repos.title)
            description=tr_in!(locale.get_untracked(), repos.lead)
            path=localized_path("/repos", locale.get_untracked())
        />
        <MainContent>
        <section class="narrow" on:submit:capture=on_submit>
            <h1>{tr!(repos.title)}</h1>
            <p class="lead">{tr!(repos.lead)}</p>
            {ask_user_form(submitted, problem, input)}
        </section>
        </MainContent>
    }
}

/// The form itself: a GET to `/repos`, which the router follows client-side
/// when the page lets it (a bad name is explained without leaving).
fn ask_user_form(
    submitted: Option<String>,
    problem: RwSignal<Option<UsernameProblem>>,
    input: NodeRef<Input>,
) -> impl IntoView {
    let locale = use_locale();
    view! {
        <Form method="get" action=crate::locale::use_localized("/repos") attr:class="ask-user" attr:novalidate=true>
            <label for="username">{tr!(repos.username)}</label>
            <div class="ask-user-row">
                <input
                    id="username"
                    name="username"
                    type="text"
                    node_ref=input
                    value=submitted
                    maxlength=MAX_USERNAME_LEN
                    autocomplete="off"
                    autocapitalize="off"
                    spellcheck="false"
                    placeholder="octocat"
                    aria-describedby="username-error"
                    on:input=move |_| problem.set(None)
                />
                <button type="submit" class="button primary">{tr!(repos.show)}</button>
            </div>
            <p id="username-error" class="form-error" role="alert">{move || problem.get().map(|p| p.message(locale.get()))}</p>
        </Form>
    }
}

/// Without JavaScript the form GETs `/repos?username=…`: a valid name is
/// redirected to its page (`user_path`), a bad one answered as a bad request.
#[cfg(feature = "ssr")]
fn answer_submission(name: &str, user_path: &dyn Fn(&str) -> String) {
    let Some(response) = use_context::<leptos_axum::ResponseOptions>() else { return };
    match crate::server::github::model::validate_username(name) {
        Ok(valid) => {
            // `valid` is ASCII letters, digits and hyphens, so it is a valid header value.
            if let Ok(location) = http::HeaderValue::from_str(&user_path(valid)) {
                response.set_status(http::StatusCode::SEE_OTHER);
                response.insert_header(http::header::LOCATION, location);
            }
        }
        Err(ref err) => crate::server::state::answer_error(err),
    }
}

//! The staff member's counter: choosing the department and counter that every reading records.

use crate::{
    components::{async_view::AsyncView, error_banner::ErrorBanner},
    i18n::{use_i18n, Key},
    state::{session::SessionStore, submission::Submission},
};
use leptos::prelude::*;
use permit_core::api::{Department, StaffPost};

#[component]
pub fn CounterPicker(current: Option<StaffPost>, on_chosen: Callback<StaffPost>) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<SessionStore>();
    let departments = LocalResource::new(move || async move { session.api().departments().await });
    view! {
        <section class="section post-picker" data-testid="post-picker">
            <h2>{move || i18n.t(Key::VerifyPostTitle)}</h2>
            <p class="muted">{move || i18n.t(Key::VerifyPostIntro)}</p>
            <p class="muted" data-testid="post-no-camera">{move || i18n.t(Key::VerifyPostNoCamera)}</p>
            <AsyncView resource=departments render=move |list| view! { <PostForm departments=list current=current.clone() on_chosen=on_chosen /> } />
        </section>
    }
}

#[component]
fn PostForm(departments: Vec<Department>, current: Option<StaffPost>, on_chosen: Callback<StaffPost>) -> impl IntoView {
    let i18n = use_i18n();
    let department = RwSignal::new(current.as_ref().map(|p| p.department.clone()).unwrap_or_default());
    let counter = RwSignal::new(current.map(|p| p.counter).unwrap_or_default());
    // Choosing closes this form, so nothing of it is touched after `on_chosen`.
    let saving = Submission::new(|api, post: StaffPost| async move { api.set_post(&post).await }, move |saved| on_chosen.run(saved));
    let departments = StoredValue::new(departments);
    let counters = move || {
        let chosen = department.get();
        departments.with_value(|list| list.iter().find(|d| d.name == chosen).map(|d| d.counters.clone()).unwrap_or_default())
    };
    let ready = move || !department.get().is_empty() && counters().contains(&counter.get());
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let post = StaffPost { department: department.get_untracked(), counter: counter.get_untracked() };
        saving.dispatch(post);
    };
    view! {
        <form class="form" on:submit=save>
            <label class="field">
                <span>{move || i18n.t(Key::VerifyDepartment)}</span>
                <select
                    name="department"
                    prop:value=move || department.get()
                    on:change=move |ev| {
                        department.set(event_target_value(&ev));
                        counter.set(String::new());
                    }
                >
                    <option value="">{move || i18n.t(Key::VerifyChoose)}</option>
                    {departments.with_value(|list| list.iter().map(|d| {
                        let name = d.name.clone();
                        view! { <option value=name.clone() selected=move || department.get() == name>{d.name.clone()}</option> }
                    }).collect_view())}
                </select>
            </label>
            <label class="field">
                <span>{move || i18n.t(Key::VerifyCounter)}</span>
                <select name="counter" prop:value=move || counter.get() on:change=move |ev| counter.set(event_target_value(&ev)) disabled=move || department.get().is_empty()>
                    <option value="">{move || i18n.t(Key::VerifyChoose)}</option>
                    {move || counters().into_iter().map(|c| {
                        let value = c.clone();
                        view! { <option value=value.clone() selected=move || counter.get() == value>{c}</option> }
                    }).collect_view()}
                </select>
            </label>
            <ErrorBanner error=saving.error() />
            <button class="button button-primary" type="submit" data-testid="save-post" disabled=move || !ready() || saving.busy().get()>
                {move || i18n.t(Key::VerifySavePost)}
            </button>
        </form>
    }
}

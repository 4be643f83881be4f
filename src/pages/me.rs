//! 我的: who is signed in, the interface language, and signing out.

use crate::{
    components::page_header::PageHeader,
    i18n::{use_i18n, Key, Locale},
    state::session::SessionStore,
};
use leptos::{prelude::*, task::spawn_local};
use leptos_router::hooks::use_navigate;
use permit_core::api::Role;

#[component]
pub fn MePage() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<SessionStore>();
    let navigate = use_navigate();
    let sign_out = move |_| {
        let api = session.api();
        let navigate = navigate.clone();
        spawn_local(async move {
            // Signing out locally must work offline too; the server session then simply ages out.
            let _ = api.sign_out().await;
            if let Some(user) = session.user() {
                crate::state::permit_cache::forget(&user.label).await;
            }
            session.sign_out();
            navigate("/login", Default::default());
        });
    };
    let language_button = move |locale: Locale, label: &'static str| {
        view! {
            <button
                class="segment"
                aria-pressed=move || (i18n.locale.get() == locale).to_string()
                on:click=move |_| i18n.locale.set(locale)
            >
                {label}
            </button>
        }
    };
    view! {
        <div class="page">
            <PageHeader title=Signal::derive(move || i18n.t(Key::MeTitle)) />
            <div class="page-body">
                <section class="section profile" data-testid="profile">
                    {move || {
                        session
                            .user()
                            .map(|u| {
                                let role = match u.role {
                                    Role::Resident => Key::RoleResident,
                                    Role::Staff => Key::RoleStaff,
                                };
                                view! {
                                    <p class="profile-name">{u.name}</p>
                                    <p class="muted">
                                        {i18n.t(Key::MePhone)} " " {u.phone_masked} " · " {i18n.t(role)}
                                    </p>
                                }
                            })
                    }}
                </section>
                <section class="section">
                    <h2 class="section-title">{move || i18n.t(Key::MeLanguage)}</h2>
                    <div class="segmented" role="group">
                        {language_button(Locale::Zh, "中文")}
                        {language_button(Locale::En, "English")}
                    </div>
                </section>
                <button class="button button-danger" data-testid="sign-out" on:click=sign_out>
                    {move || i18n.t(Key::MeSignOut)}
                </button>
            </div>
        </div>
    }
}

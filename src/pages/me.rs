//! 我的: who is signed in, the verification history, 代办, the interface language, elder
//! mode, and signing out.

use crate::{
    components::page_header::PageHeader,
    i18n::{use_i18n, Key, Locale},
    state::{session::SessionStore, settings::ElderMode, submission::Submission},
};
use leptos::{prelude::*, task::spawn_local};
use leptos_router::hooks::use_navigate;

#[component]
pub fn MePage() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<SessionStore>();
    let navigate = use_navigate();
    let sign_out = {
        let navigate = navigate.clone();
        move |_| {
            let navigate = navigate.clone();
            spawn_local(async move {
                session.sign_out().await;
                navigate("/login", Default::default());
            });
        }
    };
    let everywhere = Submission::new(
        move |_, ()| session.sign_out_everywhere(),
        move |()| navigate("/login", Default::default()),
    );
    let everywhere_error = everywhere.error();
    let sign_out_everywhere = move |_| everywhere.dispatch(());
    // Each language names itself in its own language (`lang` tells screen readers so).
    let language_button = move |locale: Locale, label: &'static str| {
        view! {
            <button
                class="segment"
                lang=locale.tag()
                data-testid=format!("language-{}", locale.tag())
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
                <crate::components::acting_for::ActingForBanner />
                <section class="section profile" data-testid="profile">
                    {move || {
                        session
                            .user()
                            .map(|u| {
                                let role = Key::from(u.role);
                                view! {
                                    <p class="profile-name">{u.name}</p>
                                    <p class="muted">
                                        {i18n.t(Key::MePhone)} " " {u.phone_masked} " · " {i18n.t(role)}
                                    </p>
                                }
                            })
                    }}
                </section>
                {move || session.is_resident().then(|| view! {
                    <leptos_router::components::A href="/card/history" attr:class="section row-link" attr:data-testid="me-history">
                        <span>{move || i18n.t(Key::HistoryTitle)}</span>
                        <span aria-hidden="true">"›"</span>
                    </leptos_router::components::A>
                    <leptos_router::components::A href="/me/shares" attr:class="section row-link" attr:data-testid="me-shares">
                        <span>{move || i18n.t(Key::SharesTitle)}</span>
                        <span aria-hidden="true">"›"</span>
                    </leptos_router::components::A>
                })}
                <ProxySection />
                <section class="section">
                    // Named in both languages, so someone who cannot read this one finds it.
                    <h2 class="section-title">
                        {move || i18n.t(Key::MeLanguage)} " / "
                        {move || {
                            let other = match i18n.locale.get() { Locale::Zh => Locale::En, Locale::En => Locale::Zh };
                            view! { <span lang=other.tag()>{Key::MeLanguage.text(other)}</span> }
                        }}
                    </h2>
                    <div class="segmented" role="group">
                        {language_button(Locale::Zh, "中文")}
                        {language_button(Locale::En, "English")}
                    </div>
                </section>
                <ElderSwitch />
                <button class="button button-danger" data-testid="sign-out" on:click=sign_out>
                    {move || i18n.t(Key::MeSignOut)}
                </button>
                <crate::components::error_banner::ErrorBanner error=everywhere_error />
                <button class="button button-danger sign-out-everywhere" data-testid="sign-out-everywhere" on:click=sign_out_everywhere>
                    {move || i18n.t(Key::MeSignOutEverywhere)}
                </button>
                <p class="muted sign-out-hint">{move || i18n.t(Key::MeSignOutEverywhereHint)}</p>
            </div>
        </div>
    }
}

/// 代办: a family member switches to a dependant they are declared for, or back to themself.
/// Switching reloads the app so every per-person store (events, messages, caches) follows.
#[component]
fn ProxySection() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<SessionStore>();
    let error = RwSignal::new(None::<crate::error::AppError>);
    let Some(own) = session.signed_in_user() else { return None };
    let acting = session.user().filter(|u| u.label != own.label);
    if own.dependants.is_empty() && acting.is_none() {
        return None;
    }
    let switch = move |label: Option<String>| {
        spawn_local(async move {
            let result = match label {
                Some(label) => session.own_api().acting_for(Some(label)).me().await.map(Some),
                None => Ok(None),
            };
            match result {
                Ok(acting) => {
                    session.set_acting(acting);
                    let _ = crate::platform::js::window().location().assign("/services");
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let acting_name = acting.as_ref().map(|a| a.name.clone());
    Some(view! {
        <section class="section" data-testid="proxy">
            <h2 class="section-title">{move || i18n.t(Key::ProxyTitle)}</h2>
            <p class="hint">{move || i18n.t(Key::ProxyExplain)}</p>
            <crate::components::error_banner::ErrorBanner error=error />
            <ul class="list">
                {own.dependants.iter().map(|d| {
                    let label = d.label.clone();
                    let current = acting_name.as_deref() == Some(d.name.as_str());
                    let (rel_zh, rel_en, name) = (d.relation_zh.clone(), d.relation_en.clone(), d.name.clone());
                    view! {
                        <li class="list-row">
                            <span>{name} " · " {move || match i18n.locale.get() { Locale::Zh => rel_zh.clone(), Locale::En => rel_en.clone() }}</span>
                            {if current {
                                view! { <span class="tag">{move || i18n.t(Key::ProxyCurrent)}</span> }.into_any()
                            } else {
                                let label = label.clone();
                                view! {
                                    <button class="button button-secondary" data-testid=format!("act-for-{label}")
                                        on:click=move |_| switch(Some(label.clone()))>{move || i18n.t(Key::ProxySwitch)}</button>
                                }.into_any()
                            }}
                        </li>
                    }
                }).collect_view()}
            </ul>
            {acting_name.is_some().then(|| view! {
                <button class="button button-secondary" data-testid="act-for-self" on:click=move |_| switch(None)>
                    {move || i18n.t(Key::ProxyBackToSelf)} " " {own.name.clone()}
                </button>
            })}
        </section>
    })
}

/// 长辈模式: one switch, remembered on this phone.
#[component]
fn ElderSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let elder = expect_context::<ElderMode>();
    view! {
        <section class="section elder-setting">
            <button
                class="switch-row"
                role="switch"
                aria-checked=move || elder.0.get().to_string()
                aria-describedby="elder-hint"
                data-testid="elder-switch"
                on:click=move |_| elder.0.update(|on| *on = !*on)
            >
                <span class="switch-label">{move || i18n.t(Key::MeElder)}</span>
                <span class="switch-track" aria-hidden="true"><span class="switch-thumb"></span></span>
            </button>
            <p class="muted switch-hint" id="elder-hint">{move || i18n.t(Key::MeElderHint)}</p>
        </section>
    }
}

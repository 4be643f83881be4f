//! Sign-in. In demo mode the demo personas are listed and one tap signs in as one (the backend
//! returns the one-time code to the demo screen). The phone-and-code form works in every mode.

use crate::{
    components::{error_banner::ErrorBanner, otp_field::OtpField, page_header::PageHeader},
    error::AppError,
    i18n::{use_i18n, Key},
    platform::perf,
    state::session::SessionStore,
};
use leptos::{prelude::*, task::spawn_local};
use leptos_router::hooks::use_navigate;
use permit_core::api::{PersonaSummary, Role};

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<SessionStore>();
    let navigate = use_navigate();
    if session.is_signed_in() {
        navigate("/card", Default::default());
    }
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);

    let sign_in = {
        let navigate = navigate.clone();
        move |phone: String, code: String| {
            let navigate = navigate.clone();
            busy.set(true);
            error.set(None);
            spawn_local(async move {
                match session.api().create_session(&phone, &code).await {
                    Ok(s) => {
                        session.sign_in(s);
                        navigate("/card", Default::default());
                    }
                    Err(e) => error.set(Some(e)),
                }
                busy.set(false);
            });
        }
    };

    let personas = LocalResource::new(move || async move { session.api().personas().await });

    let pick = {
        let sign_in = sign_in.clone();
        move |persona: PersonaSummary| {
            let sign_in = sign_in.clone();
            busy.set(true);
            error.set(None);
            spawn_local(async move {
                match session.api().request_otp(&persona.phone).await {
                    Ok(issued) => match issued.demo_code {
                        Some(code) => sign_in(persona.phone, code),
                        None => {
                            error.set(Some(AppError::Decode));
                            busy.set(false);
                        }
                    },
                    Err(e) => {
                        error.set(Some(e));
                        busy.set(false);
                    }
                }
            });
        }
    };

    view! {
        <div class="page login-page">
            <PageHeader title=Signal::derive(move || i18n.t(Key::AppTitle)) />
            <div class="page-body">
                <ErrorBanner error=error />
                // The phone form waits for the demo list too, so the list never appears above
                // it and pushes it down (a layout shift while the resident reaches for it).
                <Suspense fallback=move || view! { <p class="muted">{move || i18n.t(Key::Loading)}</p> }>
                    {move || {
                        personas.get().map(|result| {
                            let pick = pick.clone();
                            let sign_in = sign_in.clone();
                            view! {
                                {result.ok().map(|list| view! { <PersonaList personas=list busy=busy on_pick=pick /> })}
                                <PhoneForm busy=busy error=error on_submit=sign_in />
                            }
                        })
                    }}
                </Suspense>
            </div>
        </div>
    }
}

#[component]
fn PersonaList<F>(personas: Vec<PersonaSummary>, busy: RwSignal<bool>, on_pick: F) -> impl IntoView
where
    F: Fn(PersonaSummary) + Clone + 'static,
{
    let i18n = use_i18n();
    Effect::new(|_| perf::mark_once("login-ready"));
    view! {
        <section class="section">
            <h2 class="section-title">{move || i18n.t(Key::LoginTitle)}</h2>
            <p class="hint">{move || i18n.t(Key::LoginDemoHint)}</p>
            <ul class="persona-list">
                {personas
                    .into_iter()
                    .map(|p| {
                        let on_pick = on_pick.clone();
                        let chosen = p.clone();
                        let role_key = match p.role {
                            Role::Resident => Key::RoleResident,
                            Role::Staff => Key::RoleStaff,
                        };
                        let is_staff = p.role == Role::Staff;
                        let (zh, en) = (p.situation_zh.clone(), p.situation_en.clone());
                        view! {
                            <li>
                                <button
                                    class="persona"
                                    data-testid="persona"
                                    data-label=p.label.clone()
                                    disabled=move || busy.get()
                                    on:click=move |_| on_pick(chosen.clone())
                                >
                                    <span class="persona-avatar" aria-hidden="true" translate="no">
                                        {p.name.chars().next().map(String::from).unwrap_or_default()}
                                    </span>
                                    <span class="persona-text">
                                        <span class="persona-name">
                                            {p.name.clone()}
                                            <span class="tag" class:tag-staff=is_staff>
                                                {move || i18n.t(role_key)}
                                            </span>
                                        </span>
                                        <span class="persona-situation">
                                            {move || match i18n.locale.get() {
                                                crate::i18n::Locale::Zh => zh.clone(),
                                                crate::i18n::Locale::En => en.clone(),
                                            }}
                                        </span>
                                    </span>
                                </button>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn PhoneForm<F>(busy: RwSignal<bool>, error: RwSignal<Option<AppError>>, on_submit: F) -> impl IntoView
where
    F: Fn(String, String) + Clone + 'static,
{
    let i18n = use_i18n();
    let session = expect_context::<SessionStore>();
    let phone = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let demo_code = RwSignal::new(None::<String>);

    let send_code = move |_| {
        let number = match permit_core::phone::normalize_mobile(&phone.get_untracked()) {
            Ok(n) => n,
            Err(_) => {
                error.set(Some(AppError::Api {
                    status: 400,
                    code: permit_core::api::ErrorCode::InvalidPhone,
                    detail: String::new(),
                }));
                return;
            }
        };
        error.set(None);
        spawn_local(async move {
            match session.api().request_otp(&number).await {
                Ok(issued) => demo_code.set(issued.demo_code),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        on_submit(phone.get_untracked(), code.get_untracked());
    };

    view! {
        <form class="section form" on:submit=submit>
            <h2 class="section-title">{move || i18n.t(Key::LoginOrPhone)}</h2>
            <label class="field">
                <span>{move || i18n.t(Key::LoginPhone)}</span>
                <input
                    type="tel"
                    inputmode="numeric"
                    autocomplete="tel"
                    maxlength="13"
                    name="phone"
                    placeholder=move || i18n.t(Key::LoginPhonePlaceholder)
                    prop:value=phone
                    on:input=move |ev| phone.set(event_target_value(&ev))
                />
            </label>
            <div class="field-row">
                <OtpField code=code name="code" />
                <button type="button" class="button button-secondary" data-testid="request-otp" on:click=send_code>
                    {move || i18n.t(Key::LoginSendCode)}
                </button>
            </div>
            {move || {
                demo_code
                    .get()
                    .map(|c| {
                        view! {
                            <p class="banner banner-info" data-testid="demo-code">
                                {i18n.t(Key::LoginDemoCode)} ": " {c}
                            </p>
                        }
                    })
            }}
            <button type="submit" class="button button-primary" disabled=move || busy.get()>
                {move || if busy.get() { i18n.t(Key::LoginSigningIn) } else { i18n.t(Key::LoginSubmit) }}
            </button>
        </form>
    }
}

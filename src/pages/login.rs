//! Sign-in. In demo mode the demo personas are listed and one tap signs in as one (the backend
//! returns the one-time code to the demo screen). The phone-and-code form works in every mode.

use crate::{
    components::{deferred::deferred, error_banner::ErrorBanner, otp_field::OtpField, page_header::PageHeader},
    error::AppError,
    i18n::{use_i18n, Key},
    platform::perf,
    state::{session::SessionStore, submission::Submission},
};
use leptos::{either::EitherOf4, prelude::*};
use leptos_router::hooks::use_navigate;
use permit_core::api::{ErrorCode, PersonaSummary, Role};

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<SessionStore>();
    let navigate = use_navigate();
    if session.is_signed_in() {
        navigate("/card", Default::default());
    }
    // A demo persona signs in with no code typed: the demo backend hands the code back.
    let signing_in = Submission::new(
        |api, (phone, code): (String, Option<String>)| async move {
            let code = match code {
                Some(code) => code,
                None => api.request_otp(&phone).await?.demo_code.ok_or(AppError::Decode)?,
            };
            api.create_session(&phone, &code).await
        },
        move |s| {
            session.sign_in(s);
            navigate("/card", Default::default());
        },
    );
    // The demo backend hands the code back: it is shown where the resident types it.
    let demo_code = RwSignal::new(None::<String>);
    let sending_code = Submission::new(
        |api, phone: String| async move { api.request_otp(&phone).await },
        move |issued| demo_code.set(issued.demo_code),
    );
    let invalid_phone = RwSignal::new(false);
    let error = Signal::derive(move || {
        if invalid_phone.get() {
            return Some(AppError::Api { status: 400, code: ErrorCode::InvalidPhone, detail: String::new() });
        }
        signing_in.error().get().or_else(|| sending_code.error().get())
    });
    let busy = signing_in.busy();
    // Asked for by the page's boot script, so often here already.
    let personas = LocalResource::new(move || async move { session.api().personas().await });
    // Whether the list has been answered once (listed, absent or failed); stays true through a
    // retry.
    let answered = Memo::new(move |before: Option<&bool>| before.copied().unwrap_or(false) || personas.get().is_some());
    // The card's pieces are fetched as soon as the visitor starts signing in (a touch, a key, a
    // field taking focus), so they arrive during the sign-in's own round trips; not before, so
    // that someone who only looks spends neither data nor the phone's time on them.
    let preloading = StoredValue::new(false);
    let preload_card = move || {
        if !preloading.get_value() {
            preloading.set_value(true);
            leptos::task::spawn_local(crate::pages::lazy::preload_card());
        }
    };
    let pick = move |persona: PersonaSummary| signing_in.dispatch((persona.phone, None));
    let sign_in = move |phone: String, code: String| signing_in.dispatch((phone, Some(code)));

    view! {
        <div
            class="page login-page"
            on:pointerdown=move |_| preload_card()
            on:focusin=move |_| preload_card()
            on:keydown=move |_| preload_card()
        >
            <PageHeader title=Signal::derive(move || i18n.t(Key::AppTitle)) />
            // The body in the task after the header (and the router's choosing this page):
            // one task for all of it ran long.
            {deferred(move || view! {
                <div class="page-body">
                    <ErrorBanner error=error />
                    // The phone form waits for the demo list's answer too, so the list never
                    // appears above it and pushes it down (a layout shift while the resident
                    // reaches for it). A plain branch on the resource, not `<Suspense>`: the page
                    // has one thing to wait for, and Suspense's machinery is hundreds of wasm
                    // functions that V8 compiles on the main thread at their first call, while
                    // the page starts. The list and then the form come each in a task after the
                    // page body's: drawn in one task with it (the answer is often here already)
                    // they ran long.
                    {move || match personas.get() {
                        None => EitherOf4::A(view! { <p class="muted">{move || i18n.t(Key::Loading)}</p> }),
                        Some(Ok(list)) => EitherOf4::B(deferred(move || view! {
                            <PersonaList personas=list.clone() busy=busy on_pick=pick />
                        })),
                        // Not in demo mode: there is no list, only the phone form.
                        Some(Err(AppError::Api { status: 404, .. })) => EitherOf4::C(()),
                        Some(Err(e)) => EitherOf4::D(view! {
                            <PersonasFailed error=e on_retry=move || personas.refetch() />
                        }),
                    }}
                    // Drawn once, at the first answer: a retry of the list must not draw the form
                    // again and lose what was typed in it.
                    {move || answered.get().then(|| deferred(move || view! {
                        <PhoneForm busy=busy sending_code=sending_code invalid_phone=invalid_phone demo_code=demo_code on_submit=sign_in />
                    }))}
                </div>
            })}
        </div>
    }
}

#[component]
fn PersonaList<F>(personas: Vec<PersonaSummary>, busy: Signal<bool>, on_pick: F) -> impl IntoView
where
    F: Fn(PersonaSummary) + Clone + 'static,
{
    let i18n = use_i18n();
    Effect::new(|_| perf::mark_once("login-ready"));
    view! {
        <section class="section">
            <h2 class="section-title">{move || i18n.t(Key::LoginTitle)}</h2>
            <p class="hint">{move || i18n.t(Key::LoginDemoHint)}</p>
            <leptos_router::components::A href="/demo/door-plates" attr:class="text-link" attr:data-testid="door-plates-link">
                {move || i18n.t(Key::DoorPlatesLink)}
            </leptos_router::components::A>
            <ul class="persona-list">
                {personas
                    .into_iter()
                    .map(|p| {
                        let on_pick = on_pick.clone();
                        let chosen = p.clone();
                        let role_key = Key::from(p.role);
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

/// The demo list could not be fetched (offline, or the backend down): said so, with a retry.
/// The phone form below still works once the network is back.
#[component]
fn PersonasFailed(error: AppError, on_retry: impl Fn() + 'static) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="section personas-failed" data-testid="personas-failed">
            <ErrorBanner error=Signal::derive(move || Some(error.clone())) />
            <button class="button" data-testid="personas-retry" on:click=move |_| on_retry()>
                {move || i18n.t(Key::Retry)}
            </button>
        </section>
    }
}

#[component]
fn PhoneForm<F>(
    busy: Signal<bool>,
    sending_code: Submission<String>,
    invalid_phone: RwSignal<bool>,
    demo_code: RwSignal<Option<String>>,
    on_submit: F,
) -> impl IntoView
where
    F: Fn(String, String) + Clone + 'static,
{
    let i18n = use_i18n();
    let phone = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());

    let send_code = move |_| match permit_core::phone::normalize_mobile(&phone.get_untracked()) {
        Ok(number) => {
            invalid_phone.set(false);
            sending_code.dispatch(number);
        }
        Err(_) => invalid_phone.set(true),
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

//! The live card: the permit face, the rotating code under it, and everything that makes a
//! screenshot useless and obvious (docs/permit-code.md, "Screenshot deterrents").

use super::{
    code_loop::CodeState,
    counter_mode::CounterMode,
    device_setup::{check, DeviceCheck, DeviceSetup},
    load::CardData,
};
use crate::{
    components::{error_banner::ErrorBanner, toast::Toast, widget_host::WidgetHost},
    error::AppError,
    i18n::{domain, use_i18n, Key, Locale},
    platform::{blob::ObjectUrl, screen, time::RestartableTimeout, visibility},
    state::{live_events::LiveEvents, session::SessionStore, submission},
};
use leptos::{portal::Portal, prelude::*, task::spawn_local};
use permit_core::{
    api::{
        application::ReviewStatus,
        ErrorCode,
        events::Event,
        permit::PermitStatus,
        verification::Verdict,
    },
    endorsement::EndorsementState,
    mask::mask_name,
};
use permit_card::live_view::{clock_text, LiveView};
use std::time::Duration;

const TOAST_FOR: Duration = Duration::from_secs(6);

#[component]
pub fn LiveCard(card: CardData, #[prop(into)] on_changed: Callback<()>, last_used: StoredValue<Option<i64>>) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<SessionStore>();
    let status = card.permit.status;
    let holder = StoredValue::new(card.holder.clone());

    // The card itself (face, code area, watermark, cover) is drawn by `permit_card`, as the
    // card entry draws it before the app has loaded: one card.
    let live = LiveView::new(&card.permit, i18n.locale.get_untracked());
    let photo = card.photo.as_deref().and_then(|b| ObjectUrl::from_bytes(b, "image/jpeg"));
    live.set_photo(photo.as_ref().map(ObjectUrl::as_str));
    let live_root = live.root.clone();
    let slot = live.slot.clone();
    let live = StoredValue::new_local((live, photo));

    // The counter overlay blanks itself too when the page cannot be seen.
    let visible = RwSignal::new(visibility::page_visible());
    let listeners = StoredValue::new_local(visibility::watch(move |v| visible.set(v)));
    let _ = listeners;
    screen::protect_from_capture(true);
    on_cleanup(|| {
        screen::protect_from_capture(false);
    });

    let toast = RwSignal::new(None::<String>);
    let hide_toast = RestartableTimeout::new();
    let show_toast = move |text: String| {
        toast.set(Some(text));
        hide_toast.start(TOAST_FOR, move || toast.set(None));
    };

    let codes = CodeState::new(session.clock, card.policy, last_used);
    let device = LocalResource::new(move || check(session, holder.get_value()));
    let taken_over = RwSignal::new(false);
    let ready = RwSignal::new(false);
    let can_show_code = status != PermitStatus::Cancelled;

    let start = move |key: crate::persist::device_key::DeviceKey| {
        // This phone's key is the permit's device (checked, or set up just now).
        permit_card::handover::set_card_holder(Some(&holder.get_value()));
        ready.set(true);
        taken_over.set(false);
        codes.start(key);
        #[cfg(feature = "bench")]
        super::bench_hook::install(codes);
    };
    // Events matter before the code too: a review that lifts a suspension refreshes the card.
    follow_events(codes, taken_over, ready, show_toast, on_changed, i18n.locale);
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) {
            return true;
        }
        match device.get() {
            Some(DeviceCheck::Ready(key)) => {
                start(key);
                true
            }
            Some(DeviceCheck::TakenOver) => {
                taken_over.set(true);
                permit_card::handover::set_card_holder(None);
                permit_card::handover::dismiss();
                true
            }
            Some(DeviceCheck::NotSetUp) => {
                permit_card::handover::set_card_holder(None);
                permit_card::handover::dismiss();
                false
            }
            None => false,
        }
    });
    Effect::new(move |_| {
        let shown = ready.get();
        live.with_value(|(l, _)| l.set_code_shown(shown));
    });
    Effect::new(move |shown: Option<Option<String>>| {
        let text = codes.text.get();
        if let Some(code) = text.as_deref().filter(|_| shown.as_ref() != Some(&text)) {
            let seconds = untrack(move || codes.remaining().0);
            live.with_value(|(l, _)| l.show_code(code, seconds));
        }
        text
    });
    Effect::new(move |_| {
        let (seconds, remaining) = codes.remaining();
        let now = codes.now_ms.get();
        live.with_value(|(l, _)| l.tick(now, remaining, seconds));
    });

    let counter = RwSignal::new(false);
    let clock_text = Signal::derive(move || clock_text(codes.now_ms.get()));
    let masked_name = mask_name(&card.permit.name);
    let elder = crate::state::settings::elder_mode();

    let self_test = RwSignal::new(None::<Result<Verdict, crate::error::AppError>>);
    let run_self_test = move |_| {
        let Some(code) = codes.text.get_untracked() else { return };
        self_test.set(None);
        spawn_local(async move {
            self_test.set(Some(session.api().self_test(&code).await));
        });
    };

    view! {
        <Toast message=toast />
        <StatusBanner status=status endorsement=card.permit.endorsement offline=card.offline pending=card.endorsement_request on_changed=on_changed />
        <WidgetHost element=live_root />
        // What stands in for the code until there is one, in the card's code area.
        <Portal mount=slot>
            {move || {
                if !can_show_code {
                    Some(view! { <p class="muted">{i18n.t(Key::CodeUnavailableCancelled)}</p> }.into_any())
                } else if ready.get() {
                    None
                } else if device.get().is_none() {
                    Some(view! { <p class="muted">{i18n.t(Key::Loading)}</p> }.into_any())
                } else {
                    Some(view! {
                        <DeviceSetup
                            holder=holder.get_value()
                            taken_over=taken_over.get_untracked()
                            on_ready=Callback::new(move |key| start(key))
                        />
                    }
                        .into_any())
                }
            }}
        </Portal>
        <div class="print-notice">{move || i18n.t(Key::PrintNotice)}</div>
        <Show when=move || ready.get()>
            <div class="card-actions">
                <button class="button button-primary" data-testid="counter-mode" on:click=move |_| counter.set(true)>
                    {move || i18n.t(Key::CounterModeOpen)}
                </button>
                // Elder mode keeps one action here: showing the code.
                <Show when=move || !elder.get()>
                    <button class="button button-secondary" data-testid="self-test" on:click=run_self_test>
                        {move || i18n.t(Key::SelfTest)}
                    </button>
                </Show>
            </div>

            <SelfTestResult result=self_test />
        </Show>
        <div class="card-links">
            <leptos_router::components::A href="/card/answer" attr:class="text-link" attr:data-testid="scan-to-show">
                {move || i18n.t(Key::CardScanToShow)}
            </leptos_router::components::A>
            <leptos_router::components::A href="/card/history" attr:class="text-link" attr:data-testid="history-link">
                {move || i18n.t(Key::HistoryTitle)}
            </leptos_router::components::A>
            <leptos_router::components::A href="/card/share" attr:class="text-link" attr:data-testid="share-link">
                {move || i18n.t(Key::ShareButton)}
            </leptos_router::components::A>
            <Show when=move || !elder.get()>
                <leptos_router::components::A href="/services/photo" attr:class="text-link" attr:data-testid="change-photo">
                    {move || i18n.t(Key::ChangePhoto)}
                </leptos_router::components::A>
            </Show>
        </div>
        <Show when=move || counter.get()>
            <CounterMode
                codes=codes
                name=masked_name.clone()
                clock=clock_text
                visible=visible
                on_close=Callback::new(move |()| counter.set(false))
            />
        </Show>
    }
}

/// Status in plain words, and the one-tap fix for a suspended permit.
#[component]
fn StatusBanner(
    status: PermitStatus,
    endorsement: Option<EndorsementState>,
    offline: bool,
    pending: Option<ReviewStatus>,
    on_changed: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let sent = RwSignal::new(pending.map(|s| match s {
        ReviewStatus::NeedsMaterials => Key::EndorseNeedsMaterials,
        _ => Key::EndorseSubmitted,
    }));
    // With the data check passing the endorsement is done at once: the card reloads as valid.
    let endorsing = submission::endorse(move |s| match s.request {
        None => on_changed.run(()),
        Some(r) if r.status == ReviewStatus::NeedsMaterials => sent.set(Some(Key::EndorseNeedsMaterials)),
        Some(_) => sent.set(Some(Key::EndorseSubmitted)),
    });
    // Sent from another page or phone already: that is the state to show, not an error.
    let in_progress = move || {
        matches!(endorsing.error().get(), Some(AppError::Api { code: ErrorCode::EndorsementInProgress, .. }))
    };
    let note = move || sent.get().or_else(|| in_progress().then_some(Key::EndorseSubmitted));
    let error = Signal::derive(move || endorsing.error().get().filter(|_| !in_progress()));
    let endorse = move |_| endorsing.dispatch(());
    let days_left = match endorsement {
        Some(EndorsementState::WindowOpen { days_left, .. }) => days_left,
        _ => 0,
    };
    view! {
        {offline.then(|| view! { <p class="banner banner-info" data-testid="offline-banner">{move || i18n.t(Key::OfflineCard)}</p> })}
        {match status {
            PermitStatus::Valid => None,
            PermitStatus::EndorsementDue => Some(view! {
                <p class="banner banner-warn" data-testid="status-banner">
                    {move || i18n.t(Key::BannerEndorsementDue).replace("{days}", &days_left.to_string())}
                </p>
            }.into_any()),
            PermitStatus::Suspended => Some(view! {
                <div class="banner banner-error" data-testid="status-banner">
                    <p>{move || i18n.t(Key::BannerSuspended)}</p>
                    {move || match note() {
                        Some(k) => view! { <p class="banner-note">{i18n.t(k)}</p> }.into_any(),
                        None => view! {
                            <ErrorBanner error=error />
                            <button class="button button-primary" data-testid="fix-suspension" disabled=endorsing.busy() on:click=endorse>
                                {i18n.t(Key::FixByEndorsing)}
                            </button>
                        }.into_any(),
                    }}
                </div>
            }.into_any()),
            PermitStatus::Cancelled => Some(view! {
                <p class="banner banner-error" data-testid="status-banner">{move || i18n.t(Key::BannerCancelled)}</p>
            }.into_any()),
        }}
    }
}

#[component]
fn SelfTestResult(#[prop(into)] result: Signal<Option<Result<Verdict, crate::error::AppError>>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        result.get().map(|r| {
            let (ok, text) = match r {
                Ok(v) if v.accepted => (true, i18n.t(Key::SelfTestPassed).to_owned()),
                Ok(v) => (false, format!("{} {}", i18n.t(Key::SelfTestFailed), i18n.t(domain::self_test_rule(v.rule)))),
                Err(e) => (false, e.message(i18n.locale.get()).to_owned()),
            };
            view! {
                <p class="banner" class:banner-ok=ok class:banner-error=!ok data-testid="self-test-result" role="status">{text}</p>
            }
        })
    }
}

/// Reacts to the holder's events: a reading at a counter (toast, fresh code at once), a
/// review that changed the permit, another device taking over this one.
fn follow_events(
    codes: CodeState,
    taken_over: RwSignal<bool>,
    ready: RwSignal<bool>,
    show_toast: impl Fn(String) + Copy + 'static,
    on_changed: Callback<()>,
    locale: RwSignal<Locale>,
) {
    let Some(live) = use_context::<LiveEvents>() else { return };
    let seen = live.last.get_untracked().map(|(n, _)| n);
    Effect::new(move |_| {
        let Some((n, event)) = live.last.get() else { return };
        if Some(n) <= seen {
            return;
        }
        match event {
            Event::CodeVerified { record } => {
                codes.mark_used();
                show_toast(domain::verified_by(&record.department, &record.counter, locale.get_untracked()));
            }
            Event::DeviceRevoked { device_id } if codes.is_device(&device_id) => {
                codes.stop();
                ready.set(false);
                taken_over.set(true);
            }
            Event::ReviewChanged { .. } => on_changed.run(()),
            Event::ShareOpened { recipient, .. } => {
                // A certificate names no recipient: whoever holds the paper checked it.
                show_toast(match recipient.is_empty() {
                    true => Key::CertificateOpenedToast.text(locale.get_untracked()).to_owned(),
                    false => Key::ShareOpenedToast.text(locale.get_untracked()).replace("{recipient}", &recipient),
                });
            }
            Event::DeviceRevoked { .. } | Event::Message { .. } | Event::ChallengeAnswered { .. } => {}
        }
    });
}

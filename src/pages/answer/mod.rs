//! 扫码亮证 (`/card/answer`): the holder's phone reads the counter's QR (or its six digits),
//! shows who asks and what they will see, and on one tap answers with the device key
//! (docs/challenge.md). The counter never sees the phone's screen, so a screenshot, a video
//! or a relay of the card cannot stand in. Needs the network: the counter waits for the answer.

mod consent;
mod sign;

use crate::{
    components::{
        error_banner::ErrorBanner,
        page_header::PageHeader,
        scanner::{Scanner, ScannerWords},
    },
    error::AppError,
    i18n::{use_i18n, Key},
    platform::random,
    state::{online::Online, session::SessionStore, submission::Submission},
};
use leptos::{prelude::*, task::spawn_local};
use leptos_router::components::{Redirect, A};
use permit_core::{
    api::challenge::{AnswerOutcome, ChallengeAsk},
    challenge,
};
use sign::Unsigned;

#[derive(Clone)]
enum Step {
    Scan,
    /// Who asks, and the idempotency key of this answer (kept across retries).
    Asked(ChallengeAsk, String),
    Done(AnswerOutcome),
    Declined,
}

/// What was read: a QR's challenge id, or six typed digits.
#[derive(Clone)]
enum Found {
    Id(String),
    Number(String),
}

#[component]
pub fn AnswerPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<SessionStore>();
    if session.is_staff() {
        return view! { <Redirect path="/verify" /> }.into_any();
    }
    let online = Online::use_online();
    let step = RwSignal::new(Step::Scan);
    let scan_round = RwSignal::new(0u32);
    let not_a_counter_code = RwSignal::new(false);
    let finding = Submission::new(
        |api, found: Found| async move {
            match found {
                Found::Id(id) => api.challenge(&id).await,
                Found::Number(number) => api.find_challenge(&number).await,
            }
        },
        move |ask| {
            step.try_set(Step::Asked(ask, random::uuid()));
        },
    );
    let on_code = Callback::new(move |text: String| {
        let text = text.trim();
        not_a_counter_code.set(false);
        if let Some(id) = challenge::parse_qr(text) {
            finding.dispatch(Found::Id(challenge::id_text(&id)));
        } else if let Some(number) = challenge::normalize_number(text) {
            finding.dispatch(Found::Number(number));
        } else {
            not_a_counter_code.set(true);
        }
    });

    // The signed answer is kept for retries: a retry sends the same text with the same key.
    let signed = StoredValue::new(None::<String>);
    let answering = RwSignal::new(false);
    let answer_error = RwSignal::new(None::<AppError>);
    let no_device = RwSignal::new(false);
    let agree = move |ask: ChallengeAsk, key: String| {
        answering.set(true);
        answer_error.set(None);
        spawn_local(async move {
            let text = match signed.get_value() {
                Some(text) => Ok(text),
                None => sign::answer(&session.holder(), &ask, session.clock).await,
            };
            let result = match text {
                Err(Unsigned::NoDevice) => {
                    no_device.try_set(true);
                    None
                }
                Err(Unsigned::Failed(e)) => Some(Err(e)),
                Ok(text) => {
                    signed.try_set_value(Some(text.clone()));
                    Some(session.api().answer_challenge(&key, &ask.id, &text).await)
                }
            };
            match result {
                Some(Ok(outcome)) => {
                    step.try_set(Step::Done(outcome));
                }
                Some(Err(e)) => {
                    answer_error.try_set(Some(e));
                }
                None => {}
            }
            answering.try_set(false);
        });
    };
    let scan_again = move || {
        signed.set_value(None);
        answer_error.set(None);
        not_a_counter_code.set(false);
        step.set(Step::Scan);
        scan_round.update(|n| *n += 1);
    };
    let offline = move || {
        !online.get()
            || matches!(finding.error().get(), Some(AppError::Network))
            || matches!(answer_error.get(), Some(AppError::Network))
    };

    view! {
        <div class="page answer-page">
            <PageHeader title=Signal::derive(move || i18n.t(Key::AnswerTitle)) back="/card" />
            <div class="page-body">
                <Show when=offline>
                    <p class="banner banner-warn" data-testid="answer-offline" role="status">{move || i18n.t(Key::AnswerOffline)}</p>
                </Show>
                <Show when=move || no_device.get()>
                    <p class="banner banner-warn" data-testid="answer-no-device">{move || i18n.t(Key::AnswerNoDevice)}</p>
                    <A href="/card" attr:class="button button-primary">{move || i18n.t(Key::AnswerBackToCard)}</A>
                </Show>
                {move || match step.get() {
                    // Back online, the scanner comes back by itself.
                    Step::Scan if !online.get() => ().into_any(),
                    Step::Scan => view! {
                        <p class="muted">{move || i18n.t(Key::AnswerIntro)}</p>
                        <Show when=move || not_a_counter_code.get()>
                            <p class="banner banner-error" data-testid="answer-not-a-counter-code" role="alert">
                                {move || i18n.t(Key::AnswerNotACounterCode)}
                            </p>
                        </Show>
                        <ErrorBanner error=finding.error() />
                        <Show when=move || not_a_counter_code.get() || finding.error().get().is_some()>
                            <button class="button" data-testid="answer-scan-again" on:click=move |_| scan_again()>
                                {move || i18n.t(Key::AnswerScanAgain)}
                            </button>
                        </Show>
                        {move || {
                            scan_round.track();
                            view! { <Scanner on_code=on_code busy=finding.busy() words=ScannerWords::COUNTER_CHALLENGE /> }
                        }}
                    }
                        .into_any(),
                    Step::Asked(ask, key) => {
                        let for_agree = ask.clone();
                        view! {
                            <consent::Consent
                                ask=ask
                                busy=answering
                                on_agree=Callback::new(move |()| agree(for_agree.clone(), key.clone()))
                                on_decline=Callback::new(move |()| step.set(Step::Declined))
                            />
                            <ErrorBanner error=answer_error />
                        }
                            .into_any()
                    }
                    Step::Done(outcome) => view! { <Outcome outcome=outcome on_again=Callback::new(move |()| scan_again()) /> }.into_any(),
                    Step::Declined => view! {
                        <section class="section" data-testid="answer-declined">
                            <p>{move || i18n.t(Key::AnswerDeclined)}</p>
                            <A href="/card" attr:class="button button-primary">{move || i18n.t(Key::AnswerBackToCard)}</A>
                        </section>
                    }
                        .into_any(),
                }}
            </div>
        </div>
    }
    .into_any()
}

/// The counter's verdict as the holder is told it.
#[component]
fn Outcome(outcome: AnswerOutcome, on_again: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let accepted = outcome.accepted;
    let rule = outcome.rule;
    view! {
        <section class="verdict" class:verdict-ok=accepted class:verdict-bad=!accepted data-testid="answer-outcome"
            data-outcome=if accepted { "accepted" } else { "rejected" } data-rule=rule.map(|r| format!("{r:?}")) role="status">
            <div class="verdict-head">
                <span class="verdict-icon" aria-hidden="true">{if accepted { "✓" } else { "✕" }}</span>
                <h2 class="verdict-title">{move || if accepted { i18n.t(Key::AnswerAccepted) } else { i18n.t(Key::AnswerRefused) }}</h2>
                {rule.map(|r| view! { <p class="verdict-rule">{move || i18n.t(Key::Verdict(r))}</p> })}
            </div>
            <p class="consent-post">
                <span class="consent-department">{outcome.post.department}</span>
                <span class="consent-counter">{outcome.post.counter}</span>
            </p>
            {(!accepted).then(|| view! { <p class="muted">{move || i18n.t(Key::AnswerRefusedHint)}</p> })}
            <A href="/card" attr:class="button button-primary">{move || i18n.t(Key::AnswerBackToCard)}</A>
            {(!accepted).then(|| view! {
                <button class="button button-secondary" data-testid="answer-scan-again" on:click=move |_| on_again.run(())>
                    {move || i18n.t(Key::AnswerScanAgain)}
                </button>
            })}
        </section>
    }
}

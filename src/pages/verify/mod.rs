//! 核验: counter staff read permit codes. The post (department and counter) is chosen once;
//! then either the camera scans the holder's code, or the screen shows a challenge the
//! holder's phone answers (请出示方扫码, [`challenge`]); the verdict fills the screen until the
//! next one. The mode chosen is kept on this device: a counter without a camera keeps the
//! challenge.

mod challenge;
mod counter;
mod verdict;

use crate::{
    components::{
        error_banner::ErrorBanner,
        page_header::PageHeader,
        scanner::{Scanner, ScannerWords},
    },
    i18n::{use_i18n, Key},
    platform::{random, storage},
    state::{session::SessionStore, submission::Submission},
};
use leptos::prelude::*;
use leptos_router::components::Redirect;
use permit_core::api::{verification::Verdict, StaffPost};

/// Where the chosen mode is kept on this device (not personal data: it stays on sign-out).
const MODE_KEY: &str = "permit.verify.mode";
const SHOW: &str = "show";
const SCAN: &str = "scan";

#[component]
pub fn VerifyPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<SessionStore>();
    if !session.is_staff() {
        return view! { <Redirect path="/card" /> }.into_any();
    }
    let post = Signal::derive(move || session.user().and_then(|u| u.post));
    let verdict = RwSignal::new(None::<Verdict>);
    let showing = RwSignal::new(storage::get_string(MODE_KEY).as_deref() == Some(SHOW));
    let choose_mode = move |show: bool| {
        showing.set(show);
        storage::set_string(MODE_KEY, if show { SHOW } else { SCAN });
    };
    let on_verdict = Callback::new(move |v: Verdict| verdict.set(Some(v)));
    let choosing = RwSignal::new(post.get_untracked().is_none());
    let checking = Submission::new(
        |api, (code, key): (String, String)| async move { api.verify(&key, &code).await },
        // The page may have been left while the answer was on its way.
        move |v| {
            verdict.try_set(Some(v));
        },
    );
    let error = checking.error();
    // The last code and its idempotency key: retrying after a network failure asks about the
    // same reading, so a code used up by the first try is not reported as "already used".
    let last = StoredValue::new(None::<(String, String)>);

    let check = move |code: String, key: String| {
        last.set_value(Some((code.clone(), key.clone())));
        checking.dispatch((code, key));
    };
    let on_code = Callback::new(move |code: String| check(code, random::uuid()));
    let retry = move |_| {
        if let Some((code, key)) = last.get_value() {
            check(code, key);
        }
    };
    let on_chosen = Callback::new(move |chosen: StaffPost| {
        session.set_post(chosen);
        choosing.set(false);
    });

    view! {
        <div class="page verify-page">
            <PageHeader title=Signal::derive(move || i18n.t(Key::VerifyTitle)) />
            <div class="page-body">
                {move || {
                    if choosing.get() {
                        return view! { <counter::CounterPicker current=post.get_untracked() on_chosen=on_chosen /> }.into_any();
                    }
                    if let Some(v) = verdict.get() {
                        return view! { <verdict::VerdictView verdict=v on_next=move || verdict.set(None) /> }.into_any();
                    }
                    view! {
                        <section class="section post-line" data-testid="post-line">
                            <p>
                                <span class="post-department">{move || post.get().map(|p| p.department)}</span>
                                <span class="post-counter">{move || post.get().map(|p| p.counter)}</span>
                            </p>
                            <button class="link-button" data-testid="change-post" on:click=move |_| choosing.set(true)>
                                {move || i18n.t(Key::VerifyChangePost)}
                            </button>
                        </section>
                        <div class="mode-switch" role="group">
                            <button class="mode-button" data-testid="mode-scan" aria-pressed=move || (!showing.get()).to_string()
                                on:click=move |_| choose_mode(false)>
                                {move || i18n.t(Key::VerifyModeScan)}
                            </button>
                            <button class="mode-button" data-testid="mode-show" aria-pressed=move || showing.get().to_string()
                                on:click=move |_| choose_mode(true)>
                                {move || i18n.t(Key::VerifyModeShow)}
                            </button>
                        </div>
                        {move || if showing.get() {
                            view! { <challenge::ChallengeScreen on_verdict=on_verdict /> }.into_any()
                        } else {
                            view! {
                                <ErrorBanner error=error />
                                <Show when=move || error.get().is_some() && !checking.busy().get()>
                                    <button class="button" data-testid="verify-retry" on:click=retry>{move || i18n.t(Key::Retry)}</button>
                                </Show>
                                <Scanner on_code=on_code busy=checking.busy() words=ScannerWords::PERMIT_CODE />
                            }
                                .into_any()
                        }}
                    }
                        .into_any()
                }}
            </div>
        </div>
    }
    .into_any()
}

//! 核验: counter staff read permit codes. The post (department and counter) is chosen once;
//! then the camera scans, and the verdict fills the screen until the next scan.

mod counter;
mod verdict;

use crate::{
    components::{
        error_banner::ErrorBanner,
        page_header::PageHeader,
        scanner::{Scanner, ScannerWords},
    },
    i18n::{use_i18n, Key},
    platform::random,
    state::{session::SessionStore, submission::Submission},
};
use leptos::prelude::*;
use leptos_router::components::Redirect;
use permit_core::api::{verification::Verdict, StaffPost};

#[component]
pub fn VerifyPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<SessionStore>();
    if !session.is_staff() {
        return view! { <Redirect path="/card" /> }.into_any();
    }
    let post = Signal::derive(move || session.user().and_then(|u| u.post));
    let choosing = RwSignal::new(post.get_untracked().is_none());
    let verdict = RwSignal::new(None::<Verdict>);
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
                        <ErrorBanner error=error />
                        <Show when=move || error.get().is_some() && !checking.busy().get()>
                            <button class="button" data-testid="verify-retry" on:click=retry>{move || i18n.t(Key::Retry)}</button>
                        </Show>
                        <Scanner on_code=on_code busy=checking.busy() words=ScannerWords::PERMIT_CODE />
                    }
                        .into_any()
                }}
            </div>
        </div>
    }
    .into_any()
}

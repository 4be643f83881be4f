//! 请出示方扫码: the counter's screen shows a QR (and its six digits) carrying a one-time
//! challenge for this post, a new one every 20 s; the holder's phone answers it, and the
//! verdict arrives on the event stream and fills the screen without a click. Works on a
//! counter with no camera at all (docs/challenge.md).

use crate::{
    components::{error_banner::ErrorBanner, qr::QrCodeView},
    error::AppError,
    i18n::{use_i18n, Key},
    platform::{perf, time},
    state::{live_events::LiveEvents, session::SessionStore},
};
use leptos::{prelude::*, task::spawn_local};
use permit_core::{
    api::{challenge::ChallengeIssued, events::Event, verification::Verdict},
    challenge::SHOWN_FOR_MS,
};

/// Challenges this screen still listens for: the one shown and the two before it, which a
/// phone that read them just before the change may still answer.
const REMEMBERED: usize = 3;

#[component]
pub fn ChallengeScreen(on_verdict: Callback<Verdict>) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<SessionStore>();
    let clock = session.clock;
    let shown = RwSignal::new(None::<ChallengeIssued>);
    let error = RwSignal::new(None::<AppError>);
    let asking = StoredValue::new(false);
    let remembered = StoredValue::new(Vec::<String>::new());
    let now_ms = RwSignal::new(clock.now_ms());
    // Staff have no stream from the shell: this screen opens its own, and shows a challenge
    // only once it is open, since a verdict sent before would be lost.
    let live = use_context::<LiveEvents>().unwrap_or_else(|| LiveEvents::connect(session));

    let next = move || {
        if asking.get_value() || !live.connected.get_untracked() {
            return;
        }
        asking.set_value(true);
        spawn_local(async move {
            let issued = session.api().issue_challenge().await;
            if asking.try_set_value(false).is_some() {
                return; // the screen was left meanwhile
            }
            match issued {
                Ok(c) => {
                    remembered.update_value(|ids| {
                        ids.push(c.id.clone());
                        let extra = ids.len().saturating_sub(REMEMBERED);
                        ids.drain(..extra);
                    });
                    shown.set(Some(c));
                    error.set(None);
                    time::next_paint().await;
                    perf::mark("challenge-shown");
                }
                Err(e) => {
                    error.set(Some(e));
                }
            }
        });
    };
    Effect::new(move |_| {
        if live.connected.get() && shown.with_untracked(Option::is_none) {
            next();
        }
    });
    let ticker = set_interval_with_handle(
        move || {
            let now = clock.now_ms();
            now_ms.set(now);
            let due = shown.with_untracked(|c| c.as_ref().is_none_or(|c| now >= (c.issued_at_ms + SHOWN_FOR_MS) as f64));
            // After a failure, try again at the next change rather than every second.
            if due && error.with_untracked(Option::is_none) {
                next();
            }
        },
        std::time::Duration::from_millis(500),
    )
    .ok();
    on_cleanup(move || {
        if let Some(t) = ticker {
            t.clear();
        }
    });

    Effect::new(move |_| {
        let Some((_, Event::ChallengeAnswered { challenge_id, verdict })) = live.last.get() else { return };
        if remembered.with_value(|ids| ids.contains(&challenge_id)) {
            on_verdict.run(verdict);
        }
    });

    let seconds_left = move || {
        shown.with(|c| c.as_ref().map(|c| (((c.issued_at_ms + SHOWN_FOR_MS) as f64 - now_ms.get()) / 1000.0).ceil().max(0.0) as i64))
    };
    let qr = Signal::derive(move || shown.with(|c| c.as_ref().map(|c| c.qr.clone()).unwrap_or_default()));
    let number = move || shown.with(|c| c.as_ref().map(|c| format!("{} {}", &c.number[..3], &c.number[3..])));
    let retry = move |_| {
        error.set(None);
        next();
    };
    view! {
        <section class="section challenge-screen" data-testid="challenge-screen">
            <p class="challenge-title">{move || i18n.t(Key::ChallengeShowTitle)}</p>
            <Show when=move || live.connected.get() && shown.with(Option::is_some) fallback=move || view! { <p class="muted">{move || i18n.t(Key::Loading)}</p> }>
                <div class="challenge-qr" data-testid="challenge-qr" data-qr=move || shown.with(|c| c.as_ref().map(|c| c.qr.clone()))>
                    <QrCodeView text=qr label=Signal::derive(move || i18n.t(Key::VerifyModeShow)) />
                </div>
                <p class="challenge-number-label muted">{move || i18n.t(Key::ChallengeNumberLabel)}</p>
                <p class="challenge-number" data-testid="challenge-number">{number}</p>
                <p class="challenge-renews muted" aria-live="off">
                    {move || seconds_left().map(|s| s.to_string())} " " {move || i18n.t(Key::ChallengeRenewsIn)}
                </p>
            </Show>
            <p class="challenge-waiting" role="status">{move || i18n.t(Key::ChallengeWaiting)}</p>
            <ErrorBanner error=error />
            <Show when=move || error.with(Option::is_some)>
                <button class="button" data-testid="challenge-retry" on:click=retry>{move || i18n.t(Key::Retry)}</button>
            </Show>
        </section>
    }
}

//! Who asks and what they will see, before the holder agrees: the department and counter as
//! the backend issued the challenge (not as the QR claims: a QR carries only its id), the
//! fields, and the seconds left. Nothing is signed or sent until 同意出示.

use crate::{
    i18n::{use_i18n, Key},
    state::session::SessionStore,
};
use leptos::prelude::*;
use permit_core::api::challenge::ChallengeAsk;

#[component]
pub fn Consent(ask: ChallengeAsk, #[prop(into)] busy: Signal<bool>, on_agree: Callback<()>, on_decline: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let clock = expect_context::<SessionStore>().clock;
    let answer_by = ask.answer_by_ms as f64;
    let now_ms = RwSignal::new(clock.now_ms());
    let ticker = set_interval_with_handle(move || now_ms.set(clock.now_ms()), std::time::Duration::from_millis(500)).ok();
    on_cleanup(move || {
        if let Some(t) = ticker {
            t.clear();
        }
    });
    let seconds_left = move || ((answer_by - now_ms.get()) / 1000.0).ceil().max(0.0) as i64;
    let gone = move || seconds_left() == 0;
    view! {
        <section class="section consent" data-testid="answer-consent">
            <p class="consent-post">
                <span class="consent-department" data-testid="consent-department">{ask.post.department.clone()}</span>
                <span class="consent-counter" data-testid="consent-counter">{ask.post.counter.clone()}</span>
            </p>
            <p class="consent-asks">{move || i18n.t(Key::AnswerAsks)}</p>
            <h3 class="section-title">{move || i18n.t(Key::AnswerWillSee)}</h3>
            <ul class="consent-fields">
                {ask.fields.iter().map(|f| {
                    let key = Key::from(*f);
                    view! { <li>{move || i18n.t(key)}</li> }
                }).collect_view()}
            </ul>
            <Show
                when=gone
                fallback=move || view! { <p class="muted consent-left">{seconds_left} " " {move || i18n.t(Key::AnswerConfirmWithin)}</p> }
            >
                <p class="banner banner-warn" data-testid="answer-qr-gone">{move || i18n.t(Key::AnswerQrGone)}</p>
            </Show>
            <div class="consent-actions">
                <button class="button button-primary" data-testid="answer-agree" disabled=move || busy.get() || gone()
                    on:click=move |_| on_agree.run(())>
                    {move || i18n.t(Key::AnswerAgree)}
                </button>
                <button class="button button-secondary" data-testid="answer-decline" disabled=move || busy.get()
                    on:click=move |_| on_decline.run(())>
                    {move || i18n.t(Key::AnswerDecline)}
                </button>
            </div>
        </section>
    }
}

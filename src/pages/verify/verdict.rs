//! The verdict, filling the screen: accepted, with the holder's photo and every permit field
//! for comparing with the person at the counter; or not, with the failed rule in plain words
//! and what to tell the holder. Outcome is shown by icon and words, not by colour alone.

use crate::{
    components::permit_card::CounterPermitCard,
    i18n::{use_i18n, Key},
    platform::blob::ObjectUrl,
    state::session::SessionStore,
};
use leptos::{prelude::*, task::spawn_local};
use permit_core::api::verification::Verdict;

#[component]
pub fn VerdictView(verdict: Verdict, #[prop(into)] on_next: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<SessionStore>();
    let checked_ms = verdict.checked_at_ms;
    let checked_at = move || crate::i18n::format::date_time(checked_ms, i18n.locale.get(), true);
    let photo = StoredValue::new_local(None::<ObjectUrl>);
    let photo_url = RwSignal::new(None::<String>);
    if let Some(path) = verdict.permit.as_ref().filter(|_| verdict.accepted).map(|p| p.photo_path.clone()) {
        spawn_local(async move {
            let Ok(jpeg) = session.api().verdict_photo(&path).await else { return };
            if let Some(url) = ObjectUrl::from_bytes(&jpeg, "image/jpeg") {
                photo_url.try_set(Some(url.as_str().to_owned()));
                photo.try_set_value(Some(url));
            }
        });
    }
    crate::platform::document::scroll_to_top();
    // From the picture or frame that was read to the verdict on screen (`cargo xtask bench`).
    spawn_local(async {
        crate::platform::time::next_paint().await;
        crate::platform::perf::mark("verdict-shown");
    });
    let outcome = if verdict.accepted { "accepted" } else { "rejected" };
    let rule = verdict.rule;
    let holder = verdict.permit.as_ref().map(|p| format!("{} · {}", p.name, p.number));
    view! {
        <section class="verdict" class:verdict-ok=verdict.accepted class:verdict-bad=!verdict.accepted
            data-testid="verdict" data-outcome=outcome data-rule=rule.map(|r| format!("{r:?}")) role="alert">
            <div class="verdict-head">
                <span class="verdict-icon" aria-hidden="true">{if verdict.accepted { "✓" } else { "✕" }}</span>
                <h2 class="verdict-title">
                    {move || if verdict.accepted { i18n.t(Key::VerdictAccepted) } else { i18n.t(Key::VerdictRejected) }}
                </h2>
                {rule.map(|r| view! { <p class="verdict-rule" data-testid="verdict-rule">{move || i18n.t(Key::Verdict(r))}</p> })}
            </div>
            {rule.map(|r| view! {
                <div class="section verdict-advice">
                    <h3 class="section-title">{move || i18n.t(Key::VerdictTellHolder)}</h3>
                    <p data-testid="verdict-why">{move || i18n.t(Key::VerdictWhy(r))}</p>
                    {holder.clone().map(|h| view! { <p class="verdict-holder">{h}</p> })}
                </div>
            })}
            {verdict.permit.clone().filter(|_| verdict.accepted).map(|permit| view! {
                <p class="banner banner-info verdict-compare">{move || i18n.t(Key::VerdictCompare)}</p>
                <CounterPermitCard permit=permit photo_url=photo_url />
            })}
            <p class="muted verdict-time">{move || i18n.t(Key::VerdictCheckedAt)} " " {checked_at}</p>
            <button class="button button-primary verdict-next" data-testid="scan-next" on:click=move |_| on_next.run(())>
                {move || i18n.t(Key::VerdictNext)}
            </button>
        </section>
    }
}

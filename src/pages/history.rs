//! 核验记录: every reading of the holder's codes (who, which department and counter, when,
//! and the outcome), newest first, updated live as a counter reads the code.

use crate::{
    components::{acting_for::ActingForBanner, async_view::AsyncView, page_header::PageHeader},
    i18n::{use_i18n, Key},
    state::{live_events::live_resource, session::SessionStore},
};
use crate::i18n::format;
use leptos::prelude::*;
use permit_core::api::verification::VerificationRecord;

#[component]
pub fn HistoryPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<SessionStore>();
    let (records, _) = live_resource(move || async move { session.api().verifications().await });
    view! {
        <div class="page">
            <PageHeader title=Signal::derive(move || i18n.t(Key::HistoryTitle)) back="/card" />
            <div class="page-body">
                <ActingForBanner />
                <p class="muted history-intro">{move || i18n.t(Key::HistoryIntro)}</p>
                <AsyncView resource=records render=|list| view! { <Records list=list /> } />
            </div>
        </div>
    }
}

#[component]
fn Records(list: Vec<VerificationRecord>) -> impl IntoView {
    let i18n = use_i18n();
    if list.is_empty() {
        return view! { <p class="section notice" data-testid="history-empty">{move || i18n.t(Key::HistoryEmpty)}</p> }.into_any();
    }
    view! {
        <ul class="section list history" data-testid="history">
            {list.into_iter().map(|r| {
                let at = r.at_ms;
                let when = move || format::date_time(at, i18n.locale.get(), true);
                let rule = r.rule;
                let by_holder = r.answered_by_holder;
                view! {
                    <li class="history-item" data-testid="history-item" data-accepted=r.accepted.to_string() data-by-holder=by_holder.to_string()>
                        <div class="history-where">
                            <span class="history-department">{r.department}</span>
                            <span class="muted">{r.counter}</span>
                            {by_holder.then(|| view! { <span class="history-mode muted">{move || i18n.t(Key::HistoryAnsweredByHolder)}</span> })}
                        </div>
                        <div class="history-when">
                            <span class="badge" class:badge-ok=r.accepted class:badge-bad=!r.accepted>
                                {move || if r.accepted { i18n.t(Key::HistoryAccepted) } else { i18n.t(Key::HistoryRejected) }}
                            </span>
                            {rule.map(|rule| view! { <span class="history-rule">{move || i18n.t(Key::Verdict(rule))}</span> })}
                            <time class="muted">{when}</time>
                        </div>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

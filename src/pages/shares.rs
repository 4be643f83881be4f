//! 我的 › 分享记录 (`/me/shares`): every share, newest first, with who it was for, what it
//! showed, where it stands, and each opening's time (the backend keeps nothing else about the
//! viewer); an active share is revoked with one tap, at once (docs/sharing.md).

use crate::{
    components::{async_view::AsyncView, error_banner::ErrorBanner, page_header::PageHeader},
    i18n::{format, use_i18n, Key},
    state::{session::SessionStore, submission::Submission},
};
use leptos::prelude::*;
use permit_core::{
    api::share::ShareSummary,
    share::{Purpose, ShareState},
};

#[component]
pub fn SharesPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<SessionStore>();
    let shares = LocalResource::new(move || async move { session.api().shares().await });
    let revoking = Submission::new(|api, id: String| async move { api.revoke_share(&id).await }, move |_| shares.refetch());
    let render = move |list: Vec<ShareSummary>| {
        if list.is_empty() {
            return view! { <p class="muted" data-testid="shares-empty">{move || i18n.t(Key::SharesEmpty)}</p> }.into_any();
        }
        view! { <ul class="shares">{list.into_iter().map(|s| share_row(s, revoking)).collect_view()}</ul> }.into_any()
    };
    view! {
        <div class="page">
            <PageHeader title=Signal::derive(move || i18n.t(Key::SharesTitle)) back="/me" />
            <div class="page-body">
                <ErrorBanner error=revoking.error() />
                <AsyncView resource=shares render=render />
            </div>
        </div>
    }
}

fn share_row(s: ShareSummary, revoking: Submission<String>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = move || i18n.locale.get();
    let (state_key, state_class) = match s.state {
        ShareState::Verified => (Key::ShareStateVerified, "badge badge-ok"),
        ShareState::Expired => (Key::ShareStateExpired, "badge badge-warn"),
        ShareState::Revoked => (Key::ShareStateRevoked, "badge badge-bad"),
    };
    let purpose = Key::from(s.purpose);
    let recipient = s.recipient.clone();
    let certificate = s.purpose == Purpose::ResidenceCertificate;
    let fields = s.fields.clone();
    let openings = s.openings_ms.clone();
    let id = s.id.clone();
    let (created, expires) = (s.created_at_ms, s.expires_at_ms);
    view! {
        <li class="section share-row" data-testid="share-row" data-state=format!("{:?}", s.state).to_lowercase()>
            <div class="share-row-head">
                // A certificate is for whoever is shown it: its kind stands where a name would be.
                <strong translate="no" data-testid="share-row-recipient">{move || if certificate { i18n.t(purpose).to_owned() } else { recipient.clone() }}</strong>
                <span class=state_class data-testid="share-row-state">{move || i18n.t(state_key)}</span>
            </div>
            {(!certificate).then(|| view! {
                <p class="muted">
                    {move || i18n.t(purpose)}
                    {s.purpose_note.clone().map(|n| view! { " · " <span translate="no">{n}</span> })}
                </p>
            })}
            <p class="muted share-row-fields">
                {move || fields.iter().map(|f| i18n.t(Key::from(*f))).collect::<Vec<_>>().join(" · ")}
            </p>
            <p class="muted">
                {move || format::date_time(created, locale(), false)} " – " {move || format::date_time(expires, locale(), false)}
            </p>
            <p class="muted" data-testid="share-row-openings">
                {move || match openings.first() {
                    None => i18n.t(Key::ShareNotOpened).to_owned(),
                    Some(last) => i18n
                        .t(Key::ShareOpenings)
                        .replace("{n}", &openings.len().to_string())
                        .replace("{last}", &format::date_time(*last, locale(), true)),
                }}
            </p>
            {(s.state == ShareState::Verified).then(|| view! {
                <button type="button" class="button button-danger" data-testid="share-revoke" disabled=revoking.busy()
                    on:click=move |_| revoking.dispatch(id.clone())>{move || i18n.t(Key::ShareRevoke)}</button>
            })}
        </li>
    }
}

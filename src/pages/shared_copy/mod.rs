//! 证件分享核验 (`/s/<id>#<secret>`): a shared copy as its recipient sees it, without an account
//! (issue 19, docs/sharing.md). Only the fields the holder chose, the purpose, the recipient,
//! the time of consent and the expiry, under a live clock and the card's moving watermark (so a
//! screenshot of this page is as weak as one of the card), and one line that says 已核验,
//! 已过期 or 已撤回, checked again every minute. The statement is checked here, with WebCrypto,
//! against the key the backend publishes: the page does not take the backend's word for it.
//! A residence certificate is checked the same way, by its code (`certificate_check`).

pub mod certificate_check;
mod certificate_facts;
mod check;

use crate::{
    api::{clock::ServerClock, Api},
    components::{error_banner::ErrorBanner, page_header::PageHeader, widget_host::WidgetHost},
    i18n::{format, use_i18n, Key, Locale},
    platform::{blob::ObjectUrl, document},
};
use check::{Link, Outcome};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use permit_core::{
    share::ShareState,
    statement::Statement,
};
use std::time::Duration;

/// How often the page asks whether the share still holds.
const REFRESH_EVERY: Duration = Duration::from_secs(60);

#[component]
pub fn SharedCopyPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = use_params_map().read_untracked().get("id").unwrap_or_default();
    let link = Link::Share { id, secret: document::fragment() };
    view! {
        <div class="page shared-copy">
            <PageHeader title=Signal::derive(move || i18n.t(Key::SharedTitle)) />
            <div class="page-body">
                <CheckedCopy link=link />
            </div>
        </div>
    }
}

/// What `link` opens, checked, with the state line refreshed every minute.
#[component]
fn CheckedCopy(link: Link) -> impl IntoView {
    let clock = ServerClock::load();
    let api = Api::new(None, Some(clock));
    let outcome_resource = {
        let (api, link) = (api.clone(), link.clone());
        LocalResource::new(move || {
            let (api, link) = (api.clone(), link.clone());
            async move { check::open(&api, &link, move || (clock.now_ms() / 1000.0).floor() as i64).await }
        })
    };
    // A later answer of the refresh: a revocation or the expiry replaces everything shown.
    let standing = RwSignal::new(None::<ShareState>);
    let now_ms = RwSignal::new(clock.now_ms());
    let ticker = set_interval_with_handle(move || now_ms.set(clock.now_ms()), Duration::from_secs(1)).ok();
    let refresher = set_interval_with_handle(
        move || {
            let (api, link) = (api.clone(), link.clone());
            leptos::task::spawn_local(async move {
                if let Some(s) = check::standing(&api, &link).await {
                    standing.set(Some(s));
                }
            });
        },
        REFRESH_EVERY,
    )
    .ok();
    on_cleanup(move || {
        ticker.map(|h| h.clear());
        refresher.map(|h| h.clear());
    });

    move || match (outcome_resource.get(), standing.get()) {
        (None, _) => line("checking", Key::SharedChecking).into_any(),
        (Some(_), Some(ShareState::Revoked)) => line("revoked", Key::SharedRevoked).into_any(),
        (Some(_), Some(ShareState::Expired)) => line("expired", Key::SharedExpired).into_any(),
        (Some(outcome), _) => shown(outcome, now_ms, Callback::new(move |()| outcome_resource.refetch())).into_any(),
    }
}

/// The state line alone.
fn line(state: &'static str, key: Key) -> impl IntoView {
    let i18n = use_i18n();
    let class = if state == "checking" { "shared-state" } else { "shared-state bad" };
    view! { <p class=class data-testid="shared-state" data-state=state role="status">{move || i18n.t(key)}</p> }
}

fn shown(outcome: Outcome, now_ms: RwSignal<f64>, retry: Callback<()>) -> impl IntoView {
    match outcome {
        Outcome::Verified { statement, photo, photo_matches } => verified(statement, photo, photo_matches, now_ms).into_any(),
        Outcome::Expired => line("expired", Key::SharedExpired).into_any(),
        Outcome::Revoked => line("revoked", Key::SharedRevoked).into_any(),
        Outcome::Forged => line("forged", Key::SharedForged).into_any(),
        Outcome::BadLink => line("bad-link", Key::SharedBadLink).into_any(),
        // Offline or the backend down: said in the reader's words, and tried again on a tap.
        Outcome::Failed(e) => {
            let i18n = use_i18n();
            let error = Signal::derive(move || Some(e.clone()));
            view! {
                <ErrorBanner error=error />
                <button type="button" class="button button-secondary" data-testid="shared-retry" on:click=move |_| retry.run(())>
                    {move || i18n.t(Key::SharedRetry)}
                </button>
            }
            .into_any()
        }
    }
}

fn verified(statement: Statement, photo: Option<Vec<u8>>, photo_matches: bool, now_ms: RwSignal<f64>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = move || i18n.locale.get();
    let claims = statement.claims.clone();
    // Kept as long as the view: the URL is revoked when it is dropped.
    let photo_url = StoredValue::new_local(photo.as_deref().and_then(|jpeg| ObjectUrl::from_bytes(jpeg, "image/jpeg")));
    // The recipient's name and the live time, moving over the fields as on the card.
    let watermark = StoredValue::new_local(permit_card::watermark::Watermark::new());
    let watermark_root = watermark.with_value(|w| w.root.clone());
    let recipient = statement.recipient.clone();
    let is_certificate = statement.certificate.is_some();
    Effect::new(move |_| {
        // A certificate names no recipient: its own title moves over it instead.
        let who = if is_certificate { i18n.t(Key::CertificateCheckTitle).to_owned() } else { recipient.clone() };
        let text = format!("{who} {}", permit_card::live_view::clock_text(now_ms.get()));
        watermark.with_value(|w| w.set_text(&text));
    });
    let field = move |name: &'static str, key: Key, value: String| {
        view! {
            <div class="shared-field" data-testid="shared-field" data-field=name>
                <dt>{move || i18n.t(key)}</dt>
                <dd translate="no">{value}</dd>
            </div>
        }
    };
    let purpose = statement.purpose;
    let note = statement.purpose_note.clone();
    let (iat, exp) = (statement.iat, statement.exp);
    view! {
        <p class="shared-state ok" data-testid="shared-state" data-state="verified" role="status">{move || i18n.t(Key::SharedVerified)}</p>
        <section class="section shared-card" data-testid="shared-card">
            <WidgetHost element=watermark_root />
            <dl class="shared-fields">
                {claims.photo_sha256.is_some().then(|| view! {
                    <div class="shared-field shared-photo" data-testid="shared-field" data-field="photo">
                        <dt>{move || i18n.t(Key::SharedFieldPhoto)}</dt>
                        <dd>{match photo_url.with_value(|u| u.as_ref().map(|u| u.as_str().to_owned())) {
                            Some(src) => view! { <img src=src alt=move || i18n.t(Key::SharedFieldPhoto) data-testid="shared-photo" /> }.into_any(),
                            None => view! { <span class="bad" data-testid="shared-photo-mismatch">{move || i18n.t(Key::SharedPhotoMismatch)}</span> }.into_any(),
                        }}</dd>
                    </div>
                })}
                {claims.name.clone().map(|v| field("name", Key::SharedFieldName, v))}
                {claims.permit_valid.map(|valid| view! {
                    <div class="shared-field" data-testid="shared-field" data-field="permit_valid">
                        <dt>{move || i18n.t(Key::SharedFieldValid)}</dt>
                        <dd class=if valid { "ok" } else { "bad" }>{move || i18n.t(if valid { Key::SharedValidYes } else { Key::SharedValidNo })}</dd>
                    </div>
                })}
                {claims.city.clone().map(|v| field("city", Key::SharedFieldCity, v))}
                {claims.id_number.clone().map(|v| field("id_number", Key::SharedFieldIdNumber, v))}
                {claims.residence_address.clone().map(|v| field("residence_address", Key::SharedFieldResidence, v))}
                {claims.household_address.clone().map(|v| field("household_address", Key::SharedFieldHousehold, v))}
                {claims.birth_date.map(|d| view! {
                    <div class="shared-field" data-testid="shared-field" data-field="birth_date">
                        <dt>{move || i18n.t(Key::SharedFieldBirthDate)}</dt>
                        <dd>{move || format::date(d, locale())}</dd>
                    </div>
                })}
            </dl>
            {statement.certificate.clone().map(|facts| view! { <certificate_facts::CertificateFactsView facts=facts /> })}
        </section>
        <dl class="section shared-terms">
            <div>
                <dt>{move || i18n.t(Key::SharedPurpose)}</dt>
                <dd data-testid="shared-purpose">
                    {move || i18n.t(Key::from(purpose))}
                    // The holder's own words, as written.
                    {note.clone().map(|note| view! {
                        {move || if locale() == Locale::Zh { "：" } else { ": " }}
                        <span translate="no">{note}</span>
                    })}
                </dd>
            </div>
            {(!statement.recipient.is_empty()).then(|| view! {
                <div><dt>{move || i18n.t(Key::SharedRecipient)}</dt><dd data-testid="shared-recipient" translate="no">{statement.recipient.clone()}</dd></div>
            })}
            <div><dt>{move || i18n.t(if is_certificate { Key::CertificateMadeOn } else { Key::SharedConsentAt })}</dt><dd>{move || format::date_time(iat.saturating_mul(1000), locale(), false)}</dd></div>
            <div><dt>{move || i18n.t(Key::SharedExpiresAt)}</dt><dd data-testid="shared-expires">{move || format::date_time(exp.saturating_mul(1000), locale(), false)}</dd></div>
            <div><dt>{move || i18n.t(Key::SharedNow)}</dt><dd data-testid="shared-clock">{move || permit_card::live_view::clock_text(now_ms.get())}</dd></div>
        </dl>
        {(!photo_matches).then(|| view! { <p class="shared-state bad">{move || i18n.t(Key::SharedPhotoMismatch)}</p> })}
        <p class="hint">{move || i18n.t(if is_certificate { Key::CertificateNotice } else { Key::SharedNotice })}</p>
    }
}

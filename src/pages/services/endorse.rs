//! 签注: the window and its countdown, a calendar file for the deadline, one-tap confirm when
//! the data check passes, documents when it does not, and a suspended permit explained.

use crate::{
    api::MaterialPurpose,
    components::{
        acting_for::ActingForBanner,
        async_view::AsyncView, error_banner::ErrorBanner, material_upload::MaterialUpload,
        page_header::PageHeader,
    },
    error::AppError,
    i18n::{domain, use_i18n, Key},
    platform::blob,
    state::{live_events::live_resource, session::SessionStore, submission},
};
use leptos::prelude::*;
use permit_core::{
    api::{application::ReviewStatus, endorsement::EndorsementStatus},
    endorsement::{EndorsementState, Schedule},
    reminder_ics,
};

#[component]
pub fn EndorsePage() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<SessionStore>();
    let (status, refresh) = live_resource(move || async move {
        let api = session.api();
        let status = api.endorsement().await?;
        let permit = api.permit().await?;
        Ok::<_, AppError>((status, permit.number, permit.issued_on))
    });
    view! {
        <div class="page">
            <PageHeader title=Signal::derive(move || i18n.t(Key::ServiceEndorse)) back="/services" />
            <div class="page-body">
                <ActingForBanner />
                <AsyncView resource=status render=move |(s, number, issued_on)| view! {
                            <Endorsement status=s number=number issued_on=issued_on on_changed=move || refresh.run() />
                        } />
            </div>
        </div>
    }
}

#[component]
fn Endorsement(
    status: EndorsementStatus,
    number: String,
    issued_on: chrono::NaiveDate,
    #[prop(into)] on_changed: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<SessionStore>();
    let endorsing = submission::endorse(move |_| on_changed.run(()));
    let state = status.state;
    let schedule = Schedule {
        issued_on,
        years_endorsed: status.years_endorsed,
        counts_from: status.counts_from,
        years_counted: status.years_counted,
    };
    let request = status.request.clone();

    let confirm = move |_| endorsing.dispatch(());
    let download = move |_| {
        let locale = i18n.locale.get_untracked();
        let stamp = permit_core::date_text::compact_utc(
            chrono::DateTime::from_timestamp_millis(session.clock.now_ms() as i64).unwrap_or_default().naive_utc(),
        );
        let ics = reminder_ics::endorsement_deadline(
            &schedule,
            &number,
            Key::IcsTitle.text(locale),
            Key::IcsDescription.text(locale),
            &stamp,
        );
        blob::download(ics.as_bytes(), "text/calendar", "endorsement.ics");
    };
    let headline = move || domain::endorsement_state(&state, i18n.locale.get());
    view! {
        <section class="section" data-testid="endorsement" data-state=format!("{state:?}")>
            <h2 class="section-title" data-testid="endorsement-headline">{headline}</h2>
            <dl class="facts">
                <div><dt>{move || i18n.t(Key::EndorseWindow)}</dt>
                    <dd>{move || format!("{} – {}", crate::i18n::format::date(status.window_opens, i18n.locale.get()), crate::i18n::format::date(status.deadline, i18n.locale.get()))}</dd></div>
                <div><dt>{move || i18n.t(Key::FieldEndorsedTimes)}</dt><dd>{status.years_endorsed}</dd></div>
            </dl>
            {matches!(state, EndorsementState::Suspended { .. }).then(|| view! {
                <p class="banner banner-error">{move || i18n.t(Key::BannerSuspended)}</p>
            })}
            <button class="button button-secondary" data-testid="download-ics" on:click=download>
                {move || i18n.t(Key::DownloadIcs)}
            </button>
        </section>
        {match request {
            Some(r) if r.status == ReviewStatus::NeedsMaterials => view! {
                <section class="section" data-testid="endorsement-materials">
                    <h2 class="section-title">{move || i18n.t(Key::ReviewNeedsMaterials)}</h2>
                    {status.materials_needed.iter().map(|c| view! {
                        <MaterialUpload purpose=MaterialPurpose::Endorsement condition=*c on_uploaded=on_changed />
                    }).collect_view()}
                </section>
            }.into_any(),
            Some(_) => view! {
                <p class="banner banner-info" data-testid="endorsement-request">{move || i18n.t(Key::EndorseSubmitted)}</p>
            }.into_any(),
            None if status.can_endorse => view! {
                <section class="section form" data-testid="endorse-confirm">
                    <p class="hint">
                        {move || if status.data_check_passed { i18n.t(Key::EndorseOneTap) } else { i18n.t(Key::EndorseNeedsMaterialsFirst) }}
                    </p>
                    <ErrorBanner error=endorsing.error() />
                    <button class="button button-primary" data-testid="endorse-submit" disabled=endorsing.busy() on:click=confirm>
                        {move || i18n.t(Key::EndorseConfirm)}
                    </button>
                </section>
            }.into_any(),
            None => view! { <p class="muted">{move || i18n.t(Key::EndorseNotYet)}</p> }.into_any(),
        }}
    }
}

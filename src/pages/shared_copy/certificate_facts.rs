//! What a residence certificate states beyond its name and address, as its check page shows
//! it: the permit number, when registration began, the years of continuous residence and
//! every endorsement (the day it was made is the statement's time of issue, shown with the terms), from the signed statement (the page shows nothing it did not check).

use crate::i18n::{format, use_i18n, Key};
use leptos::prelude::*;
use permit_core::certificate::{CertificateFacts, Endorsement};

#[component]
pub fn CertificateFactsView(facts: CertificateFacts) -> impl IntoView {
    let i18n = use_i18n();
    let locale = move || i18n.locale.get();
    // `made_on` is the statement's `iat`, which the terms below show.
    let CertificateFacts { permit_number, registered_on, continuous_years, endorsements, .. } = facts;
    let row = move |name: &'static str, key: Key, value: Box<dyn Fn() -> String + Send + Sync>| {
        view! {
            <div class="shared-field" data-testid="shared-field" data-field=name>
                <dt>{move || i18n.t(key)}</dt>
                <dd translate="no">{value}</dd>
            </div>
        }
    };
    let number = permit_number.clone();
    view! {
        <dl class="shared-fields certificate-facts" data-testid="certificate-facts">
            {row("permit_number", Key::CertificateNumber, Box::new(move || number.clone()))}
            {row("registered_on", Key::CertificateRegisteredOn, Box::new(move || format::date(registered_on, locale())))}
            <div class="shared-field" data-testid="shared-field" data-field="continuous_years">
                <dt>{move || i18n.t(Key::CertificateYears)}</dt>
                <dd data-testid="certificate-years" data-years=continuous_years>{move || format::years(continuous_years, locale())}</dd>
            </div>
            <div class="shared-field" data-testid="shared-field" data-field="endorsements">
                <dt>{move || i18n.t(Key::CertificateHistory)}</dt>
                <dd>
                    {if endorsements.is_empty() {
                        view! { <span>{move || i18n.t(Key::CertificateNoEndorsement)}</span> }.into_any()
                    } else {
                        view! {
                            <ol class="certificate-history" data-testid="certificate-history">
                                {endorsements.into_iter().map(|e| endorsement_line(e)).collect_view()}
                            </ol>
                        }
                        .into_any()
                    }}
                </dd>
            </div>
        </dl>
    }
}

/// One endorsement; its date is never broken across lines.
fn endorsement_line(e: Endorsement) -> impl IntoView {
    let i18n = use_i18n();
    let locale = move || i18n.locale.get();
    match e {
        Endorsement::OnTime { year_ending } => view! {
            <li>{move || i18n.t(Key::CertificateOnTime)}" "<span class="date">{move || format::date(year_ending, locale())}</span></li>
        }
        .into_any(),
        Endorsement::Late { on } => view! {
            <li><span class="date">{move || format::date(on, locale())}</span>": "{move || i18n.t(Key::CertificateLate)}</li>
        }
        .into_any(),
    }
}

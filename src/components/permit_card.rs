//! The face of the permit: every statutory field and the photo, laid out like the card. The
//! ID number and addresses are masked until the holder taps them.

use crate::i18n::{use_i18n, Key};
use leptos::prelude::*;
use permit_core::{
    api::permit::{Permit, PermitStatus},
    endorsement::EndorsementState,
    mask::{mask_address, mask_id_number},
};


/// The permit's fields. Values are the official record in Chinese whatever the interface
/// language, so they carry `translate="no"` (names, addresses, authority).
#[component]
pub fn PermitCard(
    permit: Permit,
    #[prop(into)] photo_url: Signal<Option<String>>,
    #[prop(into)] revealed: Signal<bool>,
    #[prop(into)] on_reveal: Callback<()>,
    /// At a counter after a reading: every field in full, no hint about revealing them.
    #[prop(optional)]
    counter_view: bool,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let p = StoredValue::new(permit);
    let read = move |f: fn(&Permit) -> String| p.with_value(f);
    let sensitive = move |full: fn(&Permit) -> String, masked: fn(&Permit) -> String| {
        move || if revealed.get() { read(full) } else { read(masked) }
    };
    let status = p.with_value(|p| p.status);
    let status_class = match status {
        PermitStatus::Valid => "badge badge-ok",
        PermitStatus::EndorsementDue => "badge badge-warn",
        PermitStatus::Suspended | PermitStatus::Cancelled => "badge badge-bad",
    };
    let sex = move || i18n.t(p.with_value(|p| p.sex).into());
    let validity = move || {
        let locale = i18n.locale.get();
        let (years, state, issued_on, counts_from) = p.with_value(|p| (p.years_endorsed, p.endorsement, p.issued_on, p.counts_from));
        let mut line = format!("{} {years}", i18n.t(Key::FieldEndorsedTimes));
        // After a late endorsement, residence years count again from its day (暂行条例 art. 13).
        if counts_from != issued_on {
            line.push_str(&format!(" · {} {}", i18n.t(Key::FieldCountsFrom), crate::i18n::format::date(counts_from, locale)));
        }
        if let Some(EndorsementState::Valid { window_opens, deadline }) = state {
            line.push_str(&format!(
                " · {} {} – {}",
                i18n.t(Key::FieldNextWindow),
                crate::i18n::format::date(window_opens, locale),
                crate::i18n::format::date(deadline, locale)
            ));
        }
        line
    };
    let reveal = move |_| on_reveal.run(());
    view! {
        <article class="permit-card" data-testid="permit-card" data-status=format!("{status:?}")>
            <header class="permit-head">
                <span class="permit-emblem" aria-hidden="true"></span>
                <span class="permit-title">{move || i18n.t(Key::PermitHeading)}</span>
                <span class=status_class data-testid="permit-status">{move || i18n.t(status.into())}</span>
                <span class="shimmer" aria-hidden="true"></span>
            </header>
            <div class="permit-top">
                <div class="permit-photo">
                    {move || {
                        photo_url.get().map(|src| view! { <img src=src alt="" draggable="false" /> })
                    }}
                </div>
                <dl class="permit-fields">
                    <div><dt>{move || i18n.t(Key::FieldName)}</dt><dd class="permit-name" translate="no">{read(|p| p.name.clone())}</dd></div>
                    <div class="half"><dt>{move || i18n.t(Key::FieldSex)}</dt><dd>{sex}</dd></div>
                    <div class="half"><dt>{move || i18n.t(Key::FieldEthnicity)}</dt><dd translate="no">{read(|p| p.ethnicity.clone())}</dd></div>
                    <div>
                        <dt>{move || i18n.t(Key::FieldBirth)}</dt>
                        <dd>{move || crate::i18n::format::date(p.with_value(|p| p.birth_date), i18n.locale.get())}</dd>
                    </div>
                </dl>
            </div>
            // What the holder came to show (the live code) comes before the long fields, so on
            // a phone it is in view without scrolling when the card opens.
            {children()}
            <dl class="permit-fields permit-rows">
                <div class="tap-reveal" on:click=reveal data-testid="reveal">
                    <dt>{move || i18n.t(Key::FieldIdNumber)}</dt>
                    <dd class="mono" data-testid="id-number">
                        {sensitive(|p| p.id_number.clone(), |p| mask_id_number(&p.id_number))}
                    </dd>
                </div>
                <div class="tap-reveal" on:click=reveal>
                    <dt>{move || i18n.t(Key::FieldHousehold)}</dt>
                    <dd translate="no">{sensitive(|p| p.household_address.clone(), |p| mask_address(&p.household_address))}</dd>
                </div>
                <div class="tap-reveal" on:click=reveal>
                    <dt>{move || i18n.t(Key::FieldResidence)}</dt>
                    <dd data-testid="residence" translate="no">{sensitive(|p| p.residence_address.clone(), |p| mask_address(&p.residence_address))}</dd>
                </div>
                <div><dt>{move || i18n.t(Key::FieldAuthority)}</dt><dd translate="no">{read(|p| p.issuing_authority.clone())}</dd></div>
                <div class="half">
                    <dt>{move || i18n.t(Key::FieldIssued)}</dt>
                    <dd>{move || crate::i18n::format::date(p.with_value(|p| p.issued_on), i18n.locale.get())}</dd>
                </div>
                <div class="half"><dt>{move || i18n.t(Key::FieldNumber)}</dt><dd class="mono">{read(|p| p.number.clone())}</dd></div>
                <div><dt>{move || i18n.t(Key::FieldValidity)}</dt><dd>{validity}</dd></div>
            </dl>
            {(!counter_view).then(|| view! {
                <p class="reveal-hint">
                    {move || if revealed.get() { i18n.t(Key::RevealHide) } else { i18n.t(Key::RevealHint) }}
                </p>
            })}
        </article>
    }
}

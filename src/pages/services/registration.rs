//! 居住登记: declare a usual address (first registration, or a move) or link one on record,
//! then follow its confirmation by the landlord, a police officer or a grid worker.

use crate::{
    components::{acting_for::ActingForBanner,
        async_view::AsyncView, error_banner::ErrorBanner, page_header::PageHeader, stepper::Stepper},
    i18n::{domain, use_i18n, Key},
    state::{drafts::Draft, live_events::live_resource, session::SessionStore, submission::Submission},
};
use leptos::prelude::*;
use permit_core::{
    address::{validate, AddressError},
    api::registration::{DeclareRequest, RegistrationStatus},
};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct Form {
    link: bool,
    address: String,
    record_id: String,
}

#[component]
pub fn RegistrationPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<SessionStore>();
    let (status, refresh) = live_resource(move || async move { session.api().registration().await });
    view! {
        <div class="page">
            <PageHeader title=Signal::derive(move || i18n.t(Key::ServiceRegister)) back="/services" />
            <div class="page-body">
                <ActingForBanner />
                <AsyncView resource=status render=move |s| view! { <Registration status=s on_changed=move || refresh.run() /> } />
            </div>
        </div>
    }
}

fn steps() -> Signal<Vec<&'static str>> {
    let i18n = use_i18n();
    Signal::derive(move || vec![i18n.t(Key::StepFill), i18n.t(Key::StepConfirmSubmit), i18n.t(Key::StepAwaitConfirmation)])
}

#[component]
fn Registration(status: RegistrationStatus, #[prop(into)] on_changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let current = status.current.clone();
    let pending = status.pending.clone();
    view! {
        {pending.is_some().then(|| view! { <Stepper steps=steps() current=2 /> })}
        {current.map(|c| view! {
            <section class="section" data-testid="registration-current">
                <h2 class="section-title">{move || i18n.t(Key::RegCurrent)}</h2>
                <p>{c.address.clone()}</p>
                <p class="muted">{move || i18n.t(Key::RegCode)} " " {c.residence_code.clone()}</p>
            </section>
        })}
        {match pending {
            Some(p) => view! {
                <section class="section" data-testid="registration-pending">
                    <h2 class="section-title">{move || domain::awaiting_confirmation(p.confirmer, i18n.locale.get())}</h2>
                    <p>{p.address.clone()}</p>
                    <p class="muted">{move || i18n.t(Key::RegPendingNote)}</p>
                </section>
            }.into_any(),
            None => view! { <DeclareForm status=status.clone() on_done=on_changed /> }.into_any(),
        }}
    }
}

#[component]
fn DeclareForm(status: RegistrationStatus, #[prop(into)] on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let draft = Draft::<Form>::load("registration");
    let reviewing = RwSignal::new(false);
    let declare = Submission::keyed(
        draft,
        |api, key, request: DeclareRequest| async move { api.declare(&key, &request).await },
        move |_| on_done.run(()),
    );
    let local = RwSignal::new(None::<Key>);
    let records = status.addresses_on_record.clone();
    let records_for_review = StoredValue::new(records.clone());

    let chosen_address = move || {
        draft.value.with(|f| {
            if f.link {
                records_for_review.with_value(|rs| rs.iter().find(|r| r.record_id == f.record_id).map(|r| r.address.clone()))
            } else {
                Some(f.address.trim().to_owned())
            }
        })
    };
    let review = move |_| {
        let form = draft.value.get_untracked();
        let problem = if form.link {
            form.record_id.is_empty().then_some(Key::RegPickRecord)
        } else {
            validate(&form.address).err().map(|e| match e {
                AddressError::OutsideGuangdong => Key::ErrAddressOutside,
                AddressError::TooShort => Key::ErrAddressShort,
                AddressError::TooLong => Key::ErrAddressLong,
            })
        };
        local.set(problem);
        reviewing.set(problem.is_none());
    };
    let submit = move |_| {
        let form = draft.value.get_untracked();
        let request = if form.link {
            DeclareRequest::Link { record_id: form.record_id }
        } else {
            DeclareRequest::Declare { address: form.address.trim().to_owned() }
        };
        declare.dispatch(request);
    };
    view! {
        <Stepper steps=steps() current=Signal::derive(move || if reviewing.get() { 1 } else { 0 }) />
        <section class="section form" data-testid="registration-form">
            <h2 class="section-title">{move || i18n.t(Key::RegDeclareTitle)}</h2>
            <div class="segmented" role="group">
                <button type="button" class="segment" aria-pressed=move || (!draft.value.with(|f| f.link)).to_string()
                    on:click=move |_| draft.value.update(|f| f.link = false)>{move || i18n.t(Key::RegModeDeclare)}</button>
                <button type="button" class="segment" aria-pressed=move || draft.value.with(|f| f.link).to_string()
                    on:click=move |_| draft.value.update(|f| f.link = true)>{move || i18n.t(Key::RegModeLink)}</button>
            </div>
            <Show
                when=move || draft.value.with(|f| f.link)
                fallback=move || view! {
                    <label class="field">
                        <span>{move || i18n.t(Key::RegAddress)}</span>
                        <textarea
                            name="address"
                            rows="3"
                            maxlength="120"
                            placeholder=move || i18n.t(Key::RegAddressPlaceholder)
                            prop:value=move || draft.value.with(|f| f.address.clone())
                            on:input=move |ev| { let v = event_target_value(&ev); draft.value.update(|f| f.address = v); reviewing.set(false); }
                        ></textarea>
                    </label>
                }
            >
                <div class="choice-list">
                    {records.iter().map(|r| {
                        let id = r.record_id.clone();
                        let id2 = id.clone();
                        view! {
                            <label class="choice">
                                <input type="radio" name="record" prop:checked=move || draft.value.with(|f| f.record_id == id)
                                    on:change=move |_| { let id = id2.clone(); draft.value.update(|f| f.record_id = id); reviewing.set(false); } />
                                <span>{r.address.clone()}</span>
                            </label>
                        }
                    }).collect_view()}
                </div>
            </Show>
            {move || local.get().map(|k| view! { <p class="banner banner-error" role="alert">{i18n.t(k)}</p> })}
            <ErrorBanner error=declare.error() />
            <Show
                when=move || reviewing.get()
                fallback=move || view! {
                    <button type="button" class="button button-primary" data-testid="registration-next" on:click=review>{move || i18n.t(Key::Next)}</button>
                }
            >
                <div class="review" data-testid="registration-review">
                    <p class="muted">{move || i18n.t(Key::RegReviewLead)}</p>
                    <p class="review-value">{chosen_address}</p>
                    <button type="button" class="button button-primary" data-testid="registration-submit" disabled=declare.busy() on:click=submit>
                        {move || i18n.t(Key::Submit)}
                    </button>
                </div>
            </Show>
        </section>
    }
}

//! 居住登记: declare a usual address (first registration, or a move) or link one on record,
//! then follow its confirmation by the landlord, a police officer or a grid worker.

use crate::{
    components::{acting_for::ActingForBanner,
        scanner::{Scanner, ScannerWords},
        async_view::AsyncView, error_banner::ErrorBanner, page_header::PageHeader, stepper::Stepper},
    i18n::{domain, use_i18n, Key},
    state::{drafts::Draft, live_events::live_resource, session::SessionStore, submission::Submission},
};
use leptos::prelude::*;
use permit_core::{
    address::{AddressField, AddressProblem, HousingType, Landlord, StructuredAddress},
    api::registration::{DeclareRequest, RegistrationStatus},
    county::counties_of,
    division::CITIES,
};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct Form {
    link: bool,
    address: StructuredAddress,
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
    let problems = RwSignal::new(Vec::<AddressProblem>::new());
    // The door-plate code (葵花码) fills the address; the resident adds the housing.
    let scanning = RwSignal::new(false);
    let filled = RwSignal::new(false);
    let reading_plate = Submission::new(
        |api, code: String| async move { api.read_door_plate(&code).await },
        move |a| {
            draft.value.update(|f| {
                f.address.city = a.city;
                f.address.county = a.county;
                f.address.street = a.street;
                f.address.building_room = a.building_room;
            });
            problems.set(Vec::new());
            reviewing.set(false);
            scanning.set(false);
            filled.set(true);
        },
    );
    let link_problem = RwSignal::new(false);
    let records = status.addresses_on_record.clone();
    let records_for_review = StoredValue::new(records.clone());
    let edit = move |f: &dyn Fn(&mut StructuredAddress)| {
        draft.value.update(|form| f(&mut form.address));
        reviewing.set(false);
    };

    let chosen_address = move || {
        draft.value.with(|f| {
            if f.link {
                records_for_review.with_value(|rs| rs.iter().find(|r| r.record_id == f.record_id).map(|r| r.address.clone()))
            } else {
                Some(f.address.normalized().line())
            }
        })
    };
    let review = move |_| {
        let form = draft.value.get_untracked();
        if form.link {
            link_problem.set(form.record_id.is_empty());
            reviewing.set(!form.record_id.is_empty());
            return;
        }
        let found = form.address.normalized().validate().err().unwrap_or_default();
        reviewing.set(found.is_empty());
        problems.set(found);
    };
    let submit = move |_| {
        let form = draft.value.get_untracked();
        let request = if form.link {
            DeclareRequest::Link { record_id: form.record_id }
        } else {
            DeclareRequest::Declare { address: form.address.normalized() }
        };
        declare.dispatch(request);
    };
    // The messages about one field, under it.
    let field_problems = move |fields: &'static [AddressField]| {
        move || {
            problems
                .get()
                .into_iter()
                .filter(|p| fields.contains(&p.field()))
                .map(|p| view! { <p class="field-error" role="alert">{domain::address_problem(p, i18n.locale.get())}</p> })
                .collect_view()
        }
    };
    let text_field = move |name: &'static str, label: Key, placeholder: Key, get: fn(&StructuredAddress) -> String, set: fn(&mut StructuredAddress, String), fields: &'static [AddressField]| {
        view! {
            <label class="field">
                <span>{move || i18n.t(label)}</span>
                <input type="text" name=name maxlength="60" autocomplete="off"
                    placeholder=move || i18n.t(placeholder)
                    prop:value=move || draft.value.with(|f| get(&f.address))
                    on:input=move |ev| { let v = event_target_value(&ev); edit(&|a| set(a, v.clone())); } />
            </label>
            {field_problems(fields)}
        }
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
                    <Show
                        when=move || scanning.get()
                        fallback=move || view! {
                            <button type="button" class="button button-secondary" data-testid="scan-door-plate" on:click=move |_| scanning.set(true)>
                                {move || i18n.t(Key::DoorPlateScan)}
                            </button>
                        }
                    >
                        <div class="door-plate-scanner" data-testid="door-plate-scanner">
                            <Scanner on_code=Callback::new(move |code| reading_plate.dispatch(code)) busy=reading_plate.busy() words=ScannerWords::DOOR_PLATE />
                            <button type="button" class="link-button" on:click=move |_| scanning.set(false)>{move || i18n.t(Key::Back)}</button>
                        </div>
                    </Show>
                    <ErrorBanner error=reading_plate.error() />
                    {move || filled.get().then(|| view! { <p class="banner banner-info" data-testid="door-plate-filled">{i18n.t(Key::DoorPlateFilled)}</p> })}
                    <label class="field">
                        <span>{move || i18n.t(Key::AddrCity)}</span>
                        <select name="city" prop:value=move || draft.value.with(|f| f.address.city.clone())
                            on:change=move |ev| { let v = event_target_value(&ev); edit(&|a| { a.city = v.clone(); a.county.clear(); }); }>
                            <option value="">{move || i18n.t(Key::AddrChoose)}</option>
                            {CITIES.iter().map(|(city, _)| view! {
                                <option value=*city selected=move || draft.value.with(|f| f.address.city == *city)>{*city}</option>
                            }).collect_view()}
                        </select>
                    </label>
                    {field_problems(&[AddressField::City])}
                    <label class="field">
                        <span>{move || i18n.t(Key::AddrCounty)}</span>
                        <select name="county" prop:value=move || draft.value.with(|f| f.address.county.clone())
                            disabled=move || draft.value.with(|f| counties_of(&f.address.city).is_empty())
                            on:change=move |ev| { let v = event_target_value(&ev); edit(&|a| a.county = v.clone()); }>
                            <option value="">{move || i18n.t(Key::AddrChoose)}</option>
                            {move || counties_of(&draft.value.with(|f| f.address.city.clone())).iter().map(|county| view! {
                                <option value=*county selected=move || draft.value.with(|f| f.address.county == *county)>{*county}</option>
                            }).collect_view()}
                        </select>
                    </label>
                    {field_problems(&[AddressField::County])}
                    {text_field("street", Key::AddrStreet, Key::AddrStreetPlaceholder, |a| a.street.clone(), |a, v| a.street = v, &[AddressField::Street])}
                    {text_field("building_room", Key::AddrBuildingRoom, Key::AddrBuildingRoomPlaceholder, |a| a.building_room.clone(), |a, v| a.building_room = v, &[AddressField::BuildingRoom])}
                    <p class="field-label">{move || i18n.t(Key::AddrHousing)}</p>
                    <div class="choice-list" role="radiogroup">
                        {HousingType::ALL.into_iter().map(|h| view! {
                            <label class="choice">
                                <input type="radio" name="housing" value=format!("{h:?}") prop:checked=move || draft.value.with(|f| f.address.housing == h)
                                    on:change=move |_| edit(&|a| {
                                        a.housing = h;
                                        a.landlord = h.requires_landlord().then(|| a.landlord.clone().unwrap_or_default());
                                    }) />
                                <span>{move || i18n.t(h.into())}</span>
                            </label>
                        }).collect_view()}
                    </div>
                    <Show when=move || draft.value.with(|f| f.address.housing.requires_landlord())>
                        {text_field("landlord_name", Key::AddrLandlordName, Key::AddrLandlordName, |a| a.landlord.as_ref().map(|l| l.name.clone()).unwrap_or_default(),
                            |a, v| a.landlord.get_or_insert_with(Landlord::default).name = v, &[AddressField::Landlord, AddressField::LandlordName])}
                        {text_field("landlord_phone", Key::AddrLandlordPhone, Key::LoginPhonePlaceholder, |a| a.landlord.as_ref().map(|l| l.phone.clone()).unwrap_or_default(),
                            |a, v| a.landlord.get_or_insert_with(Landlord::default).phone = v, &[AddressField::LandlordPhone])}
                    </Show>
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
                {move || link_problem.get().then(|| view! { <p class="banner banner-error" role="alert">{i18n.t(Key::RegPickRecord)}</p> })}
            </Show>
            <ErrorBanner error=declare.error() />
            <Show
                when=move || reviewing.get()
                fallback=move || view! {
                    <button type="button" class="button button-primary" data-testid="registration-next" on:click=review>{move || i18n.t(Key::Next)}</button>
                }
            >
                <div class="review" data-testid="registration-review">
                    <p class="muted">{move || i18n.t(Key::RegReviewLead)}</p>
                    <p class="review-value" translate="no">{chosen_address}</p>
                    <button type="button" class="button button-primary" data-testid="registration-submit" disabled=declare.busy() on:click=submit>
                        {move || i18n.t(Key::Submit)}
                    </button>
                </div>
            </Show>
        </section>
    }
}

//! 分享证件 (`/card/share`): the holder picks the purpose, names the recipient, ticks the
//! fields (the least that proves the point is ticked at first; the ID number, the addresses and
//! the birth date only on purpose, each with when it is needed) and the validity, and gets a
//! link and its QR code (docs/sharing.md). The rules are `permit_core::share`'s, checked here
//! as the holder types; the draft and its idempotency key survive a reload, so a retried
//! submission is the same share.

use crate::{
    components::{acting_for::ActingForBanner, error_banner::ErrorBanner, page_header::PageHeader, qr::QrCodeView},
    i18n::{use_i18n, Key},
    state::{drafts::Draft, submission::Submission},
};
use leptos::prelude::*;
use leptos_router::components::A;
use permit_core::{
    api::share::{ShareCreated, ShareRequest},
    share::{self, Purpose, ShareField, ShareProblem, DEFAULT_VALIDITY_MINUTES},
};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct ShareDraft {
    purpose: Purpose,
    note: String,
    recipient: String,
    fields: Vec<ShareField>,
    valid_minutes: u32,
}

impl Default for ShareDraft {
    fn default() -> Self {
        Self {
            purpose: Purpose::Rent,
            note: String::new(),
            recipient: String::new(),
            fields: ShareField::DEFAULT.to_vec(),
            valid_minutes: DEFAULT_VALIDITY_MINUTES,
        }
    }
}

impl ShareDraft {
    fn request(&self) -> ShareRequest {
        ShareRequest {
            purpose: self.purpose,
            purpose_note: (self.purpose == Purpose::Other).then(|| self.note.clone()),
            recipient: self.recipient.clone(),
            fields: self.fields.clone(),
            valid_minutes: self.valid_minutes,
        }
    }

    fn problems(&self) -> Vec<ShareProblem> {
        share::validate(self.purpose, Some(&self.note), &self.recipient, &self.fields, self.valid_minutes).err().unwrap_or_default()
    }
}

const PURPOSES: [Purpose; 4] = [Purpose::Rent, Purpose::Employment, Purpose::School, Purpose::Other];

/// Every field, with when it is needed for those that are off unless ticked.
const FIELDS: [(ShareField, Option<Key>); 8] = [
    (ShareField::Name, None),
    (ShareField::Photo, None),
    (ShareField::PermitValid, None),
    (ShareField::City, None),
    (ShareField::IdNumber, Some(Key::ShareWhyIdNumber)),
    (ShareField::ResidenceAddress, Some(Key::ShareWhyResidence)),
    (ShareField::HouseholdAddress, Some(Key::ShareWhyHousehold)),
    (ShareField::BirthDate, Some(Key::ShareWhyBirthDate)),
];

const VALIDITIES: [(u32, Key); 5] = [
    (10, Key::Validity10m),
    (60, Key::Validity1h),
    (24 * 60, Key::Validity24h),
    (3 * 24 * 60, Key::Validity3d),
    (7 * 24 * 60, Key::Validity7d),
];

#[component]
pub fn ShareFormPage() -> impl IntoView {
    let i18n = use_i18n();
    let draft = Draft::<ShareDraft>::load("share");
    let made = RwSignal::new(None::<ShareCreated>);
    let tried = RwSignal::new(false);
    let submission = Submission::keyed(draft, |api, key, request: ShareRequest| async move { api.create_share(&key, &request).await }, move |created| {
        made.set(Some(created));
        draft.finish();
        tried.set(false);
    });
    let problems = Memo::new(move |_| draft.value.with(ShareDraft::problems));
    let shows = move |p: ShareProblem| tried.get() && problems.with(|all| all.contains(&p));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        if problems.with(Vec::is_empty) {
            submission.dispatch(draft.value.with_untracked(ShareDraft::request));
        }
    };
    // One line of text in the draft: `get` reads it, `set` writes it.
    let text_input = move |name: &'static str, max: &'static str, label: Key, placeholder: Key, get: fn(&ShareDraft) -> &str, set: fn(&mut ShareDraft, String)| {
        view! {
            <label class="field">
                <span>{move || i18n.t(label)}</span>
                <input type="text" name=name maxlength=max autocomplete="off"
                    placeholder=move || i18n.t(placeholder)
                    prop:value=move || draft.value.with(|d| get(d).to_owned())
                    on:input=move |ev| { let v = event_target_value(&ev); draft.value.update(|d| set(d, v)); } />
            </label>
        }
    };
    let problem = move |when: &'static [ShareProblem], key: Key| {
        move || when.iter().any(|p| shows(*p)).then(|| view! { <p class="field-error" role="alert">{i18n.t(key)}</p> })
    };

    view! {
        <div class="page">
            <PageHeader title=Signal::derive(move || i18n.t(Key::ShareFormTitle)) back="/card" />
            <div class="page-body">
                <ActingForBanner />
                {move || match made.get() {
                    Some(created) => made_view(created).into_any(),
                    None => view! {
                        <form class="section form" data-testid="share-form" on:submit=submit novalidate>
                            <p class="hint">{move || i18n.t(Key::ShareIntro)}</p>
                            <p class="field-label">{move || i18n.t(Key::SharedPurpose)}</p>
                            <div class="segmented" role="group">
                                {PURPOSES.map(|purpose| view! {
                                    <button type="button" class="segment" data-testid="share-purpose" data-purpose=format!("{purpose:?}").to_lowercase()
                                        aria-pressed=move || draft.value.with(|d| d.purpose == purpose).to_string()
                                        on:click=move |_| draft.value.update(|d| d.purpose = purpose)>{move || i18n.t(Key::from(purpose))}</button>
                                }).into_iter().collect_view()}
                            </div>
                            <Show when=move || draft.value.with(|d| d.purpose == Purpose::Other)>
                                {text_input("share-note", "30", Key::ShareNoteLabel, Key::ShareNotePlaceholder, |d| &d.note, |d, v| d.note = v)}
                                {problem(&[ShareProblem::NoteMissing, ShareProblem::NoteTooLong, ShareProblem::NoteUnprintable], Key::ShareProblemNote)}
                            </Show>
                            {text_input("share-recipient", "40", Key::ShareRecipientLabel, Key::ShareRecipientPlaceholder, |d| &d.recipient, |d, v| d.recipient = v)}
                            {problem(&[ShareProblem::RecipientMissing, ShareProblem::RecipientTooLong, ShareProblem::RecipientUnprintable], Key::ShareProblemRecipient)}
                            <fieldset class="share-fields">
                                <legend class="field-label">{move || i18n.t(Key::ShareFieldsLabel)}</legend>
                                {FIELDS.map(|(field, why)| view! {
                                    <label class="choice">
                                        <input type="checkbox" data-testid="share-field" data-field=format!("{field:?}")
                                            prop:checked=move || draft.value.with(|d| d.fields.contains(&field))
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                draft.value.update(|d| {
                                                    d.fields.retain(|f| *f != field);
                                                    if on { d.fields.push(field); d.fields.sort_unstable(); }
                                                });
                                            } />
                                        <span>
                                            {move || i18n.t(Key::from(field))}
                                            {why.map(|why| view! { <small class="hint share-why">{move || i18n.t(why)}</small> })}
                                        </span>
                                    </label>
                                }).into_iter().collect_view()}
                            </fieldset>
                            {problem(&[ShareProblem::NoFields], Key::ShareProblemFields)}
                            <label class="field">
                                <span>{move || i18n.t(Key::ShareValidityLabel)}</span>
                                <select name="share-validity"
                                    on:change=move |ev| { if let Ok(m) = event_target_value(&ev).parse() { draft.value.update(|d| d.valid_minutes = m); } }>
                                    {VALIDITIES.map(|(minutes, key)| view! {
                                        <option value=minutes.to_string() selected=move || draft.value.with(|d| d.valid_minutes == minutes)>{move || i18n.t(key)}</option>
                                    }).into_iter().collect_view()}
                                </select>
                            </label>
                            {problem(&[ShareProblem::ValidityTooShort, ShareProblem::ValidityTooLong], Key::ShareProblemValidity)}
                            <ErrorBanner error=submission.error() />
                            <button type="submit" class="button button-primary" data-testid="share-submit" disabled=submission.busy()>
                                {move || i18n.t(Key::ShareSubmit)}
                            </button>
                        </form>
                    }.into_any(),
                }}
            </div>
        </div>
    }
}

/// The link, as a QR code for the recipient's phone and as text to send.
fn made_view(created: ShareCreated) -> impl IntoView {
    let i18n = use_i18n();
    let origin = web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default();
    let link = format!("{origin}{}", created.link);
    let copied = RwSignal::new(false);
    let copy = {
        let link = link.clone();
        // "Copied" only once the browser says so (it refuses without a user gesture or
        // permission); otherwise the link stays selectable in the field above.
        move |_| {
            let Some(clipboard) = web_sys::window().map(|w| w.navigator().clipboard()) else { return };
            let written = clipboard.write_text(&link);
            leptos::task::spawn_local(async move {
                copied.set(crate::platform::js::await_promise(written.into()).await.is_ok());
            });
        }
    };
    view! {
        <section class="section share-made" data-testid="share-made">
            <h2 class="section-title">{move || i18n.t(Key::ShareDone)}</h2>
            <div class="share-qr" data-testid="share-qr">
                <QrCodeView text=link.clone() label=Signal::derive(move || i18n.t(Key::ShareLinkLabel)) />
            </div>
            <label class="field">
                <span>{move || i18n.t(Key::ShareLinkLabel)}</span>
                <input type="text" readonly data-testid="share-link" prop:value=link.clone() />
            </label>
            <button type="button" class="button button-secondary" data-testid="share-copy" on:click=copy>
                {move || i18n.t(if copied.get() { Key::ShareCopied } else { Key::ShareCopy })}
            </button>
            <p class="hint">{move || i18n.t(Key::ShareDoneHint)}</p>
            <A href="/me/shares" attr:class="button button-primary">{move || i18n.t(Key::SharesTitle)}</A>
        </section>
    }
}

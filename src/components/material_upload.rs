//! Uploading one supporting document: the kind, the file checked before sending (type and
//! size, the backend's own rules), a progress bar, and a retry that reuses the same
//! idempotency key, so a dropped connection never stores the document twice.

use crate::{
    api::MaterialPurpose,
    components::error_banner::ErrorBanner,
    i18n::{use_i18n, Key},
    state::{drafts::Draft, submission::Submission},
};
use leptos::{html, prelude::*};
use permit_core::{
    eligibility::Condition,
    materials::{accepted_for, MaterialKind, MATERIAL_TYPES, MAX_MATERIAL_BYTES},
};


#[component]
pub fn MaterialUpload(
    purpose: MaterialPurpose,
    condition: Condition,
    #[prop(into)] on_uploaded: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let kinds = accepted_for(condition);
    let kind = RwSignal::new(kinds[0]);
    let progress = RwSignal::new(0.0);
    let local_error = RwSignal::new(None::<Key>);
    let input = NodeRef::<html::Input>::new();
    // One key per document, kept across a reload: a retry of the same upload is the same upload.
    let sending = Submission::keyed(
        Draft::<()>::load(&format!("material.{purpose:?}.{condition:?}")),
        move |api, key, (kind, file): (MaterialKind, web_sys::File)| async move {
            api.upload_material(purpose, kind, &key, &file, progress).await
        },
        move |_| on_uploaded.run(()),
    );
    let busy = sending.busy();
    let error = sending.error();

    let upload = move || {
        let Some(file) = input.get().and_then(|i| i.files()).and_then(|f| f.get(0)) else {
            local_error.set(Some(Key::UploadChooseFile));
            return;
        };
        if !MATERIAL_TYPES.contains(&file.type_().as_str()) {
            local_error.set(Some(Key::UploadWrongType));
            return;
        }
        if file.size() as usize > MAX_MATERIAL_BYTES {
            local_error.set(Some(Key::UploadTooLarge));
            return;
        }
        local_error.set(None);
        progress.set(0.0);
        sending.dispatch((kind.get_untracked(), file));
    };
    let on_change = move |_| upload();

    view! {
        <div class="upload" data-testid=format!("upload-{condition:?}").to_lowercase()>
            <p class="upload-title">{move || i18n.t(condition.into())}</p>
            <div class="segmented" role="group">
                {kinds
                    .iter()
                    .map(|k| {
                        let k = *k;
                        view! {
                            <button
                                class="segment"
                                type="button"
                                aria-pressed=move || (kind.get() == k).to_string()
                                on:click=move |_| kind.set(k)
                            >
                                {move || i18n.t(k.into())}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            <label class="button button-secondary file-button">
                {move || i18n.t(Key::UploadChoose)}
                <input
                    type="file"
                    accept="image/jpeg,image/png,application/pdf"
                    node_ref=input
                    data-testid="file-input"
                    on:change=on_change
                />
            </label>
            <p class="hint">{move || i18n.t(Key::UploadRules)}</p>
            <Show when=move || busy.get()>
                <progress class="progress" max="1" value=move || progress.get()></progress>
            </Show>
            {move || local_error.get().map(|k| view! { <p class="banner banner-error" role="alert">{i18n.t(k)}</p> })}
            <ErrorBanner error=error />
            <Show when=move || error.get().is_some() && !busy.get()>
                <button class="button button-primary" type="button" data-testid="upload-retry" on:click=move |_| upload()>
                    {move || i18n.t(Key::Retry)}
                </button>
            </Show>
        </div>
    }
}


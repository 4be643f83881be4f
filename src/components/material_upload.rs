//! Uploading one supporting document (FAQ 1 and 14): the resident picks which document they
//! have, adds its pages (camera or gallery; several at once), sees each page checked at once
//! (`permit_core::page_check`), and uploads them all. Photos are compressed in the browser to
//! at most 500 KB a page with the same encoder as the ID photo; a PDF is taken as it is, as
//! the whole document. The pages are kept on the phone (`persist::material_draft`) until the
//! backend has every one, so a reload or a dropped connection loses nothing, and a retry sends
//! each page under the same idempotency key, so no page is stored twice.

use crate::{
    api::MaterialPurpose,
    components::error_banner::ErrorBanner,
    i18n::{use_i18n, Key},
    persist::material_draft::{self, DraftPage, MaterialDraft},
    platform::{
        blob::{self, ObjectUrl},
        image, random,
    },
    state::{session::SessionStore, submission::Submission},
};
use leptos::{html, prelude::*, task::spawn_local};
use permit_core::{
    eligibility::Condition,
    materials::{accepted_for, check_upload, MaterialKind, UploadProblem, MAX_PAGES, MAX_PAGE_BYTES},
    page_check::{self, PageIssue},
};

/// The longer side a page photo is scaled to before encoding: an A4 page stays readable.
const PAGE_SIDE: u32 = 2000;
/// The longer side of the copy the instant checks look at.
const CHECK_SIDE: u32 = 160;
/// Larger picked files are refused before decoding.
const MAX_PICK_BYTES: f64 = 25.0 * 1024.0 * 1024.0;

/// One page as shown: its bytes (as uploaded) and what the checks found.
#[derive(Clone)]
struct ShownPage {
    page: DraftPage,
    issues: Vec<PageIssue>,
    preview: Option<String>,
}

#[component]
pub fn MaterialUpload(
    purpose: MaterialPurpose,
    condition: Condition,
    #[prop(into)] on_uploaded: Callback<()>,
    /// Replace one page the review asked for: its document, page and the document's pages.
    #[prop(optional)]
    retake: Option<(MaterialKind, u8, u8)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let holder = StoredValue::new(expect_context::<SessionStore>().holder());
    let slot = StoredValue::new(match retake {
        Some((k, n, _)) => format!("{purpose:?}.{condition:?}.retake.{k:?}.{n}"),
        None => format!("{purpose:?}.{condition:?}"),
    });
    let kinds: &'static [MaterialKind] = match retake {
        Some((k, _, _)) => std::slice::from_ref(accepted_for(condition).iter().find(|x| **x == k).unwrap_or(&accepted_for(condition)[0])),
        None => accepted_for(condition),
    };
    let max_pages = if retake.is_some() { 1 } else { MAX_PAGES as usize };
    let kind = RwSignal::new(kinds[0]);
    let pages = RwSignal::new(Vec::<ShownPage>::new());
    let key = StoredValue::new(MaterialDraft::new(kinds[0]).key);
    let previews = StoredValue::new_local(Vec::<ObjectUrl>::new());
    let local_error = RwSignal::new(None::<Key>);
    let preparing = RwSignal::new(false);
    let progress = RwSignal::new(0.0);
    let input = NodeRef::<html::Input>::new();

    let show = move |page: DraftPage, issues: Vec<PageIssue>| {
        let url = ObjectUrl::from_bytes(&page.bytes, &page.content_type).filter(|_| page.content_type == "image/jpeg");
        let preview = url.as_ref().map(|u| u.as_str().to_owned());
        if let Some(u) = url {
            previews.update_value(|p| p.push(u));
        }
        pages.update(|p| p.push(ShownPage { page, issues, preview }));
    };
    // Saved one at a time, the newest last: two writes in flight could land in either order,
    // and a page removed just before a reload came back (the older list won). `saved` is true
    // once the pages on screen are the ones on this phone (`data-saved`).
    let saved = RwSignal::new(true);
    let saving = StoredValue::new(false);
    let changed_since = StoredValue::new(false);
    let save = move || {
        saved.set(false);
        changed_since.set_value(true);
        if saving.get_value() {
            return;
        }
        saving.set_value(true);
        spawn_local(async move {
            // `try_`: the form may be gone (a page left) while a write is in flight.
            while changed_since.try_get_value() == Some(true) {
                changed_since.try_set_value(false);
                let snapshot = || {
                    let draft = MaterialDraft {
                        kind: kind.try_get_untracked()?,
                        pages: pages.try_with_untracked(|p| p.iter().map(|s| s.page.clone()).collect())?,
                        key: key.try_get_value()?,
                    };
                    Some((holder.try_get_value()?, slot.try_get_value()?, draft))
                };
                let Some((holder, slot, draft)) = snapshot() else { return };
                material_draft::save(&holder, &slot, &draft).await;
            }
            saving.try_set_value(false);
            saved.try_set(true);
        });
    };
    // A changed document is a new upload: a page number sent before under the old key may
    // now hold another picture.
    let edited = move || {
        key.set_value(random::uuid());
        save();
    };
    // Pages put together before a reload are still here.
    spawn_local(async move {
        if let Some(d) = material_draft::load(&holder.get_value(), &slot.get_value()).await {
            kind.try_set(d.kind);
            key.try_set_value(d.key);
            for page in d.pages {
                let issues = if page.content_type == "image/jpeg" { check_jpeg(&page.bytes).await } else { Vec::new() };
                show(page, issues);
            }
        }
    });

    let add_files = move |_| {
        let Some(files) = input.get().and_then(|i| i.files()) else { return };
        let picked: Vec<web_sys::File> = (0..files.length()).filter_map(|i| files.get(i)).collect();
        if let Some(i) = input.get_untracked() {
            i.set_value("");
        }
        local_error.set(None);
        preparing.set(true);
        spawn_local(async move {
            for file in picked {
                match prepare(&file, pages.with_untracked(|p| p.iter().map(|s| s.page.content_type.clone()).collect()), max_pages).await {
                    Ok((page, issues)) => show(page, issues),
                    Err(k) => {
                        local_error.try_set(Some(k));
                        break;
                    }
                }
            }
            preparing.try_set(false);
            edited();
        });
    };
    let remove = move |index: usize| {
        pages.update(|p| {
            if index < p.len() {
                p.remove(index);
            }
        });
        edited();
    };

    let sending = Submission::new(
        move |api, (kind, key, pages): (MaterialKind, String, Vec<DraftPage>)| async move {
            let count = pages.len() as u8;
            for (i, page) in pages.iter().enumerate() {
                // A replaced page keeps its place in the document.
                let (n, of) = match retake {
                    Some((_, n, of)) => (n, of),
                    None => (i as u8 + 1, count),
                };
                progress.try_set(f64::from(i as u8) / f64::from(count));
                api.upload_material_page(purpose, kind, (n, of), &format!("{key}-{n}"), &page.bytes, &page.content_type, progress)
                    .await?;
            }
            Ok(())
        },
        move |()| {
            spawn_local(async move { material_draft::clear(&holder.get_value(), &slot.get_value()).await });
            pages.try_set(Vec::new());
            on_uploaded.run(());
        },
    );
    let upload = move |_| {
        let list: Vec<DraftPage> = pages.with_untracked(|p| p.iter().map(|s| s.page.clone()).collect());
        if list.is_empty() {
            local_error.set(Some(Key::UploadChooseFile));
            return;
        }
        local_error.set(None);
        sending.dispatch((kind.get_untracked(), key.get_value(), list));
    };
    let choose_kind = move |k: MaterialKind| {
        kind.set(k);
        edited();
    };

    view! {
        <div class="upload" data-testid=format!("upload-{condition:?}").to_lowercase() data-saved=move || saved.get().to_string()>
            <p class="upload-title">{move || i18n.t(condition.into())}</p>
            <p class="field-label" class:hidden=retake.is_some()>{move || i18n.t(Key::UploadWhichDocument)}</p>
            <div class="choice-list" role="radiogroup" class:hidden=retake.is_some()>
                {kinds.iter().map(|k| {
                    let k = *k;
                    view! {
                        <label class="choice">
                            <input type="radio" name=format!("kind-{purpose:?}-{condition:?}") data-kind=format!("{k:?}")
                                prop:checked=move || kind.get() == k on:change=move |_| choose_kind(k) />
                            <span>{move || i18n.t(k.into())}</span>
                        </label>
                    }
                }).collect_view()}
            </div>
            <ol class="doc-pages" data-testid="doc-pages">
                {move || pages.get().into_iter().enumerate().map(|(i, p)| view! {
                    <li class="doc-page" data-testid="doc-page" data-issues=p.issues.len()>
                        {match p.preview.clone() {
                            Some(src) => view! { <img class="doc-thumb" src=src alt="" /> }.into_any(),
                            None => view! { <span class="doc-thumb doc-pdf" aria-hidden="true">"PDF"</span> }.into_any(),
                        }}
                        <div class="doc-page-text">
                            <p class="doc-page-name">{i18n.t(Key::UploadPage).replace("{n}", &(i + 1).to_string())}</p>
                            {p.issues.iter().map(|issue| view! {
                                <p class="check-bad" data-issue=format!("{issue:?}")>{i18n.t((*issue).into())}</p>
                            }).collect_view()}
                        </div>
                        <button type="button" class="link-button" data-testid="remove-page" on:click=move |_| remove(i)>
                            {i18n.t(Key::UploadRemovePage)}
                        </button>
                    </li>
                }).collect_view()}
            </ol>
            <Show when=move || saved.get() && pages.with(|p| !p.is_empty())>
                <p class="muted" data-testid="draft-kept">{move || i18n.t(Key::UploadDraftKept)}</p>
            </Show>
            <Show when=move || pages.with(|p| p.len() < max_pages && !p.iter().any(|s| s.page.content_type == "application/pdf"))>
                <label class="button button-secondary file-button">
                    {move || i18n.t(Key::UploadChoose)}
                    <input type="file" multiple=true accept="image/*,application/pdf" node_ref=input data-testid="file-input" on:change=add_files />
                </label>
            </Show>
            <p class="hint">{move || i18n.t(Key::UploadRules)}</p>
            <Show when=move || preparing.get()>
                <p class="muted" role="status">{move || i18n.t(Key::UploadCompressing)}</p>
            </Show>
            <Show when=move || sending.busy().get()>
                <progress class="progress" max="1" value=move || progress.get()></progress>
            </Show>
            {move || local_error.get().map(|k| view! { <p class="banner banner-error" role="alert">{i18n.t(k)}</p> })}
            <ErrorBanner error=sending.error() />
            <Show when=move || !pages.with(Vec::is_empty)>
                <button class="button button-primary" type="button" data-testid="upload-send" disabled=move || sending.busy().get() || preparing.get() on:click=upload>
                    {move || match retake {
                        Some((_, n, _)) => i18n.t(Key::UploadReplacePage).replace("{n}", &n.to_string()),
                        None => i18n.t(Key::UploadSend).replace("{n}", &pages.with(Vec::len).to_string()),
                    }}
                </button>
            </Show>
        </div>
    }
}

/// A picked file as a page: a PDF as it is (the whole document), a picture scaled, checked and
/// compressed to a JPEG of at most 500 KB. `present` are the types of the pages already added.
async fn prepare(file: &web_sys::File, present: Vec<String>, max_pages: usize) -> Result<(DraftPage, Vec<PageIssue>), Key> {
    if present.len() >= max_pages {
        return Err(Key::UploadMaxPages);
    }
    let is_pdf = file.type_() == "application/pdf";
    if is_pdf || present.iter().any(|t| t == "application/pdf") {
        if !present.is_empty() {
            return Err(Key::UploadPdfAlone);
        }
        let bytes = blob::bytes(file).await.ok_or(Key::UploadWrongType)?;
        return match check_upload("application/pdf", bytes.len(), 1) {
            Ok(()) if bytes.starts_with(b"%PDF-") => Ok((DraftPage { bytes, content_type: "application/pdf".into() }, Vec::new())),
            Ok(()) => Err(Key::UploadWrongType),
            Err(UploadProblem::TooLarge) => Err(Key::UploadTooLarge),
            Err(_) => Err(Key::UploadWrongType),
        };
    }
    if !file.type_().starts_with("image/") {
        return Err(Key::UploadWrongType);
    }
    if file.size() > MAX_PICK_BYTES {
        return Err(Key::PhotoFileTooLarge);
    }
    let bitmap = image::decode(file).await.map_err(|_| Key::PhotoUnreadable)?;
    let issues = check_bitmap(&bitmap);
    let canvas = image::scaled(&bitmap, PAGE_SIDE).ok_or(Key::PhotoUnreadable)?;
    let jpeg = image::jpeg_within(&canvas, MAX_PAGE_BYTES).await.ok_or(Key::PhotoCannotCompress)?;
    Ok((DraftPage { bytes: jpeg, content_type: "image/jpeg".into() }, issues))
}

/// The instant checks, on a small copy of the picture and its full size.
fn check_bitmap(bitmap: &web_sys::ImageBitmap) -> Vec<PageIssue> {
    let pixels = image::scaled(bitmap, CHECK_SIDE).map(|c| image::pixels(&c)).unwrap_or_default();
    page_check::analyze(bitmap.width(), bitmap.height(), &pixels)
}

/// The checks of a page kept from before a reload.
async fn check_jpeg(bytes: &[u8]) -> Vec<PageIssue> {
    let Some(blob) = blob::from_bytes(bytes, "image/jpeg") else { return Vec::new() };
    match image::decode(&blob).await {
        Ok(bitmap) => check_bitmap(&bitmap),
        Err(_) => Vec::new(),
    }
}

//! The photo tool: pick or take a picture, crop it to the standard with a face guide (drag,
//! pinch, keys), see at once what is wrong, and upload the encoded JPEG with progress,
//! cancel and retry.

mod crop;
mod encode;

pub use crop::Crop;

use crate::persist::photo_draft as draft;
use crate::{
    api::CancelUpload,
    components::{
        camera_session::{CameraSession, Started},
        error_banner::ErrorBanner,
    },
    i18n::{use_i18n, Key},
    platform::{blob::ObjectUrl, camera, image},
    state::{session::SessionStore, submission::Submission},
};
use leptos::{html, prelude::*, task::spawn_local};
use permit_core::{
    photo::{check, PhotoFile, PhotoWarning, HEIGHT, WIDTH},
    photo_check::{analyze, PhotoIssue},
};
use std::collections::HashMap;
use web_sys::ImageBitmap;

/// Larger files are refused before decoding: a phone camera's JPEG is well under this.
const MAX_PICK_BYTES: f64 = 20.0 * 1024.0 * 1024.0;

#[component]
pub fn PhotoTool(#[prop(into)] on_uploaded: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<SessionStore>();
    let holder = StoredValue::new(session.holder());
    let input = NodeRef::<html::Input>::new();
    let canvas = NodeRef::<html::Canvas>::new();
    let bitmap = StoredValue::new_local(None::<ImageBitmap>);
    let crop = RwSignal::new(None::<Crop>);
    let issues = RwSignal::new(Vec::<PhotoIssue>::new());
    let pick_error = RwSignal::new(None::<Key>);
    let pending = RwSignal::new(None::<(Vec<u8>, String)>);
    let preview_url = StoredValue::new_local(None::<ObjectUrl>);
    let preview = RwSignal::new(None::<String>);
    let small_warning = RwSignal::new(false);
    let progress = RwSignal::new(0.0);
    let cancel = StoredValue::new_local(CancelUpload::default());
    let cancelled = RwSignal::new(false);
    // The photo's key is kept with it in IndexedDB, so a retry (even after a reload) is the
    // same upload.
    let sending = Submission::new(
        move |api, (jpeg, key, handle): (Vec<u8>, String, CancelUpload)| async move {
            api.upload_photo(&key, &jpeg, progress, handle).await
        },
        move |_| {
            spawn_local(async move { draft::clear(&holder.get_value()).await });
            pending.set(None);
            crop.set(None);
            on_uploaded.run(());
        },
    );
    let uploading = sending.busy();
    // A cancel also ends the request as a network failure: say what really happened instead.
    let error = Signal::derive(move || sending.error().get().filter(|_| !cancelled.get()));
    let pointers = StoredValue::new_local(HashMap::<i32, (f64, f64)>::new());

    let show_pending = move |jpeg: Vec<u8>, key: String| {
        let url = ObjectUrl::from_bytes(&jpeg, "image/jpeg");
        preview.set(url.as_ref().map(|u| u.as_str().to_owned()));
        preview_url.set_value(url);
        let file = PhotoFile { is_jpeg: true, width: WIDTH, height: HEIGHT, bytes: jpeg.len() };
        small_warning.set(check(file).warnings.iter().any(|w| matches!(w, PhotoWarning::SmallFile { .. })));
        pending.set(Some((jpeg, key)));
    };
    // A photo encoded before a reload or a failed upload is still here.
    spawn_local(async move {
        if let Some(d) = draft::load(&holder.get_value()).await {
            show_pending(d.jpeg, d.key);
        }
    });

    let redraw = move || {
        let (Some(c), Some(el)) = (crop.get_untracked(), canvas.get_untracked()) else { return };
        bitmap.with_value(|b| {
            if let Some(b) = b {
                image::draw(&el, b, c.source());
            }
        });
    };
    let recheck = move || {
        if let Some(el) = canvas.get_untracked() {
            let px = image::pixels(&el);
            if px.len() == (WIDTH * HEIGHT * 4) as usize {
                issues.set(analyze(&px, WIDTH as usize, HEIGHT as usize));
                crate::platform::perf::mark("photo-checked");
            }
        }
    };
    // Draw and check whenever the crop changes, once the canvas is mounted.
    Effect::new(move |_| {
        crop.track();
        if canvas.get().is_some() {
            redraw();
            recheck();
        }
    });

    let accept = move |b: ImageBitmap| match Crop::fit(f64::from(b.width()), f64::from(b.height())) {
        None => pick_error.set(Some(Key::PhotoTooSmallImage)),
        Some(c) => {
            bitmap.set_value(Some(b));
            pending.set(None);
            crop.set(Some(c));
        }
    };
    let on_pick = move |_| {
        let Some(file) = input.get().and_then(|i| i.files()).and_then(|f| f.get(0)) else { return };
        pick_error.set(None);
        if file.size() > MAX_PICK_BYTES {
            pick_error.set(Some(Key::PhotoFileTooLarge));
            return;
        }
        spawn_local(async move {
            match image::decode(&file).await {
                Err(_) => pick_error.set(Some(Key::PhotoUnreadable)),
                Ok(b) => accept(b),
            }
        });
    };

    // The live camera, where the browser offers one.
    let camera = CameraSession::new(camera::Facing::User);
    let camera_on = camera.live();
    let video = camera.video;
    let open_camera = move |_| {
        pick_error.set(None);
        spawn_local(async move {
            if camera.start().await == Started::Refused {
                pick_error.try_set(Some(Key::PhotoCameraRefused));
            }
        });
    };
    let take = move |_| {
        let Some(v) = video.get_untracked() else { return };
        spawn_local(async move {
            let shot = camera::snapshot(&v).await;
            camera.stop();
            match shot {
                Some(b) => accept(b),
                None => pick_error.set(Some(Key::PhotoCameraRefused)),
            }
        });
    };

    let update = move |f: &dyn Fn(Crop) -> Crop| crop.update(|c| *c = c.map(f));
    let display_ratio = move || canvas.get_untracked().map_or(1.0, |el| f64::from(WIDTH) / el.client_width().max(1) as f64);
    let on_pointer_down = move |ev: web_sys::PointerEvent| {
        let _ = canvas.get_untracked().map(|el| el.set_pointer_capture(ev.pointer_id()));
        pointers.update_value(|p| {
            p.insert(ev.pointer_id(), (f64::from(ev.client_x()), f64::from(ev.client_y())));
        });
    };
    let on_pointer_move = move |ev: web_sys::PointerEvent| {
        let id = ev.pointer_id();
        let now = (f64::from(ev.client_x()), f64::from(ev.client_y()));
        let (before, others) = pointers.with_value(|p| (p.get(&id).copied(), p.iter().filter(|(k, _)| **k != id).map(|(_, v)| *v).collect::<Vec<_>>()));
        let Some(before) = before else { return };
        let ratio = display_ratio();
        match others.first() {
            // Two fingers: pinch to zoom around the frame's centre.
            Some(other) => {
                let d0 = ((before.0 - other.0).powi(2) + (before.1 - other.1).powi(2)).sqrt();
                let d1 = ((now.0 - other.0).powi(2) + (now.1 - other.1).powi(2)).sqrt();
                if d0 > 0.0 {
                    update(&|c| c.zoom(d1 / d0));
                }
            }
            None => update(&|c| c.pan((now.0 - before.0) * ratio, (now.1 - before.1) * ratio)),
        }
        pointers.update_value(|p| {
            p.insert(id, now);
        });
    };
    let on_pointer_up = move |ev: web_sys::PointerEvent| {
        pointers.update_value(|p| {
            p.remove(&ev.pointer_id());
        });
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let step = 8.0;
        let handled = match ev.key().as_str() {
            "ArrowLeft" => { update(&|c| c.pan(step, 0.0)); true }
            "ArrowRight" => { update(&|c| c.pan(-step, 0.0)); true }
            "ArrowUp" => { update(&|c| c.pan(0.0, step)); true }
            "ArrowDown" => { update(&|c| c.pan(0.0, -step)); true }
            "+" | "=" => { update(&|c| c.zoom(1.1)); true }
            "-" | "_" => { update(&|c| c.zoom(1.0 / 1.1)); true }
            _ => false,
        };
        if handled {
            ev.prevent_default();
        }
    };
    let on_wheel = move |ev: web_sys::WheelEvent| {
        ev.prevent_default();
        update(&|c| c.zoom(if ev.delta_y() < 0.0 { 1.05 } else { 1.0 / 1.05 }));
    };

    let upload = move || {
        let Some((jpeg, key)) = pending.get_untracked() else { return };
        cancelled.set(false);
        progress.set(0.0);
        let handle = CancelUpload::default();
        cancel.set_value(handle.clone());
        sending.dispatch((jpeg, key, handle));
    };
    let use_crop = move |_| {
        let Some(el) = canvas.get_untracked() else { return };
        spawn_local(async move {
            match encode::in_band(&el).await {
                Some(jpeg) => {
                    crate::platform::perf::mark("photo-encoded");
                    let d = draft::save_new(&holder.get_value(), jpeg).await;
                    show_pending(d.jpeg, d.key);
                    upload();
                }
                None => pick_error.set(Some(Key::PhotoCannotCompress)),
            }
        });
    };

    view! {
        <section class="section photo-tool" data-testid="photo-tool">
            <p class="hint">{move || i18n.t(Key::PhotoStandard)}</p>
            <label class="button button-primary file-button">
                {move || i18n.t(Key::PhotoPick)}
                <input type="file" accept="image/*" node_ref=input data-testid="photo-input" on:change=on_pick />
            </label>
            {camera::offered().then(|| view! {
                <button class="button button-secondary" data-testid="camera-open" on:click=open_camera>{move || i18n.t(Key::PhotoUseCamera)}</button>
            })}
            <Show when=move || camera_on.get()>
                <div class="camera">
                    <video node_ref=video class="camera-video" autoplay=true playsinline=true muted=true data-testid="camera-video"></video>
                    <button class="button button-primary" data-testid="camera-take" on:click=take>{move || i18n.t(Key::PhotoTake)}</button>
                </div>
            </Show>
            {move || pick_error.get().map(|k| view! { <p class="banner banner-error" role="alert" data-testid="photo-error">{i18n.t(k)}</p> })}
            <Show when=move || crop.get().is_some() && pending.get().is_none()>
                <div class="crop-frame">
                    <canvas
                        width=WIDTH
                        height=HEIGHT
                        node_ref=canvas
                        class="crop-canvas"
                        tabindex="0"
                        role="img"
                        aria-label=move || i18n.t(Key::PhotoCropHelp)
                        data-testid="crop"
                        data-source=move || crop.get().map(|c| format!("{}x{}", c.image_w, c.image_h)).unwrap_or_default()
                        data-centre=move || crop.get().map(|c| format!("{:.0},{:.0},{:.3}", c.cx, c.cy, c.scale)).unwrap_or_default()
                        on:pointerdown=on_pointer_down
                        on:pointermove=on_pointer_move
                        on:pointerup=on_pointer_up
                        on:pointercancel=on_pointer_up
                        on:keydown=on_key
                        on:wheel=on_wheel
                    ></canvas>
                    <svg class="face-guide" viewBox="0 0 358 441" aria-hidden="true">
                        <ellipse cx="179" cy="200" rx="92" ry="120" />
                        <line x1="0" y1="330" x2="358" y2="330" />
                    </svg>
                </div>
                <p class="hint">{move || i18n.t(Key::PhotoCropHelp)}</p>
                <ul class="photo-checks" data-testid="photo-checks">
                    {move || {
                        let list = issues.get();
                        if list.is_empty() {
                            view! { <li class="check-ok">{i18n.t(Key::PhotoAllGood)}</li> }.into_any()
                        } else {
                            list.into_iter().map(|i| view! { <li class="check-bad" data-issue=format!("{i:?}")>{i18n.t(i.into())}</li> }).collect_view().into_any()
                        }
                    }}
                </ul>
                <button class="button button-primary" data-testid="photo-use" on:click=use_crop>
                    {move || i18n.t(Key::PhotoUseAndUpload)}
                </button>
            </Show>
            <Show when=move || pending.get().is_some()>
                <div class="photo-pending" data-testid="photo-pending">
                    {move || preview.get().map(|src| view! { <img src=src alt="" class="photo-preview" /> })}
                    {move || small_warning.get().then(|| view! { <p class="banner banner-warn">{i18n.t(Key::PhotoSmallFile)}</p> })}
                    <Show when=move || uploading.get()>
                        <progress class="progress" max="1" value=move || progress.get()></progress>
                        <button class="button button-secondary" data-testid="photo-cancel" on:click=move |_| {
                            cancelled.set(true);
                            cancel.with_value(CancelUpload::cancel);
                        }>
                            {move || i18n.t(Key::UploadCancel)}
                        </button>
                    </Show>
                    <ErrorBanner error=error />
                    {move || (cancelled.get() && !uploading.get()).then(|| view! {
                        <p class="banner banner-info" data-testid="upload-cancelled">{i18n.t(Key::UploadCancelled)}</p>
                    })}
                    <Show when=move || !uploading.get()>
                        <button class="button button-primary" data-testid="photo-retry" on:click=move |_| upload()>
                            {move || i18n.t(Key::PhotoUploadAgain)}
                        </button>
                    </Show>
                </div>
            </Show>
        </section>
    }
}

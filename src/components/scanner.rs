//! A QR reader: the back camera scanning continuously, with a picture of the code or the
//! typed (or handheld-scanner) text as fallbacks. Whatever is read goes to `on_code`. The
//! counter reads permit codes with it; a resident reads the door-plate code when declaring
//! residence, and a counter's challenge to answer it.

use crate::{
    i18n::{use_i18n, Key},
    components::camera_session::{CameraSession, Started},
    platform::{
        camera::{self, Facing},
        image, perf,
        qr_reader::QrReader,
        time::sleep,
    },
};
use leptos::{html, prelude::*, task::spawn_local};
use std::rc::Rc;

/// What the scanner says, for what it reads.
#[derive(Debug, Clone, Copy)]
pub struct ScannerWords {
    pub aim: Key,
    pub checking: Key,
    pub no_camera: Key,
    pub paste_label: Key,
    pub submit: Key,
}

impl ScannerWords {
    /// At a counter, reading a permit code.
    pub const PERMIT_CODE: Self = Self {
        aim: Key::VerifyAim,
        checking: Key::VerifyChecking,
        no_camera: Key::VerifyNoCamera,
        paste_label: Key::VerifyPasteLabel,
        submit: Key::VerifySubmit,
    };
    /// On the holder's phone, reading the counter's challenge (扫码亮证), or its six digits.
    pub const COUNTER_CHALLENGE: Self = Self {
        aim: Key::AnswerAim,
        checking: Key::AnswerChecking,
        no_camera: Key::AnswerNoCamera,
        paste_label: Key::AnswerPasteLabel,
        submit: Key::AnswerSubmit,
    };
    /// At home, reading the door-plate code (葵花码) to fill the address.
    pub const DOOR_PLATE: Self = Self {
        aim: Key::DoorPlateAim,
        checking: Key::DoorPlateChecking,
        no_camera: Key::DoorPlateNoCamera,
        paste_label: Key::DoorPlatePasteLabel,
        submit: Key::DoorPlateSubmit,
    };
}

/// How often a camera frame is read. A frame takes tens of milliseconds to decode, so this
/// leaves the phone cool while a code held up is still read within a fraction of a second.
const FRAME_EVERY_MS: i32 = 120;

#[component]
pub fn Scanner(on_code: Callback<String>, #[prop(into)] busy: Signal<bool>, words: ScannerWords) -> impl IntoView {
    let i18n = use_i18n();
    let reader = StoredValue::new_local(QrReader::new().map(Rc::new));
    let camera = CameraSession::new(Facing::Environment);
    let video = camera.video;
    let scanning = camera.live();
    let camera_failed = RwSignal::new(false);

    let stop = move || camera.stop();
    let found = move |text: String| {
        stop();
        on_code.run(text);
    };
    let scan_loop = move |this_run: u32| {
        spawn_local(async move {
            loop {
                sleep(FRAME_EVERY_MS).await;
                if !camera.is_current(this_run) {
                    return;
                }
                let (Some(Some(reader)), Some(Some(v))) = (reader.try_get_value(), video.try_get_untracked()) else { return };
                if busy.try_get_untracked().unwrap_or(true) {
                    continue;
                }
                let started = perf::now();
                if let Some(text) = reader.read_video(&v).await {
                    if camera.is_current(this_run) {
                        perf::mark_at("scan-read", started);
                        found(text);
                    }
                    return;
                }
            }
        });
    };
    let start = move || {
        camera_failed.set(false);
        spawn_local(async move {
            match camera.start().await {
                Started::Live(this_run) => scan_loop(this_run),
                Started::Refused => {
                    camera_failed.try_set(true);
                }
                Started::Superseded => {}
            }
        });
    };
    // A counter scans all day: the camera starts as soon as the scanner is shown.
    Effect::new(move |started: Option<bool>| {
        if started.is_none() && video.get().is_some() && camera::offered() {
            start();
        }
        true
    });

    let file = NodeRef::<html::Input>::new();
    let picture_error = RwSignal::new(false);
    let on_picture = move |_| {
        let Some(picked) = file.get().and_then(|i| i.files()).and_then(|f| f.get(0)) else { return };
        picture_error.set(false);
        let started = perf::now();
        spawn_local(async move {
            let text = match (image::decode(&picked).await, reader.try_get_value().flatten()) {
                (Ok(bitmap), Some(reader)) => reader.read_image(&bitmap).await,
                _ => None,
            };
            match text {
                Some(text) => {
                    perf::mark_at("scan-read", started);
                    found(text);
                }
                None => picture_error.set(true),
            }
        });
    };

    let typed = RwSignal::new(String::new());
    let submit_typed = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = typed.get_untracked().trim().to_owned();
        if !text.is_empty() {
            typed.set(String::new());
            found(text);
        }
    };

    view! {
        <section class="section scanner">
            <div class="scanner-view" class:live=move || scanning.get()>
                <video node_ref=video muted=true playsinline=true autoplay=true data-testid="scanner-video"
                    aria-label=move || i18n.t(words.aim)></video>
                <div class="scanner-frame" aria-hidden="true"></div>
                <Show when=move || busy.get()>
                    <p class="scanner-status" role="status">{move || i18n.t(words.checking)}</p>
                </Show>
            </div>
            <p class="muted scanner-aim">{move || i18n.t(words.aim)}</p>
            <Show when=move || camera_failed.get()>
                <p class="banner banner-warn" role="alert" data-testid="camera-failed">{move || i18n.t(words.no_camera)}</p>
            </Show>
            <Show
                when=move || scanning.get()
                fallback=move || view! {
                    <button class="button button-primary" data-testid="start-scan" on:click=move |_| start()>
                        {move || i18n.t(Key::VerifyStartCamera)}
                    </button>
                }
            >
                <button class="button button-secondary scanner-stop" data-testid="stop-scan" on:click=move |_| stop()>
                    {move || i18n.t(Key::VerifyStopCamera)}
                </button>
            </Show>
        </section>
        <section class="section">
            <h2 class="section-title">{move || i18n.t(Key::VerifyOtherWays)}</h2>
            <label class="button button-secondary file-button picture-button">
                {move || i18n.t(Key::VerifyFromImage)}
                <input type="file" accept="image/*" node_ref=file on:change=on_picture data-testid="scan-picture" />
            </label>
            <Show when=move || picture_error.get()>
                <p class="banner banner-error" role="alert" data-testid="picture-no-code">{move || i18n.t(Key::VerifyImageNoCode)}</p>
            </Show>
            <form class="form typed-code" on:submit=submit_typed>
                <label class="field">
                    <span>{move || i18n.t(words.paste_label)}</span>
                    // One line: a handheld scanner types the code and then Enter, which submits.
                    <input name="code" type="text" autocomplete="off" autocapitalize="characters" spellcheck="false" enterkeyhint="go"
                        prop:value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev)) />
                </label>
                <button class="button button-primary" type="submit" data-testid="verify-typed" disabled=move || busy.get() || typed.with(|t| t.trim().is_empty())>
                    {move || i18n.t(words.submit)}
                </button>
            </form>
        </section>
    }
}

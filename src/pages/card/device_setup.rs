//! Making this phone the one that shows the permit: a non-extractable WebCrypto key,
//! registered with the backend after a fresh one-time code. One active device per permit.

use crate::{
    api::Api,
    components::{error_banner::ErrorBanner, otp_field::OtpField},
    error::AppError,
    i18n::{domain, use_i18n, Key, Locale},
    platform::{crypto, idb},
    persist::device_key::{self as device, DeviceKey},
    state::{session::SessionStore, submission::Submission},
};
use base64::{engine::general_purpose::STANDARD, Engine};
use leptos::prelude::*;
use permit_core::api::device::RegisterDeviceRequest;

/// Where this phone stands for showing codes.
#[derive(Clone)]
pub enum DeviceCheck {
    Ready(DeviceKey),
    /// No key here yet.
    NotSetUp,
    /// This phone had a key, but another device took over the permit.
    TakenOver,
}

/// The stored key, confirmed with the backend when online. Offline, the stored key is used:
/// the counter's verification is the authority.
pub async fn check(session: SessionStore, holder: String) -> DeviceCheck {
    let holder = holder.as_str();
    let Some(key) = device::load(holder).await else { return DeviceCheck::NotSetUp };
    match session.api().current_device().await {
        Ok(d) if d.device_id == device::hex(&key.device_id) => DeviceCheck::Ready(key),
        Ok(_) | Err(AppError::Api { .. }) => {
            device::forget(holder).await;
            DeviceCheck::TakenOver
        }
        Err(_) => DeviceCheck::Ready(key),
    }
}

#[component]
pub fn DeviceSetup(holder: String, taken_over: bool, #[prop(into)] on_ready: Callback<DeviceKey>) -> impl IntoView {
    let i18n = use_i18n();
    let code = RwSignal::new(String::new());
    let sent = RwSignal::new(false);
    // Offered on every setup, ticked when the permit moved here from another phone (a new or
    // lost phone is when the other sessions should end).
    let sign_out_others = RwSignal::new(taken_over);
    let holder = StoredValue::new(holder);

    let sending = Submission::new(
        |api, ()| async move { api.device_otp().await },
        move |issued| {
            sent.set(true);
            if let Some(c) = issued.demo_code {
                code.set(c);
            }
        },
    );
    // The backend refuses a second registration with the same one-time code, so this write
    // needs no key of its own. The component unmounts as the code appears.
    let enabling = Submission::new(
        move |api, (otp, sign_out_others, label): (String, bool, String)| {
            let holder = holder.get_value();
            async move { register(api, &holder, &otp, sign_out_others, label).await }
        },
        move |key| on_ready.run(key),
    );
    let busy = Signal::derive(move || sending.busy().get() || enabling.busy().get());
    let error = Signal::derive(move || sending.error().get().or_else(|| enabling.error().get()));
    let send = move |_| sending.dispatch(());
    let enable = move |_| {
        let label = device_label(i18n.locale.get_untracked());
        enabling.dispatch((code.get_untracked(), sign_out_others.get_untracked(), label))
    };
    view! {
        <section class="section device-setup" data-testid="device-setup">
            <h2 class="section-title">
                {move || if taken_over { i18n.t(Key::DeviceTakenOverTitle) } else { i18n.t(Key::DeviceSetupTitle) }}
            </h2>
            <p class="hint">
                {move || if taken_over { i18n.t(Key::DeviceTakenOverBody) } else { i18n.t(Key::DeviceSetupBody) }}
            </p>
            <ErrorBanner error=error />
            <Show
                when=move || sent.get()
                fallback=move || {
                    view! {
                        <button class="button button-primary" data-testid="device-send-code" disabled=move || busy.get() on:click=send>
                            {move || i18n.t(Key::DeviceSendCode)}
                        </button>
                    }
                }
            >
                <OtpField code=code name="device-code" />
                <label class="choice">
                    <input type="checkbox" name="sign-out-others" data-testid="device-sign-out-others" prop:checked=sign_out_others
                        on:change=move |ev| sign_out_others.set(event_target_checked(&ev)) />
                    <span>{move || i18n.t(Key::DeviceSignOutOthers)}</span>
                </label>
                <button class="button button-primary" data-testid="device-enable" disabled=move || busy.get() on:click=enable>
                    {move || i18n.t(Key::DeviceEnable)}
                </button>
            </Show>
        </section>
    }
}

async fn register(api: Api, holder: &str, otp: &str, sign_out_others: bool, label: String) -> Result<DeviceKey, AppError> {
    let pair = crypto::generate().await.map_err(|_| AppError::Crypto)?;
    let request = RegisterDeviceRequest {
        public_key: STANDARD.encode(&pair.public_raw),
        otp: otp.trim().to_owned(),
        label,
        sign_out_others,
    };
    let device = api.register_device(&request).await?;
    let device_id = device::parse_hex(&device.device_id).ok_or(AppError::Decode)?;
    let key = DeviceKey { device_id, private: pair.private };
    device::save(holder, &key).await.map_err(|_| AppError::Crypto)?;
    idb::ask_persistence();
    Ok(key)
}

/// A name the holder will recognize in messages about devices, without fingerprinting detail.
fn device_label(locale: Locale) -> String {
    let ua = crate::platform::js::window().navigator().user_agent().unwrap_or_default();
    let os = ["Android", "iPhone", "iPad", "HarmonyOS", "Windows", "Mac OS", "Linux"]
        .into_iter()
        .find(|o| ua.contains(o))
        .unwrap_or("Web");
    domain::device_label(os, locale)
}

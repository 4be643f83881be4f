use crate::i18n::{use_i18n, Key};
use leptos::prelude::*;

/// The six-digit one-time code field, filled by the phone's SMS autofill where it offers it.
#[component]
pub fn OtpField(code: RwSignal<String>, name: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label class="field">
            <span>{move || i18n.t(Key::LoginCode)}</span>
            <input
                type="text"
                inputmode="numeric"
                autocomplete="one-time-code"
                maxlength="6"
                name=name
                placeholder=move || i18n.t(Key::LoginCodePlaceholder)
                prop:value=code
                on:input=move |ev| code.set(event_target_value(&ev))
            />
        </label>
    }
}

//! 居住证明核验 (`/c#<code>`): a residence certificate as whoever holds it sees it, without
//! an account. The certificate's QR carries the code in the address's fragment (never sent to
//! a server); someone reading it from paper types it here. Then the same checks and the same
//! live page as a shared copy, with the certificate's facts.

use super::{check::Link, CheckedCopy};
use crate::{
    components::page_header::PageHeader,
    i18n::{use_i18n, Key},
    platform::document,
};
use leptos::prelude::*;
use permit_core::certificate::normalize_code;

#[component]
pub fn CertificateCheckPage() -> impl IntoView {
    let i18n = use_i18n();
    let fragment = document::fragment();
    let code = RwSignal::new((!fragment.is_empty()).then_some(fragment));
    // Another certificate's link opened in this tab changes only the fragment: no new page.
    let listener = window_event_listener(leptos::ev::hashchange, move |_| {
        let fragment = document::fragment();
        code.set((!fragment.is_empty()).then_some(fragment));
    });
    on_cleanup(move || listener.remove());
    view! {
        <div class="page shared-copy">
            <PageHeader title=Signal::derive(move || i18n.t(Key::CertificateCheckTitle)) />
            <div class="page-body">
                {move || match code.get() {
                    Some(code) => view! { <CheckedCopy link=Link::Certificate { code } /> }.into_any(),
                    None => view! { <CodeForm code=code /> }.into_any(),
                }}
            </div>
        </div>
    }
}

/// The code as typed from paper: checked for its form here, so a typo is said at once.
#[component]
fn CodeForm(code: RwSignal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let typed = RwSignal::new(String::new());
    let wrong = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = typed.get_untracked();
        match normalize_code(&text) {
            Some(_) => code.set(Some(text)),
            None => wrong.set(true),
        }
    };
    view! {
        <form class="section form" data-testid="certificate-code-form" on:submit=submit novalidate>
            <p class="hint">{move || i18n.t(Key::CertificateCheckIntro)}</p>
            <label class="field">
                <span>{move || i18n.t(Key::CertificateCodeLabel)}</span>
                <input type="text" name="code" maxlength="24" autocomplete="off" autocapitalize="characters" spellcheck="false"
                    placeholder="XXXX-XXXX-XXXX-XXXX" translate="no"
                    prop:value=move || typed.get()
                    on:input=move |ev| { typed.set(event_target_value(&ev)); wrong.set(false); } />
            </label>
            {move || wrong.get().then(|| view! { <p class="field-error" role="alert">{i18n.t(Key::CertificateCodeInvalid)}</p> })}
            <button type="submit" class="button button-primary">{move || i18n.t(Key::CertificateCheckSubmit)}</button>
        </form>
    }
}

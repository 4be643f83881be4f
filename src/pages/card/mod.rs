//! 证件: the live permit. Loads the permit online (and caches it), or from the cache offline;
//! then hands it to the live card, which owns the device key and the rotating code.

#[cfg(feature = "bench")]
mod bench_hook;
mod code_loop;
mod counter_mode;
mod device_setup;
mod live;
mod load;

use crate::{
    components::{acting_for::ActingForBanner, error_banner::ErrorBanner, page_header::PageHeader},
    error::AppError,
    i18n::{use_i18n, Key},
    state::session::SessionStore,
};
use leptos::prelude::*;
use leptos_router::components::{Redirect, A};

#[component]
pub fn CardPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<SessionStore>();
    let is_staff = session.is_staff();
    let holder = session.holder();
    view! {
        <div class="page card-page">
            <PageHeader title=Signal::derive(move || i18n.t(Key::CardTitle)) />
            <div class="page-body">
                {if is_staff {
                    // Staff hold no permit: their first tab is the verifier.
                    view! { <Redirect path="/verify" /> }.into_any()
                } else {
                    // Acting for a family member (代办), the card says whose permit it is.
                    view! { <ActingForBanner /> <HolderCard holder=holder /> }.into_any()
                }}
            </div>
        </div>
    }
}

#[component]
fn HolderCard(holder: String) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<SessionStore>();
    let reload = RwSignal::new(0u32);
    // The last code a counter used, kept while the card's data reloads under it.
    let last_used = StoredValue::new(None::<i64>);
    let loaded = LocalResource::new(move || {
        reload.track();
        load::load(session, holder.clone())
    });
    view! {
        <Suspense fallback=move || view! { <p class="muted">{move || i18n.t(Key::Loading)}</p> }>
            {move || {
                loaded
                    .get()
                    .map(|result| {
                        if result.is_err() {
                            // The card entry shows only a card with a code: this is the app's to say.
                            permit_card::handover::dismiss();
                        }
                        result
                    })
                    .map(|result| match result {
                        Ok(card) => view! { <live::LiveCard card=card on_changed=move || reload.update(|n| *n += 1) last_used=last_used /> }.into_any(),
                        Err(AppError::Api { code, .. }) if code == permit_core::api::ErrorCode::NoPermit => {
                            view! {
                                <section class="section notice" data-testid="no-permit">
                                    <p class="notice-name">{move || i18n.t(Key::NoPermitTitle)}</p>
                                    <p>{move || i18n.t(Key::NoPermitBody)}</p>
                                    <A href="/services" attr:class="button button-primary">{move || i18n.t(Key::GoToServices)}</A>
                                </section>
                            }
                                .into_any()
                        }
                        Err(e) => {
                            let error = Signal::derive(move || Some(e.clone()));
                            view! {
                                <ErrorBanner error=error />
                                <button class="button button-primary" on:click=move |_| reload.update(|n| *n += 1)>
                                    {move || i18n.t(Key::Retry)}
                                </button>
                            }
                                .into_any()
                        }
                    })
            }}
        </Suspense>
    }
}

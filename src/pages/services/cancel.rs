//! 注销: what cancelling means, a confirmation that cannot happen by accident (a tick box,
//! then a second explicit step), and the result.

use crate::{
    components::{acting_for::ActingForBanner, error_banner::ErrorBanner, page_header::PageHeader},
    i18n::{use_i18n, Key},
    state::{drafts::Draft, submission::Submission},
};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn CancelPage() -> impl IntoView {
    let i18n = use_i18n();
    let understood = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let done = RwSignal::new(false);
    let cancelling = Submission::keyed(
        Draft::<()>::load("cancellation"),
        |api, key, ()| async move { api.cancel_permit(&key).await },
        move |_| done.set(true),
    );
    let cancel = move |_| cancelling.dispatch(());
    view! {
        <div class="page">
            <PageHeader title=Signal::derive(move || i18n.t(Key::ServiceCancel)) back="/services" />
            <div class="page-body">
                <ActingForBanner />
                <Show
                    when=move || !done.get()
                    fallback=move || view! {
                        <section class="section notice" data-testid="cancel-done">
                            <p class="notice-name">{move || i18n.t(Key::CancelDone)}</p>
                            <p>{move || i18n.t(Key::BannerCancelled)}</p>
                            <A href="/services" attr:class="button button-primary">{move || i18n.t(Key::GoToServices)}</A>
                        </section>
                    }
                >
                    <section class="section form" data-testid="cancel-form">
                        <h2 class="section-title">{move || i18n.t(Key::CancelWhat)}</h2>
                        <ul class="reasons">
                            <li>{move || i18n.t(Key::CancelPoint1)}</li>
                            <li>{move || i18n.t(Key::CancelPoint2)}</li>
                            <li>{move || i18n.t(Key::CancelPoint3)}</li>
                        </ul>
                        <label class="choice">
                            <input type="checkbox" data-testid="cancel-understood" prop:checked=understood
                                on:change=move |ev| { understood.set(event_target_checked(&ev)); confirming.set(false); } />
                            <span>{move || i18n.t(Key::CancelUnderstood)}</span>
                        </label>
                        <ErrorBanner error=cancelling.error() />
                        <Show
                            when=move || confirming.get()
                            fallback=move || view! {
                                <button class="button button-danger" data-testid="cancel-next" disabled=move || !understood.get()
                                    on:click=move |_| confirming.set(true)>{move || i18n.t(Key::CancelNext)}</button>
                            }
                        >
                            <div class="review danger-zone">
                                <p>{move || i18n.t(Key::CancelFinalQuestion)}</p>
                                <div class="card-actions">
                                    <button class="button button-secondary" on:click=move |_| confirming.set(false)>{move || i18n.t(Key::Back)}</button>
                                    <button class="button button-danger-solid" data-testid="cancel-confirm" disabled=cancelling.busy() on:click=cancel>
                                        {move || i18n.t(Key::CancelConfirm)}
                                    </button>
                                </div>
                            </div>
                        </Show>
                    </section>
                </Show>
            </div>
        </div>
    }
}

//! 证件: the live permit. Until the card is built (issue 4) this page says so plainly.

use crate::{
    components::page_header::PageHeader,
    i18n::{use_i18n, Key},
    state::session::SessionStore,
};
use leptos::prelude::*;
use permit_core::api::Role;

#[component]
pub fn CardPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<SessionStore>();
    let is_staff = move || session.user().is_some_and(|u| u.role == Role::Staff);
    view! {
        <div class="page">
            <PageHeader title=Signal::derive(move || i18n.t(Key::CardTitle)) />
            <div class="page-body">
                <section class="section notice" data-testid="card-placeholder">
                    <p class="notice-name">{move || session.user().map(|u| u.name)}</p>
                    <p>
                        {move || if is_staff() { i18n.t(Key::CardStaffNote) } else { i18n.t(Key::CardComing) }}
                    </p>
                </section>
            </div>
        </div>
    }
}

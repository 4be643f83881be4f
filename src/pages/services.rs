//! 办事: the services a resident can start. Each opens with its own issue; until then it is
//! shown disabled with "coming soon", never as a button that does nothing.

use crate::{
    components::page_header::PageHeader,
    i18n::{use_i18n, Key},
};
use leptos::prelude::*;

const SERVICES: [Key; 6] = [
    Key::ServiceRegister,
    Key::ServiceApply,
    Key::ServiceEndorse,
    Key::ServicePhoto,
    Key::ServiceCard,
    Key::ServiceCancel,
];

#[component]
pub fn ServicesPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="page">
            <PageHeader title=Signal::derive(move || i18n.t(Key::ServicesTitle)) />
            <div class="page-body">
                <ul class="section list" data-testid="services">
                    {SERVICES
                        .into_iter()
                        .map(|key| {
                            view! {
                                <li class="list-row" aria-disabled="true">
                                    <span>{move || i18n.t(key)}</span>
                                    <span class="tag tag-muted">{move || i18n.t(Key::ComingSoon)}</span>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </div>
        </div>
    }
}

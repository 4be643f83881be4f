//! 消息: the holder's messages. Until the message centre is built (issue 5) it says so.

use crate::{
    components::page_header::PageHeader,
    i18n::{use_i18n, Key},
};
use leptos::prelude::*;

#[component]
pub fn MessagesPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="page">
            <PageHeader title=Signal::derive(move || i18n.t(Key::MessagesTitle)) />
            <div class="page-body">
                <section class="section notice" data-testid="messages-placeholder">
                    <p>{move || i18n.t(Key::MessagesComing)}</p>
                </section>
            </div>
        </div>
    }
}

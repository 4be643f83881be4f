//! 消息: reminders, review results, device changes and other notices from the backend, newest
//! first. Opening one marks it read; new ones arrive live from the event stream.

use crate::{
    components::page_header::PageHeader,
    i18n::{use_i18n, Key, Locale},
    state::inbox::Inbox,
};
use leptos::prelude::*;

#[component]
pub fn MessagesPage() -> impl IntoView {
    let i18n = use_i18n();
    let inbox = use_context::<Inbox>();
    let open = RwSignal::new(None::<String>);
    view! {
        <div class="page">
            <PageHeader title=Signal::derive(move || i18n.t(Key::MessagesTitle)) />
            <div class="page-body">
                {move || {
                    let Some(inbox) = inbox else { return view! { <p class="muted">{i18n.t(Key::MessagesEmpty)}</p> }.into_any() };
                    let list = inbox.messages.get();
                    if list.is_empty() {
                        return view! { <p class="section notice" data-testid="messages-empty">{i18n.t(Key::MessagesEmpty)}</p> }.into_any();
                    }
                    view! {
                        <ul class="section list messages" data-testid="messages">
                            {list.into_iter().map(|m| {
                                let id = m.id.clone();
                                let is_open = { let id = id.clone(); move || open.get().as_deref() == Some(id.as_str()) };
                                let when = crate::i18n::format::date_time(m.at_ms, i18n.locale.get(), false);
                                let (title, body) = match i18n.locale.get() {
                                    Locale::Zh => (m.title_zh.clone(), m.body_zh.clone()),
                                    Locale::En => (m.title_en.clone(), m.body_en.clone()),
                                };
                                let unread = !m.read;
                                view! {
                                    <li class="message" class:unread=unread data-testid="message">
                                        <button class="message-head" on:click=move |_| {
                                            open.set(Some(id.clone()));
                                            if unread { inbox.mark_read(id.clone()); }
                                        }>
                                            <span class="dot" aria-hidden="true"></span>
                                            <span class="message-title">{title}</span>
                                            <span class="muted message-time">{when}</span>
                                        </button>
                                        <Show when=is_open.clone()>
                                            <p class="message-body">{body.clone()}</p>
                                        </Show>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </div>
        </div>
    }
}

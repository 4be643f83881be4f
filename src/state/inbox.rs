//! The holder's messages and the unread count on the 消息 tab, refreshed when the event
//! stream says a message arrived.

use crate::state::{live_events::LiveEvents, session::SessionStore};
use leptos::{prelude::*, task::spawn_local};
use permit_core::api::{events::Event, messages::Message};

#[derive(Clone, Copy)]
pub struct Inbox {
    pub messages: RwSignal<Vec<Message>>,
    session: SessionStore,
}

impl Inbox {
    /// Loads the messages and follows the event stream; call inside the signed-in shell.
    pub fn start(session: SessionStore, live: Option<LiveEvents>) -> Self {
        let inbox = Self { messages: RwSignal::new(Vec::new()), session };
        inbox.refresh();
        if let Some(live) = live {
            Effect::new(move |_| {
                if matches!(live.last.get(), Some((_, Event::Message { .. }))) {
                    inbox.refresh();
                }
            });
        }
        inbox
    }

    pub fn refresh(self) {
        spawn_local(async move {
            if let Ok(list) = self.session.api().messages().await {
                self.messages.try_set(list);
            }
        });
    }

    pub fn unread(self) -> usize {
        self.messages.with(|m| m.iter().filter(|m| !m.read).count())
    }

    pub fn mark_read(self, id: String) {
        self.messages.update(|list| {
            if let Some(m) = list.iter_mut().find(|m| m.id == id) {
                m.read = true;
            }
        });
        spawn_local(async move {
            let _ = self.session.api().mark_read(&id).await;
        });
    }
}

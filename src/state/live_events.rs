//! The signed-in resident's event stream, one per app: the card, the messages page and the
//! unread badge all read it. Reconnects with a fresh ticket when the connection drops.

use crate::{
    api::Api,
    platform::events::EventStream,
    state::session::SessionStore,
};
use leptos::{prelude::*, task::spawn_local};
use permit_core::api::events::Event;
use std::time::Duration;


/// The event the backend sends first on every stream.
const READY: &str = "ready";

#[derive(Clone, Copy)]
pub struct LiveEvents {
    /// The latest event and a sequence number, so the same event twice still notifies.
    pub last: RwSignal<Option<(u64, Event)>>,
    /// True while the stream is open (from its `ready` event until it drops): an event sent
    /// while it is not is lost, so a page that must hear one waits for this.
    pub connected: RwSignal<bool>,
    stream: StoredValue<Option<EventStream>, LocalStorage>,
    session: SessionStore,
}

impl LiveEvents {
    /// Opens the stream for the signed-in user: the shell opens one for a resident; a page
    /// that needs one for staff (the counter's challenge) opens its own, closed with it.
    pub fn connect(session: SessionStore) -> Self {
        let live = Self { last: RwSignal::new(None), connected: RwSignal::new(false), stream: StoredValue::new_local(None), session };
        live.open();
        live
    }

    fn open(self) {
        spawn_local(async move {
            if !self.session.is_signed_in() {
                return;
            }
            let Ok(ticket) = self.session.api().event_ticket().await else {
                // Offline: the app works without events; try again in a while.
                set_timeout(move || self.retry(), Duration::from_secs(15));
                return;
            };
            let on_event = move |name: &str, data: String| {
                if name == READY {
                    self.connected.try_set(true);
                    return;
                }
                if let Ok(event) = serde_json::from_str::<Event>(&data) {
                    self.last.try_update(|last| {
                        let n = last.as_ref().map_or(0, |(n, _)| n + 1);
                        *last = Some((n, event));
                    });
                }
            };
            let on_error = move || {
                self.connected.try_set(false);
                set_timeout(move || self.retry(), Duration::from_secs(5));
            };
            let names: Vec<&str> = Event::NAMES.iter().copied().chain([READY]).collect();
            let opened = EventStream::open(&Api::events_url(&ticket.ticket), &names, on_event, on_error);
            let _ = self.stream.try_set_value(opened);
        });
    }

    fn retry(self) {
        // The shell may be gone (signed out): then the stored stream is disposed too.
        if self.stream.try_with_value(|_| ()).is_some() {
            self.open();
        }
    }
}

/// A page's data, fetched again whenever an event of the signed-in person arrives (a review,
/// a confirmation, a message) and whenever the page calls the returned [`Refresh`] after a
/// change of its own.
pub fn live_resource<T, Fut>(fetch: impl Fn() -> Fut + 'static) -> (LocalResource<T>, Refresh)
where
    T: 'static,
    Fut: std::future::Future<Output = T> + 'static,
{
    let refresh = Refresh(RwSignal::new(0));
    if let Some(live) = use_context::<LiveEvents>() {
        Effect::new(move |_| {
            if live.last.get().is_some() {
                refresh.run();
            }
        });
    }
    let resource = LocalResource::new(move || {
        refresh.0.track();
        fetch()
    });
    (resource, refresh)
}

/// Fetches a [`live_resource`] again.
#[derive(Clone, Copy)]
pub struct Refresh(RwSignal<u32>);

impl Refresh {
    pub fn run(self) {
        self.0.update(|n| *n += 1);
    }
}

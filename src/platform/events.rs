//! Server-Sent Events with the browser's `EventSource`. The handle closes the stream when
//! dropped.

use wasm_bindgen::{closure::Closure, JsCast};
use web_sys::{EventSource, MessageEvent};

pub struct EventStream {
    source: EventSource,
    _handlers: Vec<Closure<dyn FnMut(web_sys::Event)>>,
}

impl EventStream {
    /// Opens `url` and calls `on_event(name, data)` for each named event, and `on_error` once
    /// when the connection fails (the caller decides when to reconnect).
    pub fn open(
        url: &str,
        names: &[&str],
        on_event: impl Fn(&str, String) + Clone + 'static,
        on_error: impl Fn() + 'static,
    ) -> Option<Self> {
        let source = EventSource::new(url).ok()?;
        let mut handlers = Vec::new();
        for name in names {
            let owned = (*name).to_owned();
            let f = on_event.clone();
            let h = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
                if let Some(data) = e.dyn_ref::<MessageEvent>().and_then(|m| m.data().as_string()) {
                    f(&owned, data);
                }
            });
            let _ = source.add_event_listener_with_callback(name, h.as_ref().unchecked_ref());
            handlers.push(h);
        }
        let failed = source.clone();
        let h = Closure::<dyn FnMut(web_sys::Event)>::new(move |_e: web_sys::Event| {
            // Tickets are single use: the browser's own reconnect would be refused.
            failed.close();
            on_error();
        });
        source.set_onerror(Some(h.as_ref().unchecked_ref()));
        handlers.push(h);
        Some(Self { source, _handlers: handlers })
    }
}

impl Drop for EventStream {
    fn drop(&mut self) {
        self.source.close();
    }
}

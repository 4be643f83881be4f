//! Whether the browser believes it is online, as one signal for the signed-in pages: the shell
//! watches `navigator.onLine` once and provides it. "Online" can still mean a dead network;
//! requests find that out.

use crate::platform::network;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Online(RwSignal<bool>);

impl Online {
    /// Starts watching; call once, in the shell.
    pub fn watch() -> Self {
        let online = RwSignal::new(network::online());
        network::watch(move |now| online.set(now));
        Self(online)
    }

    /// The shell's signal, or (outside it) the browser's belief now.
    pub fn use_online() -> Self {
        use_context::<Self>().unwrap_or_else(|| Self(RwSignal::new(network::online())))
    }

    pub fn get(self) -> bool {
        self.0.get()
    }
}

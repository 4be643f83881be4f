//! A view drawn one task after its parent. The first render of the app is one long task of the
//! main thread, most of it V8 compiling each wasm function on its first call; cut into tasks,
//! a tap is answered between them and no one task runs past what Lighthouse counts as
//! blocking (50 ms with 4x CPU).

use leptos::prelude::*;

/// `view`, drawn in the task after this one (nothing before; nothing if the owner is gone by
/// then).
pub fn deferred<V>(view: impl Fn() -> V + Send + Sync + 'static) -> impl IntoView
where
    V: IntoView + 'static,
{
    let ready = RwSignal::new(false);
    permit_card::time::after(0, move || {
        // The owner may have unmounted in between: then there is nothing to draw.
        let _ = ready.try_set(true);
    });
    move || ready.get().then(&view)
}

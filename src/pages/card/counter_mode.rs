//! Counter mode: the code large on white for the scanner across the desk, full screen, the
//! screen kept awake, and a control to turn the display 180 degrees toward the clerk.

use super::code_loop::CodeState;
use crate::{
    components::{countdown_ring::CountdownRing, qr::QrCodeView},
    i18n::{use_i18n, Key},
    platform::screen,
};
use leptos::{html, prelude::*, task::spawn_local};

#[component]
pub fn CounterMode(
    codes: CodeState,
    name: String,
    #[prop(into)] clock: Signal<String>,
    #[prop(into)] visible: Signal<bool>,
    #[prop(into)] on_close: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let turned = RwSignal::new(false);
    let awake = RwSignal::new(None::<bool>);
    let lock = StoredValue::new_local(None::<screen::WakeLock>);
    let root = NodeRef::<html::Div>::new();

    Effect::new(move |_| {
        if let Some(el) = root.get() {
            screen::enter_fullscreen(&el);
        }
    });
    spawn_local(async move {
        let held = screen::keep_awake().await;
        awake.set(Some(held.is_some()));
        lock.set_value(held);
    });
    on_cleanup(screen::exit_fullscreen);

    let code_text = Signal::derive(move || codes.text.get().unwrap_or_default());
    let remaining = Signal::derive(move || codes.remaining().1);
    let seconds = Signal::derive(move || codes.remaining().0);
    view! {
        <div
            class="counter-mode"
            class:turned=move || turned.get()
            class:concealed=move || !visible.get()
            node_ref=root
            data-testid="counter-overlay"
            on:contextmenu=|ev| ev.prevent_default()
        >
            <div class="counter-inner">
                <p class="counter-name">{name}</p>
                <div class="counter-qr" data-testid="counter-code">
                    <QrCodeView text=code_text label=Signal::derive(move || i18n.t(Key::CodeLabel)) />
                </div>
                <div class="counter-meta">
                    <CountdownRing remaining=remaining seconds=seconds />
                    <span class="live-clock" data-testid="counter-clock">{clock}</span>
                </div>
                <p class="counter-hint">{move || i18n.t(Key::CounterScanHint)}</p>
                {move || (awake.get() == Some(false)).then(|| view! { <p class="counter-note">{i18n.t(Key::WakeLockUnavailable)}</p> })}
                <div class="counter-actions">
                    <button class="button button-secondary" data-testid="turn-display" on:click=move |_| turned.update(|t| *t = !*t)>
                        {move || i18n.t(Key::CounterTurn)}
                    </button>
                    <button class="button button-secondary" data-testid="counter-close" on:click=move |_| on_close.run(())>
                        {move || i18n.t(Key::CounterClose)}
                    </button>
                </div>
            </div>
        </div>
    }
}

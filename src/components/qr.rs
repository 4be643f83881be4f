//! A QR code of a reactive text (`permit_card::qr` draws it).

use super::widget_host::WidgetHost;
use leptos::prelude::*;
pub use permit_card::qr::{qr_path, MAX_VERSION, QUIET_ZONE};
use permit_card::qr::QrView;

/// The QR of `text`, dark on white, scaled to its box; nothing while there is no text.
#[component]
pub fn QrCodeView(#[prop(into)] text: Signal<String>, #[prop(into)] label: Signal<&'static str>) -> impl IntoView {
    let qr = QrView::new(label.get_untracked());
    let svg = qr.svg.clone();
    Effect::new(move |_| text.with(|t| qr.set_text(t)));
    view! { <WidgetHost element=svg /> }
}

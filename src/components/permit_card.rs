//! The face of the permit at a counter after a reading (`permit_card::face` draws it).

use super::widget_host::WidgetHost;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use permit_card::face::{FaceMode, FaceView};
use permit_core::api::permit::Permit;

/// Every field in full and the photo, no hint about revealing them.
#[component]
pub fn CounterPermitCard(permit: Permit, #[prop(into)] photo_url: Signal<Option<String>>) -> impl IntoView {
    let face = FaceView::render(&permit, use_i18n().locale.get_untracked(), FaceMode::Counter);
    let root = face.root.clone();
    Effect::new(move |_| photo_url.with(|url| face.set_photo(url.as_deref())));
    view! { <WidgetHost element=root /> }
}

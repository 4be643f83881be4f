//! 演示门牌码: the demo's door plates as QR codes, to scan from a second phone when declaring
//! residence. Shown only when the backend lists door plates (demo mode); open without signing
//! in, as a plate on a door is.

use crate::{
    api::Api,
    components::{async_view::AsyncView, page_header::PageHeader, qr::QrCodeView},
    i18n::{use_i18n, Key},
};
use leptos::prelude::*;

#[component]
pub fn DoorPlatesPage() -> impl IntoView {
    let i18n = use_i18n();
    let plates = LocalResource::new(|| async { Api::default().door_plates().await });
    view! {
        <div class="page">
            <PageHeader title=Signal::derive(move || i18n.t(Key::DoorPlatesTitle)) back="/login" />
            <div class="page-body">
                <p class="hint">{move || i18n.t(Key::DoorPlatesIntro)}</p>
                <AsyncView resource=plates render=move |list| view! {
                    <ul class="door-plates">
                        {list.into_iter().map(|p| view! {
                            <li class="section door-plate" data-testid="door-plate" data-id=p.id.clone()>
                                <div class="door-plate-code" data-testid="door-plate-code">
                                    <QrCodeView text=p.code.clone() label=Signal::derive(move || i18n.t(Key::DoorPlatesTitle)) />
                                </div>
                                <p translate="no">{p.address.clone()}</p>
                            </li>
                        }).collect_view()}
                    </ul>
                } />
            </div>
        </div>
    }
}

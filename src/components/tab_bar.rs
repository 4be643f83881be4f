use crate::i18n::{use_i18n, Key};
use leptos::prelude::*;
use leptos_router::components::A;

/// The bottom tab bar: 证件, 办事, 消息, 我的 for residents; 核验 and 我的 for counter staff,
/// who hold no permit. The router marks the current tab with `aria-current="page"`, which the
/// style also uses.
#[component]
pub fn TabBar(#[prop(optional)] staff: bool) -> impl IntoView {
    let i18n = use_i18n();
    let tabs: &[(&str, Key, &str)] = if staff {
        &[("/verify", Key::TabVerify, ICON_SCAN), ("/me", Key::TabMe, ICON_ME)]
    } else {
        &[
            ("/card", Key::TabCard, ICON_CARD),
            ("/services", Key::TabServices, ICON_SERVICES),
            ("/messages", Key::TabMessages, ICON_MESSAGES),
            ("/me", Key::TabMe, ICON_ME),
        ]
    };
    view! {
        <nav class="tab-bar" aria-label=move || i18n.t(Key::NavLabel)>
            {tabs
                .iter()
                .map(|&(href, key, icon)| {
                    view! {
                        <A href=href attr:class="tab">
                            <svg class="tab-icon" viewBox="0 0 24 24" aria-hidden="true">
                                <path d=icon />
                            </svg>
                            <span class="tab-label">{move || i18n.t(key)}</span>
                            {(href == "/messages").then(|| view! { <UnreadBadge /> })}
                        </A>
                    }
                })
                .collect_view()}
        </nav>
    }
}

const ICON_CARD: &str = "M3 5h18a1 1 0 0 1 1 1v12a1 1 0 0 1-1 1H3a1 1 0 0 1-1-1V6a1 1 0 0 1 1-1zm1 2v10h16V7H4zm2 2h5v6H6V9zm7 1h5v1.5h-5V10zm0 3h4v1.5h-4V13z";
const ICON_SERVICES: &str = "M4 4h7v7H4V4zm2 2v3h3V6H6zm7-2h7v7h-7V4zm2 2v3h3V6h-3zM4 13h7v7H4v-7zm2 2v3h3v-3H6zm7-2h7v7h-7v-7zm2 2v3h3v-3h-3z";
const ICON_SCAN: &str = "M3 3h6v2H5v4H3V3zm12 0h6v6h-2V5h-4V3zM3 15h2v4h4v2H3v-6zm16 0h2v6h-6v-2h4v-4zM3 11h18v2H3v-2z";
const ICON_MESSAGES: &str = "M12 2a6 6 0 0 1 6 6v4.6l1.8 3A1 1 0 0 1 19 17H5a1 1 0 0 1-.8-1.5l1.8-2.9V8a6 6 0 0 1 6-6zm0 2a4 4 0 0 0-4 4v5.2L6.8 15h10.4L16 13.2V8a4 4 0 0 0-4-4zm-2.5 14h5a2.5 2.5 0 0 1-5 0z";
const ICON_ME: &str = "M12 2a5 5 0 1 1 0 10 5 5 0 0 1 0-10zm0 2a3 3 0 1 0 0 6 3 3 0 0 0 0-6zm0 10c4.4 0 8 2.2 8 5v2H4v-2c0-2.8 3.6-5 8-5zm0 2c-3.3 0-5.7 1.5-6 3h12c-.3-1.5-2.7-3-6-3z";

/// The unread count on the 消息 tab, when there is one.
#[component]
fn UnreadBadge() -> impl IntoView {
    let inbox = use_context::<crate::state::inbox::Inbox>();
    move || {
        let n = inbox.map_or(0, |i| i.unread());
        (n > 0).then(|| view! { <span class="badge-count" data-testid="unread-count">{if n > 99 { "99+".to_owned() } else { n.to_string() }}</span> })
    }
}

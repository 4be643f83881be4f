//! Puts an element drawn by `permit_card` (plain DOM, shared with the card entry) into a
//! Leptos view: a `display: contents` span that holds it, so the layout is the element's own.

use leptos::{html::Span, prelude::*};

#[component]
pub fn WidgetHost(element: web_sys::Element) -> impl IntoView {
    let host = NodeRef::<Span>::new();
    // Replaced, not appended: when a parent view is rebuilt in place Leptos reuses this span
    // and loads the new element into it, and the one it held must go.
    host.on_load(move |span| span.replace_children_with_node_1(&element));
    view! { <span class="widget-host" node_ref=host></span> }
}

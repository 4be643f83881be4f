//! Building the card's elements. Text goes in as text nodes only (`textContent`), never as
//! markup: nothing here parses HTML.

use wasm_bindgen::{closure::Closure, JsCast};
use web_sys::{Document, Element, EventTarget};

const SVG_NS: &str = "http://www.w3.org/2000/svg";

pub fn document() -> Document {
    crate::js::window().document().expect("the card runs in a document")
}

/// `<tag class="class">`; no class when `class` is empty.
pub fn el(tag: &str, class: &str) -> Element {
    let e = document().create_element(tag).expect("a valid tag name");
    if !class.is_empty() {
        e.set_class_name(class);
    }
    e
}

/// An SVG element.
pub fn svg(tag: &str) -> Element {
    document().create_element_ns(Some(SVG_NS), tag).expect("a valid SVG tag name")
}

/// `<tag class="class">text</tag>`
pub fn text_el(tag: &str, class: &str, text: &str) -> Element {
    let e = el(tag, class);
    e.set_text_content(Some(text));
    e
}

pub fn attr(e: &Element, name: &str, value: &str) {
    let _ = e.set_attribute(name, value);
}

pub fn append(parent: &Element, children: &[&Element]) {
    for child in children {
        let _ = parent.append_child(child);
    }
}

/// Whether `event` came from a control (a button, link, field or label), not from the surface
/// around it.
pub fn from_control(event: &web_sys::Event) -> bool {
    event
        .target()
        .and_then(|t| t.dyn_into::<Element>().ok())
        .and_then(|e| e.closest("button, a, input, select, textarea, label").ok().flatten())
        .is_some()
}

/// An event listener, removed when dropped.
pub struct Listener {
    target: EventTarget,
    event: &'static str,
    closure: Closure<dyn FnMut(web_sys::Event)>,
}

pub fn on(target: &EventTarget, event: &'static str, f: impl FnMut(web_sys::Event) + 'static) -> Listener {
    let closure = Closure::<dyn FnMut(web_sys::Event)>::new(f);
    let _ = target.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
    Listener { target: target.clone(), event, closure }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self.target.remove_event_listener_with_callback(self.event, self.closure.as_ref().unchecked_ref());
    }
}

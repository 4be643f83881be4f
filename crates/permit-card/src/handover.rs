//! The card entry's frame and how the app takes over from it (docs/card-entry.md). The entry
//! shows its card in `#card-entry`, first in `<body>`; the style hides whatever follows it
//! (the app, mounting after it) until the app removes it. The frame carries the date of the
//! last code the entry showed, so the app's first code is newer than any a counter may have
//! read off the entry's.

use crate::dom::document;
use web_sys::Element;

pub const FRAME_ID: &str = "card-entry";
pub const IAT_ATTRIBUTE: &str = "data-iat";

pub fn set_shown_iat(frame: &Element, iat: i64) {
    let _ = frame.set_attribute(IAT_ATTRIBUTE, &iat.to_string());
}

fn frame() -> Option<Element> {
    document().get_element_by_id(FRAME_ID)
}

/// The date of the last code the entry's card showed, while it is on screen.
pub fn shown_iat() -> Option<i64> {
    frame()?.get_attribute(IAT_ATTRIBUTE)?.parse().ok()
}

/// Takes the entry's card away: the app's own is on screen, or the app has something else to
/// show. The entry stops its clock when it sees its frame gone.
pub fn dismiss() {
    if let Some(frame) = frame() {
        frame.remove();
    }
}

/// Records that `holder`'s card shows codes on this phone (`Some`), or that no card may (`None`:
/// no key here, another phone took it over, the entry stepped aside, signed out). Only a hint
/// for the boot script's early requests (`storage_keys::CARD_HOLDER`): a stale one costs at
/// most one page's needless requests, after which the entry clears it.
pub fn set_card_holder(holder: Option<&str>) {
    let Some(storage) = crate::js::window().local_storage().ok().flatten() else { return };
    let _ = match holder {
        Some(h) => storage.set_item(crate::storage_keys::CARD_HOLDER, h),
        None => storage.remove_item(crate::storage_keys::CARD_HOLDER),
    };
}

//! The face of the permit: every statutory field and the photo, laid out like the card. The
//! ID number and addresses are masked until the holder taps them. Values are the official
//! record in Chinese whatever the interface language, so they carry `translate="no"`.

use crate::{
    dom::{self, append, attr, el, text_el, Listener},
    text::Lang,
};
use permit_core::{
    api::permit::{Permit, PermitStatus},
    endorsement::EndorsementState,
    mask::{mask_address, mask_id_number},
};
use web_sys::Element;

/// Live on the holder's phone (masked until tapped, with the hint), or at a counter after a
/// reading (every field in full, no hint).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum FaceMode {
    Live,
    Counter,
}

/// A value shown masked until revealed.
struct Sensitive {
    dd: Element,
    full: String,
    masked: String,
}

pub struct FaceView {
    pub root: Element,
    rows: Element,
    photo: Element,
    sensitive: Vec<Sensitive>,
    reveal_targets: Vec<Element>,
    hint: Option<Element>,
    lang: Lang,
}

fn status_class(status: PermitStatus) -> &'static str {
    match status {
        PermitStatus::Valid => "badge badge-ok",
        PermitStatus::EndorsementDue => "badge badge-warn",
        PermitStatus::Suspended | PermitStatus::Cancelled => "badge badge-bad",
    }
}

/// `<div class="class"><dt>label</dt><dd>value</dd></div>`; returns the row and its `dd`.
fn row(class: &str, label: &str, value: &str) -> (Element, Element) {
    let div = el("div", class);
    let dd = text_el("dd", "", value);
    append(&div, &[&text_el("dt", "", label), &dd]);
    (div, dd)
}

/// The validity line: endorsements, the day residence years count from after a late
/// endorsement (暂行条例 art. 13), and the next endorsement window.
pub fn validity_line(permit: &Permit, lang: Lang) -> String {
    let t = lang.text();
    let mut line = format!("{} {}", t.field_endorsed_times, permit.years_endorsed);
    if permit.counts_from != permit.issued_on {
        line.push_str(&format!(" · {} {}", t.field_counts_from, lang.date(permit.counts_from)));
    }
    if let Some(EndorsementState::Valid { window_opens, deadline }) = permit.endorsement {
        line.push_str(&format!(" · {} {} – {}", t.field_next_window, lang.date(window_opens), lang.date(deadline)));
    }
    line
}

impl FaceView {
    pub fn render(permit: &Permit, lang: Lang, mode: FaceMode) -> Self {
        let t = lang.text();
        let root = el("article", "permit-card");
        attr(&root, "data-testid", "permit-card");
        attr(&root, "data-status", &format!("{:?}", permit.status));

        let head = el("header", "permit-head");
        let emblem = el("span", "permit-emblem");
        attr(&emblem, "aria-hidden", "true");
        let badge = text_el("span", status_class(permit.status), t.status(permit.status));
        attr(&badge, "data-testid", "permit-status");
        let shimmer = el("span", "shimmer");
        attr(&shimmer, "aria-hidden", "true");
        append(&head, &[&emblem, &text_el("span", "permit-title", t.permit_heading), &badge, &shimmer]);

        let top = el("div", "permit-top");
        let photo = el("div", "permit-photo");
        let fields = el("dl", "permit-fields");
        let (name, name_dd) = row("", t.field_name, &permit.name);
        name_dd.set_class_name("permit-name");
        attr(&name_dd, "translate", "no");
        let (sex, _) = row("half", t.field_sex, t.sex(permit.sex));
        let (ethnicity, ethnicity_dd) = row("half", t.field_ethnicity, &permit.ethnicity);
        attr(&ethnicity_dd, "translate", "no");
        let (birth, _) = row("", t.field_birth, &lang.date(permit.birth_date));
        append(&fields, &[&name, &sex, &ethnicity, &birth]);
        append(&top, &[&photo, &fields]);

        let rows = el("dl", "permit-fields permit-rows");
        let mut sensitive = Vec::new();
        let mut reveal_targets = Vec::new();
        let values = [
            (t.field_id_number, permit.id_number.clone(), mask_id_number(&permit.id_number), Some("id-number")),
            (t.field_household, permit.household_address.clone(), mask_address(&permit.household_address), None),
            (t.field_residence, permit.residence_address.clone(), mask_address(&permit.residence_address), Some("residence")),
        ];
        for (i, (label, full, masked, testid)) in values.into_iter().enumerate() {
            let (div, dd) = row("tap-reveal", label, &masked);
            if i == 0 {
                attr(&div, "data-testid", "reveal");
                dd.set_class_name("mono");
            } else {
                attr(&dd, "translate", "no");
            }
            if let Some(id) = testid {
                attr(&dd, "data-testid", id);
            }
            append(&rows, &[&div]);
            reveal_targets.push(div);
            sensitive.push(Sensitive { dd, full, masked });
        }
        let (authority, authority_dd) = row("", t.field_authority, &permit.issuing_authority);
        attr(&authority_dd, "translate", "no");
        let (issued, _) = row("half", t.field_issued, &lang.date(permit.issued_on));
        let (number, number_dd) = row("half", t.field_number, &permit.number);
        number_dd.set_class_name("mono");
        let (validity, _) = row("", t.field_validity, &validity_line(permit, lang));
        append(&rows, &[&authority, &issued, &number, &validity]);

        append(&root, &[&head, &top, &rows]);
        let hint = (mode == FaceMode::Live).then(|| {
            let p = text_el("p", "reveal-hint", t.reveal_hint);
            append(&root, &[&p]);
            p
        });
        let face = Self { root, rows, photo, sensitive, reveal_targets, hint, lang };
        if mode == FaceMode::Counter {
            face.set_revealed(true);
        }
        face
    }

    /// Puts what the holder came to show (the live code) before the long fields, so on a
    /// phone it is in view without scrolling when the card opens.
    pub fn insert_code_area(&self, area: &Element) {
        let _ = self.root.insert_before(area, Some(&self.rows));
    }

    pub fn set_photo(&self, url: Option<&str>) {
        self.photo.set_text_content(None);
        if let Some(url) = url {
            let img = el("img", "");
            attr(&img, "src", url);
            attr(&img, "alt", "");
            attr(&img, "draggable", "false");
            append(&self.photo, &[&img]);
        }
    }

    pub fn set_revealed(&self, on: bool) {
        for s in &self.sensitive {
            s.dd.set_text_content(Some(if on { &s.full } else { &s.masked }));
        }
        if let Some(hint) = &self.hint {
            let t = self.lang.text();
            hint.set_text_content(Some(if on { t.reveal_hide } else { t.reveal_hint }));
        }
    }

    /// Calls `on_tap` when the holder taps a masked value; drop the listeners to stop.
    pub fn on_reveal(&self, on_tap: impl Fn() + Clone + 'static) -> Vec<Listener> {
        self.reveal_targets
            .iter()
            .map(|div| {
                let f = on_tap.clone();
                dom::on(div, "click", move |_| f())
            })
            .collect()
    }
}

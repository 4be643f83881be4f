//! The permit read straight from the parsed JSON of `GET /api/v1/permit` (`JSON.parse`), field
//! by field: the card entry carries no serde_json. `tests/permit_js.rs` checks that it reads
//! what serde writes, field for field.

use crate::js::get;
use chrono::NaiveDate;
use permit_core::{
    api::permit::{Permit, PermitStatus},
    endorsement::EndorsementState,
    id_number::Sex,
};
use wasm_bindgen::JsValue;

fn text(v: &JsValue, key: &str) -> Option<String> {
    get(v, key)?.as_string()
}

fn count(v: &JsValue, key: &str) -> Option<u32> {
    let n = get(v, key)?.as_f64()?;
    (n >= 0.0 && n <= f64::from(u32::MAX) && n.fract() == 0.0).then_some(n as u32)
}

/// `2027-04-10`; anything else is not a date.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let mut parts = s.splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if !(digits(y, 4) && digits(m, 2) && digits(d, 2)) {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

fn date(v: &JsValue, key: &str) -> Option<NaiveDate> {
    parse_date(&text(v, key)?)
}

fn status(s: &str) -> Option<PermitStatus> {
    Some(match s {
        "valid" => PermitStatus::Valid,
        "endorsement_due" => PermitStatus::EndorsementDue,
        "suspended" => PermitStatus::Suspended,
        "cancelled" => PermitStatus::Cancelled,
        _ => return None,
    })
}

fn endorsement(v: &JsValue) -> Option<EndorsementState> {
    Some(match text(v, "state")?.as_str() {
        "valid" => EndorsementState::Valid { window_opens: date(v, "window_opens")?, deadline: date(v, "deadline")? },
        "window_open" => EndorsementState::WindowOpen {
            deadline: date(v, "deadline")?,
            days_left: get(v, "days_left")?.as_f64().filter(|n| n.fract() == 0.0 && n.abs() < 1e9)? as i64,
        },
        "suspended" => EndorsementState::Suspended { since: date(v, "since")? },
        _ => return None,
    })
}

/// The permit in `value`, or `None` when any field is missing or malformed.
pub fn permit_from_js(v: &JsValue) -> Option<Permit> {
    Some(Permit {
        number: text(v, "number")?,
        name: text(v, "name")?,
        sex: match text(v, "sex")?.as_str() {
            "male" => Sex::Male,
            "female" => Sex::Female,
            _ => return None,
        },
        ethnicity: text(v, "ethnicity")?,
        birth_date: date(v, "birth_date")?,
        id_number: text(v, "id_number")?,
        household_address: text(v, "household_address")?,
        residence_address: text(v, "residence_address")?,
        issuing_authority: text(v, "issuing_authority")?,
        issued_on: date(v, "issued_on")?,
        years_endorsed: count(v, "years_endorsed")?,
        counts_from: date(v, "counts_from")?,
        years_counted: count(v, "years_counted")?,
        status: status(&text(v, "status")?)?,
        endorsement: match get(v, "endorsement") {
            None => None,
            Some(e) => Some(endorsement(&e)?),
        },
        photo_path: text(v, "photo_path")?,
    })
}

#[cfg(test)]
mod tests {
    use super::parse_date;
    use chrono::NaiveDate;

    #[test]
    fn dates_are_iso_days_that_exist() {
        assert_eq!(parse_date("2028-02-29"), NaiveDate::from_ymd_opt(2028, 2, 29));
        assert_eq!(parse_date("2027-12-31"), NaiveDate::from_ymd_opt(2027, 12, 31));
        for bad in ["2027-02-29", "2027-04-31", "2027-4-10", "27-04-10", "2027-04-10T00:00", "2027-13-01", "", "2027--4-10", "+202-04-10"] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }
}

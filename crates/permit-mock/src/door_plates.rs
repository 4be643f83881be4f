//! Door-plate codes (葵花码): a QR code on each door that a resident scans to fill in the
//! address when declaring residence. The mock signs one code per demo address with a key
//! of its own (HMAC-SHA-256, kept in the data dir), so a code typed up by hand, or one naming
//! a plate that does not exist, is refused; a genuine code gives the address in the
//! declaration's fields.
//!
//! A code reads `GDMP1.<plate id>.<first 10 bytes of the HMAC, hex>`.

use crate::{error::ApiError, ids::hex, store::Store};
use hmac::{Hmac, Mac};
use permit_core::api::registration::{DoorPlate, DoorPlateAddress};
use rand::RngCore;
use sha2::Sha256;

const PREFIX: &str = "GDMP1";
const KEY_META: &str = "door_plate_key";

/// The demo addresses with a plate: id, city, county-level unit, street, building and room.
/// Synthetic, made for the demo.
const PLATES: [(&str, &str, &str, &str, &str); 4] = [
    ("plate-1", "广州市", "海珠区", "江南大道中82号", "6栋601房"),
    ("plate-2", "深圳市", "南山区", "科苑路15号", "2栋804房"),
    ("plate-3", "佛山市", "顺德区", "碧桂路7号", "5栋202房"),
    ("plate-4", "东莞市", "南城街道", "鸿福路88号", "3座1506房"),
];

fn key(store: &Store) -> Result<Vec<u8>, ApiError> {
    if let Some(k) = store.meta(KEY_META)?.and_then(|h| unhex(&h)) {
        return Ok(k);
    }
    let mut k = vec![0u8; 32];
    rand::rng().fill_bytes(&mut k);
    store.set_meta(KEY_META, &hex(&k))?;
    Ok(k)
}

fn mac(key: &[u8], id: &str) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(PREFIX.as_bytes());
    mac.update(b".");
    mac.update(id.as_bytes());
    mac
}

fn tag(key: &[u8], id: &str) -> String {
    hex(&mac(key, id).finalize().into_bytes()[..TAG_BYTES])
}

/// Bytes of the HMAC a code carries.
const TAG_BYTES: usize = 10;

fn unhex(s: &str) -> Option<Vec<u8>> {
    if s.len() % 2 != 0 {
        return None;
    }
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok()).collect()
}

/// Every demo plate with its code.
pub fn list(store: &Store) -> Result<Vec<DoorPlate>, ApiError> {
    let key = key(store)?;
    Ok(PLATES
        .iter()
        .map(|(id, city, county, street, room)| DoorPlate {
            id: (*id).to_owned(),
            code: format!("{PREFIX}.{id}.{}", tag(&key, id)),
            address: format!("广东省{city}{county}{street}{room}"),
        })
        .collect())
}

/// The address of a genuine code; `None` for anything else.
pub fn read(store: &Store, code: &str) -> Result<Option<DoorPlateAddress>, ApiError> {
    // Read in any case: a phone keyboard or a handheld scanner may capitalize what it types.
    let code = code.trim().to_ascii_lowercase();
    let mut parts = code.splitn(3, '.');
    let (Some(prefix), Some(id), Some(given)) = (parts.next(), parts.next(), parts.next()) else { return Ok(None) };
    if !prefix.eq_ignore_ascii_case(PREFIX) {
        return Ok(None);
    }
    let Some((_, city, county, street, room)) = PLATES.iter().find(|p| p.0 == id) else { return Ok(None) };
    let Some(given) = unhex(given).filter(|g| g.len() == TAG_BYTES) else { return Ok(None) };
    // The HMAC crate compares in constant time: the tag is what makes a plate genuine.
    let genuine = mac(&key(store)?, id).verify_truncated_left(&given).is_ok();
    Ok(genuine.then(|| DoorPlateAddress {
        city: (*city).to_owned(),
        county: (*county).to_owned(),
        street: (*street).to_owned(),
        building_room: (*room).to_owned(),
    }))
}

//! The hand-written low-S subtraction the phone uses, against the `p256` crate.
#![no_main]

use libfuzzer_sys::fuzz_target;
use p256::ecdsa::Signature;
use permit_core::token::{normalize_low_s, SIGNATURE_LEN};

fuzz_target!(|bytes: [u8; SIGNATURE_LEN]| {
    let Ok(signature) = Signature::from_slice(&bytes) else { return };
    let mut ours = bytes;
    normalize_low_s(&mut ours);
    let theirs: [u8; SIGNATURE_LEN] = signature.normalize_s().unwrap_or(signature).to_bytes().into();
    assert_eq!(ours, theirs);
});

//! The verifier against one genuine code from one device key. The input either is the text
//! to read or is XOR-ed onto the genuine code, so libFuzzer explores near-misses of a real
//! code as well as anything at all. Whatever it tries, the verifier must not panic and must
//! accept nothing but the genuine code: any other accepted text is a forgery.
//!
//! A third mode takes an issue time and a verifier clock from the input (any `i64`, extremes
//! included), signs a genuine code dated then and verifies it: no panic, and accepted exactly
//! when its age is inside the window (issue 15: a code dated near `i64::MIN` once wrapped
//! into it).
#![no_main]

use libfuzzer_sys::fuzz_target;
use p256::ecdsa::{signature::Signer, Signature, SigningKey};
use permit_core::token::{normalize_low_s, signed_message, verify, CodePolicy, DeviceRecord, Token};
use std::sync::OnceLock;

const DEVICE: [u8; 8] = *b"fuzzdev1";
const IAT: i64 = 1_795_000_000;
const NOW_MS: i64 = (IAT + 10) * 1000;

struct Genuine {
    text: String,
    record: DeviceRecord,
}

fn genuine() -> &'static Genuine {
    static GENUINE: OnceLock<Genuine> = OnceLock::new();
    GENUINE.get_or_init(|| {
        let key = SigningKey::from_slice(&[0x42; 32]).expect("a valid scalar");
        let sig: Signature = key.sign(&signed_message(&DEVICE, IAT));
        let mut signature: [u8; 64] = sig.to_bytes().into();
        normalize_low_s(&mut signature);
        let text = Token { device_id: DEVICE, iat: IAT, signature }.encode();
        let public_key = key.verifying_key().to_encoded_point(false).as_bytes().to_vec();
        Genuine { text, record: DeviceRecord { public_key, active: true, last_accepted_iat: None } }
    })
}

fn genuine_at(iat: i64) -> (String, DeviceRecord) {
    let key = SigningKey::from_slice(&[0x42; 32]).expect("a valid scalar");
    let sig: Signature = key.sign(&signed_message(&DEVICE, iat));
    let mut signature: [u8; 64] = sig.to_bytes().into();
    normalize_low_s(&mut signature);
    let text = Token { device_id: DEVICE, iat, signature }.encode();
    (text, genuine().record.clone())
}

fn extreme_time(rest: &[u8]) {
    let Some((iat, clock)) = rest.split_first_chunk::<8>().and_then(|(a, b)| Some((a, b.first_chunk::<8>()?))) else {
        return;
    };
    let (iat, now_ms) = (i64::from_be_bytes(*iat), i64::from_be_bytes(*clock));
    let (text, record) = genuine_at(iat);
    let policy = CodePolicy::default();
    let accepted = verify(&text, |_| Some(record), now_ms, &policy).is_ok();
    let age = i128::from(now_ms.div_euclid(1000)) - i128::from(iat);
    let inside = -i128::from(policy.future_skew_s) <= age && age <= i128::from(policy.validity_s);
    assert_eq!(accepted, inside, "iat {iat}, clock {now_ms}");
}

fuzz_target!(|input: &[u8]| {
    let Some((&mode, rest)) = input.split_first() else { return };
    if mode & 3 == 3 {
        return extreme_time(rest);
    }
    let g = genuine();
    let text = if mode & 1 == 0 {
        let mut bytes = g.text.clone().into_bytes();
        let len = bytes.len();
        for (i, b) in rest.iter().enumerate() {
            bytes[i % len] ^= b;
        }
        match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(_) => return,
        }
    } else {
        match std::str::from_utf8(rest) {
            Ok(t) => t.to_owned(),
            Err(_) => return,
        }
    };
    let result = verify(&text, |_| Some(g.record.clone()), NOW_MS, &CodePolicy::default());
    if result.is_ok() {
        assert_eq!(text, g.text, "accepted a code that is not the genuine one");
    }
});

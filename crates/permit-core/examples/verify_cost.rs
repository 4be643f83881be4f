//! The cost of the verifier's signature check alone, for the load figures of
//! `cargo xtask bench`: it bounds how many codes one core can verify per second, whatever the
//! server around it does. Prints `VERIFY_US <microseconds per verification>`.
//!
//! `cargo run --profile server -p permit-core --features verify-ring --example verify_cost` (or
//! `--features verify` for the pure-Rust `p256`)

use p256::ecdsa::{signature::Signer, Signature, SigningKey};
use permit_core::token::{check_signature, normalize_low_s, signed_message, Token};
use std::time::Instant;

fn main() {
    let key = SigningKey::from_slice(&[0x42; 32]).expect("a valid scalar");
    let device_id = *b"benchdev";
    let iat = 1_795_000_000;
    let sig: Signature = key.sign(&signed_message(&device_id, iat));
    let mut signature: [u8; 64] = sig.to_bytes().into();
    normalize_low_s(&mut signature);
    let token = Token { device_id, iat, signature };
    let public = key.verifying_key().to_encoded_point(false).as_bytes().to_vec();
    let rounds = 2_000;
    let started = Instant::now();
    for _ in 0..rounds {
        check_signature(std::hint::black_box(&token), std::hint::black_box(&public)).expect("the genuine code verifies");
    }
    println!("VERIFY_US {:.1}", started.elapsed().as_secs_f64() * 1e6 / f64::from(rounds));
}

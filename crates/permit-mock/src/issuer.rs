//! The issuer's key (docs/sharing.md): signs share statements with ES256 and publishes its
//! public half as a JWK set. Made on first use and kept with the mock's data, so statements
//! signed before a restart still verify; a rotation retires the old key but keeps it published
//! for as long as a statement it signed may be valid (the longest share, 7 days).

use crate::{error::ApiError, store::{IssuerKeyRow, Store}};
use permit_core::{
    api::share::{Jwk, JwkSet},
    share::MAX_VALIDITY_MINUTES,
    statement::{self, Header, Statement},
};
use ring::{
    rand::SystemRandom,
    signature::{EcdsaKeyPair, KeyPair, ECDSA_P256_SHA256_FIXED_SIGNING},
};

/// How long a retired key stays published: the longest a statement it signed may be valid.
const RETIRED_KEY_PUBLISHED_MS: i64 = MAX_VALIDITY_MINUTES as i64 * 60_000;

/// Signs `statement` with the active key (made now if there is none); the compact JWS.
pub fn sign(store: &Store, statement: &Statement, now_ms: i64) -> Result<String, ApiError> {
    let row = match store.active_issuer_key()? {
        Some(row) => row,
        None => rotate(store, now_ms)?,
    };
    let rng = SystemRandom::new();
    let pair = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &row.pkcs8, &rng)
        .map_err(|_| ApiError::internal("the issuer key on file is unreadable"))?;
    let input = statement::signing_input(&Header::new(&row.kid), statement);
    let signature = pair.sign(&rng, input.as_bytes()).map_err(|_| ApiError::internal("signing failed"))?;
    let signature: [u8; 64] =
        signature.as_ref().try_into().map_err(|_| ApiError::internal("an ES256 signature is 64 bytes"))?;
    Ok(statement::assemble(&input, &signature))
}

/// Makes a new key and retires the active one; the new key's row.
pub fn rotate(store: &Store, now_ms: i64) -> Result<IssuerKeyRow, ApiError> {
    let rng = SystemRandom::new();
    let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &rng)
        .map_err(|_| ApiError::internal("could not make an issuer key"))?;
    let pair = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8.as_ref(), &rng)
        .map_err(|_| ApiError::internal("could not read the new issuer key"))?;
    let row = IssuerKeyRow {
        kid: crate::ids::new_id("iss"),
        pkcs8: pkcs8.as_ref().to_vec(),
        public_key: pair.public_key().as_ref().to_vec(),
    };
    store.replace_issuer_key(&row, now_ms)?;
    Ok(row)
}

/// Every key whose statements may still be valid at `now_ms`.
pub fn published(store: &Store, now_ms: i64) -> Result<JwkSet, ApiError> {
    let keys = store.published_issuer_keys(now_ms.saturating_sub(RETIRED_KEY_PUBLISHED_MS))?;
    Ok(JwkSet { keys: keys.iter().filter_map(|(kid, public)| Jwk::p256(kid, public)).collect() })
}

//! The answer to a counter's challenge, signed on this phone with the device key that signs
//! its permit codes (`permit_core::challenge` has the format).

use crate::{api::clock::ServerClock, error::AppError, persist::device_key};
use permit_core::{
    api::challenge::ChallengeAsk,
    challenge::{self, Answer},
    token::normalize_low_s,
};

/// Why an answer cannot be made here.
pub enum Unsigned {
    /// This phone holds no device key for the holder: switch the permit on first.
    NoDevice,
    Failed(AppError),
}

/// The answer's text for `ask`, dated now by the server's clock.
pub async fn answer(holder: &str, ask: &ChallengeAsk, clock: ServerClock) -> Result<String, Unsigned> {
    let key = device_key::load(holder).await.ok_or(Unsigned::NoDevice)?;
    let challenge_id = challenge::parse_id(&ask.id).ok_or(Unsigned::Failed(AppError::Decode))?;
    let iat = (clock.now_ms() / 1000.0).floor() as i64;
    let message = challenge::signed_message(&key.device_id, &challenge_id, iat, &ask.post).ok_or(Unsigned::Failed(AppError::Decode))?;
    let mut signature = permit_card::crypto::sign(&key.private, &message).await.map_err(|_| Unsigned::Failed(AppError::Crypto))?;
    normalize_low_s(&mut signature);
    Answer { device_id: key.device_id, challenge_id, iat, post: ask.post.clone(), signature }
        .encode()
        .ok_or(Unsigned::Failed(AppError::Decode))
}

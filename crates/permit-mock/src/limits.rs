//! Abuse limits: token buckets (the `governor` crate) per phone, per client address and per
//! staff session. A refusal is 429 with `Retry-After`, so a client knows when to try again.
//!
//! | what | key | burst | refill |
//! |---|---|---|---|
//! | one-time code requests | phone number | 5 | one per 30 s |
//! | one-time code requests and sign-in attempts | client address | 20 | one per 3 s |
//! | code verifications | staff account | 30 | 10 per second |
//! | self-tests of a holder's own code | holder | 5 | one per 10 s |
//! | openings of a shared copy (and its photo) | client address | 30 | one per 2 s |
//! | challenges looked up (by number) or answered | holder | 10 | one per 6 s |
//!
//! A counter reads a code every few seconds at most, so 10 a second is far above honest use
//! yet stops a script trying forged codes. A holder tests their code now and then; more would
//! make the self-test an oracle for captured codes. A recipient opens a shared copy and its
//! page refreshes its line every minute; a script guessing share links is held to a crawl (the
//! secret is 256 bits besides). Wrong one-time codes also void a code
//! after 5 tries and lock the phone after 10 in a day (see `routes::auth`).
//!
//! Buckets of keys that have been idle long enough to be full again are dropped
//! ([`Limits::evict_idle`], every minute), so the maps do not grow with every address and
//! phone ever seen.
//!
//! The buckets refill by the mock's clock (`crate::clock`), like every other rule of time
//! here: moving the test clock refills them, and tests need not wait in real time.

use permit_core::api::ErrorCode;
use crate::error::ApiError;
use governor::{clock::Clock, middleware::NoOpMiddleware, state::keyed::DefaultKeyedStateStore, Quota, RateLimiter};
use std::{net::IpAddr, num::NonZeroU32, sync::Arc, time::Duration};

#[derive(Clone)]
pub struct Limits(Arc<Buckets>);

struct Buckets {
    otp_per_phone: Bucket<String>,
    per_client: Bucket<IpAddr>,
    verify_per_session: Bucket<String>,
    self_test_per_holder: Bucket<String>,
    share_open_per_client: Bucket<IpAddr>,
    challenge_per_holder: Bucket<String>,
}

/// The mock's clock as the buckets' time source: time since the Unix epoch, in milliseconds.
#[derive(Clone)]
struct MockTime(crate::clock::Clock);

impl Clock for MockTime {
    type Instant = Duration;

    fn now(&self) -> Duration {
        Duration::from_millis(u64::try_from(self.0.now_ms()).unwrap_or(0))
    }
}

type Bucket<K> = RateLimiter<K, DefaultKeyedStateStore<K>, MockTime, NoOpMiddleware<Duration>>;

fn bucket<K: Clone + std::hash::Hash + Eq>(clock: &crate::clock::Clock, quota: Quota) -> Bucket<K> {
    RateLimiter::new(quota, DefaultKeyedStateStore::default(), MockTime(clock.clone()))
}

fn quota(burst: u32, every: Duration) -> Quota {
    Quota::with_period(every).expect("a positive period").allow_burst(NonZeroU32::new(burst).expect("a positive burst"))
}

impl Limits {
    /// The limits of the table above, refilled by `clock`.
    pub fn new(clock: &crate::clock::Clock) -> Self {
        Self(Arc::new(Buckets {
            otp_per_phone: bucket(clock, quota(5, Duration::from_secs(30))),
            per_client: bucket(clock, quota(20, Duration::from_secs(3))),
            verify_per_session: bucket(clock, quota(30, Duration::from_millis(100))),
            self_test_per_holder: bucket(clock, quota(5, Duration::from_secs(10))),
            share_open_per_client: bucket(clock, quota(30, Duration::from_secs(2))),
            challenge_per_holder: bucket(clock, quota(10, Duration::from_secs(6))),
        }))
    }

    /// Limits so high that nothing is refused: for the load benchmark, which measures the
    /// verify path itself (`--no-limits`).
    pub fn off(clock: &crate::clock::Clock) -> Self {
        let huge = quota(u32::MAX, Duration::from_nanos(1));
        Self(Arc::new(Buckets {
            otp_per_phone: bucket(clock, huge),
            per_client: bucket(clock, huge),
            verify_per_session: bucket(clock, huge),
            self_test_per_holder: bucket(clock, huge),
            share_open_per_client: bucket(clock, huge),
            challenge_per_holder: bucket(clock, huge),
        }))
    }

    /// Any one-time code for this phone (sign-in or switching on a device).
    pub fn otp_request(&self, phone: &str) -> Result<(), ApiError> {
        check(&self.0.otp_per_phone, &phone.to_owned(), ErrorCode::OtpRateLimited, "too many one-time codes for this phone")
    }

    /// A code request or a code typed in, from this client address.
    pub fn sign_in_attempt(&self, client: Option<IpAddr>) -> Result<(), ApiError> {
        match client {
            Some(ip) => check(&self.0.per_client, &ip, ErrorCode::ClientRateLimited, "too many sign-in requests from this address"),
            None => Ok(()),
        }
    }

    pub fn verification(&self, staff_id: &str) -> Result<(), ApiError> {
        check(&self.0.verify_per_session, &staff_id.to_owned(), ErrorCode::VerifyRateLimited, "too many verifications from this account")
    }

    /// Each self-test try counts, whatever its verdict.
    pub fn self_test(&self, holder_id: &str) -> Result<(), ApiError> {
        check(&self.0.self_test_per_holder, &holder_id.to_owned(), ErrorCode::SelfTestRateLimited, "too many self-tests")
    }

    /// An opening of a shared copy, or of its photo, from this client address.
    pub fn share_opening(&self, client: Option<IpAddr>) -> Result<(), ApiError> {
        match client {
            Some(ip) => check(&self.0.share_open_per_client, &ip, ErrorCode::ShareOpenRateLimited, "too many shared copies opened from this address"),
            None => Ok(()),
        }
    }

    /// A challenge looked up by its short number, or answered, by this holder: a holder
    /// answers a counter now and then, and six digits must not be walked through.
    pub fn challenge(&self, holder_id: &str) -> Result<(), ApiError> {
        check(&self.0.challenge_per_holder, &holder_id.to_owned(), ErrorCode::ChallengeRateLimited, "too many challenges looked up or answered")
    }

    /// Forgets the buckets that are full again (indistinguishable from a new key).
    pub fn evict_idle(&self) {
        let b = &self.0;
        b.otp_per_phone.retain_recent();
        b.per_client.retain_recent();
        b.verify_per_session.retain_recent();
        b.self_test_per_holder.retain_recent();
        b.share_open_per_client.retain_recent();
        b.challenge_per_holder.retain_recent();
        b.otp_per_phone.shrink_to_fit();
        b.per_client.shrink_to_fit();
        b.verify_per_session.shrink_to_fit();
        b.self_test_per_holder.shrink_to_fit();
        b.share_open_per_client.shrink_to_fit();
        b.challenge_per_holder.shrink_to_fit();
    }

    /// How many keys the buckets track, all limits together.
    pub fn tracked_keys(&self) -> usize {
        let b = &self.0;
        b.otp_per_phone.len() + b.per_client.len() + b.verify_per_session.len() + b.self_test_per_holder.len() + b.share_open_per_client.len() + b.challenge_per_holder.len()
    }
}

fn check<K: Clone + std::hash::Hash + Eq>(limiter: &Bucket<K>, key: &K, code: ErrorCode, detail: &str) -> Result<(), ApiError> {
    limiter.check_key(key).map_err(|not_until| {
        let wait = not_until.wait_time_from(limiter.clock().now());
        ApiError::too_many(code, format!("{detail}; retry after the Retry-After seconds"), wait.as_secs_f64().ceil() as u64)
    })
}

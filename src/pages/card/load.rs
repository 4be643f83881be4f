//! Loading what the card shows: online first (refreshing the offline cache), the cache when
//! the network is away.

use crate::{
    error::AppError,
    persist::permit_cache,
    state::session::SessionStore,
};
use permit_core::{
    api::{
        application::ReviewStatus,
        permit::{Permit, PermitStatus},
    },
    calendar::local_date_ms,
    token::CodePolicy,
};

#[derive(Clone)]
pub struct CardData {
    pub holder: String,
    pub permit: Permit,
    pub photo: Option<Vec<u8>>,
    pub policy: CodePolicy,
    /// True when shown from the cache because the network is away.
    pub offline: bool,
    /// An endorsement in progress: under review or waiting for documents.
    pub endorsement_request: Option<ReviewStatus>,
}

pub async fn load(session: SessionStore, holder: String) -> Result<CardData, AppError> {
    let api = session.api();
    // The three at once: on a phone network each round trip is a good part of the time before
    // the code shows (150 ms on Lighthouse's slow 4G), and none needs another's answer.
    let (permit, photo, policy) = futures::future::join3(api.permit(), api.permit_photo(), api.code_policy()).await;
    match permit {
        Ok(permit) => {
            let photo = photo.ok();
            let policy = policy.unwrap_or_default();
            let cached = permit_cache::Cached { permit: permit.clone(), photo: photo.clone(), policy };
            let _ = permit_cache::save(&holder, &cached).await;
            let endorsement_request = match permit.status {
                PermitStatus::Suspended | PermitStatus::EndorsementDue => {
                    api.endorsement().await.ok().and_then(|s| s.request).map(|r| r.status)
                }
                _ => None,
            };
            Ok(CardData { holder, permit, photo, policy, offline: false, endorsement_request })
        }
        Err(AppError::Network) => match permit_cache::load(&holder).await {
            Some(c) => Ok(CardData {
                holder,
                // Worked out again for today by the server-corrected clock: the copy may be old.
                permit: c.permit.as_of(local_date_ms(session.clock.now_ms() as i64)),
                photo: c.photo,
                policy: c.policy,
                offline: true,
                endorsement_request: None,
            }),
            None => Err(AppError::Network),
        },
        // A 401 has already signed the phone out (the API tells the session store).
        Err(e) => Err(e),
    }
}

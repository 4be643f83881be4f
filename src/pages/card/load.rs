//! Loading what the card shows: online first (refreshing the offline cache), the cache when
//! the network is away.

use crate::{
    error::AppError,
    state::{permit_cache, session::SessionStore},
};
use permit_core::{api::permit::Permit, token::CodePolicy};

#[derive(Clone)]
pub struct CardData {
    pub holder: String,
    pub permit: Permit,
    pub photo: Option<Vec<u8>>,
    pub policy: CodePolicy,
    /// True when shown from the cache because the network is away.
    pub offline: bool,
}

pub async fn load(session: SessionStore, holder: String) -> Result<CardData, AppError> {
    let api = session.api();
    match api.permit().await {
        Ok(permit) => {
            let photo = api.permit_photo().await.ok();
            let policy = api.code_policy().await.unwrap_or_default();
            let cached = permit_cache::Cached { permit: permit.clone(), photo: photo.clone(), policy };
            let _ = permit_cache::save(&holder, &cached).await;
            Ok(CardData { holder, permit, photo, policy, offline: false })
        }
        Err(AppError::Network) => match permit_cache::load(&holder).await {
            Some(c) => Ok(CardData { holder, permit: c.permit, photo: c.photo, policy: c.policy, offline: true }),
            None => Err(AppError::Network),
        },
        Err(AppError::SignedOut) => {
            session.sign_out();
            Err(AppError::SignedOut)
        }
        Err(e) => Err(e),
    }
}

//! Who is signed in. The session survives a reload (kept in local storage) and is dropped at
//! once when the backend says it ended.

use crate::{api::Api, platform::storage, state::clock::ServerClock};
use leptos::prelude::*;
use permit_core::api::{Me, Session};
use serde::{Deserialize, Serialize};

const STORAGE_KEY: &str = "permit.session.v1";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Stored {
    token: String,
    user: Me,
}

#[derive(Debug, Clone, Copy)]
pub struct SessionStore {
    current: RwSignal<Option<(String, Me)>>,
    pub clock: ServerClock,
}

impl SessionStore {
    pub fn load(clock: ServerClock) -> Self {
        let stored: Option<Stored> = storage::get_json(STORAGE_KEY);
        Self { current: RwSignal::new(stored.map(|s| (s.token, s.user))), clock }
    }

    pub fn user(self) -> Option<Me> {
        self.current.with(|c| c.as_ref().map(|(_, me)| me.clone()))
    }

    pub fn is_signed_in(self) -> bool {
        self.current.with(Option::is_some)
    }

    /// An API handle as the signed-in user (or anonymous).
    pub fn api(self) -> Api {
        let token = self.current.with_untracked(|c| c.as_ref().map(|(t, _)| t.clone()));
        Api::new(token, Some(self.clock))
    }

    pub fn sign_in(self, session: Session) {
        storage::set_json(STORAGE_KEY, &Stored { token: session.token.clone(), user: session.user.clone() });
        self.current.set(Some((session.token, session.user)));
    }

    pub fn sign_out(self) {
        storage::remove(STORAGE_KEY);
        self.current.set(None);
    }
}

//! Who is signed in. The session survives a reload (kept in local storage) and is dropped at
//! once when the backend says it ended.

use crate::{
    api::{clock::ServerClock, Api},
    error::AppError,
    persist,
    platform::storage,
};
use leptos::prelude::*;
use permit_core::api::{Me, Role, Session};
use serde::{Deserialize, Serialize};

use permit_card::storage_keys::SESSION as STORAGE_KEY;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Stored {
    token: String,
    user: Me,
    /// The dependant a family member is acting for (代办), if any.
    #[serde(default)]
    acting: Option<Me>,
}

#[derive(Debug, Clone, Copy)]
pub struct SessionStore {
    current: RwSignal<Option<Stored>>,
    pub clock: ServerClock,
}

impl SessionStore {
    pub fn load(clock: ServerClock) -> Self {
        let stored: Option<Stored> = storage::get_json(STORAGE_KEY);
        Self { current: RwSignal::new(stored), clock }
    }

    /// The person whose permit the app is handling: the dependant while acting for one.
    pub fn user(self) -> Option<Me> {
        self.current.with(|c| c.as_ref().map(|s| s.acting.clone().unwrap_or_else(|| s.user.clone())))
    }

    /// The person who signed in, even while acting for someone.
    pub fn signed_in_user(self) -> Option<Me> {
        self.current.with(|c| c.as_ref().map(|s| s.user.clone()))
    }

    /// Starts (or, with `None`, stops) acting for a dependant.
    pub fn set_acting(self, acting: Option<Me>) {
        self.current.update(|c| {
            if let Some(s) = c.as_mut() {
                s.acting = acting;
                storage::set_json(STORAGE_KEY, s);
            }
        });
    }

    /// Records the counter post a member of staff chose.
    pub fn set_post(self, post: permit_core::api::StaffPost) {
        self.current.update(|c| {
            if let Some(s) = c.as_mut() {
                s.user.post = Some(post);
                storage::set_json(STORAGE_KEY, s);
            }
        });
    }

    pub fn is_signed_in(self) -> bool {
        self.current.with(Option::is_some)
    }

    /// Whether the signed-in person is counter staff (they verify codes and hold no permit).
    pub fn is_staff(self) -> bool {
        self.current.with(|c| c.as_ref().is_some_and(|s| s.user.role == Role::Staff))
    }

    /// Whether the signed-in person is a resident (they hold a permit, or act for someone who does).
    pub fn is_resident(self) -> bool {
        self.current.with(|c| c.as_ref().is_some_and(|s| s.user.role == Role::Resident))
    }

    /// The label of the person whose permit is being handled (the dependant while acting for
    /// one): what everything kept on this phone is filed under. Empty when signed out.
    pub fn holder(self) -> String {
        self.current.with_untracked(|c| {
            c.as_ref().map(|s| s.acting.as_ref().unwrap_or(&s.user).label.clone()).unwrap_or_default()
        })
    }

    /// An API handle as the signed-in user (or anonymous).
    pub fn api(self) -> Api {
        let (token, acting) = self
            .current
            .with_untracked(|c| c.as_ref().map(|s| (Some(s.token.clone()), s.acting.as_ref().map(|a| a.label.clone()))))
            .unwrap_or_default();
        Api::new(token, Some(self.clock)).acting_for(acting).on_signed_out(move || self.expired())
    }

    /// An API handle as the signed-in person themself, never acting for anyone.
    pub fn own_api(self) -> Api {
        let token = self.current.with_untracked(|c| c.as_ref().map(|s| s.token.clone()));
        Api::new(token, Some(self.clock)).on_signed_out(move || self.expired())
    }

    pub fn sign_in(self, session: Session) {
        let stored = Stored { token: session.token, user: session.user, acting: None };
        storage::set_json(STORAGE_KEY, &stored);
        self.current.set(Some(stored));
    }

    /// Signs out on this phone: tells the backend when it can be reached, then forgets
    /// everything local. Works offline too; the backend's session then simply ages out.
    pub async fn sign_out(self) {
        let _ = self.own_api().sign_out().await;
        self.forget().await;
    }

    /// Ends every session of this person, on every phone. Unlike [`Self::sign_out`] this
    /// needs the backend: offline it fails and nothing ends.
    pub async fn sign_out_everywhere(self) -> Result<(), AppError> {
        match self.own_api().sign_out_everywhere().await {
            // Another request of this phone may have seen the 401 first: the same outcome.
            Ok(()) | Err(AppError::SignedOut) => {
                self.forget().await;
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    /// Ends the session on this phone and forgets every local copy of personal data
    /// ([`persist::forget_personal_data`]).
    async fn forget(self) {
        storage::remove(STORAGE_KEY);
        persist::forget_personal_data().await;
        self.current.set(None);
    }

    /// The backend said the session ended (signed out elsewhere, expired): the same clean-up
    /// as signing out, from any request.
    pub fn expired(self) {
        if self.current.with_untracked(Option::is_some) {
            leptos::task::spawn_local(self.forget());
        }
    }
}

//! Form drafts that survive a reload or a closed tab, each with the idempotency key of its
//! submission. The key is made with the draft and kept until the submission succeeds, so a
//! retry (after a dropped connection, a reload, a crash) is the same submission to the
//! backend and never a second record. Drafts are per holder and per form.

use crate::{
    persist::DRAFT_PREFIX,
    platform::{random, storage},
    state::session::SessionStore,
};
use leptos::prelude::*;
use serde::{de::DeserializeOwned, Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Stored<T> {
    value: T,
    key: String,
}


/// A form's draft: its value (saved on every change) and its submission's idempotency key.
pub struct Draft<T: Send + Sync + 'static> {
    pub value: RwSignal<T>,
    key: RwSignal<String>,
    storage_key: StoredValue<String>,
}

impl<T: Send + Sync + 'static> Clone for Draft<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Draft<T> {}

impl<T> Draft<T>
where
    T: Clone + Default + PartialEq + Serialize + DeserializeOwned + Send + Sync + 'static,
{
    /// The saved draft of `form` for the person whose permit is being handled (the dependant
    /// while acting for one), or a new one.
    pub fn load(form: &str) -> Self {
        let holder = expect_context::<SessionStore>().holder();
        let storage_key = format!("{DRAFT_PREFIX}{holder}.{form}");
        let stored: Option<Stored<T>> = storage::get_json(&storage_key);
        let (value, key) = match stored {
            Some(s) => (s.value, s.key),
            None => (T::default(), random::uuid()),
        };
        let draft = Self { value: RwSignal::new(value), key: RwSignal::new(key), storage_key: StoredValue::new(storage_key) };
        Effect::new(move |_| {
            let value = draft.value.get();
            let key = draft.key.get();
            storage::set_json(&draft.storage_key.get_value(), &Stored { value, key });
        });
        draft
    }

    /// The idempotency key of this draft's submission.
    pub fn key(self) -> String {
        self.key.get_untracked()
    }

    /// After a successful submission: an empty form and a fresh key for the next one. Saved
    /// at once, not by the effect: the form may close (and its effect with it) right after.
    pub fn finish(self) {
        let key = random::uuid();
        if let Some(storage_key) = self.storage_key.try_get_value() {
            storage::set_json(&storage_key, &Stored { value: T::default(), key: key.clone() });
        }
        self.value.set(T::default());
        self.key.set(key);
    }
}

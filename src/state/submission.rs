//! One way to write to the backend from a page, on Leptos's [`Action`]: it owns the busy
//! state (one write at a time), the error of the last try, and, for a write that makes a
//! record, the idempotency key kept with the form's [`Draft`]. A retry after an error, a
//! reload or a crash sends the same key, so the backend answers with the first record instead
//! of making a second; the key is renewed only when the write succeeds.
//!
//! ```text
//! let draft = Draft::<Form>::load("application");
//! let submit = Submission::keyed(draft, |api, key, req: ApplyRequest| async move { api.apply(&key, &req).await },
//!     move |_| on_done.run(()));
//! view! { <ErrorBanner error=submit.error() /> <button disabled=submit.busy() on:click=move |_| submit.dispatch(req())>… }
//! ```

use crate::{api::Api, error::AppError, state::drafts::Draft, state::session::SessionStore};
use leptos::prelude::*;
use permit_core::api::endorsement::EndorsementStatus;
use serde::{de::DeserializeOwned, Serialize};
use std::{future::Future, rc::Rc};

pub struct Submission<I: 'static> {
    action: Action<I, Result<(), AppError>>,
}

impl<I: 'static> Clone for Submission<I> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<I: 'static> Copy for Submission<I> {}

impl<I: Clone + 'static> Submission<I> {
    /// A write that makes no record, or one the backend keys itself (asking for a one-time
    /// code, choosing a counter). `done` gets the answer after a success.
    pub fn new<O, F, Fu>(run: F, done: impl Fn(O) + 'static) -> Self
    where
        O: 'static,
        F: Fn(Api, I) -> Fu + 'static,
        Fu: Future<Output = Result<O, AppError>> + 'static,
    {
        let session = expect_context::<SessionStore>();
        let done = Rc::new(done);
        let action = Action::new_local(move |input: &I| {
            let answer = run(session.api(), input.clone());
            let done = done.clone();
            async move { answer.await.map(|o| done(o)) }
        });
        Self { action }
    }

    /// A write that makes a record, keyed by `draft`'s idempotency key. On success the draft
    /// is emptied with a fresh key (before `done` runs, since `done` may close the form).
    pub fn keyed<T, O, F, Fu>(draft: Draft<T>, run: F, done: impl Fn(O) + 'static) -> Self
    where
        T: Clone + Default + PartialEq + Serialize + DeserializeOwned + Send + Sync + 'static,
        O: 'static,
        F: Fn(Api, String, I) -> Fu + 'static,
        Fu: Future<Output = Result<O, AppError>> + 'static,
    {
        let session = expect_context::<SessionStore>();
        let done = Rc::new(done);
        let action = Action::new_local(move |input: &I| {
            let answer = run(session.api(), draft.key(), input.clone());
            let done = done.clone();
            async move {
                answer.await.map(|o| {
                    draft.finish();
                    done(o)
                })
            }
        });
        Self { action }
    }

    /// Sends the write, unless one is already under way (a double tap is one write).
    pub fn dispatch(self, input: I) {
        if !self.action.pending().get_untracked() {
            self.action.dispatch_local(input);
        }
    }

    /// Whether the write is under way.
    pub fn busy(self) -> Signal<bool> {
        self.action.pending().into()
    }

    /// Why the last try failed; cleared when the next one starts.
    pub fn error(self) -> Signal<Option<AppError>> {
        let action = self.action;
        Signal::derive(move || {
            if action.pending().get() {
                return None;
            }
            action.value().with(|v| v.as_ref().and_then(|r| r.as_ref().err().cloned()))
        })
    }
}

/// Endorsing this year's permit (签注), from the card's "fix" button or the 办事 page: one
/// write, one draft key, so either page's retry is the same endorsement.
pub fn endorse(done: impl Fn(EndorsementStatus) + 'static) -> Submission<()> {
    Submission::keyed(Draft::<()>::load("endorsement"), |api, key, ()| async move { api.endorse(&key).await }, done)
}

//! The HTTP plumbing under [`super::Api`]: auth header, JSON in and out, problem documents.

use super::clock::ServerClock;
use crate::error::AppError;
use gloo_net::http::{Request, RequestBuilder, Response};
use permit_core::api::{Problem, SERVER_TIME_HEADER};
use serde::{de::DeserializeOwned, Serialize};

pub(super) struct Http<'a> {
    pub token: Option<&'a str>,
    pub clock: Option<ServerClock>,
    pub acting_for: Option<&'a str>,
    pub on_signed_out: Option<&'a super::OnSignedOut>,
}

impl Http<'_> {
    pub async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, AppError> {
        let response = self.authorized(Request::get(path)).send().await?;
        self.json(response).await
    }

    pub async fn post<B: Serialize, T: DeserializeOwned>(&self, path: &str, body: &B) -> Result<T, AppError> {
        let request = self.authorized(Request::post(path)).json(body).map_err(|_| AppError::Decode)?;
        let response = request.send().await?;
        self.json(response).await
    }

    /// A PUT: sets a value whole, so repeating it is harmless.
    pub async fn put<B: Serialize, T: DeserializeOwned>(&self, path: &str, body: &B) -> Result<T, AppError> {
        let request = self.authorized(Request::put(path)).json(body).map_err(|_| AppError::Decode)?;
        let response = request.send().await?;
        self.json(response).await
    }

    /// A write with an `Idempotency-Key`: a retry with the same key never makes a second record.
    pub async fn post_keyed<B: Serialize, T: DeserializeOwned>(&self, path: &str, key: &str, body: &B) -> Result<T, AppError> {
        let request = self
            .authorized(Request::post(path))
            .header(permit_core::api::IDEMPOTENCY_KEY_HEADER, key)
            .json(body)
            .map_err(|_| AppError::Decode)?;
        let response = request.send().await?;
        self.json(response).await
    }

    /// A POST with no body whose answer has none either (204).
    pub async fn post_empty(&self, path: &str) -> Result<(), AppError> {
        let response = self.authorized(Request::post(path)).send().await?;
        self.observe_clock(&response);
        if response.ok() {
            Ok(())
        } else {
            Err(self.problem(response).await)
        }
    }

    /// A GET whose "nothing yet" answer is 204 No Content.
    pub async fn get_optional<T: DeserializeOwned>(&self, path: &str) -> Result<Option<T>, AppError> {
        let response = self.authorized(Request::get(path)).send().await?;
        if response.status() == 204 {
            self.observe_clock(&response);
            return Ok(None);
        }
        self.json(response).await.map(Some)
    }

    pub async fn get_bytes(&self, path: &str) -> Result<Vec<u8>, AppError> {
        let response = self.authorized(Request::get(path)).send().await?;
        self.observe_clock(&response);
        if response.ok() {
            Ok(response.binary().await?)
        } else {
            Err(self.problem(response).await)
        }
    }

    pub async fn delete(&self, path: &str) -> Result<(), AppError> {
        let response = self.authorized(Request::delete(path)).send().await?;
        self.observe_clock(&response);
        if response.ok() {
            Ok(())
        } else {
            Err(self.problem(response).await)
        }
    }

    /// The headers every request of this handle carries: who is asking, and for whom.
    pub(super) fn headers(&self) -> Vec<(&'static str, String)> {
        let mut headers = Vec::with_capacity(2);
        if let Some(token) = self.token {
            headers.push(("Authorization", format!("Bearer {token}")));
        }
        if let Some(label) = self.acting_for {
            headers.push((permit_core::api::ACTING_FOR_HEADER, label.to_owned()));
        }
        headers
    }

    fn authorized(&self, builder: RequestBuilder) -> RequestBuilder {
        self.headers().into_iter().fold(builder, |b, (name, value)| b.header(name, &value))
    }

    async fn json<T: DeserializeOwned>(&self, response: Response) -> Result<T, AppError> {
        self.observe_clock(&response);
        if response.ok() {
            Ok(response.json::<T>().await?)
        } else {
            Err(self.problem(response).await)
        }
    }

    fn observe_clock(&self, response: &Response) {
        self.observe_server_time(response.headers().get(SERVER_TIME_HEADER).as_deref());
    }

    /// Corrects the server clock from a response's `X-Server-Time` header, if it has one.
    pub(super) fn observe_server_time(&self, header: Option<&str>) {
        if let (Some(clock), Some(server_ms)) = (self.clock, header.and_then(|v| v.parse::<f64>().ok())) {
            clock.observe(server_ms);
        }
    }

    async fn problem(&self, response: Response) -> AppError {
        let status = response.status();
        let body = response.text().await.unwrap_or_default();
        self.refused(status, &body)
    }

    /// The error of a refused request, from its status and body. A 401 to a signed-in call
    /// also tells the session, so any request (uploads too) ends a session the backend ended,
    /// with all its local data.
    pub(super) fn refused(&self, status: u16, body: &str) -> AppError {
        let error = match serde_json::from_str::<Problem>(body) {
            Ok(problem) => problem.into(),
            // A proxy or a dropped backend answers with something else: treat it as no answer.
            Err(_) if status >= 500 || status == 0 => AppError::Network,
            Err(_) => AppError::Decode,
        };
        if error == AppError::SignedOut && self.token.is_some() {
            if let Some(f) = self.on_signed_out {
                f();
            }
        }
        error
    }
}

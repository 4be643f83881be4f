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
        Ok(self.send(Request::get(path)).await?.json::<T>().await?)
    }

    pub async fn post<B: Serialize, T: DeserializeOwned>(&self, path: &str, body: &B) -> Result<T, AppError> {
        self.send_json(Request::post(path), body).await
    }

    /// A PUT: sets a value whole, so repeating it is harmless.
    pub async fn put<B: Serialize, T: DeserializeOwned>(&self, path: &str, body: &B) -> Result<T, AppError> {
        self.send_json(Request::put(path), body).await
    }

    /// A write with an `Idempotency-Key`: a retry with the same key never makes a second record.
    pub async fn post_keyed<B: Serialize, T: DeserializeOwned>(&self, path: &str, key: &str, body: &B) -> Result<T, AppError> {
        self.send_json(Request::post(path).header(permit_core::api::IDEMPOTENCY_KEY_HEADER, key), body).await
    }

    /// A POST with no body whose answer has none either (204).
    pub async fn post_empty(&self, path: &str) -> Result<(), AppError> {
        self.send(Request::post(path)).await.map(drop)
    }

    /// A GET whose "nothing yet" answer is 204 No Content.
    pub async fn get_optional<T: DeserializeOwned>(&self, path: &str) -> Result<Option<T>, AppError> {
        let response = self.send(Request::get(path)).await?;
        if response.status() == 204 {
            return Ok(None);
        }
        Ok(Some(response.json::<T>().await?))
    }

    /// The JSON of an answer to a request sent elsewhere (`platform::early`).
    pub async fn read<T: DeserializeOwned>(&self, response: Response) -> Result<T, AppError> {
        Ok(self.answered(response).await?.json::<T>().await?)
    }

    pub async fn get_bytes(&self, path: &str) -> Result<Vec<u8>, AppError> {
        Ok(self.send(Request::get(path)).await?.binary().await?)
    }

    /// A POST whose answer is bytes (a photo sent for a secret in the body).
    pub async fn post_for_bytes<B: Serialize>(&self, path: &str, body: &B) -> Result<Vec<u8>, AppError> {
        let request = self.authorized(Request::post(path)).json(body).map_err(|_| AppError::Decode)?;
        Ok(self.answered(request.send().await?).await?.binary().await?)
    }

    pub async fn delete(&self, path: &str) -> Result<(), AppError> {
        self.send(Request::delete(path)).await.map(drop)
    }

    async fn send_json<B: Serialize, T: DeserializeOwned>(&self, builder: RequestBuilder, body: &B) -> Result<T, AppError> {
        let request = self.authorized(builder).json(body).map_err(|_| AppError::Decode)?;
        let response = self.answered(request.send().await?).await?;
        Ok(response.json::<T>().await?)
    }

    /// Sends with this handle's headers; a refusal becomes its `AppError`.
    async fn send(&self, builder: RequestBuilder) -> Result<Response, AppError> {
        let response = self.authorized(builder).send().await?;
        self.answered(response).await
    }

    /// Reads the server clock off any answer, and turns a refusal into its error.
    async fn answered(&self, response: Response) -> Result<Response, AppError> {
        self.observe_server_time(response.headers().get(SERVER_TIME_HEADER).as_deref());
        if response.ok() {
            Ok(response)
        } else {
            let status = response.status();
            let body = response.text().await.unwrap_or_default();
            Err(self.refused(status, &body))
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

    /// Corrects the server clock from a response's `X-Server-Time` header, if it has one. The
    /// header is whole milliseconds; read as an integer, which also keeps the float parser and
    /// its 10 KB table out of the first download.
    pub(super) fn observe_server_time(&self, header: Option<&str>) {
        if let (Some(clock), Some(server_ms)) = (self.clock, header.and_then(|v| v.trim().parse::<i64>().ok())) {
            clock.observe(server_ms as f64);
        }
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

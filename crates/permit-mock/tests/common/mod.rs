//! A mock backend in-process for tests: a fresh data dir, requests through the real router.
#![allow(dead_code)]

use axum::{
    body::Body,
    http::{header, Method, Request, StatusCode},
    Router,
};
use http_body_util::BodyExt;
use permit_mock::{app, config::Config, state::AppState};
use serde_json::Value;
use tower::ServiceExt;

pub struct TestApp {
    pub router: Router,
    pub state: AppState,
    pub dir: tempfile::TempDir,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: Value,
}

impl TestApp {
    /// A mock in demo mode with test endpoints on.
    pub fn demo() -> Self {
        Self::with(|c| c.demo = true)
    }

    pub fn with(tune: impl FnOnce(&mut Config)) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let mut config = Config::for_tests(dir.path().join("data"));
        tune(&mut config);
        let state = permit_mock::state(config).unwrap();
        Self { router: app(state.clone()), state, dir }
    }

    /// The same data dir opened again, as after a restart of the process.
    pub fn restart(self) -> Self {
        let config = (*self.state.config).clone();
        drop(self.router);
        let state = permit_mock::state(config).unwrap();
        Self { router: app(state.clone()), state, dir: self.dir }
    }

    pub async fn send(&self, request: Request<Body>) -> Reply {
        let res = self.router.clone().oneshot(request).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes).unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into()))
        };
        Reply { status, headers, body }
    }

    pub async fn call(&self, method: Method, path: &str, token: Option<&str>, body: Option<Value>) -> Reply {
        let mut b = Request::builder().method(method).uri(path);
        if let Some(t) = token {
            b = b.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        let req = match body {
            Some(v) => b.header(header::CONTENT_TYPE, "application/json").body(Body::from(v.to_string())),
            None => b.body(Body::empty()),
        };
        self.send(req.unwrap()).await
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Reply {
        self.call(Method::GET, path, token, None).await
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: Value) -> Reply {
        self.call(Method::POST, path, token, Some(body)).await
    }

    /// Signs in as the demo persona with this label and returns the session token.
    pub async fn sign_in(&self, label: &str) -> String {
        let personas = self.get("/api/v1/personas", None).await.body;
        let phone = personas
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["label"] == label)
            .unwrap_or_else(|| panic!("no persona {label}"))["phone"]
            .as_str()
            .unwrap()
            .to_owned();
        let otp = self.post("/api/v1/auth/otp", None, serde_json::json!({ "phone": phone })).await;
        assert_eq!(otp.status, StatusCode::OK, "{:?}", otp.body);
        let code = otp.body["demo_code"].as_str().unwrap().to_owned();
        let session = self
            .post("/api/v1/auth/session", None, serde_json::json!({ "phone": phone, "code": code }))
            .await;
        assert_eq!(session.status, StatusCode::CREATED, "{:?}", session.body);
        session.body["token"].as_str().unwrap().to_owned()
    }
}

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
        self.call_as(method, path, token, None, body).await
    }

    /// A call by a family member acting for `acting_for` (a dependant's label).
    pub async fn call_as(&self, method: Method, path: &str, token: Option<&str>, acting_for: Option<&str>, body: Option<Value>) -> Reply {
        let mut b = Request::builder().method(method).uri(path);
        if let Some(label) = acting_for {
            b = b.header("x-acting-for", label);
        }
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

    /// Signs in as demo staff and takes the first counter of the first listed department.
    pub async fn sign_in_staff(&self, label: &str) -> String {
        let token = self.sign_in(label).await;
        let departments = self.get("/api/v1/staff/departments", Some(&token)).await.body;
        let first = &departments[0];
        let post = serde_json::json!({ "department": first["name"], "counter": first["counters"][0] });
        let set = self.put("/api/v1/staff/post", Some(&token), post).await;
        assert_eq!(set.status, StatusCode::OK, "{:?}", set.body);
        token
    }
}

impl TestApp {
    pub async fn put(&self, path: &str, token: Option<&str>, body: Value) -> Reply {
        self.call(Method::PUT, path, token, Some(body)).await
    }

    /// A raw-body upload (photo or document).
    pub async fn upload(&self, path: &str, token: &str, content_type: &str, bytes: Vec<u8>, key: Option<&str>) -> Reply {
        let mut b = Request::post(path)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::CONTENT_TYPE, content_type);
        if let Some(k) = key {
            b = b.header("idempotency-key", k);
        }
        self.send(b.body(Body::from(bytes)).unwrap()).await
    }

    /// A JSON POST with an Idempotency-Key.
    pub async fn post_keyed(&self, path: &str, token: &str, key: &str, body: Value) -> Reply {
        let req = Request::post(path)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::CONTENT_TYPE, "application/json")
            .header("idempotency-key", key)
            .body(Body::from(body.to_string()))
            .unwrap();
        self.send(req).await
    }

    /// The Chinese titles of the person's messages, newest first.
    pub async fn message_titles(&self, token: &str) -> Vec<String> {
        let r = self.get("/api/v1/messages", Some(token)).await;
        r.body.as_array().unwrap().iter().map(|m| m["title_zh"].as_str().unwrap().to_owned()).collect()
    }

    /// Moves the mock's clock through the test-only endpoint.
    pub async fn advance(&self, ms: i64) {
        let r = self.post("/api/v1/test/clock", None, serde_json::json!({ "advance_ms": ms })).await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    }

    pub fn now_ms(&self) -> i64 {
        self.state.clock.now_ms()
    }

    /// Stops the mock's clock: from now on only `advance` moves it, so a test can reach an
    /// exact moment (a refill, a lifetime's last millisecond) however slowly the machine runs.
    pub fn stop_clock(&self) {
        self.state.clock.stop();
    }

    /// Registers a fresh P-256 device key for the signed-in holder as the app does: asks
    /// `POST /devices/otp` for a one-time code (demo mode answers it in `demo_code`) and
    /// registers the key with it. Returns the key and the device id.
    pub async fn register_device(&self, token: &str, seed: u8) -> (p256::ecdsa::SigningKey, [u8; 8]) {
        use base64::Engine;
        let mut scalar = [0x22u8; 32];
        scalar[31] = seed;
        let key = p256::ecdsa::SigningKey::from_slice(&scalar).unwrap();
        let public = key.verifying_key().to_encoded_point(false);
        let otp = self.post("/api/v1/devices/otp", Some(token), serde_json::json!({})).await;
        assert_eq!(otp.status, StatusCode::OK, "device code: {:?}", otp.body);
        let code = otp.body["demo_code"].as_str().unwrap_or_else(|| panic!("no demo_code: {:?}", otp.body)).to_owned();
        assert!(code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()), "a six-digit code: {code}");
        let r = self
            .post(
                "/api/v1/devices",
                Some(token),
                serde_json::json!({
                    "public_key": base64::engine::general_purpose::STANDARD.encode(public.as_bytes()),
                    "otp": code,
                    "label": "test phone",
                }),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
        let hex = r.body["device_id"].as_str().unwrap();
        let mut id = [0u8; 8];
        for i in 0..8 {
            id[i] = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap();
        }
        (key, id)
    }
}

/// A permit code signed as the phone signs it (low-S), at `iat` seconds.
///
/// Written here from the format in docs/permit-code.md ("The token"), without
/// `permit_core::token`: the verifier under test decodes with that module, so encoding with it
/// too would let a mistake made the same way on both sides pass.
pub fn code(key: &p256::ecdsa::SigningKey, device_id: [u8; 8], iat: i64) -> String {
    use p256::ecdsa::{signature::Signer, Signature};
    let mut body = vec![1u8];
    body.extend_from_slice(&device_id);
    body.extend_from_slice(&iat.to_be_bytes());
    let message = [b"gd-epermit-code/v1".as_slice(), &body].concat();
    let sig: Signature = key.sign(&message);
    let sig = sig.normalize_s().unwrap_or(sig);
    body.extend_from_slice(&sig.to_bytes());
    format!("GDJZZ:{}", base32(&body))
}

/// A challenge answer signed as the phone signs it (low-S), written from the format in
/// docs/challenge.md without `permit_core::challenge`, for the reason given at [`code`].
/// `challenge` is the challenge's `id` as the API spells it (base32).
pub fn answer(key: &p256::ecdsa::SigningKey, device_id: [u8; 8], challenge: &str, iat: i64, department: &str, counter: &str) -> String {
    use p256::ecdsa::{signature::Signer, Signature};
    let challenge_id = base32_decode(challenge);
    assert_eq!(challenge_id.len(), 16, "a challenge id is 16 bytes");
    let mut head = vec![1u8];
    head.extend_from_slice(&device_id);
    head.extend_from_slice(&challenge_id);
    head.extend_from_slice(&iat.to_be_bytes());
    let mut tail = Vec::new();
    for name in [department, counter] {
        tail.push(u8::try_from(name.len()).unwrap());
        tail.extend_from_slice(name.as_bytes());
    }
    let message = [b"gd-epermit-answer/v1".as_slice(), &head, &tail].concat();
    let sig: Signature = key.sign(&message);
    let sig = sig.normalize_s().unwrap_or(sig);
    let body = [head.as_slice(), &sig.to_bytes(), &tail].concat();
    format!("GDJZZ-A:{}", base32(&body))
}

fn base32_decode(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let (mut out, mut acc, mut bits) = (Vec::new(), 0u32, 0u32);
    for c in text.bytes() {
        acc = (acc << 5) | ALPHABET.iter().position(|&a| a == c).expect("base32") as u32;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

/// RFC 4648 base32, uppercase, no padding.
fn base32(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let (mut out, mut acc, mut bits) = (String::new(), 0u32, 0u32);
    for &b in bytes {
        acc = (acc << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(ALPHABET[((acc >> bits) & 31) as usize] as char);
        }
    }
    if bits > 0 {
        out.push(ALPHABET[((acc << (5 - bits)) & 31) as usize] as char);
    }
    out
}

/// The phone number of a demo persona.
pub fn phone_of(label: &str) -> String {
    permit_mock::seed::personas(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap())
        .into_iter()
        .find(|p| p.label == label)
        .unwrap()
        .phone
}

/// A declaration of an owned home at `street` in 广州市越秀区 (`"北京路步行街58号"`), `room`.
pub fn declare_owned(street: &str, room: &str) -> serde_json::Value {
    serde_json::json!({ "mode": "declare", "address": {
        "city": "广州市", "county": "越秀区", "street": street, "building_room": room, "housing": "owned", "landlord": null,
    } })
}

//! Injected faults per request class: latency, errors, dropped connections. Set by flags
//! (`--fault class:latency_ms:error_rate:drop_rate`) or the test-only admin endpoint.

use axum::http::Method;
use permit_core::api::testing::{Fault, RequestClass};
use std::{
    collections::HashMap,
    sync::{Arc, RwLock},
};

#[derive(Clone, Default)]
pub struct Faults {
    by_class: Arc<RwLock<HashMap<RequestClass, Fault>>>,
}

impl Faults {
    pub fn set(&self, class: RequestClass, fault: Fault) {
        let mut map = self.by_class.write().unwrap_or_else(|p| p.into_inner());
        if fault == Fault::default() {
            map.remove(&class);
        } else {
            map.insert(class, fault);
        }
    }

    pub fn clear(&self) {
        self.by_class.write().unwrap_or_else(|p| p.into_inner()).clear();
    }

    pub fn get(&self, class: RequestClass) -> Option<Fault> {
        self.by_class.read().unwrap_or_else(|p| p.into_inner()).get(&class).copied()
    }
}

/// Parses `class:latency_ms:error_rate:drop_rate`, e.g. `write:300:0.1:0.05`.
pub fn parse_flag(s: &str) -> Result<(RequestClass, Fault), String> {
    let parts: Vec<&str> = s.split(':').collect();
    let [class, latency, error, drop] = parts[..] else {
        return Err("expected class:latency_ms:error_rate:drop_rate".into());
    };
    let class: RequestClass =
        serde_json::from_value(serde_json::Value::String(class.into())).map_err(|_| format!("unknown class `{class}`"))?;
    let rate = |v: &str| v.parse::<f64>().ok().filter(|r| (0.0..=1.0).contains(r)).ok_or(format!("bad rate `{v}`"));
    Ok((
        class,
        Fault {
            latency_ms: latency.parse().map_err(|_| format!("bad latency `{latency}`"))?,
            error_rate: rate(error)?,
            drop_rate: rate(drop)?,
        },
    ))
}

/// Which class a request belongs to. Test controls are never faulted.
pub fn classify(method: &Method, path: &str) -> Option<RequestClass> {
    if !path.starts_with("/api/v1/") || path.starts_with("/api/v1/test/") {
        return None;
    }
    Some(if path.starts_with("/api/v1/auth/") {
        RequestClass::Auth
    } else if path.starts_with("/api/v1/events") {
        RequestClass::Events
    } else if path.starts_with("/api/v1/verifications") {
        RequestClass::Verify
    } else if path == "/api/v1/photo" || path.ends_with("/materials") {
        RequestClass::Upload
    } else if method == Method::GET || method == Method::HEAD {
        RequestClass::Read
    } else {
        RequestClass::Write
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_parse_and_bad_ones_say_why() {
        let (class, fault) = parse_flag("write:300:0.1:0.05").unwrap();
        assert_eq!(class, RequestClass::Write);
        assert_eq!(fault, Fault { latency_ms: 300, error_rate: 0.1, drop_rate: 0.05 });
        assert!(parse_flag("write:300:2:0").unwrap_err().contains("bad rate"));
        assert!(parse_flag("nope:0:0:0").unwrap_err().contains("unknown class"));
    }

    #[test]
    fn requests_are_classified() {
        assert_eq!(classify(&Method::POST, "/api/v1/auth/otp"), Some(RequestClass::Auth));
        assert_eq!(classify(&Method::POST, "/api/v1/photo"), Some(RequestClass::Upload));
        assert_eq!(classify(&Method::POST, "/api/v1/application/materials"), Some(RequestClass::Upload));
        assert_eq!(classify(&Method::GET, "/api/v1/permit"), Some(RequestClass::Read));
        assert_eq!(classify(&Method::POST, "/api/v1/registration"), Some(RequestClass::Write));
        assert_eq!(classify(&Method::POST, "/api/v1/test/clock"), None);
        assert_eq!(classify(&Method::GET, "/card"), None);
    }
}

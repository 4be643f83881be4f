//! The optional physical card: first one free, replacement or renewal 20 yuan (simulated
//! payment), and guidance when the card's address is older than the permit's.

use permit_core::api::ErrorCode;
use super::common::{conflict, no_permit, resident, resident_mut};
use crate::{
    error::{ApiError, Json},
    ids::new_id,
    model::CardOrderRecord,
    state::AppState,
    world::{Advanced, REVIEW_DELAY_MS},
};
use axum::{
    extract::{Path, State},
    http::StatusCode,
};
use permit_core::{
    api::{
        card::{CardKind, CardOrder, CardOrderRequest, CardOrderStatus, PaymentRequest, PhysicalCard},
        Problem,
    },
    fees::{fee_yuan, Service},
};

fn view(o: &CardOrderRecord) -> CardOrder {
    CardOrder {
        id: o.id.clone(),
        kind: o.kind,
        fee_yuan: o.fee_yuan,
        status: o.status,
        created_at_ms: o.created_at_ms,
        ready_expected_ms: o.ready_at_ms,
    }
}

/// The physical card on record and whether its address still matches the permit's.
#[utoipa::path(get, path = "/api/v1/card", tag = "card", security(("bearer" = [])),
    responses(
        (status = 200, body = PhysicalCard),
        (status = 401, description = "Not signed in, or the session ended (`unauthorized`, `session_expired`)", body = Problem),
        (status = 403, description = "Counter staff (`not_a_resident`), or may not act for the `x-acting-for` person (`not_a_dependant`, `proxy_not_allowed`)", body = Problem),
    ))]
pub async fn get_card(Advanced(person): Advanced) -> Result<Json<PhysicalCard>, ApiError> {
    let r = resident(&person)?;
    let current = r.registration.as_ref().map(|g| g.address.as_str());
    let card = r.physical_card.as_ref();
    let matches = card.is_none_or(|c| Some(c.address.as_str()) == current);
    Ok(Json(PhysicalCard {
        has_card: card.is_some(),
        address_on_card: card.map(|c| c.address.clone()),
        valid_until: card.map(|c| c.valid_until),
        address_matches: matches,
        guidance_zh: (!matches).then(|| {
            "实体证上的地址与电子居住证不一致时，以电子居住证为准。可携带实体证到派出所窗口或自助签注机免费改写卡内地址。".to_owned()
        }),
        guidance_en: (!matches).then(|| {
            "Where the card and the electronic permit differ, the electronic permit's address is the valid one. \
             Rewrite the card's address free of charge at a police station counter or a self-service endorsement machine."
                .to_owned()
        }),
    }))
}

/// The holder's card orders, newest first.
#[utoipa::path(get, path = "/api/v1/card-orders", tag = "card", security(("bearer" = [])),
    responses(
        (status = 200, body = [CardOrder]),
        (status = 401, description = "Not signed in, or the session ended (`unauthorized`, `session_expired`)", body = Problem),
        (status = 403, description = "Counter staff (`not_a_resident`), or may not act for the `x-acting-for` person (`not_a_dependant`, `proxy_not_allowed`)", body = Problem),
    ))]
pub async fn list_orders(Advanced(person): Advanced) -> Result<Json<Vec<CardOrder>>, ApiError> {
    let r = resident(&person)?;
    Ok(Json(r.card_orders.iter().rev().map(view).collect()))
}

/// Orders a physical card. The first is free and goes straight to production; a replacement
/// or renewal costs 20 yuan and waits for payment.
#[utoipa::path(post, path = "/api/v1/card-orders", tag = "card", security(("bearer" = [])),
    request_body = CardOrderRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retry return the first result")),
    responses(
        (status = 201, body = CardOrder),
        (status = 400, description = "Malformed JSON (`malformed_json`) or a bad `Idempotency-Key` (`invalid_idempotency_key`)", body = Problem),
        (status = 401, description = "Not signed in, or the session ended (`unauthorized`, `session_expired`)", body = Problem),
        (status = 403, description = "Counter staff (`not_a_resident`), or may not act for the `x-acting-for` person (`not_a_dependant`, `proxy_not_allowed`)", body = Problem),
        (status = 404, description = "No permit and no card (`no_permit`)", body = Problem),
        (status = 409, description = "A first card when one was issued (`card_exists`), a replacement or renewal without one (`no_card_yet`), or an order open (`card_order_open`)", body = Problem),
        (status = 413, description = "JSON body over 256 KB (`body_too_large`)", body = Problem),
        (status = 415, description = "Not sent as `application/json` (`unsupported_media_type`)", body = Problem),
        (status = 422, description = "Missing or mistyped fields (`invalid_fields`), or an `Idempotency-Key` reused for another request (`idempotency_key_reused`)", body = Problem),
    ))]
pub async fn order(
    State(state): State<AppState>,
    Advanced(user): Advanced,
    Json(req): Json<CardOrderRequest>,
) -> Result<(StatusCode, Json<CardOrder>), ApiError> {
    let now = state.clock.now_ms();
    let (out, _) = state.store.update_person(&user.id, |person, _| {
    let r = resident_mut(person)?;
    if r.permit.as_ref().is_none_or(|p| p.cancelled_at_ms.is_some()) && r.physical_card.is_none() {
        return Err(no_permit());
    }
    if r.card_orders.iter().any(|o| o.status != CardOrderStatus::ReadyForCollection) {
        return Err(conflict(ErrorCode::CardOrderOpen, "a card order is already in progress"));
    }
    let had_card = r.physical_card.is_some() || !r.card_orders.is_empty();
    let service = match (req.kind, had_card) {
        (CardKind::First, false) => Service::FirstCard,
        (CardKind::First, true) => return Err(conflict(ErrorCode::CardExists, "a card was issued before: order a replacement or renewal")),
        (CardKind::Replacement, true) => Service::ReplacementCard,
        (CardKind::Renewal, true) => Service::RenewalCard,
        (_, false) => return Err(conflict(ErrorCode::NoCardYet, "no card was issued yet: order the first card (free)")),
    };
    let fee = fee_yuan(service);
    let record = CardOrderRecord {
        id: new_id("card"),
        kind: req.kind,
        fee_yuan: fee,
        status: if fee == 0 { CardOrderStatus::InProduction } else { CardOrderStatus::AwaitingPayment },
        created_at_ms: now,
        ready_at_ms: (fee == 0).then_some(now + REVIEW_DELAY_MS),
    };
    let out = view(&record);
    r.card_orders.push(record);
    Ok(out)
    })?;
    Ok((StatusCode::CREATED, Json(out)))
}

/// Pays for an order (simulated: always succeeds). Paying twice is refused.
#[utoipa::path(post, path = "/api/v1/card-orders/{id}/payment", tag = "card", security(("bearer" = [])),
    params(("id" = String, Path, description = "The order id"), ("Idempotency-Key" = Option<String>, Header, description = "Makes a retry return the first result")),
    request_body = PaymentRequest,
    responses(
        (status = 200, body = CardOrder),
        (status = 400, description = "Malformed JSON (`malformed_json`) or a bad `Idempotency-Key` (`invalid_idempotency_key`)", body = Problem),
        (status = 401, description = "Not signed in, or the session ended (`unauthorized`, `session_expired`)", body = Problem),
        (status = 403, description = "Counter staff (`not_a_resident`), or may not act for the `x-acting-for` person (`not_a_dependant`, `proxy_not_allowed`)", body = Problem),
        (status = 404, description = "No such order (`not_found`)", body = Problem),
        (status = 409, description = "Nothing to pay (`nothing_to_pay`)", body = Problem),
        (status = 413, description = "JSON body over 256 KB (`body_too_large`)", body = Problem),
        (status = 415, description = "Not sent as `application/json` (`unsupported_media_type`)", body = Problem),
        (status = 422, description = "Missing or mistyped fields (`invalid_fields`), or an `Idempotency-Key` reused for another request (`idempotency_key_reused`)", body = Problem),
    ))]
pub async fn pay(
    State(state): State<AppState>,
    Advanced(user): Advanced,
    Path(id): Path<String>,
    Json(_req): Json<PaymentRequest>,
) -> Result<Json<CardOrder>, ApiError> {
    let now = state.clock.now_ms();
    let (out, _) = state.store.update_person(&user.id, |person, _| {
    let r = resident_mut(person)?;
    let order = r.card_orders.iter_mut().find(|o| o.id == id).ok_or_else(|| ApiError::not_found("no such order"))?;
    if order.status != CardOrderStatus::AwaitingPayment {
        return Err(conflict(ErrorCode::NothingToPay, "this order is not waiting for payment"));
    }
    order.status = CardOrderStatus::InProduction;
    order.ready_at_ms = Some(now + REVIEW_DELAY_MS);
    Ok(view(order))
    })?;
    Ok(Json(out))
}

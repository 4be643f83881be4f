//! The optional physical card: first card free, replacement or renewal 20 yuan.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
#[cfg(feature = "openapi")]
use utoipa::ToSchema;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CardKind {
    First,
    /// 补领: the card was lost.
    Replacement,
    /// 换领: the card is damaged or its details changed.
    Renewal,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PhysicalCard {
    pub has_card: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_on_card: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<NaiveDate>,
    /// False when the card shows an older address than the electronic permit.
    pub address_matches: bool,
    /// What to do about a mismatch, in Chinese and English; the electronic permit's address
    /// is the valid one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guidance_zh: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guidance_en: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CardOrderRequest {
    pub kind: CardKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CardOrderStatus {
    AwaitingPayment,
    InProduction,
    ReadyForCollection,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CardOrder {
    pub id: String,
    pub kind: CardKind,
    pub fee_yuan: u32,
    pub status: CardOrderStatus,
    pub created_at_ms: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ready_expected_ms: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PaymentMethod {
    Wechat,
    Alipay,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PaymentRequest {
    pub method: PaymentMethod,
}

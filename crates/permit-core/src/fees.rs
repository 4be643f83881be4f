//! Fees. Applying, endorsing and cancelling the electronic permit are free. A physical card is
//! optional: the first is free; a replacement (补领, lost card) or a renewal (换领, damaged
//! card or changed details) costs 20 yuan.

use serde::{Deserialize, Serialize};

/// The fee for a physical card replacement or renewal, in yuan.
pub const CARD_FEE_YUAN: u32 = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Service {
    ApplyElectronic,
    EndorseElectronic,
    CancelElectronic,
    /// The first physical card.
    FirstCard,
    /// 补领: a card that was lost.
    ReplacementCard,
    /// 换领: a card that is damaged or whose details changed.
    RenewalCard,
}

/// The fee in yuan for a service.
pub fn fee_yuan(service: Service) -> u32 {
    match service {
        Service::ReplacementCard | Service::RenewalCard => CARD_FEE_YUAN,
        Service::ApplyElectronic
        | Service::EndorseElectronic
        | Service::CancelElectronic
        | Service::FirstCard => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_replacement_and_renewal_cards_cost_money() {
        assert_eq!(fee_yuan(Service::ReplacementCard), 20);
        assert_eq!(fee_yuan(Service::RenewalCard), 20);
        for free in [Service::ApplyElectronic, Service::EndorseElectronic, Service::CancelElectronic, Service::FirstCard] {
            assert_eq!(fee_yuan(free), 0, "{free:?}");
        }
    }
}

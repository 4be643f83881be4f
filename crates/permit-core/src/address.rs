//! Residence addresses as a resident declares them: in Guangdong, and specific enough to find
//! the door.

pub const MIN_CHARS: usize = 10;
pub const MAX_CHARS: usize = 120;
pub const PROVINCE_PREFIX: &str = "广东省";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressError {
    OutsideGuangdong,
    TooShort,
    TooLong,
}

impl AddressError {
    /// The stable code the backend answers with.
    pub fn code(self) -> crate::api::ErrorCode {
        use crate::api::ErrorCode;
        match self {
            Self::OutsideGuangdong => ErrorCode::AddressOutsideGuangdong,
            Self::TooShort => ErrorCode::AddressTooShort,
            Self::TooLong => ErrorCode::AddressTooLong,
        }
    }
}

/// The address trimmed, or why it cannot be declared.
pub fn validate(raw: &str) -> Result<String, AddressError> {
    let address = raw.trim();
    let n = address.chars().count();
    if !address.starts_with(PROVINCE_PREFIX) {
        return Err(AddressError::OutsideGuangdong);
    }
    if n < MIN_CHARS {
        return Err(AddressError::TooShort);
    }
    if n > MAX_CHARS {
        return Err(AddressError::TooLong);
    }
    Ok(address.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guangdong_addresses_with_a_door_pass() {
        assert_eq!(validate("  广东省广州市天河区体育西路1号  ").unwrap(), "广东省广州市天河区体育西路1号");
    }

    #[test]
    fn each_problem_is_named() {
        assert_eq!(validate("北京市朝阳区建国路1号院"), Err(AddressError::OutsideGuangdong));
        assert_eq!(validate("广东省广州市"), Err(AddressError::TooShort));
        assert_eq!(validate(&format!("广东省{}", "一".repeat(118))), Err(AddressError::TooLong));
        assert!(validate(&format!("广东省{}", "一".repeat(117))).is_ok());
    }
}

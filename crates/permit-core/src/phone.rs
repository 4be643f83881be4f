//! Mainland mobile numbers, the sign-in identity.

/// Why a phone number is refused; a stable code the UI maps to a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhoneError {
    /// Not 11 digits.
    Length,
    /// Not a mainland mobile prefix (13x to 19x).
    Prefix,
}

/// Accepts an 11-digit mainland mobile number (`1[3-9]` then nine digits), ignoring spaces and
/// dashes a person may type, and returns it normalized.
pub fn normalize_mobile(input: &str) -> Result<String, PhoneError> {
    let digits: String = input.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    if digits.len() != 11 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(PhoneError::Length);
    }
    let b = digits.as_bytes();
    if b[0] != b'1' || !(b'3'..=b'9').contains(&b[1]) {
        return Err(PhoneError::Prefix);
    }
    Ok(digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_and_normalizes() {
        assert_eq!(normalize_mobile("138 0013-8000").unwrap(), "13800138000");
    }

    #[test]
    fn refuses_bad_numbers() {
        assert_eq!(normalize_mobile("1380013800"), Err(PhoneError::Length));
        assert_eq!(normalize_mobile("1380013800a"), Err(PhoneError::Length));
        assert_eq!(normalize_mobile("12800138000"), Err(PhoneError::Prefix));
        assert_eq!(normalize_mobile("23800138000"), Err(PhoneError::Prefix));
    }
}

//! Masking of personal data for display: what a bystander may see over the holder's shoulder
//! or in a screenshot. The full value is shown only on an explicit tap.

/// `440106199003071234` becomes `440106********1234`: region and last four kept.
pub fn mask_id_number(id: &str) -> String {
    mask_middle(id, 6, 4)
}

/// A Chinese name keeps its first character (`王小明` → `王**`); a Latin name keeps its first
/// letter per word.
pub fn mask_name(name: &str) -> String {
    if name.is_ascii() {
        return name
            .split(' ')
            .map(|w| mask_middle(w, 1, 0))
            .collect::<Vec<_>>()
            .join(" ");
    }
    mask_middle(name, 1, 0)
}

/// An address keeps its first six characters (province and city, usually) and hides the rest.
pub fn mask_address(address: &str) -> String {
    let n = address.chars().count();
    if n <= 6 {
        return mask_middle(address, 1, 0);
    }
    let kept: String = address.chars().take(6).collect();
    format!("{kept}{}", "*".repeat((n - 6).min(8)))
}

/// A phone number `13800138000` becomes `138****8000`.
pub fn mask_phone(phone: &str) -> String {
    mask_middle(phone, 3, 4)
}

/// Keeps `head` leading and `tail` trailing characters and stars the rest. A value too short
/// to keep both ends keeps only what leaves at least one star.
fn mask_middle(value: &str, head: usize, tail: usize) -> String {
    let chars: Vec<char> = value.chars().collect();
    let n = chars.len();
    if n == 0 {
        return String::new();
    }
    let (head, tail) = if head + tail >= n {
        (head.min(n.saturating_sub(1)), 0)
    } else {
        (head, tail)
    };
    let mut out: String = chars[..head].iter().collect();
    out.push_str(&"*".repeat(n - head - tail));
    out.extend(&chars[n - tail..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_number_keeps_region_and_last_four() {
        assert_eq!(mask_id_number("440106199003071234"), "440106********1234");
    }

    #[test]
    fn names_keep_the_first_character() {
        assert_eq!(mask_name("王小明"), "王**");
        assert_eq!(mask_name("欧阳"), "欧*");
        assert_eq!(mask_name("李"), "*");
        assert_eq!(mask_name("Li Ming"), "L* M***");
    }

    #[test]
    fn addresses_and_phones() {
        assert_eq!(mask_address("广东省广州市天河区体育西路1号"), "广东省广州市********");
        assert_eq!(mask_phone("13800138000"), "138****8000");
    }

    proptest::proptest! {
        #[test]
        fn masking_keeps_length_and_hides_something(s in "\\PC{1,40}", name in "[^\\s]{1,20}") {
            let masked = mask_id_number(&s);
            proptest::prop_assert_eq!(masked.chars().count(), s.chars().count());
            proptest::prop_assert!(masked.contains('*'));
            let masked = mask_name(&name);
            proptest::prop_assert!(masked.contains('*'));
        }
    }
}

//! Residence addresses as a resident declares them: in Guangdong, and specific enough to find
//! the door.
//!
//! Two forms live here:
//!
//! - [`validate`] checks one free-text line (it must start with 广东省): the line the permit
//!   prints, and what the mock backend and the app exchange today.
//! - [`StructuredAddress`] is the address as the real residence declaration (居住登记) asks for
//!   it: city → county-level division → street → building and room, the housing type, and, for
//!   rented housing, the owner's (屋主) name and phone. [`StructuredAddress::validate`] names every
//!   problem per field; the [`StructuredAddress::line`] of an accepted address is the line the
//!   permit prints, and always passes [`validate`].
//!
//! # Why structured
//!
//! The residence permit carries the residence address (居住证暂行条例 art. 4: 居住地住址), and
//! it is applied for at the police station of the place of residence (居住地公安派出所) with
//! proof of that address: a lease, a title deed or purchase contract, or a housing statement
//! from the landlord, the employer or the school (居住证暂行条例 art. 9). A free-text line
//! cannot be checked against any of that; a structured address can:
//!
//! - the county-level division must be one of the city's (see [`crate::county`]), and it
//!   decides the police station and the issuing authority (art. 7: the county-level public
//!   security organ), so a typo there sends the application to the wrong office;
//! - the housing type says which proof of address the station will ask for;
//! - for rented housing the declaration names the home owner (屋主), who confirms the tenancy
//!   (art. 9 accepts a housing statement from the lessor, 房屋出租人), so their name and a
//!   reachable mobile number are required then, and only then.
//!
//! Every text field is trimmed, measured in characters (not bytes), and refused if it holds
//! control characters, invisible formatting characters (bidirectional overrides, zero-width
//! characters), angle brackets, emoji or private-use characters: nothing a door sign carries,
//! and all of it able to garble the printed permit or the officer's screen.

use serde::{Deserialize, Serialize};

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

/// The characters a street name may have (after trimming).
pub const STREET_MIN_CHARS: usize = 2;
pub const STREET_MAX_CHARS: usize = 40;
/// The characters a building and room may have (after trimming), e.g. `"3栋1204房"`.
pub const BUILDING_ROOM_MIN_CHARS: usize = 1;
pub const BUILDING_ROOM_MAX_CHARS: usize = 30;
/// The characters the home owner's name may have (after trimming).
pub const LANDLORD_NAME_MIN_CHARS: usize = 2;
pub const LANDLORD_NAME_MAX_CHARS: usize = 20;

/// Where the resident lives, as the declaration asks; it decides the proof of address the
/// police station asks for (居住证暂行条例 art. 9).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum HousingType {
    /// 租住: a rented home; the lease, and the owner's name and phone.
    #[default]
    Rented,
    /// 自有住房: the resident's own home; the title deed or purchase contract.
    Owned,
    /// 单位宿舍: a dormitory of the employer; the employer's housing statement.
    EmployerDormitory,
    /// 亲友家: with relatives or friends; the host's statement.
    RelativeOrFriend,
}

impl HousingType {
    pub const ALL: [Self; 4] =
        [Self::Rented, Self::Owned, Self::EmployerDormitory, Self::RelativeOrFriend];

    /// The name on the declaration form.
    pub fn label(self) -> &'static str {
        match self {
            Self::Rented => "租住",
            Self::Owned => "自有住房",
            Self::EmployerDormitory => "单位宿舍",
            Self::RelativeOrFriend => "亲友家",
        }
    }

    /// Whether the declaration names the home owner (屋主): for rented housing only.
    pub fn requires_landlord(self) -> bool {
        self == Self::Rented
    }
}

/// The owner of a rented home (屋主), as the declaration records them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Landlord {
    pub name: String,
    /// A mainland mobile number (see [`crate::phone::normalize_mobile`]).
    pub phone: String,
}

/// A residence address in Guangdong as the residence declaration asks for it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StructuredAddress {
    /// One of the 21 prefecture-level cities, by its full name (`"广州市"`).
    pub city: String,
    /// One of the city's county-level units (`"天河区"`); in 东莞市 and 中山市 a town or
    /// subdistrict (`"南城街道"`, `"小榄镇"`). See [`crate::county::COUNTIES`].
    pub county: String,
    /// The street (or village, residential compound) and number: `"体育西路1号"`.
    pub street: String,
    /// The building and room: `"3栋1204房"`.
    pub building_room: String,
    pub housing: HousingType,
    /// The home owner: required exactly when `housing` is [`HousingType::Rented`].
    pub landlord: Option<Landlord>,
}

/// The field of a [`StructuredAddress`] a problem is about, so the app can show the message
/// next to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AddressField {
    City,
    County,
    Street,
    BuildingRoom,
    /// The landlord as a whole (missing, or given when not rented).
    Landlord,
    LandlordName,
    LandlordPhone,
}

/// One reason a [`StructuredAddress`] cannot be declared; [`StructuredAddress::validate`]
/// returns all of them at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum AddressProblem {
    /// The city is not one of Guangdong's 21 prefecture-level cities.
    UnknownCity,
    /// The county-level unit is not one of the city's.
    CountyNotInCity,
    /// The field is empty (or only whitespace).
    Empty { field: AddressField },
    /// The field has fewer than `min` characters.
    TooShort { field: AddressField, min: usize },
    /// The field has more than `max` characters.
    TooLong { field: AddressField, max: usize },
    /// The field holds a control or invisible formatting character, an angle bracket, an emoji
    /// or a private-use character.
    ForbiddenCharacter { field: AddressField },
    /// The housing is rented but the home owner is not given.
    LandlordMissing,
    /// A home owner is given but the housing is not rented.
    LandlordNotExpected,
    /// The home owner's phone is not a mainland mobile number.
    LandlordPhoneInvalid,
}

impl AddressProblem {
    /// The field the problem is about.
    pub fn field(self) -> AddressField {
        match self {
            Self::UnknownCity => AddressField::City,
            Self::CountyNotInCity => AddressField::County,
            Self::Empty { field }
            | Self::TooShort { field, .. }
            | Self::TooLong { field, .. }
            | Self::ForbiddenCharacter { field } => field,
            Self::LandlordMissing | Self::LandlordNotExpected => AddressField::Landlord,
            Self::LandlordPhoneInvalid => AddressField::LandlordPhone,
        }
    }
}

/// Whether `c` may not appear in any address field: control characters (C0, DEL, C1),
/// invisible formatting characters that can reorder or hide text (bidirectional embeddings,
/// overrides and isolates, zero-width characters, the byte-order mark, line and paragraph
/// separators), angle brackets (also full-width, which NFKC folds to ASCII), emoji and
/// pictographs with their variation selectors and joiners, private-use characters (which
/// render differently on every device) and noncharacters. CJK ideographs of every extension
/// stay allowed: Guangdong place names use rare ones.
fn is_forbidden(c: char) -> bool {
    c.is_control()
        || matches!(c, '<' | '>' | '\u{FF1C}' | '\u{FF1E}')
        || matches!(
            c,
            '\u{00AD}'
                | '\u{061C}'
                | '\u{115F}'..='\u{1160}'
                | '\u{180E}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{3164}'
                | '\u{FEFF}'
                | '\u{FFA0}'
                | '\u{FFF9}'..='\u{FFFD}'
        )
        // Emoji, pictographs and their modifiers.
        || matches!(
            c,
            '\u{2600}'..='\u{27BF}'
                | '\u{2B00}'..='\u{2BFF}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{1F000}'..='\u{1FAFF}'
                | '\u{E0000}'..='\u{E01EF}'
        )
        // Private use and noncharacters.
        || matches!(
            c,
            '\u{E000}'..='\u{F8FF}' | '\u{F0000}'..='\u{10FFFF}' | '\u{FDD0}'..='\u{FDEF}'
        )
        || (c as u32) & 0xFFFE == 0xFFFE
}

/// Checks one text field (already trimmed) for emptiness, length and characters.
fn check_text(
    field: AddressField,
    value: &str,
    (min, max): (usize, usize),
    problems: &mut Vec<AddressProblem>,
) {
    let n = value.chars().count();
    if n == 0 {
        problems.push(AddressProblem::Empty { field });
        return;
    }
    if n < min {
        problems.push(AddressProblem::TooShort { field, min });
    }
    if n > max {
        problems.push(AddressProblem::TooLong { field, max });
    }
    if value.chars().any(is_forbidden) {
        problems.push(AddressProblem::ForbiddenCharacter { field });
    }
}

impl StructuredAddress {
    /// Every reason the address cannot be declared, or `Ok` when it can. Fields are trimmed
    /// before they are checked; [`Self::normalized`] gives the trimmed address to store.
    pub fn validate(&self) -> Result<(), Vec<AddressProblem>> {
        use AddressField as F;
        let mut problems = Vec::new();

        let city = self.city.trim();
        let known_city = crate::division::CITIES.iter().any(|(c, _)| *c == city);
        if city.is_empty() {
            problems.push(AddressProblem::Empty { field: F::City });
        } else {
            if city.chars().any(is_forbidden) {
                problems.push(AddressProblem::ForbiddenCharacter { field: F::City });
            }
            if !known_city {
                problems.push(AddressProblem::UnknownCity);
            }
        }

        let county = self.county.trim();
        if county.is_empty() {
            problems.push(AddressProblem::Empty { field: F::County });
        } else {
            if county.chars().any(is_forbidden) {
                problems.push(AddressProblem::ForbiddenCharacter { field: F::County });
            }
            // Against an unknown city there is nothing to check the county with; the city's
            // own problem is reported.
            if known_city && !crate::county::is_county_of(city, county) {
                problems.push(AddressProblem::CountyNotInCity);
            }
        }

        check_text(
            F::Street,
            self.street.trim(),
            (STREET_MIN_CHARS, STREET_MAX_CHARS),
            &mut problems,
        );
        check_text(
            F::BuildingRoom,
            self.building_room.trim(),
            (BUILDING_ROOM_MIN_CHARS, BUILDING_ROOM_MAX_CHARS),
            &mut problems,
        );

        match (&self.landlord, self.housing.requires_landlord()) {
            (None, true) => problems.push(AddressProblem::LandlordMissing),
            (Some(_), false) => problems.push(AddressProblem::LandlordNotExpected),
            (None, false) => {}
            (Some(landlord), true) => {
                check_text(
                    F::LandlordName,
                    landlord.name.trim(),
                    (LANDLORD_NAME_MIN_CHARS, LANDLORD_NAME_MAX_CHARS),
                    &mut problems,
                );
                let phone = landlord.phone.trim();
                if phone.is_empty() {
                    problems.push(AddressProblem::Empty { field: F::LandlordPhone });
                } else if crate::phone::normalize_mobile(phone).is_err() {
                    problems.push(AddressProblem::LandlordPhoneInvalid);
                }
            }
        }

        if problems.is_empty() { Ok(()) } else { Err(problems) }
    }

    /// The address with every field trimmed and the owner's phone normalized (when it is a
    /// valid number): the form to store once [`Self::validate`] accepts it.
    pub fn normalized(&self) -> Self {
        Self {
            city: self.city.trim().to_owned(),
            county: self.county.trim().to_owned(),
            street: self.street.trim().to_owned(),
            building_room: self.building_room.trim().to_owned(),
            housing: self.housing,
            landlord: self.landlord.as_ref().map(|l| Landlord {
                name: l.name.trim().to_owned(),
                phone: crate::phone::normalize_mobile(l.phone.trim())
                    .unwrap_or_else(|_| l.phone.trim().to_owned()),
            }),
        }
    }

    /// The one-line address printed on the permit: 广东省, then city, county, street and
    /// building/room, trimmed and without separators, e.g.
    /// `广东省广州市天河区体育西路1号3栋1204房`. For an address [`Self::validate`] accepts, the
    /// line passes the free-text [`validate`].
    pub fn line(&self) -> String {
        format!(
            "{PROVINCE_PREFIX}{}{}{}{}",
            self.city.trim(),
            self.county.trim(),
            self.street.trim(),
            self.building_room.trim()
        )
    }
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

#[cfg(test)]
mod structured_tests {
    use super::*;
    use crate::county::COUNTIES;
    use AddressField as F;
    use AddressProblem as P;

    fn rented() -> StructuredAddress {
        StructuredAddress {
            city: "广州市".into(),
            county: "天河区".into(),
            street: "体育西路1号".into(),
            building_room: "3栋1204房".into(),
            housing: HousingType::Rented,
            landlord: Some(Landlord { name: "陈大文".into(), phone: "138 0013-8000".into() }),
        }
    }

    fn owned() -> StructuredAddress {
        StructuredAddress { housing: HousingType::Owned, landlord: None, ..rented() }
    }

    fn problems(a: &StructuredAddress) -> Vec<AddressProblem> {
        a.validate().err().unwrap_or_default()
    }

    #[test]
    fn a_complete_rented_address_passes_and_prints_one_line() {
        assert_eq!(rented().validate(), Ok(()));
        assert_eq!(rented().line(), "广东省广州市天河区体育西路1号3栋1204房");
        assert_eq!(validate(&rented().line()).unwrap(), rented().line());
    }

    #[test]
    fn every_housing_type_but_rented_needs_no_landlord() {
        for housing in HousingType::ALL {
            let a = StructuredAddress { housing, landlord: None, ..rented() };
            assert_eq!(a.validate().is_ok(), housing != HousingType::Rented, "{housing:?}");
        }
    }

    #[test]
    fn rented_without_landlord_is_refused() {
        let a = StructuredAddress { landlord: None, ..rented() };
        assert_eq!(a.validate(), Err(vec![P::LandlordMissing]));
    }

    #[test]
    fn landlord_on_owned_housing_is_refused() {
        let a = StructuredAddress { landlord: rented().landlord, ..owned() };
        assert_eq!(a.validate(), Err(vec![P::LandlordNotExpected]));
        let a = StructuredAddress { housing: HousingType::EmployerDormitory, ..a };
        assert_eq!(a.validate(), Err(vec![P::LandlordNotExpected]));
    }

    #[test]
    fn the_landlord_is_checked() {
        let with = |name: &str, phone: &str| StructuredAddress {
            landlord: Some(Landlord { name: name.into(), phone: phone.into() }),
            ..rented()
        };
        assert_eq!(problems(&with("陈", "13800138000")), [P::TooShort { field: F::LandlordName, min: 2 }]);
        assert_eq!(
            problems(&with(&"陈".repeat(21), "13800138000")),
            [P::TooLong { field: F::LandlordName, max: 20 }]
        );
        assert_eq!(problems(&with("  ", "13800138000")), [P::Empty { field: F::LandlordName }]);
        assert_eq!(problems(&with("陈大文", "")), [P::Empty { field: F::LandlordPhone }]);
        assert_eq!(problems(&with("陈大文", "12800138000")), [P::LandlordPhoneInvalid]);
        assert_eq!(problems(&with("陈大文", "020-12345678")), [P::LandlordPhoneInvalid]);
        assert_eq!(problems(&with("陈大文", "１３８００１３８０００")), [P::LandlordPhoneInvalid]);
        assert_eq!(with(" 买买提·艾力 ", " 13800138000 ").validate(), Ok(()));
    }

    #[test]
    fn a_county_of_another_city_is_refused() {
        let a = StructuredAddress { county: "南山区".into(), ..owned() };
        assert_eq!(a.validate(), Err(vec![P::CountyNotInCity]));
        let a = StructuredAddress { city: "深圳市".into(), county: "南山区".into(), ..owned() };
        assert_eq!(a.validate(), Ok(()));
        // Same-named units are told apart by their city.
        let a = StructuredAddress { city: "东莞市".into(), county: "东区街道".into(), ..owned() };
        assert_eq!(a.validate(), Err(vec![P::CountyNotInCity]));
        let a = StructuredAddress { city: "中山市".into(), county: "东区街道".into(), ..owned() };
        assert_eq!(a.validate(), Ok(()));
    }

    #[test]
    fn an_unknown_city_is_refused() {
        for city in ["北京市", "广州", "广东省广州市", "香港", "广州市广州市"] {
            let a = StructuredAddress { city: city.into(), ..owned() };
            assert_eq!(a.validate(), Err(vec![P::UnknownCity]), "{city}");
        }
    }

    #[test]
    fn every_county_of_every_city_passes() {
        for (city, counties) in COUNTIES {
            for county in counties {
                let a = StructuredAddress { city: city.into(), county: (*county).into(), ..owned() };
                assert_eq!(a.validate(), Ok(()), "{city}{county}");
                assert!(validate(&a.line()).is_ok(), "{}", a.line());
            }
        }
    }

    #[test]
    fn the_shortest_and_longest_lines_pass_the_free_text_check() {
        let shortest = StructuredAddress {
            city: "汕尾市".into(),
            county: "城区".into(),
            street: "一路".into(),
            building_room: "1".into(),
            ..owned()
        };
        assert_eq!(shortest.validate(), Ok(()));
        assert!(shortest.line().chars().count() >= MIN_CHARS);
        assert!(validate(&shortest.line()).is_ok());
        let longest = StructuredAddress {
            city: "清远市".into(),
            county: "连山壮族瑶族自治县".into(),
            street: "路".repeat(STREET_MAX_CHARS),
            building_room: "房".repeat(BUILDING_ROOM_MAX_CHARS),
            ..owned()
        };
        assert_eq!(longest.validate(), Ok(()));
        assert!(validate(&longest.line()).is_ok());
    }

    #[test]
    fn lengths_count_characters_not_bytes() {
        // 40 three-byte characters: 120 bytes, 40 characters.
        let a = StructuredAddress { street: "路".repeat(40), ..owned() };
        assert_eq!(a.validate(), Ok(()));
        let a = StructuredAddress { street: "路".repeat(41), ..owned() };
        assert_eq!(a.validate(), Err(vec![P::TooLong { field: F::Street, max: 40 }]));
        let a = StructuredAddress { street: "路".into(), building_room: "房".repeat(31), ..owned() };
        assert_eq!(
            a.validate(),
            Err(vec![P::TooShort { field: F::Street, min: 2 }, P::TooLong { field: F::BuildingRoom, max: 30 }])
        );
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let a = StructuredAddress {
            city: "北京市".into(),
            county: "".into(),
            street: "<script>alert(1)</script>".into(),
            building_room: "\u{3000}\u{3000}".into(),
            housing: HousingType::Rented,
            landlord: None,
        };
        assert_eq!(
            a.validate(),
            Err(vec![
                P::UnknownCity,
                P::Empty { field: F::County },
                P::ForbiddenCharacter { field: F::Street },
                P::Empty { field: F::BuildingRoom },
                P::LandlordMissing,
            ])
        );
        assert_eq!(StructuredAddress::default().validate().unwrap_err().len(), 5);
    }

    #[test]
    fn extreme_strings_get_a_problem_not_a_panic() {
        let long = "路".repeat(10_000);
        let extremes = [
            "",
            " ",
            "\u{3000}\u{3000}\u{3000}",
            long.as_str(),
            "体育西路\u{0}1号",
            "体育西路\n1号",
            "体育西路\u{7F}1号",
            "体育西路\u{85}1号",
            "<script>alert(1)</script>",
            "体育西路＜1＞号",
            "体育西路😀1号",
            "体育西路🇨🇳1号",
            "体育西路☺\u{FE0F}1号",
            "体育西路\u{202E}号1",
            "体育西路\u{200B}1号",
            "体育西路\u{E000}1号",
            "体育西路\u{FFFD}1号",
        ];
        for s in extremes {
            for field in [F::City, F::County, F::Street, F::BuildingRoom, F::LandlordName, F::LandlordPhone] {
                let mut a = rented();
                match field {
                    F::City => a.city = s.into(),
                    F::County => a.county = s.into(),
                    F::Street => a.street = s.into(),
                    F::BuildingRoom => a.building_room = s.into(),
                    F::LandlordName => a.landlord.as_mut().unwrap().name = s.into(),
                    F::LandlordPhone => a.landlord.as_mut().unwrap().phone = s.into(),
                    F::Landlord => unreachable!(),
                }
                let problems = a.validate().expect_err(&format!("{field:?} = {s:?}"));
                assert!(problems.iter().any(|p| p.field() == field), "{field:?} = {s:?}: {problems:?}");
            }
        }
    }

    #[test]
    fn inner_whitespace_and_rare_ideographs_are_kept() {
        // 𠮶 (U+20BB6, CJK Extension B) and a full-width space inside the street.
        let a = StructuredAddress {
            street: "\u{3000}𠮶村　一巷2号 ".into(),
            building_room: "A座-1203".into(),
            ..owned()
        };
        assert_eq!(a.validate(), Ok(()));
        assert_eq!(a.line(), "广东省广州市天河区𠮶村　一巷2号A座-1203");
        assert!(validate(&a.line()).is_ok());
    }

    #[test]
    fn normalized_trims_and_normalizes_the_phone() {
        let a = StructuredAddress { city: " 广州市 ".into(), street: " 体育西路1号\t".into(), ..rented() };
        let n = a.normalized();
        assert_eq!(n.city, "广州市");
        assert_eq!(n.street, "体育西路1号");
        assert_eq!(n.landlord.as_ref().unwrap().phone, "13800138000");
        assert_eq!(n.validate(), Ok(()));
        assert_eq!(n.line(), a.line());
    }

    #[test]
    fn problems_serialize_with_a_tag_and_the_field() {
        let json = |p: AddressProblem| serde_json::to_value(p).unwrap();
        assert_eq!(json(P::UnknownCity), serde_json::json!({ "problem": "unknown_city" }));
        assert_eq!(
            json(P::TooLong { field: F::BuildingRoom, max: 30 }),
            serde_json::json!({ "problem": "too_long", "field": "building_room", "max": 30 })
        );
        let back: AddressProblem =
            serde_json::from_value(serde_json::json!({ "problem": "empty", "field": "landlord_phone" })).unwrap();
        assert_eq!(back, P::Empty { field: F::LandlordPhone });
    }

    #[test]
    fn addresses_round_trip_through_json() {
        let v = serde_json::to_value(rented()).unwrap();
        assert_eq!(v["housing"], "rented");
        assert_eq!(v["building_room"], "3栋1204房");
        assert_eq!(serde_json::from_value::<StructuredAddress>(v).unwrap(), rented());
        let without: StructuredAddress = serde_json::from_value(serde_json::json!({
            "city": "佛山市", "county": "顺德区", "street": "碧桂路7号", "building_room": "2座301",
            "housing": "employer_dormitory"
        }))
        .unwrap();
        assert_eq!(without.landlord, None);
        assert_eq!(without.validate(), Ok(()));
        assert_eq!(
            HousingType::ALL.map(|h| serde_json::to_value(h).unwrap()),
            ["rented", "owned", "employer_dormitory", "relative_or_friend"].map(serde_json::Value::from)
        );
        assert_eq!(HousingType::ALL.map(HousingType::label), ["租住", "自有住房", "单位宿舍", "亲友家"]);
    }

    fn any_text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        prop_oneof![
            1 => ".{0,60}",
            1 => "\\PC{0,60}",
            4 => "[一-龥A-Za-z0-9\\-　 ]{0,45}",
            1 => Just(String::new()),
        ]
    }

    /// Mostly a known city with one of its counties, sometimes any text or a county of any
    /// city, so that both accepted and refused addresses come up often.
    fn any_address() -> impl proptest::strategy::Strategy<Value = StructuredAddress> {
        use proptest::prelude::*;
        use proptest::sample::{select, Index};
        let all_counties: Vec<&str> = COUNTIES.iter().flat_map(|(_, cs)| cs.iter().copied()).collect();
        let place = (
            0usize..COUNTIES.len(),
            any::<Index>(),
            proptest::option::weighted(0.15, any_text()),
            proptest::option::weighted(
                0.15,
                prop_oneof![any_text(), select(all_counties).prop_map(String::from)],
            ),
        )
            .prop_map(|(i, county, other_city, other_county)| {
                let (city, counties) = COUNTIES[i];
                (
                    other_city.unwrap_or_else(|| city.to_owned()),
                    other_county.unwrap_or_else(|| county.get(counties).to_string()),
                )
            });
        let housing = select(HousingType::ALL.to_vec());
        let phone = prop_oneof!["1[3-9][0-9]{9}", any_text()];
        let landlord =
            proptest::option::of((any_text(), phone).prop_map(|(name, phone)| Landlord { name, phone }));
        (place, any_text(), any_text(), housing, landlord).prop_map(
            |((city, county), street, building_room, housing, landlord)| StructuredAddress {
                city,
                county,
                street,
                building_room,
                housing,
                landlord,
            },
        )
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(2_000))]

        #[test]
        fn validate_never_panics_and_what_it_accepts_prints_a_valid_line(a in any_address()) {
            match a.validate() {
                Ok(()) => {
                    let line = a.line();
                    proptest::prop_assert_eq!(validate(&line), Ok(line.clone()));
                    proptest::prop_assert_eq!(a.normalized().validate(), Ok(()));
                    proptest::prop_assert_eq!(a.normalized().line(), line);
                }
                Err(problems) => proptest::prop_assert!(!problems.is_empty()),
            }
        }

        #[test]
        fn a_known_county_with_plain_text_always_passes(
            city in 0usize..21,
            county in proptest::prelude::any::<proptest::sample::Index>(),
            street in "[一-龥0-9]{2,40}",
            room in "[一-龥A-Z0-9\\-]{1,30}",
        ) {
            let (city, counties) = COUNTIES[city];
            let a = StructuredAddress {
                city: city.into(),
                county: county.get(counties).to_string(),
                street,
                building_room: room,
                housing: HousingType::Owned,
                landlord: None,
            };
            proptest::prop_assert_eq!(a.validate(), Ok(()));
            proptest::prop_assert!(validate(&a.line()).is_ok());
        }
    }
}

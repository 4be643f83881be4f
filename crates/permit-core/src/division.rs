//! Guangdong's administrative divisions as a permit needs them: the 21 prefecture-level
//! cities with their GB/T 2260 codes (a permit's number starts with its issuing city's code),
//! and the issuing authority, which is the county-level public security organ of the
//! residence address (居住证暂行条例 art. 7: 居住证由县级人民政府公安机关签发).

/// The 21 prefecture-level cities of Guangdong and their division codes.
pub const CITIES: [(&str, &str); 21] = [
    ("广州市", "4401"),
    ("韶关市", "4402"),
    ("深圳市", "4403"),
    ("珠海市", "4404"),
    ("汕头市", "4405"),
    ("佛山市", "4406"),
    ("江门市", "4407"),
    ("湛江市", "4408"),
    ("茂名市", "4409"),
    ("肇庆市", "4412"),
    ("惠州市", "4413"),
    ("梅州市", "4414"),
    ("汕尾市", "4415"),
    ("河源市", "4416"),
    ("阳江市", "4417"),
    ("清远市", "4418"),
    ("东莞市", "4419"),
    ("中山市", "4420"),
    ("潮州市", "4451"),
    ("揭阳市", "4452"),
    ("云浮市", "4453"),
];

/// The provincial code, for an address whose city is not recognised.
const PROVINCE_CODE: &str = "4400";

/// The city named in `address`, with its code.
pub fn city_of(address: &str) -> Option<(&'static str, &'static str)> {
    CITIES.iter().copied().find(|(city, _)| address.contains(city))
}

/// The division code a permit for `address` is numbered under.
pub fn code_for(address: &str) -> &'static str {
    city_of(address).map_or(PROVINCE_CODE, |(_, code)| code)
}

/// The county-level unit of `city` named right after it in `address` (the longest that
/// fits, from the official table in `county`): a district (区), county (县, 自治县) or
/// county-level city (市); in Dongguan and Zhongshan, which have no districts, the town (镇)
/// or subdistrict (街道).
fn county_after(address: &str, city: &str) -> Option<&'static str> {
    let rest = &address[address.find(city)? + city.len()..];
    crate::county::counties_of(city).iter().copied().filter(|c| rest.starts_with(c)).max_by_key(|c| c.len())
}

/// The public security organ that issues the permit for a residence at `address`:
/// 广州市公安局天河区分局 for a district, 台山市公安局 for a county-level city, the town's
/// branch in Dongguan and Zhongshan; the city's bureau when no county-level unit is named.
pub fn issuing_authority(address: &str) -> String {
    let Some((city, _)) = city_of(address) else { return "广东省公安厅".to_owned() };
    match county_after(address, city) {
        Some(d) if d.ends_with('区') => format!("{city}公安局{d}分局"),
        Some(d) if d.ends_with('县') || d.ends_with('市') => format!("{d}公安局"),
        Some(d) => format!("{city}公安局{}分局", d.trim_end_matches("街道").trim_end_matches('镇')),
        None => format!("{city}公安局"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_authority_is_the_county_level_organ() {
        assert_eq!(issuing_authority("广东省广州市天河区林和西路161号"), "广州市公安局天河区分局");
        assert_eq!(issuing_authority("广东省佛山市顺德区大良街道碧桂路7号"), "佛山市公安局顺德区分局");
        assert_eq!(issuing_authority("广东省江门市台山市台城街道环市路1号"), "台山市公安局");
        assert_eq!(issuing_authority("广东省韶关市始兴县太平镇解放路2号"), "始兴县公安局");
        assert_eq!(issuing_authority("广东省东莞市南城街道鸿福路88号"), "东莞市公安局南城分局");
        assert_eq!(issuing_authority("广东省中山市小榄镇民安路3号"), "中山市公安局小榄分局");
        assert_eq!(issuing_authority("广东省深圳市"), "深圳市公安局");
        assert_eq!(issuing_authority("广东省清远市连南瑶族自治县三江镇1号"), "连南瑶族自治县公安局");
        assert_eq!(issuing_authority("广东省梅州市梅县区新城1号"), "梅州市公安局梅县区分局");
        assert_eq!(issuing_authority("广东省深圳市大鹏新区1号"), "深圳市公安局", "not a division: the city's bureau");
    }

    #[test]
    fn numbers_follow_the_issuing_city() {
        assert_eq!(code_for("广东省深圳市南山区科苑路15号"), "4403");
        assert_eq!(code_for("广东省云浮市云城区"), "4453");
        assert_eq!(code_for("广东省某地"), "4400");
        assert_eq!(CITIES.len(), 21);
        assert!(CITIES.iter().all(|(_, code)| code.len() == 4 && code.starts_with("44")));
    }
}

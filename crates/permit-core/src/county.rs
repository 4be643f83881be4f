//! The county-level divisions of Guangdong's 21 prefecture-level cities, the second step of a
//! structured residence address (city → county → street → building/room).
//!
//! Each city lists its districts (区), counties (县, including the autonomous counties
//! 自治县) and county-level cities (市) in GB/T 2260 code order: 122 units in all (65
//! districts, 20 county-level cities, 34 counties and 3 autonomous counties), unchanged
//! since Shenzhen's 光明区 and 坪山区 became districts.
//!
//! 东莞市 and 中山市 are prefecture-level cities without districts (不设区的地级市): their
//! towns (镇) and subdistricts (街道) sit directly under the city, so for them the list holds
//! those: Dongguan's 4 subdistricts and 28 towns, Zhongshan's 8 subdistricts and 15 towns
//! (after the 2021 merger of 东升镇 into 小榄镇 and the conversion of 民众镇 and 南朗镇 into
//! subdistricts). Dongguan's functional areas (松山湖, 东莞港, 东莞生态园, 滨海湾新区) have
//! statistical codes but are not administrative divisions, so they are left out, as are
//! Shenzhen's 大鹏新区 and 深汕特别合作区.
//!
//! Source: the division codes of the Ministry of Civil Affairs and the statistical division
//! codes of the National Bureau of Statistics (2023 edition, current in 2024).

/// The county-level units of each city, in the order of [`crate::division::CITIES`].
#[rustfmt::skip]
pub const COUNTIES: [(&str, &[&str]); 21] = [
    ("广州市", &["荔湾区", "越秀区", "海珠区", "天河区", "白云区", "黄埔区", "番禺区", "花都区",
                 "南沙区", "从化区", "增城区"]),
    ("韶关市", &["武江区", "浈江区", "曲江区", "始兴县", "仁化县", "翁源县", "乳源瑶族自治县",
                 "新丰县", "乐昌市", "南雄市"]),
    ("深圳市", &["罗湖区", "福田区", "南山区", "宝安区", "龙岗区", "盐田区", "龙华区", "坪山区",
                 "光明区"]),
    ("珠海市", &["香洲区", "斗门区", "金湾区"]),
    ("汕头市", &["龙湖区", "金平区", "濠江区", "潮阳区", "潮南区", "澄海区", "南澳县"]),
    ("佛山市", &["禅城区", "南海区", "顺德区", "三水区", "高明区"]),
    ("江门市", &["蓬江区", "江海区", "新会区", "台山市", "开平市", "鹤山市", "恩平市"]),
    ("湛江市", &["赤坎区", "霞山区", "坡头区", "麻章区", "遂溪县", "徐闻县", "廉江市", "雷州市",
                 "吴川市"]),
    ("茂名市", &["茂南区", "电白区", "高州市", "化州市", "信宜市"]),
    ("肇庆市", &["端州区", "鼎湖区", "高要区", "广宁县", "怀集县", "封开县", "德庆县", "四会市"]),
    ("惠州市", &["惠城区", "惠阳区", "博罗县", "惠东县", "龙门县"]),
    ("梅州市", &["梅江区", "梅县区", "大埔县", "丰顺县", "五华县", "平远县", "蕉岭县", "兴宁市"]),
    // 城区 is the district's full name (汕尾市城区).
    ("汕尾市", &["城区", "海丰县", "陆河县", "陆丰市"]),
    ("河源市", &["源城区", "紫金县", "龙川县", "连平县", "和平县", "东源县"]),
    ("阳江市", &["江城区", "阳东区", "阳西县", "阳春市"]),
    ("清远市", &["清城区", "清新区", "佛冈县", "阳山县", "连山壮族瑶族自治县", "连南瑶族自治县",
                 "英德市", "连州市"]),
    // 4 subdistricts, then 28 towns.
    ("东莞市", &["东城街道", "南城街道", "万江街道", "莞城街道",
                 "石碣镇", "石龙镇", "茶山镇", "石排镇", "企石镇", "横沥镇", "桥头镇", "谢岗镇",
                 "东坑镇", "常平镇", "寮步镇", "樟木头镇", "大朗镇", "黄江镇", "清溪镇", "塘厦镇",
                 "凤岗镇", "大岭山镇", "长安镇", "虎门镇", "厚街镇", "沙田镇", "道滘镇", "洪梅镇",
                 "麻涌镇", "望牛墩镇", "中堂镇", "高埗镇"]),
    // 8 subdistricts, then 15 towns.
    ("中山市", &["石岐街道", "东区街道", "中山港街道", "西区街道", "南区街道", "五桂山街道",
                 "民众街道", "南朗街道",
                 "黄圃镇", "东凤镇", "古镇镇", "沙溪镇", "坦洲镇", "港口镇", "三角镇", "横栏镇",
                 "南头镇", "阜沙镇", "三乡镇", "板芙镇", "大涌镇", "神湾镇", "小榄镇"]),
    ("潮州市", &["湘桥区", "潮安区", "饶平县"]),
    ("揭阳市", &["榕城区", "揭东区", "揭西县", "惠来县", "普宁市"]),
    ("云浮市", &["云城区", "云安区", "新兴县", "郁南县", "罗定市"]),
];

/// The county-level units of `city` (its exact name, e.g. `"广州市"`); empty for a name that
/// is not one of the 21 cities.
pub fn counties_of(city: &str) -> &'static [&'static str] {
    COUNTIES.iter().find(|(c, _)| *c == city).map_or(&[], |(_, counties)| counties)
}

/// Whether `county` is a county-level unit of `city`.
pub fn is_county_of(city: &str, county: &str) -> bool {
    counties_of(city).contains(&county)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::division::CITIES;
    use std::collections::HashSet;

    #[test]
    fn the_table_follows_the_cities() {
        let table: Vec<&str> = COUNTIES.iter().map(|(c, _)| *c).collect();
        let cities: Vec<&str> = CITIES.iter().map(|(c, _)| *c).collect();
        assert_eq!(table, cities);
    }

    #[test]
    fn every_city_has_counties_without_duplicates() {
        for (city, counties) in COUNTIES {
            assert!(!counties.is_empty(), "{city} has no counties");
            let unique: HashSet<_> = counties.iter().collect();
            assert_eq!(unique.len(), counties.len(), "{city} lists a county twice");
        }
    }

    #[test]
    fn every_name_is_a_county_level_unit() {
        for (city, counties) in COUNTIES {
            for county in counties {
                assert!(
                    ["区", "县", "市", "镇", "街道"].iter().any(|s| county.ends_with(s)),
                    "{city}{county}"
                );
                assert!(county.chars().count() >= 2, "{city}{county}");
            }
        }
    }

    #[test]
    fn the_counts_match_the_official_totals() {
        let county_level: Vec<&str> = COUNTIES
            .iter()
            .filter(|(c, _)| !matches!(*c, "东莞市" | "中山市"))
            .flat_map(|(_, counties)| counties.iter().copied())
            .collect();
        assert_eq!(county_level.len(), 122);
        assert_eq!(county_level.iter().filter(|c| c.ends_with('区')).count(), 65);
        assert_eq!(county_level.iter().filter(|c| c.ends_with('市')).count(), 20);
        assert_eq!(county_level.iter().filter(|c| c.ends_with("自治县")).count(), 3);
        assert_eq!(county_level.iter().filter(|c| c.ends_with('县')).count(), 37);
        assert_eq!(counties_of("东莞市").len(), 32);
        assert_eq!(counties_of("中山市").len(), 23);
        assert_eq!(counties_of("广州市").len(), 11);
        assert_eq!(counties_of("深圳市").len(), 9);
    }

    #[test]
    fn lookups() {
        assert!(is_county_of("深圳市", "南山区"));
        assert!(!is_county_of("广州市", "南山区"));
        assert!(is_county_of("中山市", "小榄镇"));
        assert!(!is_county_of("中山市", "东升镇"));
        assert!(counties_of("北京市").is_empty());
        assert!(counties_of("").is_empty());
    }
}

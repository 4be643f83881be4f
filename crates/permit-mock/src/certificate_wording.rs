//! What a 居住证明 says, in words, from the signed facts: the one place its wording lives. The
//! certificate is in Chinese only: it is a document for Chinese offices and landlords, like the
//! paper 居住证明 a 派出所 issues. Its check page (`/c`) reads in either language.

use crate::certificate_pdf::CertificateText;
use permit_core::{
    certificate::{CertificateFacts, Endorsement},
    date_text::date_zh,
};

/// The most endorsements listed on the page; older ones are counted in one line (the check
/// page lists them all).
const MOST_LISTED: usize = 10;

pub struct Wording<'a> {
    pub name: &'a str,
    pub residence_address: &'a str,
    pub facts: &'a CertificateFacts,
    /// The check page's whole address, with the code in its fragment.
    pub check_link: &'a str,
    /// The code as printed, in groups.
    pub code: &'a str,
    /// The last day the check page answers for it.
    pub valid_until: chrono::NaiveDate,
}

impl Wording<'_> {
    pub fn text(&self) -> CertificateText {
        let f = self.facts;
        let mut history: Vec<String> = f.endorsements.iter().map(endorsement_line).collect();
        if history.len() > MOST_LISTED {
            let older = history.len() - (MOST_LISTED - 1);
            history.drain(..older);
            history.insert(0, format!("（另有更早的 {older} 次签注，见核验页面）"));
        }
        if history.is_empty() {
            history.push("尚无签注：首个居住年度未满。".into());
        }
        CertificateText {
            title: "居住证明".into(),
            rows: vec![
                ("姓名".into(), self.name.into()),
                ("居住证号码".into(), f.permit_number.clone()),
                ("居住地址".into(), self.residence_address.into()),
                ("居住登记日期".into(), date_zh(f.registered_on)),
                ("连续居住年限".into(), format!("{} 年", f.continuous_years)),
                ("出具日期".into(), date_zh(f.made_on)),
                ("核验有效期至".into(), date_zh(self.valid_until)),
            ],
            history,
            history_heading: "签注记录".into(),
            check_link: self.check_link.into(),
            check_note: format!("核验码 {}　扫码或打开下方地址核验", self.code),
            footer: "连续居住年限按《居住证暂行条例》第十三条计算，逾期签注后重新起算。本证明为演示环境所出，不是真实政务文件。".into(),
        }
    }
}

fn endorsement_line(e: &Endorsement) -> String {
    match e {
        Endorsement::OnTime { year_ending } => format!("按期签注，居住年度至 {}", date_zh(*year_ending)),
        Endorsement::Late { on } => format!("{} 逾期签注，连续居住年限自当日重新起算", date_zh(*on)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn facts(endorsements: Vec<Endorsement>) -> CertificateFacts {
        CertificateFacts {
            permit_number: "440106202400001".into(),
            registered_on: d(2023, 9, 1),
            continuous_years: 2,
            endorsements,
            made_on: d(2026, 12, 3),
        }
    }

    fn wording(f: &CertificateFacts) -> CertificateText {
        Wording { name: "测试", residence_address: "广东省广州市", facts: f, check_link: "https://x/c#A", code: "A", valid_until: d(2027, 3, 3) }.text()
    }

    #[test]
    fn the_years_and_each_endorsement_are_written_out() {
        let f = facts(vec![Endorsement::OnTime { year_ending: d(2025, 2, 28) }, Endorsement::Late { on: d(2025, 6, 1) }]);
        let t = wording(&f);
        assert!(t.rows.contains(&("连续居住年限".into(), "2 年".into())));
        assert!(t.rows.contains(&("居住登记日期".into(), "2023年9月1日".into())));
        assert_eq!(t.history, ["按期签注，居住年度至 2025年2月28日", "2025年6月1日 逾期签注，连续居住年限自当日重新起算"]);
    }

    #[test]
    fn a_long_history_keeps_the_latest_and_counts_the_rest() {
        let many = (1..=14).map(|n| Endorsement::OnTime { year_ending: d(2010 + n, 5, 1) }).collect();
        let t = wording(&facts(many));
        assert_eq!(t.history.len(), MOST_LISTED);
        assert_eq!(t.history[0], "（另有更早的 5 次签注，见核验页面）");
        assert_eq!(t.history.last().unwrap(), "按期签注，居住年度至 2024年5月1日");
        assert_eq!(wording(&facts(Vec::new())).history, ["尚无签注：首个居住年度未满。"]);
    }
}

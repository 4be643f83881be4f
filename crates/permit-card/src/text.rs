//! The words on the card, in both languages. The app's translation tables answer the same
//! keys from these, so each string is written once.

use permit_core::{api::permit::PermitStatus, id_number::Sex};

/// Which language the card speaks: English for an `en` tag, Chinese otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    pub fn from_tag(tag: &str) -> Self {
        if tag.starts_with("en") {
            Self::En
        } else {
            Self::Zh
        }
    }

    /// The tag for `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Self::Zh => "zh-CN",
            Self::En => "en",
        }
    }

    pub fn text(self) -> &'static CardText {
        match self {
            Self::Zh => &ZH,
            Self::En => &EN,
        }
    }

    /// `2027年4月10日` or `10 Apr 2027`.
    pub fn date(self, d: chrono::NaiveDate) -> String {
        match self {
            Self::Zh => permit_core::date_text::date_zh(d),
            Self::En => permit_core::date_text::date_en(d),
        }
    }
}

pub struct CardText {
    pub card_title: &'static str,
    pub permit_heading: &'static str,
    pub status_valid: &'static str,
    pub status_endorsement_due: &'static str,
    pub status_suspended: &'static str,
    pub status_cancelled: &'static str,
    pub sex_male: &'static str,
    pub sex_female: &'static str,
    pub field_name: &'static str,
    pub field_sex: &'static str,
    pub field_ethnicity: &'static str,
    pub field_birth: &'static str,
    pub field_id_number: &'static str,
    pub field_household: &'static str,
    pub field_residence: &'static str,
    pub field_authority: &'static str,
    pub field_issued: &'static str,
    pub field_number: &'static str,
    pub field_validity: &'static str,
    pub field_endorsed_times: &'static str,
    pub field_counts_from: &'static str,
    pub field_next_window: &'static str,
    pub reveal_hint: &'static str,
    pub reveal_hide: &'static str,
    pub card_concealed: &'static str,
    pub code_label: &'static str,
    pub code_hint: &'static str,
    pub code_announce: &'static str,
    pub print_notice: &'static str,
    pub code_unavailable_cancelled: &'static str,
    pub loading: &'static str,
}

pub const ZH: CardText = CardText {
    card_title: "电子居住证",
    permit_heading: "广东省居住证",
    status_valid: "有效",
    status_endorsement_due: "待签注",
    status_suspended: "已中止",
    status_cancelled: "已注销",
    sex_male: "男",
    sex_female: "女",
    field_name: "姓名",
    field_sex: "性别",
    field_ethnicity: "民族",
    field_birth: "出生日期",
    field_id_number: "公民身份号码",
    field_household: "户籍地址",
    field_residence: "居住地址",
    field_authority: "签发机关",
    field_issued: "签发日期",
    field_number: "证件编号",
    field_validity: "有效期限",
    field_endorsed_times: "签注次数",
    field_counts_from: "居住年限起算日",
    field_next_window: "下次签注",
    reveal_hint: "轻触号码或地址可查看完整信息，10秒后自动隐藏",
    reveal_hide: "完整信息将在10秒后自动隐藏",
    card_concealed: "为保护您的隐私，切换应用时证件已隐藏",
    code_label: "电子居住证动态核验码",
    code_hint: "请向窗口工作人员出示此码，截图或打印件无效",
    code_announce: "新的动态码已生成，{n}秒后刷新。",
    print_notice: "电子居住证须在应用内实时出示，打印件无效。",
    code_unavailable_cancelled: "证件已注销，无法生成动态码。",
    loading: "加载中…",
};

pub const EN: CardText = CardText {
    card_title: "Electronic Residence Permit",
    permit_heading: "Guangdong Residence Permit",
    status_valid: "Valid",
    status_endorsement_due: "Endorsement due",
    status_suspended: "Suspended",
    status_cancelled: "Cancelled",
    sex_male: "Male",
    sex_female: "Female",
    field_name: "Name",
    field_sex: "Sex",
    field_ethnicity: "Ethnicity",
    field_birth: "Date of birth",
    field_id_number: "Citizen ID number",
    field_household: "Household registration",
    field_residence: "Residence",
    field_authority: "Issuing authority",
    field_issued: "Issued",
    field_number: "Permit number",
    field_validity: "Validity",
    field_endorsed_times: "Endorsements",
    field_counts_from: "Residence years count from",
    field_next_window: "Next endorsement",
    reveal_hint: "Tap the number or an address to see it in full; it hides again after 10 s",
    reveal_hide: "Full details hide again in 10 s",
    card_concealed: "Hidden while you are away from the app, to protect your privacy",
    code_label: "Permit verification code",
    code_hint: "Show this code to the counter. Screenshots and printouts are not accepted",
    code_announce: "New permit code shown; it refreshes in {n} seconds.",
    print_notice: "The electronic permit must be shown live in the app; a printout is not valid.",
    code_unavailable_cancelled: "The permit is cancelled; no code can be shown.",
    loading: "Loading…",
};

impl CardText {
    pub fn status(&self, status: PermitStatus) -> &'static str {
        match status {
            PermitStatus::Valid => self.status_valid,
            PermitStatus::EndorsementDue => self.status_endorsement_due,
            PermitStatus::Suspended => self.status_suspended,
            PermitStatus::Cancelled => self.status_cancelled,
        }
    }

    pub fn sex(&self, sex: Sex) -> &'static str {
        match sex {
            Sex::Male => self.sex_male,
            Sex::Female => self.sex_female,
        }
    }
}

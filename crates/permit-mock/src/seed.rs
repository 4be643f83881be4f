//! The demo personas: synthetic people made for this project, one per flow of the product.
//! Names, phones and addresses are invented; ID numbers are built with a computed GB 11643
//! check character so they validate like real ones without belonging to anyone.

use crate::model::{
    Guardian, Person, PermitRecord, PhysicalCardRecord, Profile, Registration, Resident,
};
use chrono::{Duration, NaiveDate};
use permit_core::{
    api::{registration::Confirmer, Role},
    calendar::{add_months, sub_months},
    division,
    eligibility::Condition,
    id_number::check_char,
};

struct ResidentSeed {
    label: &'static str,
    name: &'static str,
    phone: &'static str,
    /// Region, birth date and sequence: the check character is appended.
    id17: &'static str,
    ethnicity: &'static str,
    household: &'static str,
    residence: &'static str,
    zh: &'static str,
    en: &'static str,
}

const RESIDENTS: &[ResidentSeed] = &[
    ResidentSeed {
        label: "valid-permit",
        name: "陈晓彤",
        phone: "13800000001",
        id17: "43052419930415262",
        ethnicity: "汉族",
        household: "湖南省邵阳市隆回县桃洪镇金山路18号",
        residence: "广东省广州市天河区林和西路161号中泰北塔1203房",
        zh: "持有有效电子居住证，可出示证件",
        en: "Holds a valid electronic permit, ready to show it",
    },
    ResidentSeed {
        label: "endorsement-due",
        name: "黄志强",
        phone: "13800000002",
        id17: "45032119880921301",
        ethnicity: "壮族",
        household: "广西壮族自治区桂林市临桂区人民路6号",
        residence: "广东省深圳市南山区科技园科苑路15号2栋804房",
        zh: "年度签注已开放，还剩约10天",
        en: "Annual endorsement window open, about 10 days left",
    },
    ResidentSeed {
        label: "suspended",
        name: "李美玲",
        phone: "13800000003",
        id17: "36072219910602082",
        ethnicity: "汉族",
        household: "江西省赣州市赣县区梅林镇红金大道9号",
        residence: "广东省东莞市南城街道鸿福路88号3座1506房",
        zh: "逾期未签注，居住证使用功能已中止",
        en: "Missed the annual endorsement; the permit is suspended",
    },
    ResidentSeed {
        label: "eligible-data-ok",
        name: "刘建国",
        phone: "13800000004",
        id17: "41152619850117563",
        ethnicity: "汉族",
        household: "河南省信阳市潢川县春申街道跃进路32号",
        residence: "广东省佛山市顺德区大良街道碧桂路7号5栋202房",
        zh: "登记满半年且政务数据核验通过，可直接申领",
        en: "Registered over six months, data check passes: can apply at once",
    },
    ResidentSeed {
        label: "eligible-data-fails",
        name: "吴秀英",
        phone: "13800000005",
        id17: "51132219900828422",
        ethnicity: "汉族",
        household: "四川省南充市营山县朗池镇南街41号",
        residence: "广东省中山市石岐街道民生路23号4楼",
        zh: "满足条件但政务数据核验未通过，需上传材料",
        en: "Meets the conditions but the data check fails: must upload materials",
    },
    ResidentSeed {
        label: "too-recent",
        name: "张伟",
        phone: "13800000006",
        id17: "42098219990311771",
        ethnicity: "汉族",
        household: "湖北省孝感市安陆市府城街道解放大道12号",
        residence: "广东省珠海市香洲区情侣中路29号1105房",
        zh: "居住登记未满六个月，暂不能申领",
        en: "Registered less than six months ago: cannot apply yet",
    },
    ResidentSeed {
        label: "hmt-resident",
        name: "梁家豪",
        phone: "13800000007",
        id17: "81000019870519003",
        ethnicity: "汉族",
        household: "香港特别行政区九龙旺角弥敦道600号",
        residence: "广东省深圳市福田区福华三路168号2201房",
        zh: "持港澳台居民居住证，不能申领电子居住证",
        en: "Holds a Hong Kong/Macao/Taiwan residents' permit: cannot apply",
    },
    ResidentSeed {
        label: "physical-card-unclaimed",
        name: "王桂芳",
        phone: "13800000008",
        id17: "44522119860207242",
        ethnicity: "汉族",
        household: "广东省揭阳市揭东区曲溪街道新风路5号",
        residence: "广东省广州市海珠区江南大道中82号601房",
        zh: "持有效实体证，尚未领取电子居住证",
        en: "Holds a valid physical card, has not claimed the electronic permit",
    },
    ResidentSeed {
        label: "elderly",
        name: "赵德福",
        phone: "13800000009",
        id17: "37028319520830131",
        ethnicity: "汉族",
        household: "山东省青岛市平度市同和街道胶州路20号",
        residence: "广东省惠州市惠城区江北文昌一路3号7栋101房",
        zh: "74岁老人，女儿赵丽可代为办理",
        en: "Aged 74; his daughter may act for him",
    },
    ResidentSeed {
        label: "minor",
        name: "周子涵",
        phone: "13800000010",
        id17: "44010620120914008",
        ethnicity: "回族",
        household: "湖南省长沙市岳麓区麓山南路11号",
        residence: "广东省广州市番禺区市桥街道德兴路45号",
        zh: "14岁学生，母亲周敏可代为申报",
        en: "A 14-year-old pupil; her mother may act for her",
    },
    ResidentSeed {
        label: "guardian-zhao",
        name: "赵丽",
        phone: "13800000011",
        id17: "37028319800412242",
        ethnicity: "汉族",
        household: "山东省青岛市平度市同和街道胶州路20号",
        residence: "广东省惠州市惠城区江北文昌一路3号7栋101房",
        zh: "赵德福的女儿，代父亲办理（代办）",
        en: "Zhao Defu's daughter, acting for her father",
    },
    ResidentSeed {
        label: "guardian-zhou",
        name: "周敏",
        phone: "13800000012",
        id17: "43010419850305302",
        ethnicity: "汉族",
        household: "湖南省长沙市岳麓区麓山南路11号",
        residence: "广东省广州市番禺区市桥街道德兴路45号",
        zh: "周子涵的母亲，代女儿申报；持证两年多，可开居住证明",
        en: "Zhou Zihan's mother, acting for her daughter; two years a holder (residence certificate)",
    },
    ResidentSeed {
        label: "endorsement-data-fails",
        name: "吴振华",
        phone: "13800000013",
        id17: "36010219900312123",
        ethnicity: "汉族",
        household: "江西省南昌市东湖区八一大道100号",
        residence: "广东省广州市番禺区市桥街道清河东路8号3栋402房",
        zh: "年度签注已开放，政务数据核验未通过，需上传材料",
        en: "Endorsement window open; the data check fails, so documents are needed",
    },
];

struct Staff {
    label: &'static str,
    name: &'static str,
    phone: &'static str,
    zh: &'static str,
    en: &'static str,
}

const STAFF: &[Staff] = &[
    Staff {
        label: "staff-police",
        name: "郑警官",
        phone: "13900000001",
        zh: "派出所窗口民警，扫码核验证件",
        en: "Police hall counter officer who scans permits",
    },
    Staff {
        label: "staff-hospital",
        name: "孙护士",
        phone: "13900000002",
        zh: "医院挂号窗口工作人员",
        en: "Hospital registration desk clerk",
    },
    Staff {
        label: "staff-school",
        name: "何老师",
        phone: "13900000003",
        zh: "学校入学报名核验人员",
        en: "School enrolment officer",
    },
];

/// The departments whose counters read permits, each with its counters.
pub const DEPARTMENTS: &[(&str, &[&str])] = &[
    ("广州市公安局天河分局", &["林和派出所 1号窗口", "林和派出所 2号窗口", "石牌派出所 1号窗口"]),
    ("深圳市南山区人民医院", &["门诊挂号处 5号窗口", "门诊挂号处 6号窗口", "住院登记处"]),
    ("佛山市顺德区教育局", &["入学报名服务点", "学籍管理窗口"]),
    ("东莞市人力资源和社会保障局", &["社保服务 3号窗口", "就业登记窗口"]),
    ("珠海市香洲区拱北街道社区服务中心", &["综合窗口", "流动人口服务站"]),
];

/// Fills an empty store with the demo personas, each resident with a photo on file getting a
/// synthetic portrait.
pub fn load(store: &crate::store::Store, today: NaiveDate) -> Result<(), crate::error::ApiError> {
    let people: Vec<_> = personas(today)
        .into_iter()
        .enumerate()
        .map(|(i, person)| {
            let photo = person.resident.as_ref().is_some_and(|r| r.photo_on_file).then(|| crate::portrait::synthetic(i as u32));
            (person, photo)
        })
        .collect();
    store.insert_people(&people)
}

/// Every demo person, in the order the login screen lists them. Dates are relative to
/// `today` so each persona is in its situation whatever day the mock starts.
pub fn personas(today: NaiveDate) -> Vec<Person> {
    let residents = RESIDENTS.iter().map(|r| Person {
        id: format!("p-{}", r.label),
        label: r.label.into(),
        role: Role::Resident,
        phone: r.phone.into(),
        name: r.name.into(),
        situation_zh: r.zh.into(),
        situation_en: r.en.into(),
        profile: Some(Profile {
            id_number: format!("{}{}", r.id17, check_char(r.id17)),
            ethnicity: r.ethnicity.into(),
            household_address: r.household.into(),
            residence_address: r.residence.into(),
        }),
        staff: None,
        resident: Some(situation(r, today)),
        acting_guardian: None,
    });
    let staff = STAFF.iter().map(|s| Person {
        id: format!("p-{}", s.label),
        label: s.label.into(),
        role: Role::Staff,
        phone: s.phone.into(),
        name: s.name.into(),
        situation_zh: s.zh.into(),
        situation_en: s.en.into(),
        profile: None,
        // Staff choose their department and counter at first use.
        staff: None,
        resident: None,
        acting_guardian: None,
    });
    residents.chain(staff).collect()
}

/// A residence code (粤居码) derived from the person's label, stable across reseeds.
pub fn residence_code(seed: &str) -> String {
    let n = seed.bytes().fold(7u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
    format!("YJM{:010}", n % 10_000_000_000)
}

/// A permit number under the issuing city's division code, stable across reseeds.
fn permit_number(r: &ResidentSeed) -> String {
    let n = r.label.bytes().fold(11u64, |h, b| h.wrapping_mul(131).wrapping_add(u64::from(b)));
    format!("{}{:012}", division::code_for(r.residence), n % 1_000_000_000_000)
}

fn registration(r: &ResidentSeed, confirmed_on: NaiveDate, by: Confirmer) -> Registration {
    Registration {
        address: r.residence.into(),
        residence_code: residence_code(r.label),
        confirmed_on,
        confirmed_by: by,
    }
}

fn permit(r: &ResidentSeed, issued_on: NaiveDate) -> PermitRecord {
    PermitRecord {
        number: permit_number(r),
        issued_on,
        years_endorsed: 0,
        counts_from: None,
        years_counted: None,
        authority: division::issuing_authority(r.residence),
        cancelled_at_ms: None,
    }
}

/// Each persona's situation, by label.
fn situation(r: &ResidentSeed, today: NaiveDate) -> Resident {
    let days = Duration::days;
    let base = Resident {
        conditions: vec![Condition::Employment],
        data_check_passes: true,
        photo_on_file: true,
        ..Default::default()
    };
    match r.label {
        "valid-permit" => Resident {
            registration: Some(registration(r, sub_months(today, 26), Confirmer::Landlord)),
            permit: Some(permit(r, today - days(200))),
            told_may_apply: true,
            ..base
        },
        "endorsement-due" => Resident {
            registration: Some(registration(r, sub_months(today, 20), Confirmer::GridWorker)),
            // The deadline (the anniversary) is nine days away, so ten days are left counting
            // today; the window opened about three weeks ago.
            permit: Some(permit(r, sub_months(today + days(9), 12))),
            told_may_apply: true,
            ..base
        },
        "suspended" => Resident {
            registration: Some(registration(r, sub_months(today, 30), Confirmer::PoliceOfficer)),
            permit: Some(permit(r, sub_months(today - days(20), 12))),
            told_may_apply: true,
            ..base
        },
        "eligible-data-ok" => Resident {
            registration: Some(registration(r, sub_months(today, 8), Confirmer::Landlord)),
            ..base
        },
        "eligible-data-fails" => Resident {
            registration: Some(registration(r, sub_months(today, 13), Confirmer::GridWorker)),
            conditions: vec![Condition::Residence],
            data_check_passes: false,
            photo_on_file: false,
            ..base
        },
        "too-recent" => Resident {
            registration: Some(registration(r, sub_months(today, 2), Confirmer::Landlord)),
            ..base
        },
        "hmt-resident" => Resident {
            registration: Some(registration(r, sub_months(today, 14), Confirmer::PoliceOfficer)),
            holds_hmt_permit: true,
            ..base
        },
        "physical-card-unclaimed" => Resident {
            registration: Some(registration(r, sub_months(today, 28), Confirmer::Landlord)),
            physical_card: Some(PhysicalCardRecord {
                // The card still shows the previous address: the permit's is the valid one.
                address: "广东省广州市海珠区昌岗中路166号302房".into(),
                valid_until: add_months(today, 9),
                // Issued fifteen months ago and endorsed once: the next deadline is nine
                // months away.
                issued_on: Some(sub_months(today, 15)),
                years_endorsed: 1,
            }),
            ..base
        },
        "elderly" => Resident {
            registration: Some(registration(r, sub_months(today, 40), Confirmer::GridWorker)),
            conditions: vec![Condition::Residence],
            permit: Some(permit(r, today - days(90))),
            guardian: Some(Guardian {
                label: "guardian-zhao".into(),
                name: "赵丽".into(),
                relation_zh: "女儿".into(),
                relation_en: "daughter".into(),
                dependant_relation_zh: "父亲".into(),
                dependant_relation_en: "father".into(),
            }),
            told_may_apply: true,
            ..base
        },
        "minor" => Resident {
            registration: Some(registration(r, sub_months(today, 12), Confirmer::Landlord)),
            conditions: vec![Condition::Schooling],
            guardian: Some(Guardian {
                label: "guardian-zhou".into(),
                name: "周敏".into(),
                relation_zh: "母亲".into(),
                relation_en: "mother".into(),
                dependant_relation_zh: "女儿".into(),
                dependant_relation_en: "daughter".into(),
            }),
            ..base
        },
        "endorsement-data-fails" => Resident {
            registration: Some(registration(r, sub_months(today, 20), Confirmer::Landlord)),
            conditions: vec![Condition::Residence],
            data_check_passes: false,
            // The deadline is twenty days away.
            permit: Some(permit(r, sub_months(today + days(20), 12))),
            told_may_apply: true,
            ..base
        },
        "guardian-zhao" => Resident {
            registration: Some(registration(r, sub_months(today, 36), Confirmer::Landlord)),
            permit: Some(permit(r, today - days(150))),
            told_may_apply: true,
            ..base
        },
        // A long-settled resident, for the residence certificate: registered three years ago,
        // the permit issued two years and 150 days ago and endorsed on time twice, so two
        // years of continuous residence are complete.
        "guardian-zhou" => Resident {
            registration: Some(registration(r, sub_months(today, 36), Confirmer::Landlord)),
            permit: Some(PermitRecord { years_endorsed: 2, ..permit(r, sub_months(today, 24) - days(150)) }),
            told_may_apply: true,
            ..base
        },
        _ => base,
    }
}

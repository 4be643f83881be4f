//! User-interface strings in Simplified Chinese (the default) and English. Every string has a
//! [`Key`]; each language is one exhaustive `match`, so a missing translation does not compile.

mod en;
mod zh;

use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Locale {
    #[default]
    Zh,
    En,
}

impl Locale {
    pub fn tag(self) -> &'static str {
        match self {
            Self::Zh => "zh-CN",
            Self::En => "en",
        }
    }

    pub fn from_tag(tag: &str) -> Self {
        if tag.starts_with("en") {
            Self::En
        } else {
            Self::Zh
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    AppTitle,
    TabCard,
    TabServices,
    TabMessages,
    TabMe,
    LoginTitle,
    LoginDemoHint,
    LoginPhone,
    LoginPhonePlaceholder,
    LoginCode,
    LoginCodePlaceholder,
    LoginSendCode,
    LoginSubmit,
    LoginDemoCode,
    LoginSigningIn,
    LoginOrPhone,
    RoleResident,
    RoleStaff,
    Loading,
    Retry,
    CardTitle,
    CardStaffNote,
    ServicesTitle,
    ServiceRegister,
    ServiceApply,
    ServiceEndorse,
    ServicePhoto,
    ServiceCard,
    ServiceCancel,
    ComingSoon,
    MessagesTitle,
    MeTitle,
    MeLanguage,
    MeSignOut,
    MePhone,
    ErrNetwork,
    ErrUnexpected,
    ErrSignedOut,
    ErrInvalidPhone,
    ErrUnknownPhone,
    ErrOtpWrong,
    ErrOtpExpired,
    NotFound,
    BackHome,
    StatusValid,
    StatusEndorsementDue,
    StatusSuspended,
    StatusCancelled,
    PermitHeading,
    FieldName,
    FieldSex,
    FieldEthnicity,
    FieldBirth,
    FieldIdNumber,
    FieldHousehold,
    FieldResidence,
    FieldAuthority,
    FieldIssued,
    FieldNumber,
    FieldValidity,
    FieldEndorsedTimes,
    FieldNextWindow,
    RevealHint,
    RevealHide,
    NoPermitTitle,
    NoPermitBody,
    GoToServices,
    DeviceSetupTitle,
    DeviceSetupBody,
    DeviceTakenOverTitle,
    DeviceTakenOverBody,
    DeviceSendCode,
    DeviceEnable,
    ErrCrypto,
    ErrEndorsementInProgress,
    ErrEndorsementClosed,
    CardConcealed,
    CodeUnavailableCancelled,
    CodeLabel,
    CodeHint,
    PrintNotice,
    CounterModeOpen,
    SelfTest,
    SelfTestPassed,
    SelfTestFailed,
    RuleExpired,
    RuleAlreadyUsed,
    RuleClock,
    RuleDevice,
    RuleForged,
    EndorseSubmitted,
    EndorseNeedsMaterials,
    OfflineCard,
    BannerEndorsementDue,
    BannerSuspended,
    FixByEndorsing,
    BannerCancelled,
    CounterScanHint,
    WakeLockUnavailable,
    CounterTurn,
    CounterClose,
    ApplyCan,
    ApplyCanClaim,
    ApplyCannot,
    ApplyChooseConditions,
    ApplyNeedsMaterial,
    ApplyReviewLead,
    ApplyZeroMaterial,
    Back,
    CancelAvailable,
    CancelConfirm,
    CancelDone,
    CancelFinalQuestion,
    CancelNext,
    CancelPoint1,
    CancelPoint2,
    CancelPoint3,
    CancelUnderstood,
    CancelWhat,
    CardAddressOnCard,
    CardAddressOutdated,
    CardFirstFree,
    CardHeld,
    CardKindFirst,
    CardKindRenewal,
    CardKindReplacement,
    CardNone,
    CardOptionalNote,
    CardValidUntil,
    ClaimExplain,
    ClaimSubmit,
    CondEmployment,
    CondResidence,
    CondSchooling,
    ConfirmerGrid,
    ConfirmerLandlord,
    ConfirmerPolice,
    DownloadIcs,
    EndorseConfirm,
    EndorseNeedsMaterialsFirst,
    EndorseNextWindow,
    EndorseNotYet,
    EndorseOneTap,
    EndorseOpenDays,
    EndorseWindow,
    ErrAddressLong,
    ErrAddressOutside,
    ErrAddressShort,
    Fee,
    Free,
    FreeOfCharge,
    GoToCard,
    IcsDescription,
    IcsTitle,
    MatLabourContract,
    MatLease,
    MatProperty,
    MatSchool,
    MatSocialInsurance,
    MessagesEmpty,
    NeedsPermitFirst,
    Next,
    NotOnRecord,
    OrderAwaitingPayment,
    OrderHistory,
    OrderInProduction,
    OrderReady,
    PayAlipay,
    PayWechat,
    PaymentSimulated,
    PhotoNeededHint,
    RefusalHmt,
    RefusalHolds,
    RefusalNoCondition,
    RefusalNotRegistered,
    RefusalTooRecent,
    RegAddress,
    RegAddressPlaceholder,
    RegAwaiting,
    RegCode,
    RegCurrent,
    RegDeclareTitle,
    RegModeDeclare,
    RegModeLink,
    RegNotRegistered,
    RegPendingNote,
    RegPickRecord,
    RegRegistered,
    RegReviewLead,
    ReviewApproved,
    ReviewNeedsMaterials,
    ReviewNeedsPhoto,
    ReviewRejected,
    ReviewUnderReview,
    StepAwaitConfirmation,
    StepCheck,
    StepConfirmSubmit,
    StepFill,
    StepMaterials,
    StepReview,
    Submit,
    UploadChoose,
    UploadChooseFile,
    UploadRules,
    UploadTooLarge,
    UploadWrongType,
    Yuan,
    ProxyTitle,
    ProxyExplain,
    ProxyCurrent,
    ProxySwitch,
    ProxyBackToSelf,
    ProxyRowStatus,
}

impl Key {
    pub fn text(self, locale: Locale) -> &'static str {
        match locale {
            Locale::Zh => zh::text(self),
            Locale::En => en::text(self),
        }
    }
}

/// The current language, provided once by the app and read by every view.
#[derive(Debug, Clone, Copy)]
pub struct I18n {
    pub locale: RwSignal<Locale>,
}

impl I18n {
    pub fn new(locale: Locale) -> Self {
        Self { locale: RwSignal::new(locale) }
    }

    /// The text of `key` in the current language; reactive when called inside a closure.
    pub fn t(self, key: Key) -> &'static str {
        key.text(self.locale.get())
    }
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

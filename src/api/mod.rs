//! The typed client of the backend's `/api/v1`. Only this module knows URLs and HTTP: one
//! function per endpoint, problem documents mapped to [`AppError`], and the server clock read
//! from every response.

pub mod clock;
mod http;
mod upload;

pub use upload::{CancelUpload, Progress};

use crate::error::AppError;
use clock::ServerClock;
use permit_core::{
    api::{
        application::{Application, ApplyRequest, MaterialReceipt, Precheck},
        challenge::{AnswerOutcome, AnswerRequest, ChallengeAsk, ChallengeIssued, ChallengeLookup},
        card::{CardKind, CardOrder, CardOrderRequest, PaymentMethod, PaymentRequest, PhysicalCard},
        messages::Message,
        photo::PhotoReview,
        permit::CancelRequest,
        share::{CertificateMade, JwkSet, OpenCertificateRequest, OpenShareRequest, OpenedShare, ShareCreated, ShareRequest, ShareSummary},
        registration::{DeclareRequest, DoorPlate, DoorPlateAddress, DoorPlateRequest, PendingRegistration, RegistrationStatus},
        device::{Device, RegisterDeviceRequest},
        events::EventTicket,
        permit::Permit,
        verification::{Verdict, VerificationRecord, VerifyRequest},
        Department, Health, StaffPost, Me, OtpIssued, OtpRequest, PersonaSummary, Session, SessionRequest,
    },
    materials::MaterialKind,
    token::CodePolicy,
};

/// Which request a document belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MaterialPurpose {
    Application,
    Endorsement,
}

/// Told when any call answers 401: the session ended on the backend.
pub type OnSignedOut = std::sync::Arc<dyn Fn() + Send + Sync>;

/// A handle for calling the API as someone (or no one). Cheap to clone.
#[derive(Clone, Default)]
pub struct Api {
    token: Option<String>,
    clock: Option<ServerClock>,
    acting_for: Option<String>,
    on_signed_out: Option<OnSignedOut>,
}

impl Api {
    pub fn new(token: Option<String>, clock: Option<ServerClock>) -> Self {
        Self { token, clock, acting_for: None, on_signed_out: None }
    }

    /// Calls `f` whenever a request with this handle's token answers 401.
    pub fn on_signed_out(mut self, f: impl Fn() + Send + Sync + 'static) -> Self {
        self.on_signed_out = Some(std::sync::Arc::new(f));
        self
    }

    /// The same handle acting for a dependant (代办), by the dependant's label.
    pub fn acting_for(mut self, label: Option<String>) -> Self {
        self.acting_for = label;
        self
    }

    fn http(&self) -> http::Http<'_> {
        http::Http {
            token: self.token.as_deref(),
            clock: self.clock,
            acting_for: self.acting_for.as_deref(),
            on_signed_out: self.on_signed_out.as_ref(),
        }
    }

    pub async fn health(&self) -> Result<Health, AppError> {
        self.http().get("/api/v1/health").await
    }

    /// The demo personas (404 outside demo mode). The boot script asks for them before the
    /// app has loaded when no one is signed in: the sign-in page waits for this answer.
    pub async fn personas(&self) -> Result<Vec<PersonaSummary>, AppError> {
        let path = "/api/v1/personas";
        match crate::platform::early::take(path).await {
            Some(answer) => self.http().read(answer.into()).await,
            None => self.http().get(path).await,
        }
    }

    pub async fn request_otp(&self, phone: &str) -> Result<OtpIssued, AppError> {
        self.http().post("/api/v1/auth/otp", &OtpRequest { phone: phone.into() }).await
    }

    pub async fn create_session(&self, phone: &str, code: &str) -> Result<Session, AppError> {
        let body = SessionRequest { phone: phone.into(), code: code.into() };
        self.http().post("/api/v1/auth/session", &body).await
    }

    pub async fn me(&self) -> Result<Me, AppError> {
        self.http().get("/api/v1/me").await
    }

    pub async fn sign_out(&self) -> Result<(), AppError> {
        self.http().delete("/api/v1/auth/session").await
    }

    /// Ends every session of the signed-in person, on every phone.
    pub async fn sign_out_everywhere(&self) -> Result<(), AppError> {
        self.http().delete("/api/v1/auth/sessions").await
    }

    pub async fn permit(&self) -> Result<Permit, AppError> {
        self.http().get("/api/v1/permit").await
    }

    /// The holder's photo, JPEG bytes.
    pub async fn permit_photo(&self) -> Result<Vec<u8>, AppError> {
        self.http().get_bytes("/api/v1/permit/photo").await
    }

    pub async fn code_policy(&self) -> Result<CodePolicy, AppError> {
        self.http().get("/api/v1/code-policy").await
    }

    /// Sends a one-time code to the holder's own phone, for registering this device.
    pub async fn device_otp(&self) -> Result<OtpIssued, AppError> {
        self.http().post("/api/v1/devices/otp", &()).await
    }

    pub async fn register_device(&self, request: &RegisterDeviceRequest) -> Result<Device, AppError> {
        self.http().post("/api/v1/devices", request).await
    }

    pub async fn current_device(&self) -> Result<Device, AppError> {
        self.http().get("/api/v1/devices/current").await
    }

    /// The holder's dry-run check of a code: nothing recorded, the code stays usable.
    pub async fn self_test(&self, code: &str) -> Result<Verdict, AppError> {
        self.http().post("/api/v1/verifications/self-test", &VerifyRequest { code: code.into() }).await
    }

    /// Counter staff read a code; `key` makes a retry after a dropped connection return the
    /// first verdict instead of "already used".
    pub async fn verify(&self, key: &str, code: &str) -> Result<Verdict, AppError> {
        self.http().post_keyed("/api/v1/verifications", key, &VerifyRequest { code: code.into() }).await
    }

    /// A new challenge for the counter's screen (the challenge mode).
    pub async fn issue_challenge(&self) -> Result<ChallengeIssued, AppError> {
        self.http().post("/api/v1/challenges", &serde_json::json!({})).await
    }

    /// Who asks, from the id in a counter's QR.
    pub async fn challenge(&self, id: &str) -> Result<ChallengeAsk, AppError> {
        self.http().get(&format!("/api/v1/challenges/{id}")).await
    }

    /// Who asks, from the six digits under a counter's QR.
    pub async fn find_challenge(&self, number: &str) -> Result<ChallengeAsk, AppError> {
        self.http().post("/api/v1/challenges/lookup", &ChallengeLookup { number: number.into() }).await
    }

    /// The holder's signed answer; `key` makes a retry return the first outcome.
    pub async fn answer_challenge(&self, key: &str, id: &str, answer: &str) -> Result<AnswerOutcome, AppError> {
        self.http().post_keyed(&format!("/api/v1/challenges/{id}/answer"), key, &AnswerRequest { answer: answer.into() }).await
    }

    /// The holder's photo for the counter that just accepted their code (`photo_path` of the verdict).
    pub async fn verdict_photo(&self, photo_path: &str) -> Result<Vec<u8>, AppError> {
        self.http().get_bytes(photo_path).await
    }

    /// Every reading of the holder's codes, newest first.
    pub async fn verifications(&self) -> Result<Vec<VerificationRecord>, AppError> {
        self.http().get("/api/v1/verifications").await
    }

    pub async fn departments(&self) -> Result<Vec<Department>, AppError> {
        self.http().get("/api/v1/staff/departments").await
    }

    pub async fn set_post(&self, post: &StaffPost) -> Result<StaffPost, AppError> {
        self.http().put("/api/v1/staff/post", post).await
    }

    /// Endorses for this year (or lifts a suspension); `key` makes a retry safe.
    pub async fn endorse(&self, key: &str) -> Result<permit_core::api::endorsement::EndorsementStatus, AppError> {
        self.http().post_keyed("/api/v1/endorsement", key, &()).await
    }

    pub async fn endorsement(&self) -> Result<permit_core::api::endorsement::EndorsementStatus, AppError> {
        self.http().get("/api/v1/endorsement").await
    }

    pub async fn registration(&self) -> Result<RegistrationStatus, AppError> {
        self.http().get("/api/v1/registration").await
    }

    pub async fn declare(&self, key: &str, request: &DeclareRequest) -> Result<PendingRegistration, AppError> {
        self.http().post_keyed("/api/v1/registration", key, request).await
    }

    pub async fn precheck(&self) -> Result<Precheck, AppError> {
        self.http().get("/api/v1/application/precheck").await
    }

    pub async fn application(&self) -> Result<Application, AppError> {
        self.http().get("/api/v1/application").await
    }

    pub async fn apply(&self, key: &str, request: &ApplyRequest) -> Result<Application, AppError> {
        self.http().post_keyed("/api/v1/application", key, request).await
    }

    /// Uploads page `page` of `of` of a document for the application or the endorsement (a
    /// JPEG page, or a PDF as page 1 of 1), reporting progress.
    #[allow(clippy::too_many_arguments)]
    pub async fn upload_material_page(
        &self,
        purpose: MaterialPurpose,
        kind: MaterialKind,
        (page, of): (u8, u8),
        key: &str,
        bytes: &[u8],
        content_type: &str,
        progress: Progress,
    ) -> Result<MaterialReceipt, AppError> {
        let kind = serde_json::to_value(kind).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
        let resource = match purpose {
            MaterialPurpose::Application => "application",
            MaterialPurpose::Endorsement => "endorsement",
        };
        let path = format!("/api/v1/{resource}/materials?kind={kind}&page={page}&of={of}");
        let body = crate::platform::blob::from_bytes(bytes, content_type).ok_or(AppError::Decode)?;
        self.http().upload(&path, key, &body, content_type, progress, CancelUpload::default()).await
    }

    /// Makes a share (用证授权); the answer holds its link, secret included, once.
    pub async fn create_share(&self, key: &str, request: &ShareRequest) -> Result<ShareCreated, AppError> {
        self.http().post_keyed("/api/v1/shares", key, request).await
    }

    /// The holder's shares, newest first, each with its openings.
    pub async fn shares(&self) -> Result<Vec<ShareSummary>, AppError> {
        self.http().get("/api/v1/shares").await
    }

    /// Revokes one of the holder's shares at once (revoking again changes nothing).
    pub async fn revoke_share(&self, id: &str) -> Result<ShareSummary, AppError> {
        self.http().post(&format!("/api/v1/shares/{id}/revocation"), &serde_json::json!({})).await
    }

    /// Opens a shared copy by its link (no account): where it stands and, while it holds,
    /// the signed statement. Recorded as an opening. `id` must pass
    /// `permit_core::api::share::is_share_id` (it comes from a link anyone can write).
    pub async fn open_share(&self, id: &str, secret: &str) -> Result<OpenedShare, AppError> {
        self.http().post(&format!("/api/v1/public/shares/{id}/open"), &OpenShareRequest { secret: secret.to_owned() }).await
    }

    /// Where a shared copy stands now (the open page's refresh; not an opening).
    pub async fn share_status(&self, id: &str, secret: &str) -> Result<OpenedShare, AppError> {
        self.http().post(&format!("/api/v1/public/shares/{id}/status"), &OpenShareRequest { secret: secret.to_owned() }).await
    }

    /// The photo of a shared copy (JPEG bytes).
    pub async fn share_photo(&self, id: &str, secret: &str) -> Result<Vec<u8>, AppError> {
        self.http()
            .post_for_bytes(&format!("/api/v1/public/shares/{id}/photo"), &OpenShareRequest { secret: secret.to_owned() })
            .await
    }

    /// Makes the holder's residence certificate (居住证明); the answer holds its check code,
    /// once, and where to download the PDF.
    pub async fn create_certificate(&self, key: &str) -> Result<CertificateMade, AppError> {
        self.http().post_keyed("/api/v1/certificates", key, &serde_json::json!({})).await
    }

    /// A certificate's PDF, by the `pdf_path` it was made with.
    pub async fn certificate_pdf(&self, pdf_path: &str) -> Result<Vec<u8>, AppError> {
        self.http().get_bytes(pdf_path).await
    }

    /// Opens a certificate by its check code (no account). `code` must have passed
    /// `permit_core::certificate::normalize_code`.
    pub async fn open_certificate(&self, code: &str) -> Result<OpenedShare, AppError> {
        self.http().post("/api/v1/public/certificates/open", &OpenCertificateRequest { code: code.to_owned() }).await
    }

    /// Where a certificate stands now (the check page's refresh; not an opening).
    pub async fn certificate_status(&self, code: &str) -> Result<OpenedShare, AppError> {
        self.http().post("/api/v1/public/certificates/status", &OpenCertificateRequest { code: code.to_owned() }).await
    }

    /// The issuer's published keys.
    pub async fn issuer_keys(&self) -> Result<JwkSet, AppError> {
        self.http().get("/api/v1/issuer-keys").await
    }

    /// The demo's door plates (demo mode only).
    pub async fn door_plates(&self) -> Result<Vec<DoorPlate>, AppError> {
        self.http().get("/api/v1/door-plates").await
    }

    /// The address of a scanned door-plate code.
    pub async fn read_door_plate(&self, code: &str) -> Result<DoorPlateAddress, AppError> {
        self.http().post("/api/v1/registration/door-plate", &DoorPlateRequest { code: code.to_owned() }).await
    }

    /// Uploads a photo (JPEG bytes) for review, reporting progress; cancellable.
    pub async fn upload_photo(&self, key: &str, jpeg: &[u8], progress: Progress, cancel: CancelUpload) -> Result<PhotoReview, AppError> {
        let body = crate::platform::blob::from_bytes(jpeg, "image/jpeg").ok_or(AppError::Decode)?;
        self.http().upload("/api/v1/photo", key, &body, "image/jpeg", progress, cancel).await
    }

    /// The latest photo review, `None` when no photo was ever uploaded.
    pub async fn photo_review(&self) -> Result<Option<PhotoReview>, AppError> {
        self.http().get_optional("/api/v1/photo/review").await
    }

    pub async fn card(&self) -> Result<PhysicalCard, AppError> {
        self.http().get("/api/v1/card").await
    }

    pub async fn card_orders(&self) -> Result<Vec<CardOrder>, AppError> {
        self.http().get("/api/v1/card-orders").await
    }

    pub async fn order_card(&self, key: &str, kind: CardKind) -> Result<CardOrder, AppError> {
        self.http().post_keyed("/api/v1/card-orders", key, &CardOrderRequest { kind }).await
    }

    pub async fn pay_card(&self, key: &str, order_id: &str, method: PaymentMethod) -> Result<CardOrder, AppError> {
        let path = format!("/api/v1/card-orders/{order_id}/payment");
        self.http().post_keyed(&path, key, &PaymentRequest { method }).await
    }

    pub async fn cancel_permit(&self, key: &str) -> Result<Permit, AppError> {
        self.http().post_keyed("/api/v1/permit/cancellation", key, &CancelRequest { confirm: true }).await
    }

    pub async fn messages(&self) -> Result<Vec<Message>, AppError> {
        self.http().get("/api/v1/messages").await
    }

    pub async fn mark_read(&self, id: &str) -> Result<(), AppError> {
        self.http().post_empty(&format!("/api/v1/messages/{id}/read")).await
    }

    pub async fn event_ticket(&self) -> Result<EventTicket, AppError> {
        self.http().post("/api/v1/events/ticket", &()).await
    }

    /// The URL of the event stream for a ticket (the ticket is single use, not personal data).
    pub fn events_url(ticket: &str) -> String {
        format!("/api/v1/events?ticket={ticket}")
    }
}

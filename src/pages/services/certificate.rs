//! 开具居住证明 (`/services/certificate`): what the certificate states and how it is checked,
//! one button that makes it and downloads the PDF, and then its check code. The mock sets the
//! PDF (docs/sharing.md says why); the write is keyed, so a retry after a failure or a reload
//! is the same certificate, and a failed download is tried again without making another.

use crate::{
    components::{acting_for::ActingForBanner, error_banner::ErrorBanner, page_header::PageHeader},
    error::AppError,
    i18n::{use_i18n, Key},
    platform::blob,
    state::{drafts::Draft, session::SessionStore, submission::Submission},
};
use leptos::prelude::*;
use permit_core::api::share::CertificateMade;

const FILE_NAME: &str = "residence-certificate.pdf";

#[component]
pub fn CertificatePage() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<SessionStore>();
    let made = RwSignal::new(None::<CertificateMade>);
    let download_error = RwSignal::new(None::<AppError>);
    let downloading = RwSignal::new(false);
    let download = move |pdf_path: String| {
        downloading.set(true);
        download_error.set(None);
        leptos::task::spawn_local(async move {
            match session.api().certificate_pdf(&pdf_path).await {
                Ok(pdf) => blob::download(&pdf, "application/pdf", FILE_NAME),
                Err(e) => download_error.set(Some(e)),
            }
            downloading.set(false);
        });
    };
    let making = Submission::keyed(
        Draft::<()>::load("certificate"),
        |api, key, ()| async move { api.create_certificate(&key).await },
        move |certificate: CertificateMade| {
            download(certificate.pdf_path.clone());
            made.set(Some(certificate));
        },
    );
    view! {
        <div class="page">
            <PageHeader title=Signal::derive(move || i18n.t(Key::ServiceCertificate)) back="/services" />
            <div class="page-body">
                <ActingForBanner />
                {move || match made.get() {
                    None => view! {
                        <section class="section form" data-testid="certificate-form">
                            <p>{move || i18n.t(Key::CertificateIntro)}</p>
                            <p class="hint">{move || i18n.t(Key::CertificateYearsRule)}</p>
                            <ErrorBanner error=making.error() />
                            <button type="button" class="button button-primary" data-testid="certificate-make"
                                disabled=making.busy() on:click=move |_| making.dispatch(())>
                                {move || i18n.t(Key::CertificateMake)}
                            </button>
                        </section>
                    }
                    .into_any(),
                    Some(certificate) => {
                        let pdf_path = certificate.pdf_path.clone();
                        view! {
                            <section class="section notice" data-testid="certificate-done">
                                <p class="notice-name">{move || i18n.t(Key::CertificateDone)}</p>
                                <p>{move || i18n.t(Key::CertificateDoneHint)}</p>
                                <p class="certificate-code-line">
                                    {move || i18n.t(Key::CertificateCodeLabel)}" "
                                    <strong class="certificate-code" data-testid="certificate-code" translate="no">{certificate.code.clone()}</strong>
                                </p>
                                <ErrorBanner error=download_error />
                                <div class="card-actions">
                                    <button type="button" class="button button-secondary" data-testid="certificate-download"
                                        disabled=move || downloading.get() on:click=move |_| download(pdf_path.clone())>
                                        {move || i18n.t(Key::CertificateDownloadAgain)}
                                    </button>
                                    <a class="button button-secondary" href=certificate.link.clone() target="_blank" rel="noopener noreferrer">
                                        {move || i18n.t(Key::CertificateOpenCheck)}
                                    </a>
                                </div>
                            </section>
                        }
                        .into_any()
                    }
                }}
            </div>
        </div>
    }
}

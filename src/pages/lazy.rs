//! The pages that load on demand, in five groups; each group is one wasm module, fetched the
//! first time one of its routes opens (`cargo xtask dist` splits them off with wasm-split).
//! Only the sign-in page is in the first module: a new resident's first download. The
//! signed-in shell and the live card are one group; a returning holder sees the card entry's
//! card while it comes (docs/card-entry.md), and the sign-in page fetches it once the visitor
//! starts signing in ([`preload_card`]), so the card follows a sign-in at once.
//!
//! Why groups and not a module per page: code that several modules use goes into a shared
//! chunk per set of users, and fourteen page modules made 187 chunks, 127 of them on the
//! card's path (130 requests for one card). Five groups make about 20 chunks (a sixth group,
//! for the shared copy alone, made the card's 24: it went in with the door plates instead). A group holds the
//! pages used together: the card and its shell; every 办事 flow with the photo tool they
//! share; the other tabs (history, messages, 我的, sharing the permit and its records); the staff counter and the holder's answer to it (both read QR codes with the scanner); the pages open without
//! an account (a shared copy as its recipient opens it, the door-plate demo).

use leptos::prelude::*;

/// Routes whose pages share the module `$group`: the first of them to open fetches it, and
/// the others open at once. Each route names its piece's function and that function's
/// preload, which `#[leptos::lazy]` makes as `__preload_<function>`. `data()` runs in the
/// first module and carries nothing: each page loads its own data once it is there.
macro_rules! lazy_group {
    ($group:ident { $($route:ident: $piece:ident, $preload:ident => $page:path;)+ }) => {$(
        pub struct $route;

        // Every piece is cut at this one place in the source, so `lazy` names the module of
        // each piece of a group alike (the group's name and a hash of this place).
        #[leptos::lazy($group)]
        fn $piece(this: $route) -> AnyView {
            let _ = this;
            untrack(|| $page().into_any())
        }

        impl leptos_router::LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            async fn view(this: Self) -> AnyView {
                $piece(this).await
            }

            async fn preload() {
                $preload().await;
            }
        }
    )+};
}

lazy_group!(card {
    Shell: shell_piece, __preload_shell_piece => crate::components::signed_in_shell::SignedInShell;
    Card: card_piece, __preload_card_piece => crate::pages::card::CardPage;
});
lazy_group!(services {
    Services: services_piece, __preload_services_piece => crate::pages::services::ServicesPage;
    Registration: registration_piece, __preload_registration_piece => crate::pages::services::registration::RegistrationPage;
    Apply: apply_piece, __preload_apply_piece => crate::pages::services::apply::ApplyPage;
    Endorse: endorse_piece, __preload_endorse_piece => crate::pages::services::endorse::EndorsePage;
    CardOrder: card_order_piece, __preload_card_order_piece => crate::pages::services::card::CardPage;
    Cancel: cancel_piece, __preload_cancel_piece => crate::pages::services::cancel::CancelPage;
    Certificate: certificate_piece, __preload_certificate_piece => crate::pages::services::certificate::CertificatePage;
    Photo: photo_piece, __preload_photo_piece => crate::pages::photo::PhotoPage;
});
lazy_group!(account {
    History: history_piece, __preload_history_piece => crate::pages::history::HistoryPage;
    Messages: messages_piece, __preload_messages_piece => crate::pages::messages::MessagesPage;
    Me: me_piece, __preload_me_piece => crate::pages::me::MePage;
    ShareForm: share_form_piece, __preload_share_form_piece => crate::pages::share_form::ShareFormPage;
    Shares: shares_piece, __preload_shares_piece => crate::pages::shares::SharesPage;
});
lazy_group!(verify {
    Verify: verify_piece, __preload_verify_piece => crate::pages::verify::VerifyPage;
    Answer: answer_piece, __preload_answer_piece => crate::pages::answer::AnswerPage;
});
lazy_group!(public {
    SharedCopy: shared_copy_piece, __preload_shared_copy_piece => crate::pages::shared_copy::SharedCopyPage;
    CertificateCheck: certificate_check_piece, __preload_certificate_check_piece => crate::pages::shared_copy::certificate_check::CertificateCheckPage;
    DoorPlates: door_plates_piece, __preload_door_plates_piece => crate::pages::door_plates::DoorPlatesPage;
});

/// Fetches the group a signed-in holder's card needs (the shell and the card), without
/// showing anything.
pub async fn preload_card() {
    use leptos_router::LazyRoute;
    Card::preload().await;
}

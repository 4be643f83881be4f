//! The pages that load on demand: each is its own wasm module, fetched the first time its
//! route is opened (`cargo xtask dist` splits them off with wasm-split). Only the sign-in page
//! is in the first module: a new resident's first download. The signed-in shell and the live
//! card are pieces too, fetched side by side; a returning holder sees the card entry's card
//! while they come (docs/card-entry.md), and the sign-in page fetches them once the visitor
//! starts signing in ([`preload_card`]), so the card follows a sign-in at once.

use leptos::prelude::*;

/// A route whose page is in its own module. `data()` runs in the first module and carries
/// nothing: each page loads its own data once it is there.
macro_rules! lazy_page {
    ($(#[$doc:meta])* $route:ident => $page:path) => {
        $(#[$doc])*
        pub struct $route;

        #[leptos_router::lazy_route]
        impl leptos_router::LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(this: Self) -> AnyView {
                let _ = this;
                untrack(|| $page().into_any())
            }
        }
    };
}

lazy_page!(Shell => crate::components::signed_in_shell::SignedInShell);
lazy_page!(Card => crate::pages::card::CardPage);
lazy_page!(History => crate::pages::history::HistoryPage);
lazy_page!(Verify => crate::pages::verify::VerifyPage);
lazy_page!(Services => crate::pages::services::ServicesPage);
lazy_page!(Registration => crate::pages::services::registration::RegistrationPage);
lazy_page!(Apply => crate::pages::services::apply::ApplyPage);
lazy_page!(Endorse => crate::pages::services::endorse::EndorsePage);
lazy_page!(CardOrder => crate::pages::services::card::CardPage);
lazy_page!(Cancel => crate::pages::services::cancel::CancelPage);
lazy_page!(Photo => crate::pages::photo::PhotoPage);
lazy_page!(Messages => crate::pages::messages::MessagesPage);
lazy_page!(Me => crate::pages::me::MePage);
lazy_page!(DoorPlates => crate::pages::door_plates::DoorPlatesPage);

/// Fetches the pieces a signed-in holder's card needs (the shell and the card), without
/// showing anything.
pub async fn preload_card() {
    use leptos_router::LazyRoute;
    futures::join!(Shell::preload(), Card::preload());
}

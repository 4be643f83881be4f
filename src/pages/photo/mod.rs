//! 更换照片: replace the holder's photo, and follow its review.

use crate::{
    components::{acting_for::ActingForBanner, page_header::PageHeader, photo_tool::PhotoTool},
    i18n::{domain, use_i18n, Key},
    state::{live_events::live_resource, session::SessionStore},
};
use leptos::prelude::*;

#[component]
pub fn PhotoPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<SessionStore>();
    let (review, refresh) = live_resource(move || async move { session.api().photo_review().await.ok().flatten() });
    view! {
        <div class="page">
            <PageHeader title=Signal::derive(move || i18n.t(Key::ServicePhoto)) back="/services" />
            <div class="page-body">
                <ActingForBanner />
                {move || review.get().flatten().map(|r| {
                    let key = domain::photo_review(r.status);
                    view! { <p class="banner banner-info" data-testid="photo-review" data-status=format!("{:?}", r.status)>{i18n.t(key)}</p> }
                })}
                <PhotoTool on_uploaded=move || refresh.run() />
            </div>
        </div>
    }
}

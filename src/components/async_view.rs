use crate::{
    components::error_banner::ErrorBanner,
    error::AppError,
    i18n::{use_i18n, Key},
};
use leptos::prelude::*;

/// A page's loaded data: a loading line, the failure in the user's words, or the content.
#[component]
pub fn AsyncView<T, F, V>(resource: LocalResource<Result<T, AppError>>, render: F) -> impl IntoView
where
    T: Clone + 'static,
    F: Fn(T) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let i18n = use_i18n();
    view! {
        <Suspense fallback=move || view! { <p class="muted">{move || i18n.t(Key::Loading)}</p> }>
            {
                let render = render.clone();
                move || {
                    resource.get().map(|r| match r {
                        Ok(value) => render(value).into_any(),
                        Err(e) => {
                            let error = Signal::derive(move || Some(e.clone()));
                            view! { <ErrorBanner error=error /> }.into_any()
                        }
                    })
                }
            }
        </Suspense>
    }
}

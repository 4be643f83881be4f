//! 申领: the pre-check in plain words, then apply (or claim from a valid physical card),
//! upload documents when the data check fails, and follow the review to the result.

use crate::{
    api::MaterialPurpose,
    components::{
        acting_for::ActingForBanner,
        async_view::AsyncView,
        error_banner::ErrorBanner,
        material_upload::MaterialUpload,
        page_header::PageHeader,
        stepper::Stepper,
    },
    error::AppError,
    i18n::{domain, use_i18n, Key, Locale},
    state::{drafts::Draft, live_events::live_resource, session::SessionStore, submission::Submission},
};
use leptos::prelude::*;
use leptos_router::components::A;
use permit_core::{
    api::application::{Application, ApplyRequest, Precheck, ReviewStatus},
    eligibility::{Condition, Route},
};

#[derive(Clone)]
struct State {
    precheck: Precheck,
    application: Option<Application>,
}

async fn load(session: SessionStore) -> Result<State, AppError> {
    let api = session.api();
    let precheck = api.precheck().await?;
    let application = match api.application().await {
        Ok(a) => Some(a),
        Err(AppError::Api { code, .. }) if code == permit_core::api::ErrorCode::NoApplication => None,
        Err(e) => return Err(e),
    };
    Ok(State { precheck, application })
}

#[component]
pub fn ApplyPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<SessionStore>();
    let (state, refresh) = live_resource(move || load(session));
    let changed = Callback::new(move |()| refresh.run());
    view! {
        <div class="page">
            <PageHeader title=Signal::derive(move || i18n.t(Key::ServiceApply)) back="/services" />
            <div class="page-body">
                <ActingForBanner />
                <AsyncView resource=state render=move |s| view! { <Flow state=s on_changed=changed /> } />
            </div>
        </div>
    }
}

#[component]
fn Flow(state: State, on_changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let steps = Signal::derive(move || {
        vec![i18n.t(Key::StepCheck), i18n.t(Key::StepConfirmSubmit), i18n.t(Key::StepMaterials), i18n.t(Key::StepReview)]
    });
    let open = state.application.clone().filter(|a| !matches!(a.status, ReviewStatus::Rejected));
    if let Some(app) = open {
        let step = match app.status {
            ReviewStatus::NeedsMaterials | ReviewStatus::NeedsPhoto => 2,
            _ => 3,
        };
        return view! {
            <Stepper steps=steps current=step />
            <Tracking app=app on_changed=on_changed />
        }
        .into_any();
    }
    let eligibility = state.precheck.eligibility.clone();
    let rejected = state
        .application
        .as_ref()
        .filter(|a| a.status == ReviewStatus::Rejected)
        .map(|a| a.rejection_reason.clone().unwrap_or_default());
    let rejection = rejected.map(|reason| view! {
        <p class="banner banner-error" data-testid="rejection">{move || i18n.t(Key::ReviewRejected)} "：" {reason.clone()}</p>
    });
    let body = match eligibility.route {
        None => view! {
            <Stepper steps=steps current=0 />
            <section class="section" data-testid="refusals">
                <h2 class="section-title">{move || i18n.t(Key::ApplyCannot)}</h2>
                <ul class="reasons">
                    {eligibility.refusals.iter().map(|r| {
                        let r = *r;
                        view! { <li>{move || domain::refusal(r, i18n.locale.get())}</li> }
                    }).collect_view()}
                </ul>
            </section>
        }.into_any(),
        Some(route) => view! { <ApplyForm precheck=state.precheck.clone() route=route steps=steps on_done=on_changed /> }.into_any(),
    };
    view! { {rejection} {body} }.into_any()
}

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
struct Form {
    conditions: Vec<Condition>,
    /// Also order the first physical card (free).
    #[serde(default)]
    physical_card: bool,
    reviewing: bool,
}

#[component]
fn ApplyForm(precheck: Precheck, route: Route, steps: Signal<Vec<&'static str>>, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let draft = Draft::<Form>::load("application");
    let applying = Submission::keyed(
        draft,
        |api, key, request: ApplyRequest| async move { api.apply(&key, &request).await },
        move |_| on_done.run(()),
    );
    let held = precheck.conditions.clone();
    let zero_material = precheck.data_check_passed;

    let submit = move |_| {
        let (conditions, physical_card) = draft.value.with_untracked(|f| (f.conditions.clone(), f.physical_card));
        applying.dispatch(ApplyRequest { conditions, physical_card });
    };
    let step = Signal::derive(move || if draft.value.with(|f| f.reviewing) { 1 } else { 0 });
    if route == Route::ClaimFromCard {
        return view! {
            <Stepper steps=steps current=1 />
            <section class="section form" data-testid="claim">
                <h2 class="section-title">{move || i18n.t(Key::ApplyCanClaim)}</h2>
                <p class="hint">{move || i18n.t(Key::ClaimExplain)}</p>
                <ErrorBanner error=applying.error() />
                <button class="button button-primary" data-testid="claim-submit" disabled=applying.busy() on:click=submit>
                    {move || i18n.t(Key::ClaimSubmit)}
                </button>
            </section>
        }
        .into_any();
    }
    view! {
        <Stepper steps=steps current=step />
        <section class="section form" data-testid="apply-form">
            <h2 class="section-title">{move || i18n.t(Key::ApplyCan)}</h2>
            <p class="hint">
                {move || if zero_material { i18n.t(Key::ApplyZeroMaterial) } else { i18n.t(Key::ApplyNeedsMaterial) }}
            </p>
            <p class="field-label">{move || i18n.t(Key::ApplyChooseConditions)}</p>
            <div class="choice-list">
                {[Condition::Employment, Condition::Residence, Condition::Schooling].into_iter().map(|c| {
                    let on_record = held.contains(&c);
                    view! {
                        // Any condition can be claimed (FAQ 1 and 14); one the records lack needs
                        // a document for it.
                        <label class="choice">
                            <input
                                type="checkbox"
                                name=format!("{c:?}").to_lowercase()
                                prop:checked=move || draft.value.with(|f| f.conditions.contains(&c))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    draft.value.update(|f| {
                                        f.conditions.retain(|x| *x != c);
                                        if on { f.conditions.push(c); }
                                        f.reviewing = false;
                                    });
                                }
                            />
                            <span>{move || i18n.t(c.into())}</span>
                            {(!on_record).then(|| view! { <span class="tag tag-muted" data-testid="needs-document">{move || i18n.t(Key::ApplyConditionNeedsDocument)}</span> })}
                        </label>
                    }
                }).collect_view()}
            </div>
            <label class="choice choice-extra">
                <input type="checkbox" name="physical-card" data-testid="apply-physical-card"
                    prop:checked=move || draft.value.with(|f| f.physical_card)
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        draft.value.update(|f| { f.physical_card = on; f.reviewing = false; });
                    } />
                <span>{move || i18n.t(Key::ApplyAlsoCard)}</span>
            </label>
            <ErrorBanner error=applying.error() />
            <Show
                when=move || draft.value.with(|f| f.reviewing)
                fallback=move || view! {
                    <button class="button button-primary" data-testid="apply-next"
                        disabled=move || draft.value.with(|f| f.conditions.is_empty())
                        on:click=move |_| draft.value.update(|f| f.reviewing = true)>
                        {move || i18n.t(Key::Next)}
                    </button>
                }
            >
                <div class="review" data-testid="apply-review">
                    <p class="muted">{move || i18n.t(Key::ApplyReviewLead)}</p>
                    <p class="review-value">
                        {move || draft.value.with(|f| f.conditions.iter().map(|c| i18n.t((*c).into())).collect::<Vec<_>>().join("、"))}
                    </p>
                    {move || draft.value.with(|f| f.physical_card).then(|| view! { <p class="review-value" data-testid="apply-review-card">{i18n.t(Key::ApplyAlsoCardReview)}</p> })}
                    <p class="hint">{move || i18n.t(Key::FreeOfCharge)}</p>
                    <button class="button button-primary" data-testid="apply-submit" disabled=applying.busy() on:click=submit>
                        {move || i18n.t(Key::Submit)}
                    </button>
                </div>
            </Show>
        </section>
    }
    .into_any()
}

#[component]
fn Tracking(app: Application, on_changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let status_key = Key::from(app.status);
    let needed = app.materials_needed.clone();
    let retake = app.retake.clone();
    view! {
        <section class="section" data-testid="application-status" data-status=format!("{:?}", app.status)>
            <h2 class="section-title">{move || i18n.t(status_key)}</h2>
            {(app.status == ReviewStatus::Approved).then(|| view! {
                <A href="/card" attr:class="button button-primary">{move || i18n.t(Key::GoToCard)}</A>
            })}
            {(app.status == ReviewStatus::NeedsMaterials).then(|| match retake {
                // The review asked for one page again: say which and why, and take just that page.
                Some(r) => {
                    let (kind, page, of) = (r.kind, r.page, r.of);
                    let reason = move || match i18n.locale.get() { Locale::Zh => r.reason_zh.clone(), Locale::En => r.reason_en.clone() };
                    view! {
                        <div class="banner banner-warn" data-testid="retake">
                            <p>{move || domain::retake(kind, page, i18n.locale.get())}</p>
                            <p>{reason}</p>
                        </div>
                        <MaterialUpload purpose=MaterialPurpose::Application condition=kind.proves() on_uploaded=on_changed retake=(kind, page, of) />
                    }.into_any()
                }
                None => view! {
                    <div class="uploads">
                        {needed.iter().map(|c| view! {
                            <MaterialUpload purpose=MaterialPurpose::Application condition=*c on_uploaded=on_changed />
                        }).collect_view()}
                    </div>
                }.into_any(),
            })}
            {(app.status == ReviewStatus::NeedsPhoto).then(|| view! {
                <p class="hint">{move || i18n.t(Key::PhotoNeededHint)}</p>
                <crate::components::photo_tool::PhotoTool on_uploaded=on_changed />
            })}
        </section>
    }
}

//! 实体证: the optional physical card. The first is free; a replacement (lost) or renewal
//! (damaged, changed details) shows the 20 yuan fee and a simulated payment. Where the card's
//! address is older than the electronic permit's, say which is valid and where to rewrite it.

use crate::{
    components::{acting_for::ActingForBanner,
        async_view::AsyncView, error_banner::ErrorBanner, page_header::PageHeader},
    error::AppError,
    i18n::{use_i18n, Key, Locale},
    state::{drafts::Draft, live_events::live_resource, session::SessionStore, submission::Submission},
};
use leptos::prelude::*;
use permit_core::{
    api::card::{CardKind, CardOrder, CardOrderStatus, PaymentMethod, PhysicalCard},
    fees::{fee_yuan, Service},
};

#[component]
pub fn CardPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<SessionStore>();
    let (data, refresh) = live_resource(move || async move {
        let api = session.api();
        Ok::<_, AppError>((api.card().await?, api.card_orders().await?))
    });
    view! {
        <div class="page">
            <PageHeader title=Signal::derive(move || i18n.t(Key::ServiceCard)) back="/services" />
            <div class="page-body">
                <ActingForBanner />
                <AsyncView resource=data render=move |(card, orders)| view! { <Card card=card orders=orders on_changed=move || refresh.run() /> } />
            </div>
        </div>
    }
}

#[component]
fn Card(card: PhysicalCard, orders: Vec<CardOrder>, #[prop(into)] on_changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let ordering = Submission::keyed(
        Draft::<()>::load("card-order"),
        |api, key, kind: CardKind| async move { api.order_card(&key, kind).await },
        move |_| on_changed.run(()),
    );
    // One payment per order: the order's id is the key.
    let paying = Submission::new(
        |api, (id, method): (String, PaymentMethod)| async move { api.pay_card(&format!("pay-{id}"), &id, method).await },
        move |_| on_changed.run(()),
    );
    let busy = Signal::derive(move || ordering.busy().get() || paying.busy().get());
    let error = Signal::derive(move || ordering.error().get().or_else(|| paying.error().get()));
    let open_order = orders.iter().find(|o| o.status != CardOrderStatus::ReadyForCollection).cloned();
    let had_card = card.has_card || !orders.is_empty();
    let order = move |kind: CardKind| ordering.dispatch(kind);
    let pay = move |id: String, method: PaymentMethod| paying.dispatch((id, method));
    let guidance = match (card.guidance_zh.clone(), card.guidance_en.clone()) {
        (Some(zh), Some(en)) => Some((zh, en)),
        _ => None,
    };
    view! {
        <section class="section" data-testid="card-status">
            <h2 class="section-title">{move || if card.has_card { i18n.t(Key::CardHeld) } else { i18n.t(Key::CardNone) }}</h2>
            {card.address_on_card.clone().map(|a| view! { <p><span class="muted">{move || i18n.t(Key::CardAddressOnCard)}</span> " " {a}</p> })}
            {card.valid_until.map(|d| view! { <p class="muted">{move || i18n.t(Key::CardValidUntil)} " " {move || crate::i18n::format::date(d, i18n.locale.get())}</p> })}
            {guidance.map(|(zh, en)| view! {
                <p class="banner banner-warn" data-testid="card-guidance">
                    {move || match i18n.locale.get() { Locale::Zh => zh.clone(), Locale::En => en.clone() }}
                </p>
            })}
            <p class="hint">{move || i18n.t(Key::CardOptionalNote)}</p>
        </section>
        <ErrorBanner error=error />
        {match open_order {
            Some(o) => {
                let id = o.id.clone();
                let awaiting = o.status == CardOrderStatus::AwaitingPayment;
                view! {
                    <section class="section" data-testid="card-order" data-status=format!("{:?}", o.status)>
                        <h2 class="section-title">{move || i18n.t(o.kind.into())} " · " {move || i18n.t(o.status.into())}</h2>
                        <p class="fee">{move || i18n.t(Key::Fee)} " " {move || crate::i18n::format::money(o.fee_yuan, i18n.locale.get())}</p>
                        {awaiting.then(|| {
                            let (a, b) = (id.clone(), id.clone());
                            view! {
                                <p class="hint">{move || i18n.t(Key::PaymentSimulated)}</p>
                                <div class="card-actions">
                                    <button class="button button-primary" data-testid="pay-wechat" disabled=move || busy.get()
                                        on:click=move |_| pay(a.clone(), PaymentMethod::Wechat)>{move || i18n.t(Key::PayWechat)}</button>
                                    <button class="button button-secondary" disabled=move || busy.get()
                                        on:click=move |_| pay(b.clone(), PaymentMethod::Alipay)>{move || i18n.t(Key::PayAlipay)}</button>
                                </div>
                            }
                        })}
                    </section>
                }.into_any()
            }
            None => {
                let kinds: Vec<CardKind> = if had_card { vec![CardKind::Replacement, CardKind::Renewal] } else { vec![CardKind::First] };
                view! {
                    <section class="section" data-testid="card-order-options">
                        {kinds.into_iter().map(|k| {
                            let service = match k { CardKind::First => Service::FirstCard, CardKind::Replacement => Service::ReplacementCard, CardKind::Renewal => Service::RenewalCard };
                            let fee = fee_yuan(service);
                            view! {
                                <button class="list-row order-option" data-testid=format!("order-{k:?}").to_lowercase() disabled=move || busy.get() on:click=move |_| order(k)>
                                    <span>{move || i18n.t(k.into())}</span>
                                    <span class="tag">{move || if fee == 0 { i18n.t(Key::Free).to_owned() } else { crate::i18n::format::money(fee, i18n.locale.get()) }}</span>
                                </button>
                            }
                        }).collect_view()}
                    </section>
                }.into_any()
            }
        }}
        {(!orders.is_empty()).then(|| view! {
            <section class="section">
                <h2 class="section-title">{move || i18n.t(Key::OrderHistory)}</h2>
                <ul class="list">
                    {orders.iter().map(|o| {
                        let (k, s) = (o.kind, o.status);
                        view! { <li class="list-row"><span>{move || i18n.t(k.into())}</span><span class="muted">{move || i18n.t(s.into())}</span></li> }
                    }).collect_view()}
                </ul>
            </section>
        })}
    }
}

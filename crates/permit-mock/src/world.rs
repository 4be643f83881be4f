//! The passing of (mock) time: confirmations, reviews and card production that complete on
//! their own after a delay, as the real offices would. Run for a person before each of their
//! requests and by a background tick for everyone, so event streams hear about it.

use crate::{
    error::ApiError,
    ids::new_id,
    model::{Person, PermitRecord, Registration},
    notify::{self, Text},
    seed,
    state::AppState,
    store::Also,
    views,
};
use permit_core::{
    api::{
        application::ReviewStatus,
        card::CardOrderStatus,
        events::{Event, ReviewKind},
        messages::MessageKind,
    },
    calendar::local_date_ms,
    eligibility::{assess, Route},
};

/// How long the simulated offices take to confirm or decide, in mock milliseconds.
pub const REVIEW_DELAY_MS: i64 = 20_000;

/// Applies every transition that is due for this person, saves them through the store (a
/// concurrent change is never overwritten: see `store::persons`), then announces what changed.
/// Returns the person as saved.
pub fn advance(state: &AppState, person_id: &str) -> Result<Person, ApiError> {
    let person = state.store.person_by_id(person_id)?.ok_or_else(|| ApiError::not_found("no such person"))?;
    advance_loaded(state, person)
}

/// [`advance`] for a person just read: most requests find nothing due, which is told on a
/// copy, and then nothing is read or written again.
pub fn advance_loaded(state: &AppState, person: Person) -> Result<Person, ApiError> {
    let now = state.clock.now_ms();
    let reject_reason = state.reject_reason();
    if due_transitions(&mut person.clone(), now, reject_reason.clone(), &mut Vec::new()).is_empty() {
        return Ok(person);
    }
    let (announced, person) = state.store.update_person(&person.id, |person, also| Ok(due_transitions(person, now, reject_reason.clone(), also)))?;
    for (event, message) in announced {
        state.hub.publish(&person.id, event);
        if let Some(message) = message {
            notify::announce(state, &person.id, &message);
        }
    }
    Ok(person)
}

type Announced = Vec<(Event, Option<permit_core::api::messages::Message>)>;

/// The transitions due at `now`, applied to `person`; the rows they add go in `also`. Every
/// change it makes comes with an announcement, so an empty answer means nothing changed.
fn due_transitions(person: &mut Person, now: i64, reject_reason: Option<String>, also: &mut Vec<Also>) -> Announced {
    let today = local_date_ms(now);
    let due = |at: Option<i64>| at.is_some_and(|t| t <= now);
    let Some(resident) = person.resident.as_mut() else { return Vec::new() };
    let mut events: Vec<(Event, Option<Text<'static>>, MessageKind)> = Vec::new();

    if let Some(pending) = resident.pending_registration.take_if(|p| p.confirm_at_ms <= now) {
        let previous = resident.registration.take();
        resident.registration = Some(Registration {
            address: pending.address,
            residence_code: previous.as_ref().map_or_else(|| seed::residence_code(&pending.id), |r| r.residence_code.clone()),
            // Moving within the province keeps the registration's start: residence continues.
            confirmed_on: previous.as_ref().map_or(today, |r| r.confirmed_on),
            confirmed_by: pending.confirmer,
        });
        events.push((
            Event::ReviewChanged { kind: ReviewKind::Registration, id: pending.id, status: ReviewStatus::Approved },
            Some(Text {
                title_zh: "居住登记已确认",
                title_en: "Residence registration confirmed",
                body_zh: "您申报的居住地址已核实确认，居住证上的居住地址已同步更新。",
                body_en: "Your declared address was confirmed; the permit's residence address follows it.",
            }),
            MessageKind::Registration,
        ));
    }

    if let Some(app) = resident
        .application
        .as_mut()
        .filter(|a| a.status == ReviewStatus::UnderReview && due(a.decide_at_ms) && reject_reason.is_some())
    {
        app.status = ReviewStatus::Rejected;
        app.decide_at_ms = None;
        app.rejection_reason = reject_reason.clone();
        events.push((
            Event::ReviewChanged { kind: ReviewKind::Application, id: app.id.clone(), status: ReviewStatus::Rejected },
            Some(Text {
                title_zh: "电子居住证申领未通过",
                title_en: "Application not approved",
                body_zh: "您的申领未通过审核，请在“办事 › 申领电子居住证”查看原因并重新申请。",
                body_en: "Your application was not approved. See why under Services › Apply, and apply again.",
            }),
            MessageKind::Application,
        ));
    }

    if let Some(app) = resident.application.as_mut().filter(|a| a.status == ReviewStatus::UnderReview && due(a.decide_at_ms)) {
        app.status = ReviewStatus::Approved;
        app.decide_at_ms = None;
        let id = app.id.clone();
        let address = resident.registration.as_ref().map(|g| g.address.clone()).unwrap_or_default();
        issue_permit(address, resident, today);
        events.push((
            Event::ReviewChanged { kind: ReviewKind::Application, id, status: ReviewStatus::Approved },
            Some(Text {
                title_zh: "电子居住证已签发",
                title_en: "Your electronic permit is issued",
                body_zh: "您的电子居住证申领已审核通过，可在“证件”页出示。",
                body_en: "Your application was approved. Show the permit from the Permit tab.",
            }),
            MessageKind::Application,
        ));
    }

    if let Some(req) = resident.endorsement_request.take_if(|r| r.status == ReviewStatus::UnderReview && due(r.decide_at_ms)) {
        if let Some(permit) = resident.permit.as_mut() {
            if let Some(next) = views::schedule(permit).endorse(today) {
                permit.years_endorsed = next.years_endorsed;
            }
        }
        events.push((
            Event::ReviewChanged { kind: ReviewKind::Endorsement, id: req.id, status: ReviewStatus::Approved },
            Some(Text {
                title_zh: "签注已完成",
                title_en: "Endorsement complete",
                body_zh: "您的居住证年度签注已办理完成，证件可正常使用。",
                body_en: "This year's endorsement is done; the permit is valid.",
            }),
            MessageKind::Endorsement,
        ));
    }

    if let Some(review) = resident.photo_review.as_mut().filter(|r| r.status == ReviewStatus::UnderReview && due(r.decide_at_ms)) {
        review.status = ReviewStatus::Approved;
        review.decide_at_ms = None;
        let id = review.id.clone();
        resident.photo_on_file = true;
        also.push(Also::PromotePhoto);
        events.push((
            Event::ReviewChanged { kind: ReviewKind::Photo, id, status: ReviewStatus::Approved },
            Some(Text {
                title_zh: "相片已更新",
                title_en: "Photo replaced",
                body_zh: "您上传的新相片已审核通过，证件相片已更新。",
                body_en: "Your new photo was approved and is now on your permit.",
            }),
            MessageKind::Photo,
        ));
    }

    for order in resident.card_orders.iter_mut().filter(|o| o.status == CardOrderStatus::InProduction && due(o.ready_at_ms)) {
        order.status = CardOrderStatus::ReadyForCollection;
        order.ready_at_ms = None;
        events.push((
            Event::ReviewChanged { kind: ReviewKind::CardOrder, id: order.id.clone(), status: ReviewStatus::Approved },
            Some(Text {
                title_zh: "实体居住证已制好",
                title_en: "Physical card ready",
                body_zh: "您的实体居住证已制作完成，请携带身份证到居住地派出所领取。",
                body_en: "Your card is ready. Collect it at your local police station with your ID card.",
            }),
            MessageKind::Card,
        ));
    }

    if let Some(permit) = resident.permit.as_ref().filter(|p| p.cancelled_at_ms.is_none()) {
        let schedule = views::schedule(permit);
        let year = permit.years_endorsed + 1;
        if matches!(schedule.state(today), permit_core::endorsement::EndorsementState::WindowOpen { .. })
            && resident.reminded_endorsement_year < year
        {
            resident.reminded_endorsement_year = year;
            events.push((
                Event::ReviewChanged { kind: ReviewKind::Endorsement, id: format!("window-{year}"), status: ReviewStatus::NeedsMaterials },
                Some(Text {
                    title_zh: "年度签注已开放",
                    title_en: "Annual endorsement is open",
                    body_zh: "您的居住证年度签注期已开放，请在截止日前在“办事 › 年度签注”办理，逾期证件将中止使用。",
                    body_en: "Your annual endorsement window is open. Endorse under Services › Annual endorsement before the deadline, or the permit is suspended.",
                }),
                MessageKind::Endorsement,
            ));
        }
    }

    if !resident.told_may_apply && resident.permit.is_none() && resident.data_check_passes {
        let eligibility = assess(&views::facts(resident, today), today);
        if eligibility.route == Some(Route::Apply) {
            resident.told_may_apply = true;
            events.push((
                Event::ReviewChanged { kind: ReviewKind::Registration, id: "eligibility".into(), status: ReviewStatus::Approved },
                Some(Text {
                    title_zh: "您已符合电子居住证申领条件",
                    title_en: "You may now apply for the electronic permit",
                    body_zh: "您已登记居住满六个月且政务数据核验通过，可在“办事”中直接申领，无需提交材料。",
                    body_en: "You have been registered for six months and the data check passed: apply from Services, no documents needed.",
                }),
                MessageKind::Application,
            ));
        }
    }

    events
        .into_iter()
        .map(|(event, text, kind)| {
            let message = text.map(|text| notify::compose(now, kind, text));
            if let Some(m) = &message {
                also.push(Also::Message(m.clone()));
            }
            (event, message)
        })
        .collect()
}

/// Issues a new permit from today (a new application or a claim from the card).
pub fn issue_permit(address: String, resident: &mut crate::model::Resident, today: chrono::NaiveDate) {
    resident.permit = Some(PermitRecord {
        number: format!("4401{}", &new_id("p")[2..14]),
        issued_on: today,
        years_endorsed: 0,
        authority: seed::authority_for(&address),
        cancelled_at_ms: None,
    });
}

/// Advances everyone; the background tick.
pub fn advance_all(state: &AppState) -> Result<(), ApiError> {
    for id in state.store.person_ids()? {
        advance(state, &id)?;
    }
    Ok(())
}

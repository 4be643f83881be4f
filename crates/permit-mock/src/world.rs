//! The passing of (mock) time: confirmations, reviews and card production that complete on
//! their own after a delay, as the real offices would, and the notices the calendar brings.
//! Each kind of transition is one function below; `due_transitions` applies them in order.
//!
//! # Where it runs
//!
//! A person is advanced to now before anything reads or changes them, in three places:
//!
//! - **A request, for the person it is made as**: the [`Advanced`] extractor. A handler that
//!   reads or changes the signed-in person (or the dependant they act for) takes
//!   `Advanced(person): Advanced` and gets them with every transition due already applied
//!   and saved. It is the only extractor that yields a person: `session` says whose request
//!   it is ([`session::person`], [`session::SignedIn`]) but never advances anyone, so the
//!   session code stays about sessions, and a handler cannot be handed a person who is
//!   behind the clock. An extractor rather than a call at the top of each handler, because
//!   a call can be forgotten and the extractor's name in the signature says what it did.
//! - **A request, for someone else it touches** (the holder of a code a counter verifies):
//!   a call to [`advance`] in the handler.
//! - **Everyone**: [`advance_all`], from the background tick every second (so open event
//!   streams hear of a change without a request) and after the test clock moves.
//!
//! Every transition is saved through `Store::update_person`, the only way a person changes.

use crate::{
    error::ApiError,
    ids::new_id,
    model::{CardOrderRecord, Person, PermitRecord, PhysicalCardRecord, Registration, Resident},
    notify::{self, Text},
    seed, session,
    state::AppState,
    store::Also,
    views,
};
use axum::{extract::FromRequestParts, http::request::Parts};
use chrono::NaiveDate;
use permit_core::{
    api::{
        application::{Retake, ReviewStatus},
        testing::{RetakeRequest, ReviewOutcome},
        card::{CardKind, CardOrderStatus},
        events::{Event, ReviewKind},
        messages::{Message, MessageKind},
    },
    calendar::local_date_ms,
    division,
    eligibility::{assess, Route},
    endorsement::{EndorsementState, Reminder, Schedule},
};

/// How long the simulated offices take to confirm or decide, in mock milliseconds.
pub const REVIEW_DELAY_MS: i64 = 20_000;

/// The person a request is made as ([`session::person`]: the signed-in person, or the
/// dependant they act for), advanced to now: every transition due is applied and saved
/// before the handler runs. A handler that takes it answers 401 to anyone not signed in.
pub struct Advanced(pub Person);

impl FromRequestParts<AppState> for Advanced {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let person = session::person(state, &parts.headers)?;
        // Who acts for them belongs to this request, not to the record: keep it over the save.
        let acting_guardian = person.acting_guardian.clone();
        let mut person = advance_loaded(state, person)?;
        person.acting_guardian = acting_guardian;
        Ok(Self(person))
    }
}

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
    let outcome = state.review_outcome();
    if due_transitions(&mut person.clone(), now, &outcome, &mut Vec::new()).is_empty() {
        return Ok(person);
    }
    let (announced, person) =
        state.store.update_person(&person.id, |person, also| Ok(due_transitions(person, now, &outcome, also)))?;
    for (event, message) in &announced {
        state.hub.publish(&person.id, event.clone());
        notify::announce(state, &person.id, message);
    }
    tell_guardian(state, &person, announced.iter().map(|(_, m)| m))?;
    Ok(person)
}

/// A family member who acts for this person (代办, FAQ 11) also hears of their endorsement:
/// each reminder and its outcome, labelled with the person's name, so an elderly parent's or
/// a child's permit is not suspended for a message nobody read.
fn tell_guardian<'a>(state: &AppState, person: &Person, messages: impl Iterator<Item = &'a Message>) -> Result<(), ApiError> {
    let Some(guardian) = person.resident.as_ref().and_then(|r| r.guardian.as_ref()) else { return Ok(()) };
    let mut endorsement = messages.filter(|m| m.kind == MessageKind::Endorsement).peekable();
    if endorsement.peek().is_none() {
        return Ok(());
    }
    let Some(to) = state.store.person_by_label(&guardian.label)? else { return Ok(()) };
    for m in endorsement {
        let (title_zh, title_en) = (format!("【{}】{}", person.name, m.title_zh), format!("[{}] {}", person.name, m.title_en));
        let text = Text { title_zh: &title_zh, title_en: &title_en, body_zh: &m.body_zh, body_en: &m.body_en };
        notify::send(state, &to.id, MessageKind::Endorsement, text)?;
    }
    Ok(())
}

/// Advances everyone; the background tick.
pub fn advance_all(state: &AppState) -> Result<(), ApiError> {
    for id in state.store.person_ids()? {
        advance(state, &id)?;
    }
    Ok(())
}

/// The transitions due at `now_ms`, applied to `person` in this order (a registration is
/// confirmed before an application that needs its address is decided, a test's rejection
/// comes before the approval it replaces); the rows they add go in `also`. Every change
/// comes with an announcement, so an empty answer means nothing changed.
fn due_transitions(person: &mut Person, now_ms: i64, outcome: &ReviewOutcome, also: &mut Vec<Also>) -> Vec<(Event, Message)> {
    let Some(resident) = person.resident.as_mut() else { return Vec::new() };
    let now = Now { ms: now_ms, today: local_date_ms(now_ms) };
    let mut changes = Vec::new();
    changes.extend(confirm_registration(resident, &now));
    changes.extend(ask_for_a_better_page(resident, &now, outcome.retake.as_ref()));
    changes.extend(reject_application(resident, &now, outcome.reject_reason.as_deref()));
    changes.extend(approve_application(resident, &now));
    changes.extend(complete_endorsement(resident, &now));
    changes.extend(approve_photo(resident, &now, also));
    changes.extend(finish_card_orders(resident, &now));
    changes.extend(remind_endorsement(resident, &now));
    changes.extend(tell_may_apply(resident, &now));
    changes
        .into_iter()
        .map(|Change { event, message_kind, text }| {
            let message = notify::compose(now_ms, message_kind, text);
            also.push(Also::Message(message.clone()));
            (event, message)
        })
        .collect()
}

/// The moment transitions are applied at.
struct Now {
    ms: i64,
    /// The local (Guangdong) date at `ms`.
    today: NaiveDate,
}

impl Now {
    /// Whether a moment set for a simulated office (`decide_at_ms`, `ready_at_ms`) has come.
    fn reached(&self, at: Option<i64>) -> bool {
        at.is_some_and(|t| t <= self.ms)
    }
}

/// One change a transition made: the event open streams hear, and the message for the inbox.
struct Change {
    event: Event,
    message_kind: MessageKind,
    text: Text<'static>,
}

impl Change {
    /// A review (or production, or notice) `id` of `kind` that now has `status`.
    fn review(kind: ReviewKind, id: String, status: ReviewStatus, message_kind: MessageKind, text: Text<'static>) -> Self {
        Self { event: Event::ReviewChanged { kind, id, status }, message_kind, text }
    }
}

/// A declared address is confirmed [`REVIEW_DELAY_MS`] after it was declared: it becomes the
/// registration, and the permit's residence address follows it. Moving within the province
/// keeps the registration's start: residence continues (the six months of
/// `permit_core::eligibility` count from the first registration).
fn confirm_registration(resident: &mut Resident, now: &Now) -> Option<Change> {
    let pending = resident.pending_registration.take_if(|p| p.confirm_at_ms <= now.ms)?;
    let previous = resident.registration.take();
    resident.registration = Some(Registration {
        address: pending.address,
        residence_code: previous.as_ref().map_or_else(|| seed::residence_code(&pending.id), |r| r.residence_code.clone()),
        confirmed_on: previous.as_ref().map_or(now.today, |r| r.confirmed_on),
        confirmed_by: pending.confirmer,
    });
    Some(Change::review(
        ReviewKind::Registration,
        pending.id,
        ReviewStatus::Approved,
        MessageKind::Registration,
        Text {
            title_zh: "居住登记已确认",
            title_en: "Residence registration confirmed",
            body_zh: "您申报的居住地址已核实确认，居住证上的居住地址已同步更新。",
            body_en: "Your declared address was confirmed; the permit's residence address follows it.",
        },
    ))
}

/// An application under review whose decision is due is sent back, once, for a better copy of
/// one page of its first document, with the reason, when a test asked for it
/// (`PUT /test/review-outcome` with `retake`): the resident replaces just that page.
fn ask_for_a_better_page(resident: &mut Resident, now: &Now, asked: Option<&RetakeRequest>) -> Option<Change> {
    let asked = asked?;
    let app = resident
        .application
        .as_mut()
        .filter(|a| a.status == ReviewStatus::UnderReview && !a.retaken && now.reached(a.decide_at_ms))?;
    let first = app.pages.first().map(|p| p.kind)?;
    let page = *app.pages.iter().find(|p| p.kind == first && p.page == asked.page.clamp(1, p.of))?;
    app.retake = Some(Retake {
        kind: page.kind,
        page: page.page,
        of: page.of,
        reason_zh: asked.reason_zh.clone(),
        reason_en: asked.reason_en.clone(),
    });
    app.retaken = true;
    app.materials.retain(|k| *k != page.kind);
    app.status = ReviewStatus::NeedsMaterials;
    app.decide_at_ms = None;
    Some(Change::review(
        ReviewKind::Application,
        app.id.clone(),
        ReviewStatus::NeedsMaterials,
        MessageKind::Application,
        Text {
            title_zh: "请重新上传一页材料",
            title_en: "Please send one page again",
            body_zh: "审核需要您重新上传一页证明材料，原因和页码见“办事 › 申领电子居住证”。",
            body_en: "The review needs one page of your document again; see Services › Apply for which and why.",
        },
    ))
}

/// An application under review is refused when its decision is due and a test asked for
/// refusals (`PUT /test/review-outcome` sets `reason`); the resident may apply again.
fn reject_application(resident: &mut Resident, now: &Now, reason: Option<&str>) -> Option<Change> {
    let reason = reason?;
    let app = resident.application.as_mut().filter(|a| a.status == ReviewStatus::UnderReview && now.reached(a.decide_at_ms))?;
    app.status = ReviewStatus::Rejected;
    app.decide_at_ms = None;
    app.rejection_reason = Some(reason.to_owned());
    Some(Change::review(
        ReviewKind::Application,
        app.id.clone(),
        ReviewStatus::Rejected,
        MessageKind::Application,
        Text {
            title_zh: "电子居住证申领未通过",
            title_en: "Application not approved",
            body_zh: "您的申领未通过审核，请在“办事 › 申领电子居住证”查看原因并重新申请。",
            body_en: "Your application was not approved. See why under Services › Apply, and apply again.",
        },
    ))
}

/// An application under review is approved when its decision is due, [`REVIEW_DELAY_MS`]
/// after it was made: the permit is issued from today at the registered address (its
/// authority follows the address), and its endorsement years count from today
/// (`permit_core::endorsement`). A physical card ordered with it goes into production.
fn approve_application(resident: &mut Resident, now: &Now) -> Option<Change> {
    let app = resident.application.as_mut().filter(|a| a.status == ReviewStatus::UnderReview && now.reached(a.decide_at_ms))?;
    app.status = ReviewStatus::Approved;
    app.decide_at_ms = None;
    let id = app.id.clone();
    let with_card = app.physical_card;
    let address = resident.registration.as_ref().map(|g| g.address.clone()).unwrap_or_default();
    issue_permit(address, resident, Schedule::new(now.today));
    if with_card {
        // The first card is free: it goes straight into production.
        resident.card_orders.push(CardOrderRecord {
            id: new_id("card"),
            kind: CardKind::First,
            fee_yuan: 0,
            status: CardOrderStatus::InProduction,
            created_at_ms: now.ms,
            ready_at_ms: Some(now.ms + REVIEW_DELAY_MS),
        });
    }
    Some(Change::review(
        ReviewKind::Application,
        id,
        ReviewStatus::Approved,
        MessageKind::Application,
        Text {
            title_zh: "电子居住证已签发",
            title_en: "Your electronic permit is issued",
            body_zh: "您的电子居住证申领已审核通过，可在“证件”页出示。",
            body_en: "Your application was approved. Show the permit from the Permit tab.",
        },
    ))
}

/// An endorsement request under review is granted when its decision is due. Whether it was
/// on time is decided by the day it was submitted, not today: a late one restarts the count
/// of residence years from that day (`permit_core::endorsement`, `Schedule::endorse`).
fn complete_endorsement(resident: &mut Resident, now: &Now) -> Option<Change> {
    let req = resident
        .endorsement_request
        .take_if(|r| r.status == ReviewStatus::UnderReview && now.reached(r.decide_at_ms))?;
    let submitted_on = req.submitted_on.unwrap_or(now.today);
    let mut restored = false;
    if let Some(permit) = resident.permit.as_mut() {
        let schedule = views::schedule(permit);
        restored = matches!(schedule.state(submitted_on), EndorsementState::Suspended { .. });
        if let Some(next) = schedule.endorse(submitted_on) {
            views::set_schedule(permit, next);
        }
    }
    let text = if restored {
        Text {
            title_zh: "签注已完成",
            title_en: "Endorsement complete",
            body_zh: "您的居住证已签注，恢复正常使用。居住年限自签注之日起重新连续计算。",
            body_en: "Your permit is endorsed and valid again. Residence years count again from the day you endorsed.",
        }
    } else {
        Text {
            title_zh: "签注已完成",
            title_en: "Endorsement complete",
            body_zh: "您的居住证年度签注已办理完成，证件可正常使用。",
            body_en: "This year's endorsement is done; the permit is valid.",
        }
    };
    Some(Change::review(ReviewKind::Endorsement, req.id, ReviewStatus::Approved, MessageKind::Endorsement, text))
}

/// A new photo under review is approved when its decision is due: it replaces the photo on
/// the permit (the pending photo is promoted in the same transaction, `Also::PromotePhoto`).
fn approve_photo(resident: &mut Resident, now: &Now, also: &mut Vec<Also>) -> Option<Change> {
    let review = resident.photo_review.as_mut().filter(|r| r.status == ReviewStatus::UnderReview && now.reached(r.decide_at_ms))?;
    review.status = ReviewStatus::Approved;
    review.decide_at_ms = None;
    let id = review.id.clone();
    resident.photo_on_file = true;
    also.push(Also::PromotePhoto);
    Some(Change::review(
        ReviewKind::Photo,
        id,
        ReviewStatus::Approved,
        MessageKind::Photo,
        Text {
            title_zh: "相片已更新",
            title_en: "Photo replaced",
            body_zh: "您上传的新相片已审核通过，证件相片已更新。",
            body_en: "Your new photo was approved and is now on your permit.",
        },
    ))
}

/// Each physical card in production is ready for collection at the local police station
/// when its production time is up; one message per card.
fn finish_card_orders(resident: &mut Resident, now: &Now) -> Vec<Change> {
    let ready = resident.card_orders.iter_mut().filter(|o| o.status == CardOrderStatus::InProduction && now.reached(o.ready_at_ms));
    ready
        .map(|order| {
            order.status = CardOrderStatus::ReadyForCollection;
            order.ready_at_ms = None;
            Change::review(
                ReviewKind::CardOrder,
                order.id.clone(),
                ReviewStatus::Approved,
                MessageKind::Card,
                Text {
                    title_zh: "实体证已制好",
                    title_en: "Physical card ready",
                    body_zh: "您的实体证已制作完成，请携带身份证到居住地派出所领取。",
                    body_en: "Your card is ready. Collect it at your local police station with your ID card.",
                },
            )
        })
        .collect()
}

/// The holder of a permit not cancelled is told, once each, when the endorsement window
/// opens, a week before the deadline, and on the day the permit is suspended for want of it
/// (`permit_core::endorsement::Schedule::reminders`). A holder who was away hears only the
/// latest that is due.
fn remind_endorsement(resident: &mut Resident, now: &Now) -> Option<Change> {
    let permit = resident.permit.as_ref().filter(|p| p.cancelled_at_ms.is_none())?;
    let schedule = views::schedule(permit);
    let deadline = schedule.deadline();
    let due = schedule.reminder_due(now.today)?;
    let sent = resident.last_reminder.filter(|(d, _)| *d == deadline).map(|(_, r)| r);
    if sent >= Some(due) {
        return None;
    }
    resident.last_reminder = Some((deadline, due));
    let text = match due {
        Reminder::WindowOpens => Text {
            title_zh: "年度签注已开放",
            title_en: "Annual endorsement is open",
            body_zh: "您的居住证年度签注期已开放，请在截止日前在“办事 › 年度签注”办理，逾期证件将中止使用。",
            body_en: "Your annual endorsement window is open. Endorse under Services › Annual endorsement before the deadline, or the permit is suspended.",
        },
        Reminder::WeekLeft => Text {
            title_zh: "签注即将截止",
            title_en: "One week left to endorse",
            body_zh: "距居住证年度签注截止还有7天，请尽快在“办事 › 年度签注”办理，逾期证件将中止使用。",
            body_en: "One week is left to endorse your permit under Services › Annual endorsement, or it is suspended.",
        },
        Reminder::Suspended => Text {
            title_zh: "居住证已中止使用",
            title_en: "Permit suspended",
            body_zh: "您的居住证未在截止日前签注，自今日起中止使用。办理签注后即可恢复，居住年限自签注之日起重新连续计算。",
            body_en: "The permit was not endorsed by the deadline and is suspended from today. Endorse to restore it; residence years then count again from that day.",
        },
    };
    Some(Change::review(ReviewKind::Endorsement, format!("reminder-{deadline}-{due:?}"), ReviewStatus::NeedsMaterials, MessageKind::Endorsement, text))
}

/// A resident without a permit whose government-data check passes is told once, as soon as
/// they meet the conditions to apply (申领条件, `permit_core::eligibility`: six months
/// registered and one of employment, residence or schooling), that they may apply with no
/// documents.
fn tell_may_apply(resident: &mut Resident, now: &Now) -> Option<Change> {
    if resident.told_may_apply || resident.permit.is_some() || !resident.data_check_passes {
        return None;
    }
    if assess(&views::facts(resident, now.today), now.today).route != Some(Route::Apply) {
        return None;
    }
    resident.told_may_apply = true;
    Some(Change::review(
        ReviewKind::Registration,
        "eligibility".into(),
        ReviewStatus::Approved,
        MessageKind::Application,
        Text {
            title_zh: "您已符合电子居住证申领条件",
            title_en: "You may now apply for the electronic permit",
            body_zh: "您已登记居住满六个月且政务数据核验通过，可在“办事”中直接申领，无需提交材料。",
            body_en: "You have been registered for six months and the data check passed: apply from Services, no documents needed.",
        },
    ))
}

/// Issues a permit for `address` with the endorsement record `schedule`: from today for a new
/// application, the card's own record for a claim ([`claimed_schedule`]).
pub fn issue_permit(address: String, resident: &mut Resident, schedule: Schedule) {
    let mut permit = PermitRecord {
        number: format!("{}{}", division::code_for(&address), &new_id("p")[2..14]),
        issued_on: schedule.issued_on,
        years_endorsed: 0,
        counts_from: None,
        years_counted: None,
        authority: division::issuing_authority(&address),
        cancelled_at_ms: None,
    };
    views::set_schedule(&mut permit, schedule);
    resident.permit = Some(permit);
}

/// The endorsement record of a permit claimed from a physical card: the card's issue date
/// and endorsements carry over, so claiming never skips an endorsement that is due.
pub fn claimed_schedule(card: Option<&PhysicalCardRecord>, today: NaiveDate) -> Schedule {
    match card.and_then(|c| c.issued_on.map(|on| (on, c.years_endorsed))) {
        Some((issued_on, years)) => Schedule { issued_on, years_endorsed: years, counts_from: issued_on, years_counted: years },
        None => Schedule::new(today),
    }
}

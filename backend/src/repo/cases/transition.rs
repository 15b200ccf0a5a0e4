//! Recording an act on a case: `POST /api/v1/cases/{id}/transitions`. In one transaction:
//! the state machine's checks (shared), the vote and its verdict, the case's new state
//! (guarded by its version), the documents, the timeline event, the exit register and the
//! member's status when a decision becomes final, and the audit entry.

use super::documents::{self, Issue};
use super::{CaseAccess, Situation, calendar, detail, require_capacity, visible};
use crate::audit::{self, AuditEntry};
use crate::db::DbConn;
use crate::db::schema::{
    case_documents, case_events, case_helpers, case_votes, cases, exits, members,
};
use crate::error::{AppError, AppResult};
use crate::repo::review::{fail_if, join_codes, text};
use crate::repo::{IfMatch, check_version, field};
use chrono::{NaiveDate, Utc};
use diesel::prelude::*;
use rasoat_shared::api::cases::{TransitionRequest, TransitionResult, VoteInput};
use rasoat_shared::cases::authority::BodyLevel;
use rasoat_shared::cases::deadline::{self, education_due, education_months};
use rasoat_shared::cases::document::DocumentKind;
use rasoat_shared::cases::exit::readmission;
use rasoat_shared::cases::machine::{self, AppealResult, OutcomeChoice, RefusalCode, Step};
use rasoat_shared::cases::vote::{
    BodyType, Tally, ThresholdRule, VoteMethod, check_tally, verdict,
};
use rasoat_shared::cases::{CaseState, RemovalForm, TransitionKind, outcome_of};
use rasoat_shared::criteria::Criterion;
use rasoat_shared::member::Membership;
use rasoat_shared::settings::RuleSettings;
use rasoat_shared::{ErrorCode, MemberId, UnitId};

fn refused(r: machine::Refusal) -> AppError {
    match r.code {
        RefusalCode::NotInThisState => {
            AppError::new(ErrorCode::TransitionNotAllowed).detail(r.message_vi)
        }
        RefusalCode::Guard => AppError::new(ErrorCode::TransitionRefused).detail(r.message_vi),
    }
}

fn dmy(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// A vote about to be recorded.
struct VoteRecord {
    body_type: BodyType,
    body_unit: UnitId,
    method: VoteMethod,
    roll: Option<rasoat_shared::cases::vote::BranchRoll>,
    tally: Tally,
    rule: ThresholdRule,
    required_yes: u32,
    passed: bool,
}

impl VoteRecord {
    fn sentence(&self) -> String {
        format!(
            "Tổng số người có quyền biểu quyết: {}; có mặt: {}; đồng ý: {}; không đồng ý: {}; không hợp lệ: {}. Theo quy tắc “{}” cần ít nhất {} phiếu đồng ý: {}.",
            self.tally.base,
            self.tally.present,
            self.tally.yes,
            self.tally.no,
            self.tally.invalid,
            self.rule.label_vi(),
            self.required_yes,
            if self.passed {
                "ĐẠT"
            } else {
                "KHÔNG ĐẠT"
            }
        )
    }
}

/// Which body votes at this step, under which rule (the rule is `shared`'s, as the vote
/// form shows it).
fn vote_body(kind: TransitionKind, sit: &Situation) -> Option<(BodyType, UnitId, ThresholdRule)> {
    let b = &sit.authority.bodies;
    let rule = rasoat_shared::cases::vote::rule_for(kind, b.competent.level, sit.case.form())?;
    match kind {
        TransitionKind::GrassrootsVote => b
            .grassroots
            .map(|g| (BodyType::GrassrootsCommittee, g.unit_id, rule)),
        TransitionKind::Decide => Some(match b.competent.level {
            BodyLevel::Grassroots => (BodyType::GrassrootsCommittee, b.competent.unit_id, rule),
            _ => (BodyType::StandingCommittee, b.competent.unit_id, rule),
        }),
        _ => Some((BodyType::BranchMeeting, b.branch.unit_id, rule)),
    }
}

fn count_vote(
    kind: TransitionKind,
    body: (BodyType, UnitId, ThresholdRule),
    input: Option<&VoteInput>,
    roll: rasoat_shared::cases::vote::BranchRoll,
    errors: &mut Vec<rasoat_shared::error::FieldError>,
) -> Option<VoteRecord> {
    let Some(v) = input else {
        errors.push(field("vote", "required", "Ghi kết quả biểu quyết."));
        return None;
    };
    let (body_type, body_unit, rule) = body;
    let branch = body_type == BodyType::BranchMeeting;
    let method = v.method.unwrap_or(VoteMethod::SecretBallot);
    if kind == TransitionKind::ListingVote && method != VoteMethod::SecretBallot {
        errors.push(field(
            "vote.method",
            "secret_ballot_required",
            "Hướng dẫn 02-HD/BTCTW: chi bộ bỏ phiếu kín đối với từng đảng viên.",
        ));
    }
    let base = if branch {
        if v.body_size.is_some() {
            errors.push(field(
                "vote.body_size",
                "not_for_branch",
                "Số người có quyền biểu quyết của chi bộ do hệ thống tính từ danh sách đảng viên chính thức (trừ đảng viên được miễn).",
            ));
        }
        roll.eligible()
    } else {
        match v.body_size {
            Some(n) if (1..=500).contains(&n) => n,
            _ => {
                errors.push(field(
                    "vote.body_size",
                    "required",
                    "Ghi tổng số ủy viên của cấp ủy (1 đến 500).",
                ));
                return None;
            }
        }
    };
    let tally = Tally {
        base,
        present: v.present,
        yes: v.yes,
        no: v.no,
        invalid: v.invalid,
    };
    let problems = check_tally(&tally);
    if !problems.is_empty() {
        errors.extend(problems);
        return None;
    }
    let verdict = verdict(rule, &tally);
    Some(VoteRecord {
        body_type,
        body_unit,
        method,
        roll: branch.then_some(roll),
        tally,
        rule,
        required_yes: verdict.required_yes,
        passed: verdict.passed,
    })
}

/// Records the act; returns the case as it now stands.
#[allow(clippy::too_many_arguments)]
pub fn apply(
    conn: &mut DbConn,
    acc: &CaseAccess,
    id: i64,
    if_match: IfMatch,
    req: TransitionRequest,
    rules: &RuleSettings,
    today: NaiveDate,
) -> AppResult<(TransitionResult, rasoat_shared::TenantId, UnitId)> {
    if !acc.may_process() {
        return Err(AppError::forbidden());
    }
    let (case, reach) = visible(conn, acc, id)?;
    check_version(if_match, case.version)?;
    let cal = calendar::load(conn)?;
    let sit = Situation::load(conn, acc, case, reach, rules, today)?;
    let kind = req.action;
    let capacity = require_capacity(&sit, kind)?;
    machine::check(kind, &sit.facts, rules).map_err(refused)?;

    // The request's own problems, all at once.
    let mut errors = Vec::new();
    let on = req.on.unwrap_or(today);
    if on > today {
        errors.push(field(
            "on",
            "future_date",
            "Ngày không được sau ngày hôm nay.",
        ));
    }
    // Acts are recorded in the order they happened (a branch may enter a paper case's
    // history after the fact, so the day may precede the case's opening in the system).
    let last: Option<NaiveDate> = case_events::table
        .filter(case_events::tenant_id.eq(sit.case.tenant_id))
        .filter(case_events::case_id.eq(sit.case.id))
        .filter(case_events::transition.ne(TransitionKind::Open.code()))
        .select(diesel::dsl::max(case_events::on_date))
        .first(conn)?;
    if let Some(last) = last
        && on < last
    {
        errors.push(field(
            "on",
            "before_previous_act",
            format!("Ngày không được trước bước trước đó ({}).", dmy(last)),
        ));
    }
    let note = req
        .note
        .as_deref()
        .and_then(|n| text(&mut errors, "note", n, false, 4000));
    let needs_text = matches!(
        kind,
        TransitionKind::RecordCommitment | TransitionKind::FileAppeal | TransitionKind::Close
    ) || (kind == TransitionKind::RecordSelfReview && req.refused != Some(true));
    let body_text = match req.text.as_deref() {
        Some(t) => text(&mut errors, "text", t, needs_text, 20_000),
        None if needs_text => {
            errors.push(field("text", "required", "Không được để trống."));
            None
        }
        None => None,
    };
    let mut vote = None;
    let mut step = Step::Plain;
    match kind {
        TransitionKind::RecordUpperGuidance => match req.agree {
            Some(agree) => step = Step::Guidance { agree },
            None => errors.push(field(
                "agree",
                "required",
                "Ghi ý kiến của cấp trên: đồng ý hay không.",
            )),
        },
        TransitionKind::OutcomeVote if req.choice.is_none() => {
            errors.push(field("choice", "required", "Chọn nội dung biểu quyết."));
        }
        TransitionKind::ResolveAppeal if req.appeal_result.is_none() => {
            errors.push(field(
                "appeal_result",
                "required",
                "Chọn kết quả giải quyết khiếu nại.",
            ));
        }
        TransitionKind::AssignHelper => match req.helper_member_id {
            None => errors.push(field(
                "helper_member_id",
                "required",
                "Chọn đảng viên giúp đỡ.",
            )),
            Some(h) => {
                let ok: Vec<(String, String)> = members::table
                    .filter(members::tenant_id.eq(sit.case.tenant_id))
                    .filter(members::id.eq(h.0))
                    .filter(members::home_unit_id.eq(sit.case.unit_id))
                    .select((members::status, members::membership))
                    .load(conn)?;
                let fine = h.0 != sit.case.member_id
                    && ok
                        .first()
                        .is_some_and(|(s, m)| s == "active" && m == Membership::Full.code());
                if !fine {
                    errors.push(field(
                        "helper_member_id",
                        "not_a_helper",
                        "Người giúp đỡ phải là đảng viên chính thức đang sinh hoạt ở cùng chi bộ, không phải chính đảng viên được giúp đỡ.",
                    ));
                }
            }
        },
        TransitionKind::Decide => {
            match &req.decision {
                None => errors.push(field(
                    "decision",
                    "required",
                    "Ghi quyết định: người ký, ngày nhận.",
                )),
                Some(d) => {
                    text(
                        &mut errors,
                        "decision.signer_name",
                        &d.signer_name,
                        true,
                        200,
                    );
                    if d.received_on < on {
                        errors.push(field(
                            "decision.received_on",
                            "before_decision",
                            "Ngày nhận không được trước ngày ký quyết định.",
                        ));
                    }
                    if d.received_on > today {
                        errors.push(field(
                            "decision.received_on",
                            "future_date",
                            "Ngày nhận không được sau ngày hôm nay.",
                        ));
                    }
                }
            }
            if sit.case.form() == Some(RemovalForm::Expulsion) && req.adopted.is_none() {
                errors.push(field(
                    "adopted",
                    "required",
                    "Ghi cấp có thẩm quyền có quyết định khai trừ hay không.",
                ));
            }
        }
        TransitionKind::OutcomeVote => {
            if let Some(m) = req.extension_months
                && !(1..=36).contains(&m)
            {
                errors.push(field(
                    "extension_months",
                    "out_of_range",
                    "Từ 1 đến 36 tháng.",
                ));
            }
        }
        _ => {}
    }
    if let Some(body) = vote_body(kind, &sit) {
        // Only a branch meeting counts against the roll.
        let roll = if body.0 == BodyType::BranchMeeting {
            super::roll(conn, sit.case.tenant(), UnitId(sit.case.unit_id))?
        } else {
            Default::default()
        };
        vote = count_vote(kind, body, req.vote.as_ref(), roll, &mut errors);
    } else if req.vote.is_some() {
        errors.push(field(
            "vote",
            "not_expected",
            "Bước này không có biểu quyết.",
        ));
    }
    fail_if(errors)?;
    machine::check_choice(kind, &sit.facts, req.choice, req.form, req.ground, rules)
        .map_err(refused)?;

    let passed = vote.as_ref().map(|v| v.passed);
    step = match kind {
        TransitionKind::OutcomeVote => Step::Outcome {
            choice: req.choice.unwrap_or(OutcomeChoice::Improved),
            passed: passed.unwrap_or(false),
        },
        TransitionKind::ResolveAppeal => {
            Step::Appeal(req.appeal_result.unwrap_or(AppealResult::Upheld))
        }
        TransitionKind::Decide if sit.case.form() == Some(RemovalForm::Expulsion) => Step::Vote {
            passed: req.adopted.unwrap_or(false),
        },
        _ => match passed {
            Some(p) => Step::Vote { passed: p },
            None => step,
        },
    };
    let from = sit.facts.state;
    let to = machine::target(kind, &sit.facts, step, rules);

    // The case's new values.
    let now = Utc::now().naive_utc();
    let mut new = sit.case.clone();
    new.state = to.code().to_string();
    new.updated_at = now;
    new.version = sit.case.version + 1;
    let failed = machine::counts_failed_round(kind, step);
    if failed {
        new.failed_rounds += 1;
    } else if from != to {
        new.failed_rounds = 0;
    }
    if failed && to == CaseState::AwaitingDecision {
        new.escalated = true;
    }
    let proposed_form = req.form.filter(|_| {
        matches!(kind, TransitionKind::RemovalVote)
            || (kind == TransitionKind::OutcomeVote && req.choice == Some(OutcomeChoice::Remove))
    });
    if let Some(f) = proposed_form
        && (to == CaseState::RemovalProposed || to == CaseState::AwaitingDecision)
    {
        new.removal_form = Some(f.code().to_string());
        if kind == TransitionKind::OutcomeVote {
            let ground = req.ground.unwrap_or(Criterion::B11);
            let mut list = sit.case.criteria();
            if !list.contains(&ground) {
                list.push(ground);
            }
            new.criteria = join_codes(list.iter().map(|c| c.code()));
        }
    }
    match kind {
        TransitionKind::ListingVote if to == CaseState::UnderEducation => {
            new.education_start = Some(on);
            new.education_due = Some(education_due(
                on,
                education_months(&sit.case.criteria(), rules),
            ));
        }
        TransitionKind::OutcomeVote
            if req.choice == Some(OutcomeChoice::Continue) && to == CaseState::UnderEducation =>
        {
            new.extensions += 1;
            let months = req
                .extension_months
                .unwrap_or_else(|| education_months(&sit.case.criteria(), rules));
            new.education_due = Some(education_due(on, months));
        }
        TransitionKind::RequestSelfReview => new.self_review_requests += 1,
        TransitionKind::RecordSelfReview => {
            new.self_review_refused = req.refused == Some(true);
            new.self_review_received = req.refused != Some(true);
        }
        TransitionKind::ForwardExitRequest => {
            new.removal_form = Some(RemovalForm::VoluntaryExit.code().to_string());
        }
        TransitionKind::Decide => {
            new.decided_by_unit_id = Some(sit.authority.bodies.competent.unit_id.0);
            new.decision_signed_on = Some(on);
            if let Some(d) = &req.decision {
                new.decision_received_on = Some(d.received_on);
                if let Some(form) = sit.case.form()
                    && to == CaseState::Decided
                {
                    new.appeal_window_end = Some(deadline::appeal_window_end(
                        form,
                        d.received_on,
                        rules,
                        &cal,
                    ));
                }
            }
        }
        TransitionKind::FileAppeal => new.appeal_filed_on = Some(on),
        TransitionKind::ResolveAppeal => {
            new.appeal_result = req.appeal_result.map(|r| r.code().to_string())
        }
        _ => {}
    }
    if req.family_hardship == Some(true) {
        new.family_hardship = true;
    }
    if to == CaseState::Final {
        new.final_on = Some(today.max(on));
    }
    if to.is_terminal() {
        new.is_open = false;
        new.outcome = outcome_of(to, new.form()).map(|o| o.code().to_string());
    }
    new.due_on = new
        .deadlines(rules, &cal, today)
        .iter()
        .map(|d| d.due)
        .min();

    // Guarded by the version read: of two acts on the same version, one wins, the other
    // changes nothing and answers 412.
    let changed = diesel::update(
        cases::table
            .filter(cases::tenant_id.eq(new.tenant_id))
            .filter(cases::id.eq(new.id))
            .filter(cases::version.eq(sit.case.version)),
    )
    .set((
        (
            cases::state.eq(&new.state),
            cases::criteria.eq(&new.criteria),
            cases::removal_form.eq(&new.removal_form),
            cases::outcome.eq(&new.outcome),
            cases::education_start.eq(new.education_start),
            cases::education_due.eq(new.education_due),
            cases::extensions.eq(new.extensions),
            cases::self_review_requests.eq(new.self_review_requests),
            cases::self_review_received.eq(new.self_review_received),
            cases::self_review_refused.eq(new.self_review_refused),
            cases::failed_rounds.eq(new.failed_rounds),
            cases::escalated.eq(new.escalated),
        ),
        (
            cases::decided_by_unit_id.eq(new.decided_by_unit_id),
            cases::decision_signed_on.eq(new.decision_signed_on),
            cases::decision_received_on.eq(new.decision_received_on),
            cases::appeal_window_end.eq(new.appeal_window_end),
            cases::appeal_filed_on.eq(new.appeal_filed_on),
            cases::appeal_result.eq(&new.appeal_result),
            cases::final_on.eq(new.final_on),
            cases::family_hardship.eq(new.family_hardship),
            cases::due_on.eq(new.due_on),
            cases::is_open.eq(new.is_open),
            cases::updated_at.eq(new.updated_at),
            cases::version.eq(new.version),
        ),
    ))
    .execute(conn)?;
    if changed == 0 {
        return Err(AppError::new(ErrorCode::PreconditionFailed));
    }

    let actor = acc.actor.map(|u| u.0);
    let actor_name = crate::repo::review::actor_name(conn, actor)?;
    let signer = req
        .signer_name
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .unwrap_or_else(|| actor_name.clone());

    let vote_id = match &vote {
        Some(v) => Some(insert_vote(conn, &sit, kind, v, on, now)?),
        None => None,
    };
    let ctx = Ctx {
        sit: &sit,
        on,
        signer,
        note: note.clone(),
        body_text: body_text.clone(),
        vote: vote.as_ref(),
        to,
    };
    let mut docs = Vec::new();
    for issue in compose(conn, kind, &ctx, &req)? {
        docs.push(documents::issue(conn, &sit, actor, issue)?);
    }
    if kind == TransitionKind::AssignHelper
        && let Some(h) = req.helper_member_id
    {
        assign_helper(conn, &sit, h, docs.last().copied(), on)?;
    }
    if to == CaseState::Final {
        finalise(conn, &sit, &new, acc)?;
    }
    let event_id = super::record_event(
        conn,
        super::NewEvent {
            tenant: sit.case.tenant_id,
            case: sit.case.id,
            transition: kind,
            from,
            to,
            capacity,
            actor,
            actor_name: &actor_name,
            on,
            at: now,
            note: note.as_deref(),
            vote: vote_id,
            documents: &docs,
        },
    )?;
    audit::record(
        conn,
        &[AuditEntry::new(
            sit.case.tenant(),
            acc.actor,
            &acc.ctx,
            &format!("case.{}", kind.code()),
            "case",
            Some(sit.case.id),
            serde_json::json!({
                "member_id": sit.case.member_id, "from": from, "to": to, "capacity": capacity,
                "on": on, "vote": vote.as_ref().map(|v| serde_json::json!({
                    "base": v.tally.base, "present": v.tally.present, "yes": v.tally.yes,
                    "no": v.tally.no, "invalid": v.tally.invalid, "rule": v.rule, "passed": v.passed })),
                "documents": docs, "form": new.removal_form, "note": note,
            }),
        )
        .unit(sit.case.unit_id)],
    )?;

    // The case as it now stands, for this caller.
    let (case, reach) = visible(conn, acc, id)?;
    let tenant = case.tenant();
    let unit = UnitId(case.unit_id);
    let after = Situation::load(conn, acc, case, reach, rules, today)?;
    let detail = detail(conn, &after, rules, &cal, today)?;
    let vote_dto = vote_id.and_then(|vid| detail.votes.iter().find(|v| v.id == vid).cloned());
    let documents = detail
        .documents
        .iter()
        .filter(|d| docs.contains(&d.id))
        .cloned()
        .collect();
    Ok((
        TransitionResult {
            case: detail,
            event_id,
            vote: vote_dto,
            documents,
        },
        tenant,
        unit,
    ))
}

fn insert_vote(
    conn: &mut DbConn,
    sit: &Situation,
    kind: TransitionKind,
    v: &VoteRecord,
    on: NaiveDate,
    now: chrono::NaiveDateTime,
) -> AppResult<i64> {
    let n = |x: u32| i32::try_from(x).unwrap_or(i32::MAX);
    Ok(diesel::insert_into(case_votes::table)
        .values((
            (
                case_votes::tenant_id.eq(sit.case.tenant_id),
                case_votes::case_id.eq(sit.case.id),
                case_votes::transition.eq(kind.code()),
                case_votes::body_type.eq(v.body_type.code()),
                case_votes::body_unit_id.eq(v.body_unit.0),
                case_votes::method.eq(v.method.code()),
                case_votes::roll_full.eq(v.roll.map(|r| n(r.full_members))),
                case_votes::roll_exempted.eq(v.roll.map(|r| n(r.exempted))),
                case_votes::roll_probationers.eq(v.roll.map(|r| n(r.probationers))),
                case_votes::base.eq(n(v.tally.base)),
                case_votes::present.eq(n(v.tally.present)),
            ),
            (
                case_votes::yes_votes.eq(n(v.tally.yes)),
                case_votes::no_votes.eq(n(v.tally.no)),
                case_votes::invalid_votes.eq(n(v.tally.invalid)),
                case_votes::rule.eq(v.rule.code()),
                case_votes::regulation.eq(v.rule.regulation()),
                case_votes::required_yes.eq(n(v.required_yes)),
                case_votes::passed.eq(v.passed),
                case_votes::round_no.eq(sit.case.failed_rounds + 1),
                case_votes::held_on.eq(on),
                case_votes::created_at.eq(now),
            ),
        ))
        .returning(case_votes::id)
        .get_result(conn)?)
}

fn assign_helper(
    conn: &mut DbConn,
    sit: &Situation,
    helper: MemberId,
    resolution: Option<i64>,
    on: NaiveDate,
) -> AppResult<()> {
    // One helper at a time: the earlier assignment ends the day before.
    let ended = on.pred_opt().unwrap_or(on);
    diesel::update(
        case_helpers::table
            .filter(case_helpers::tenant_id.eq(sit.case.tenant_id))
            .filter(case_helpers::case_id.eq(sit.case.id))
            .filter(case_helpers::to_date.is_null()),
    )
    .set(case_helpers::to_date.eq(ended))
    .execute(conn)?;
    diesel::insert_into(case_helpers::table)
        .values((
            case_helpers::tenant_id.eq(sit.case.tenant_id),
            case_helpers::case_id.eq(sit.case.id),
            case_helpers::helper_member_id.eq(helper.0),
            case_helpers::resolution_id.eq(resolution),
            case_helpers::from_date.eq(on),
        ))
        .execute(conn)?;
    Ok(())
}

/// The decision is final: the member's status changes, and the exit register gets its
/// line (DOMAIN.md §8.7).
fn finalise(
    conn: &mut DbConn,
    sit: &Situation,
    new: &super::CaseRow,
    acc: &CaseAccess,
) -> AppResult<()> {
    let Some(form) = new.form() else {
        return Err(AppError::internal(anyhow::anyhow!(
            "case {} final without a form",
            new.id
        )));
    };
    let effective = new.final_on.unwrap_or_else(|| Utc::now().date_naive());
    let now = Utc::now().naive_utc();
    let status = form.member_status();
    diesel::update(
        members::table
            .filter(members::tenant_id.eq(new.tenant_id))
            .filter(members::id.eq(new.member_id)),
    )
    .set((
        members::status.eq(status.code()),
        members::version.eq(members::version + 1),
        members::updated_at.eq(now),
    ))
    .execute(conn)?;
    let decision: Option<(i64, Option<String>)> = case_documents::table
        .filter(case_documents::tenant_id.eq(new.tenant_id))
        .filter(case_documents::case_id.eq(new.id))
        .filter(case_documents::kind.eq_any([
            DocumentKind::NameDeletionDecision.code(),
            DocumentKind::DisciplineDecision.code(),
            DocumentKind::ExitDecision.code(),
        ]))
        .order(case_documents::id.desc())
        .select((case_documents::id, case_documents::number_label))
        .first(conn)
        .optional()?;
    let grounds = new.criteria();
    let re = readmission(form, &grounds, new.family_hardship, effective);
    diesel::insert_into(exits::table)
        .values((
            exits::tenant_id.eq(new.tenant_id),
            exits::member_id.eq(new.member_id),
            exits::unit_id.eq(new.unit_id),
            exits::case_id.eq(new.id),
            exits::form.eq(form.code()),
            exits::grounds.eq(&new.criteria),
            exits::decision_number.eq(decision.as_ref().and_then(|d| d.1.clone())),
            exits::decision_document_id.eq(decision.as_ref().map(|d| d.0)),
            exits::effective_on.eq(effective),
            exits::family_hardship.eq(new.family_hardship),
            exits::readmission_barred.eq(re.barred),
            exits::readmission_earliest.eq(re.earliest),
            exits::created_at.eq(now),
        ))
        .execute(conn)?;
    audit::record(
        conn,
        &[AuditEntry::new(
            sit.case.tenant(),
            acc.actor,
            &acc.ctx,
            "member.status",
            "member",
            Some(new.member_id),
            serde_json::json!({ "status": status, "case_id": new.id, "form": form,
                "readmission": re }),
        )
        .unit(new.unit_id)],
    )?;
    Ok(())
}

/// What a step's documents need to know.
struct Ctx<'a> {
    sit: &'a Situation,
    on: NaiveDate,
    signer: String,
    note: Option<String>,
    body_text: Option<String>,
    vote: Option<&'a VoteRecord>,
    to: CaseState,
}

impl Ctx<'_> {
    fn member_line(&self) -> String {
        let m = &self.sit.member;
        format!(
            "đồng chí {}, sinh ngày {}, đảng viên {} thuộc {}",
            m.full_name,
            dmy(m.date_of_birth),
            m.membership().label_vi().to_lowercase(),
            self.sit.authority.name(UnitId(self.sit.case.unit_id))
        )
    }

    fn grounds(&self) -> String {
        self.sit
            .case
            .criteria()
            .iter()
            .map(|c| format!("{} — {}", c.short(), c.label_vi()))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn branch(&self) -> UnitId {
        self.sit.authority.bodies.branch.unit_id
    }

    fn upper_name(&self) -> String {
        self.sit
            .authority
            .name(self.sit.authority.bodies.direct_upper.unit_id)
    }

    fn with_note(&self, mut paragraphs: Vec<String>) -> Vec<String> {
        if let Some(t) = &self.body_text {
            paragraphs.push(t.clone());
        }
        if let Some(n) = &self.note {
            paragraphs.push(format!("Ghi chú: {n}"));
        }
        paragraphs
    }

    fn doc(
        &self,
        kind: DocumentKind,
        issuer: UnitId,
        subject: String,
        paragraphs: Vec<String>,
        title: &str,
        recipients: Vec<String>,
    ) -> Issue {
        Issue {
            kind,
            issuer,
            standing: false,
            signed_on: self.on,
            number: None,
            subject,
            paragraphs: self.with_note(paragraphs),
            signer_title: title.to_string(),
            signer_name: self.signer.clone(),
            recipients,
        }
    }

    /// Minutes, ballot record and (when passed) resolution of a branch meeting.
    fn branch_meeting(&self, subject: &str, decided: &str) -> Vec<Issue> {
        let mut out = Vec::new();
        let b = self.branch();
        let vote = self.vote.map(VoteRecord::sentence).unwrap_or_default();
        let roll = self
            .vote
            .and_then(|v| v.roll)
            .map(|r| {
                format!(
                    "Chi bộ có {} đảng viên chính thức, trong đó {} đồng chí được miễn công tác và sinh hoạt đảng (không tính vào tổng số); {} đảng viên dự bị không biểu quyết.",
                    r.full_members, r.exempted, r.probationers
                )
            })
            .unwrap_or_default();
        out.push(Issue {
            paragraphs: vec![
                format!(
                    "Hôm nay, ngày {}, chi bộ họp xem xét {}: {}.",
                    dmy(self.on),
                    subject,
                    self.member_line()
                ),
                roll.clone(),
                format!("Căn cứ: {}.", self.grounds()),
            ],
            ..self.doc(
                DocumentKind::BranchMinutes,
                b,
                format!("Họp chi bộ {subject}"),
                vec![],
                "CHỦ TRÌ HỘI NGHỊ",
                vec!["Lưu hồ sơ chi bộ".into()],
            )
        });
        out.push(self.doc(
            DocumentKind::BallotRecord,
            b,
            format!("Kiểm phiếu {subject}"),
            vec![roll, vote],
            "TRƯỞNG BAN KIỂM PHIẾU",
            vec!["Lưu hồ sơ chi bộ".into()],
        ));
        if self.vote.is_some_and(|v| v.passed) {
            out.push(self.doc(
                DocumentKind::BranchResolution,
                b,
                subject.to_string(),
                vec![
                    format!("Chi bộ quyết nghị {decided}: {}.", self.member_line()),
                    format!("Căn cứ: {}.", self.grounds()),
                    self.vote.map(VoteRecord::sentence).unwrap_or_default(),
                ],
                "BÍ THƯ",
                vec![
                    format!("{} (báo cáo)", self.upper_name()),
                    "Đảng viên có tên".into(),
                    "Lưu chi bộ".into(),
                ],
            ));
        }
        out
    }
}

fn compose(
    conn: &mut DbConn,
    kind: TransitionKind,
    c: &Ctx,
    req: &TransitionRequest,
) -> AppResult<Vec<Issue>> {
    let sit = c.sit;
    let b = c.branch();
    let bodies = &sit.authority.bodies;
    let member_name = sit.member.full_name.clone();
    // The member's own letters: signed by them, headed by their branch.
    let person = |kind: DocumentKind, subject: String, paragraphs: Vec<String>| Issue {
        signer_name: member_name.clone(),
        ..c.doc(
            kind,
            b,
            subject,
            paragraphs,
            "ĐẢNG VIÊN",
            vec!["Chi bộ".into()],
        )
    };
    let form_label = sit
        .case
        .form()
        .or(req.form)
        .map(|f| f.label_vi().to_lowercase())
        .unwrap_or_default();
    Ok(match kind {
        TransitionKind::RequestUpperOpinion => vec![c.doc(
            DocumentKind::RequestLetter,
            b,
            "V/v xin ý kiến về danh sách dự kiến đảng viên cần giáo dục, giúp đỡ".into(),
            vec![
                format!("Kính gửi: {}.", c.upper_name()),
                format!(
                    "Qua rà soát, chi bộ dự kiến đưa {} vào danh sách đảng viên cần giáo dục, giúp đỡ trước khi xem xét đưa ra khỏi Đảng.",
                    c.member_line()
                ),
                format!("Căn cứ: {}.", c.grounds()),
                "Chi bộ kính đề nghị cấp ủy cấp trên trực tiếp cho ý kiến chỉ đạo.".into(),
            ],
            "BÍ THƯ",
            vec![c.upper_name(), "Lưu chi bộ".into()],
        )],
        TransitionKind::RecordUpperGuidance => vec![Issue {
            standing: bodies.direct_upper.level != BodyLevel::Grassroots,
            ..c.doc(
                DocumentKind::UpperGuidance,
                bodies.direct_upper.unit_id,
                "V/v ý kiến về danh sách dự kiến đảng viên cần giáo dục, giúp đỡ".into(),
                vec![format!(
                    "Về đề nghị của {} đối với {}: {}.",
                    sit.authority.name(b),
                    c.member_line(),
                    if req.agree == Some(true) {
                        "đồng ý để chi bộ đưa ra hội nghị chi bộ bỏ phiếu kín"
                    } else {
                        "không đồng ý đưa vào danh sách"
                    }
                )],
                "BÍ THƯ",
                vec![sit.authority.name(b), "Lưu văn phòng".into()],
            )
        }],
        TransitionKind::ListingVote => c.branch_meeting(
            "đưa đảng viên vào danh sách cần giáo dục, giúp đỡ",
            "đưa vào danh sách đảng viên cần giáo dục, giúp đỡ trước khi xem xét đưa ra khỏi Đảng",
        ),
        TransitionKind::AssignHelper => {
            let helper = match req.helper_member_id {
                Some(h) => super::CaseMember::load(conn, sit.case.tenant(), h.0)?.full_name,
                None => String::new(),
            };
            vec![c.doc(
                DocumentKind::BranchResolution,
                b,
                "Về việc phân công đảng viên giúp đỡ".into(),
                vec![
                    format!("Chi bộ phân công đồng chí {helper} giúp đỡ {}.", c.member_line()),
                    format!(
                        "Thời hạn giáo dục, giúp đỡ đến hết ngày {}. Người giúp đỡ theo dõi, nhận xét hằng tháng và báo cáo tại sinh hoạt chi bộ.",
                        sit.case.education_due.map(dmy).unwrap_or_default()
                    ),
                ],
                "BÍ THƯ",
                vec![format!("Đồng chí {helper}"), "Đảng viên có tên".into(), "Lưu chi bộ".into()],
            )]
        }
        TransitionKind::RecordCommitment => vec![person(
            DocumentKind::CommitmentPlan,
            "Cam kết và kế hoạch khắc phục".into(),
            vec![format!("Tôi là {}, xin cam kết với chi bộ:", c.member_line())],
        )],
        TransitionKind::Open | TransitionKind::StartOutcomeReview => vec![],
        TransitionKind::OutcomeVote => {
            let (subject, decided) = match req.choice {
                Some(OutcomeChoice::Improved) => (
                    "đánh giá kết quả giáo dục, giúp đỡ".to_string(),
                    "công nhận tiến bộ".to_string(),
                ),
                Some(OutcomeChoice::Continue) => (
                    "đánh giá kết quả giáo dục, giúp đỡ".to_string(),
                    "tiếp tục giáo dục, giúp đỡ".to_string(),
                ),
                _ => (
                    "đề nghị đưa đảng viên ra khỏi Đảng sau thời gian giáo dục, giúp đỡ".to_string(),
                    format!("đề nghị cấp có thẩm quyền {form_label}"),
                ),
            };
            c.branch_meeting(&subject, &decided)
        }
        TransitionKind::RequestSelfReview => vec![c.doc(
            DocumentKind::SelfReviewRequest,
            b,
            "V/v yêu cầu viết bản tự kiểm điểm".into(),
            vec![format!(
                "Chi bộ yêu cầu {} viết bản tự kiểm điểm và dự họp chi bộ (lần thứ {}).",
                c.member_line(),
                sit.case.self_review_requests + 1
            )],
            "BÍ THƯ",
            vec!["Đảng viên có tên".into(), "Lưu chi bộ".into()],
        )],
        TransitionKind::RecordSelfReview => {
            if req.refused == Some(true) {
                vec![c.doc(
                    DocumentKind::ClosingNote,
                    b,
                    "Ghi nhận việc đảng viên từ chối viết bản tự kiểm điểm".into(),
                    vec![format!("Chi bộ ghi nhận {} cố tình không viết bản tự kiểm điểm.", c.member_line())],
                    "BÍ THƯ",
                    vec!["Lưu chi bộ".into()],
                )]
            } else {
                vec![person(
                    DocumentKind::SelfReviewDocument,
                    "Bản tự kiểm điểm".into(),
                    vec![format!("Tôi là {}.", c.member_line())],
                )]
            }
        }
        TransitionKind::RemovalVote => c.branch_meeting(
            &format!("đề nghị {form_label}"),
            &format!("đề nghị cấp có thẩm quyền {form_label}"),
        ),
        TransitionKind::ForwardExitRequest => vec![c.doc(
            DocumentKind::ReportToUpper,
            b,
            "V/v đơn xin ra khỏi Đảng".into(),
            vec![
                format!("Chi bộ báo cáo đơn xin ra khỏi Đảng của {}.", c.member_line()),
                "Chi bộ đã xem xét; đảng viên không vi phạm tư cách đảng viên, không có kỷ luật đang có hiệu lực. Kính đề nghị cấp có thẩm quyền xem xét, quyết định.".into(),
            ],
            "BÍ THƯ",
            vec![sit.authority.name(bodies.competent.unit_id), "Lưu chi bộ".into()],
        )],
        TransitionKind::GrassrootsVote => {
            let Some(g) = bodies.grassroots else {
                return Ok(vec![]);
            };
            let mut out = vec![c.doc(
                DocumentKind::BallotRecord,
                g.unit_id,
                format!("Kiểm phiếu của đảng ủy về đề nghị {form_label}"),
                vec![c.vote.map(VoteRecord::sentence).unwrap_or_default()],
                "TRƯỞNG BAN KIỂM PHIẾU",
                vec!["Lưu văn phòng đảng ủy".into()],
            )];
            if c.vote.is_some_and(|v| v.passed) {
                out.push(c.doc(
                    DocumentKind::GrassrootsResolution,
                    g.unit_id,
                    format!("Về việc đề nghị {form_label}"),
                    vec![
                        format!("Xét đề nghị của {} đối với {}.", sit.authority.name(b), c.member_line()),
                        format!("Căn cứ: {}.", c.grounds()),
                        format!("Đảng ủy quyết nghị đề nghị cấp có thẩm quyền {form_label}."),
                        c.vote.map(VoteRecord::sentence).unwrap_or_default(),
                    ],
                    "BÍ THƯ",
                    vec![sit.authority.name(bodies.competent.unit_id), sit.authority.name(b), "Lưu văn phòng đảng ủy".into()],
                ));
            }
            out
        }
        TransitionKind::Decide => {
            let d = req.decision.clone();
            let adopted = matches!(
                c.to,
                CaseState::Decided | CaseState::Final
            );
            let form = sit.case.form().unwrap_or(RemovalForm::NameDeletion);
            let kind = if !adopted {
                DocumentKind::RejectionNotice
            } else {
                match form {
                    RemovalForm::NameDeletion => DocumentKind::NameDeletionDecision,
                    RemovalForm::Expulsion => DocumentKind::DisciplineDecision,
                    RemovalForm::VoluntaryExit => DocumentKind::ExitDecision,
                }
            };
            let mut paragraphs = vec![
                format!("Xét đề nghị của {} đối với {}.", sit.authority.name(b), c.member_line()),
                format!("Căn cứ: {}.", c.grounds()),
            ];
            if let Some(v) = c.vote {
                paragraphs.push(v.sentence());
            }
            paragraphs.push(if adopted {
                format!("Quyết định {} đối với {}.", form.label_vi().to_lowercase(), c.member_line())
            } else {
                format!("Không chấp thuận đề nghị {} đối với {}.", form.label_vi().to_lowercase(), c.member_line())
            });
            if adopted && form != RemovalForm::VoluntaryExit {
                paragraphs.push(
                    "Đảng viên có quyền khiếu nại trong thời hạn theo quy định kể từ ngày nhận quyết định."
                        .into(),
                );
            }
            vec![Issue {
                standing: bodies.competent.level != BodyLevel::Grassroots,
                number: d.as_ref().and_then(|d| d.number),
                signer_title: d
                    .as_ref()
                    .and_then(|d| d.signer_title.clone())
                    .unwrap_or_else(|| "BÍ THƯ".into()),
                signer_name: d.map(|d| d.signer_name).unwrap_or_default(),
                ..c.doc(
                    kind,
                    bodies.competent.unit_id,
                    format!("Về việc {} đối với đảng viên {}", form.label_vi().to_lowercase(), member_name),
                    paragraphs,
                    "BÍ THƯ",
                    vec!["Đảng viên có tên".into(), sit.authority.name(b), "Lưu hồ sơ".into()],
                )
            }]
        }
        TransitionKind::FileAppeal => vec![person(
            DocumentKind::Appeal,
            format!("Khiếu nại quyết định {form_label}"),
            vec![format!(
                "Kính gửi: {}. Tôi là {}, khiếu nại quyết định {} ngày {}.",
                sit.authority.name(bodies.appeal.unit_id),
                c.member_line(),
                form_label,
                sit.case.decision_signed_on.map(dmy).unwrap_or_default()
            )],
        )],
        TransitionKind::Finalise => vec![exit_slip(c, &form_label)],
        TransitionKind::ResolveAppeal => {
            let result = req.appeal_result.unwrap_or(AppealResult::Upheld);
            let mut out = vec![Issue {
                standing: true,
                ..c.doc(
                    DocumentKind::AppealDecision,
                    bodies.appeal.unit_id,
                    format!("Về việc giải quyết khiếu nại của đảng viên {member_name}"),
                    vec![
                        format!("Xét đơn khiếu nại ngày {} của {}.", sit.case.appeal_filed_on.map(dmy).unwrap_or_default(), c.member_line()),
                        format!("Kết quả: {}.", result.label_vi()),
                    ],
                    "BÍ THƯ",
                    vec!["Đảng viên có tên".into(), sit.authority.name(bodies.competent.unit_id), "Lưu hồ sơ".into()],
                )
            }];
            if result == AppealResult::Upheld {
                out.push(exit_slip(c, &form_label));
            }
            out
        }
        TransitionKind::Close => vec![c.doc(
            DocumentKind::ClosingNote,
            b,
            "Đóng hồ sơ".into(),
            vec![format!("Chi bộ đóng hồ sơ của {}.", c.member_line())],
            "BÍ THƯ",
            vec!["Lưu chi bộ".into()],
        )],
    })
}

/// The exit notice slip, issued by the grassroots level when the decision is final.
fn exit_slip(c: &Ctx, form_label: &str) -> Issue {
    let sit = c.sit;
    let issuer = sit
        .authority
        .bodies
        .grassroots
        .map_or(sit.authority.bodies.branch.unit_id, |g| g.unit_id);
    c.doc(
        DocumentKind::ExitNoticeSlip,
        issuer,
        format!("Đảng viên ra khỏi Đảng ({form_label})"),
        vec![
            format!("Báo tin {} đã ra khỏi Đảng theo quyết định có hiệu lực cuối cùng.", c.member_line()),
            format!("Căn cứ: {}.", c.grounds()),
            "Gửi kèm hồ sơ đảng viên lên cấp ủy cấp trên cơ sở; ghi vào sổ theo dõi đảng viên đã ra khỏi Đảng; thu hồi thẻ đảng viên.".into(),
        ],
        "BÍ THƯ",
        vec![sit.authority.name(sit.authority.bodies.competent.unit_id), "Lưu hồ sơ".into()],
    )
}

//! The case screens' pure parts: which vote rule and base a form counts against, the
//! texts a case reads with, and the building of a `TransitionRequest` from what a form
//! holds, checked here first with the field names the server uses (so a problem found
//! here and one the server finds show beside the same field).

use crate::format;
use crate::pages::user::parse_date;
use chrono::NaiveDate;
use rasoat_shared::MemberId;
use rasoat_shared::api::cases::{CaseQuery, DecisionInput, TransitionRequest, VoteInput};
use rasoat_shared::cases::authority::BodyLevel;
use rasoat_shared::cases::exit::Readmission;
use rasoat_shared::cases::machine::{AppealResult, OutcomeChoice};
use rasoat_shared::cases::vote::{
    BranchRoll, Tally, ThresholdRule, Verdict, VoteMethod, check_tally, verdict,
};
use rasoat_shared::cases::{CaseState, RemovalForm, TransitionKind};
use rasoat_shared::criteria::{CasePath, Criterion};
use rasoat_shared::error::FieldError;
use yew_router::query::FromQuery;

/// The title a decision is signed with unless the form says otherwise.
pub const DEFAULT_SIGNER_TITLE: &str = "BÍ THƯ";

/// "A1, B2".
pub fn criteria_short(criteria: &[Criterion]) -> String {
    if criteria.is_empty() {
        return format::DASH.to_string();
    }
    criteria
        .iter()
        .map(|c| c.short())
        .collect::<Vec<_>>()
        .join(", ")
}

/// "9 đảng viên chính thức, 1 được miễn, 2 dự bị không biểu quyết".
pub fn roll_text(roll: &BranchRoll) -> String {
    format!(
        "{} đảng viên chính thức, {} được miễn, {} dự bị không biểu quyết",
        roll.full_members, roll.exempted, roll.probationers
    )
}

/// The register's re-admission column.
pub fn readmission_text(r: &Readmission) -> String {
    if r.barred {
        "Không được kết nạp lại".to_string()
    } else {
        match r.earliest {
            Some(d) => format!("Từ {}", format::date(d)),
            None => format::DASH.to_string(),
        }
    }
}

/// The removal forms the case's grounds allow, in the catalogue's order (DOMAIN.md §6.2).
pub fn allowed_forms(criteria: &[Criterion]) -> Vec<RemovalForm> {
    RemovalForm::ALL
        .iter()
        .copied()
        .filter(|f| criteria.iter().any(|c| c.removal_forms().contains(f)))
        .collect()
}

/// What a case's form needs to know besides what was typed.
#[derive(Debug, Clone, PartialEq)]
pub struct FormContext {
    pub path: CasePath,
    pub criteria: Vec<Criterion>,
    pub removal_form: Option<RemovalForm>,
    /// The roll a branch vote counts against today.
    pub roll: BranchRoll,
    /// The level of the body that decides the removal.
    pub competent_level: BodyLevel,
    /// The member the case is about (not their own helper).
    pub member: MemberId,
}

/// The competent body decides an expulsion without a counted vote here: only whether it
/// expelled (the discipline procedure has its own record).
pub fn decides_without_vote(kind: TransitionKind, ctx: &FormContext) -> bool {
    kind == TransitionKind::Decide && ctx.removal_form == Some(RemovalForm::Expulsion)
}

/// The threshold rule the vote of `kind` is counted with: the server's own choice.
pub fn vote_rule(kind: TransitionKind, ctx: &FormContext) -> Option<ThresholdRule> {
    rasoat_shared::cases::vote::rule_for(kind, ctx.competent_level, ctx.removal_form)
}

/// A committee's vote counts against its members, which the form asks for; a branch's
/// against the roll.
pub fn asks_body_size(kind: TransitionKind) -> bool {
    matches!(
        kind,
        TransitionKind::GrassrootsVote | TransitionKind::Decide
    )
}

/// Listing is always by secret ballot (HD 02 Step 1.4); the other votes may also be open
/// (by showing the Party card).
pub fn asks_method(kind: TransitionKind) -> bool {
    kind != TransitionKind::ListingVote
}

/// The tallies as typed (text, so that a half-typed number does not jump).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VoteFields {
    /// None: a secret ballot (the server's default, and the only method for listing).
    pub method: Option<VoteMethod>,
    pub body_size: String,
    pub present: String,
    pub yes: String,
    pub no: String,
    pub invalid: String,
}

/// A count as typed: digits only; empty is none.
pub fn parse_count(text: &str) -> Result<Option<u32>, ()> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if !t.bytes().all(|b| b.is_ascii_digit()) {
        return Err(());
    }
    t.parse::<u32>().map(Some).map_err(|_| ())
}

/// The base a vote of `kind` counts against: the branch's eligible members, or the body
/// size typed.
pub fn vote_base(kind: TransitionKind, roll: &BranchRoll, fields: &VoteFields) -> Option<u32> {
    if asks_body_size(kind) {
        parse_count(&fields.body_size).ok().flatten()
    } else {
        Some(roll.eligible())
    }
}

/// The verdict as the numbers are typed (a blank count reads as 0): what the server will
/// compute with the same rule.
pub fn live_verdict(
    kind: TransitionKind,
    ctx: &FormContext,
    fields: &VoteFields,
) -> Option<(ThresholdRule, Tally, Verdict)> {
    let rule = vote_rule(kind, ctx)?;
    let base = vote_base(kind, &ctx.roll, fields)?;
    let n = |s: &str| parse_count(s).ok().flatten().unwrap_or(0);
    let tally = Tally {
        base,
        present: n(&fields.present),
        yes: n(&fields.yes),
        no: n(&fields.no),
        invalid: n(&fields.invalid),
    };
    Some((rule, tally, verdict(rule, &tally)))
}

/// "Cần ít nhất 6 phiếu đồng ý (quy tắc: …) — Đạt".
pub fn verdict_text(rule: ThresholdRule, v: &Verdict) -> String {
    format!(
        "Cần ít nhất {} phiếu đồng ý (quy tắc: {}) — {}",
        v.required_yes,
        rule.label_vi(),
        if v.passed { "Đạt" } else { "Không đạt" }
    )
}

/// Everything an action form may hold; each kind reads the fields it needs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ActionFields {
    /// `yyyy-mm-dd` from the date input.
    pub on: String,
    pub note: String,
    pub vote: VoteFields,
    pub agree: Option<bool>,
    pub choice: Option<OutcomeChoice>,
    pub form: Option<RemovalForm>,
    pub ground: Option<Criterion>,
    pub extension_months: String,
    pub helper: Option<MemberId>,
    pub text: String,
    pub refused: bool,
    pub adopted: bool,
    pub signer_name: String,
    pub signer_title: String,
    pub number: String,
    pub received_on: String,
    pub appeal_result: Option<AppealResult>,
    pub family_hardship: bool,
}

impl ActionFields {
    /// A new form: the act happened today; a decision is signed by the secretary.
    pub fn new(today: NaiveDate) -> ActionFields {
        ActionFields {
            on: today.to_string(),
            signer_title: DEFAULT_SIGNER_TITLE.to_string(),
            ground: Some(Criterion::B11),
            ..ActionFields::default()
        }
    }
}

fn problem(field: &str, message: &str) -> FieldError {
    FieldError {
        field: field.to_string(),
        code: "invalid".to_string(),
        message: message.to_string(),
    }
}

fn opt_text(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// The acts whose text is the point of the act.
pub fn asks_text(kind: TransitionKind) -> bool {
    use TransitionKind::*;
    matches!(
        kind,
        RecordCommitment | RecordSelfReview | FileAppeal | Close
    )
}

fn vote_input(
    kind: TransitionKind,
    ctx: &FormContext,
    f: &VoteFields,
    out: &mut Vec<FieldError>,
) -> Option<VoteInput> {
    let mut count = |field: &str, text: &str| match parse_count(text) {
        Ok(Some(n)) => Some(n),
        Ok(None) => {
            out.push(problem(field, "Hãy nhập số."));
            None
        }
        Err(()) => {
            out.push(problem(field, "Chỉ nhập số nguyên không âm."));
            None
        }
    };
    let body_size = if asks_body_size(kind) {
        count("vote.body_size", &f.body_size)
    } else {
        None
    };
    let present = count("vote.present", &f.present);
    let yes = count("vote.yes", &f.yes);
    let no = count("vote.no", &f.no);
    let invalid = count("vote.invalid", &f.invalid);
    let (Some(present), Some(yes), Some(no), Some(invalid)) = (present, yes, no, invalid) else {
        return None;
    };
    let base = if asks_body_size(kind) {
        body_size?
    } else {
        ctx.roll.eligible()
    };
    let problems = check_tally(&Tally {
        base,
        present,
        yes,
        no,
        invalid,
    });
    if !problems.is_empty() {
        // A committee's base is the size typed; a branch's is the roll, not a field.
        out.extend(problems.into_iter().map(|mut p| {
            if p.field == "vote.base" && asks_body_size(kind) {
                p.field = "vote.body_size".to_string();
            }
            p
        }));
        return None;
    }
    Some(VoteInput {
        method: if asks_method(kind) { f.method } else { None },
        body_size,
        present,
        yes,
        no,
        invalid,
    })
}

/// The request the form of `kind` sends, or the problems to show beside its fields.
pub fn build_request(
    kind: TransitionKind,
    ctx: &FormContext,
    f: &ActionFields,
    today: NaiveDate,
) -> Result<TransitionRequest, Vec<FieldError>> {
    use TransitionKind::*;
    let mut out = Vec::new();
    let on = match parse_date(&f.on) {
        Ok(Some(d)) if d > today => {
            out.push(problem("on", "Ngày không thể sau hôm nay."));
            None
        }
        Ok(d) => d,
        Err(()) => {
            out.push(problem("on", "Ngày không hợp lệ."));
            None
        }
    };
    let mut req = TransitionRequest {
        action: kind,
        on,
        note: opt_text(&f.note),
        vote: None,
        agree: None,
        choice: None,
        form: None,
        ground: None,
        helper_member_id: None,
        extension_months: None,
        text: None,
        refused: None,
        decision: None,
        adopted: None,
        appeal_result: None,
        family_hardship: None,
        signer_name: None,
    };
    if vote_rule(kind, ctx).is_some() {
        req.vote = vote_input(kind, ctx, &f.vote, &mut out);
    }
    match kind {
        RecordUpperGuidance => match f.agree {
            Some(a) => req.agree = Some(a),
            None => out.push(problem(
                "agree",
                "Hãy chọn cấp ủy cấp trên đồng ý hay không đồng ý.",
            )),
        },
        OutcomeVote => match f.choice {
            None => out.push(problem("choice", "Hãy chọn nội dung biểu quyết.")),
            Some(OutcomeChoice::Remove) => {
                req.choice = Some(OutcomeChoice::Remove);
                match f.form {
                    Some(form) if Criterion::B11.removal_forms().contains(&form) => {
                        req.form = Some(form)
                    }
                    _ => out.push(problem("form", "Hãy chọn hình thức đưa ra khỏi Đảng.")),
                }
                match f.ground {
                    Some(g @ (Criterion::B11 | Criterion::B4)) => req.ground = Some(g),
                    _ => out.push(problem("ground", "Căn cứ là B11 hoặc B4.")),
                }
            }
            Some(OutcomeChoice::Continue) => {
                req.choice = Some(OutcomeChoice::Continue);
                match parse_count(&f.extension_months) {
                    Ok(Some(0)) | Err(()) => out.push(problem(
                        "extension_months",
                        "Số tháng phải là số nguyên dương.",
                    )),
                    Ok(m) => req.extension_months = m,
                }
            }
            Some(c) => req.choice = Some(c),
        },
        RemovalVote => match f.form {
            Some(form) if allowed_forms(&ctx.criteria).contains(&form) => req.form = Some(form),
            _ => out.push(problem(
                "form",
                "Hãy chọn hình thức mà căn cứ của hồ sơ cho phép.",
            )),
        },
        AssignHelper => match f.helper {
            Some(h) if h != ctx.member => req.helper_member_id = Some(h),
            _ => out.push(problem(
                "helper_member_id",
                "Hãy chọn một đảng viên khác của chi bộ.",
            )),
        },
        Decide => {
            if decides_without_vote(kind, ctx) {
                req.adopted = Some(f.adopted);
            }
            let signer_name = f.signer_name.trim().to_string();
            if signer_name.is_empty() {
                out.push(problem("decision.signer_name", "Hãy ghi họ tên người ký."));
            }
            let number = match f.number.trim() {
                "" => None,
                n => match n.parse::<i64>() {
                    Ok(v) if v > 0 => Some(v),
                    _ => {
                        out.push(problem(
                            "decision.number",
                            "Số quyết định là số nguyên dương.",
                        ));
                        None
                    }
                },
            };
            let received_on = match parse_date(&f.received_on) {
                Ok(Some(d)) if d > today => {
                    out.push(problem(
                        "decision.received_on",
                        "Ngày nhận không thể sau hôm nay.",
                    ));
                    None
                }
                Ok(Some(d)) if on.is_some_and(|o| d < o) => {
                    out.push(problem(
                        "decision.received_on",
                        "Ngày nhận không thể trước ngày quyết định.",
                    ));
                    None
                }
                Ok(Some(d)) => Some(d),
                Ok(None) => {
                    out.push(problem(
                        "decision.received_on",
                        "Hãy ghi ngày đảng viên nhận quyết định.",
                    ));
                    None
                }
                Err(()) => {
                    out.push(problem("decision.received_on", "Ngày không hợp lệ."));
                    None
                }
            };
            if let Some(received_on) = received_on {
                req.decision = Some(DecisionInput {
                    number,
                    signer_name,
                    signer_title: opt_text(&f.signer_title),
                    received_on,
                });
            }
        }
        ResolveAppeal => match f.appeal_result {
            Some(r) => req.appeal_result = Some(r),
            None => out.push(problem(
                "appeal_result",
                "Hãy chọn kết quả giải quyết khiếu nại.",
            )),
        },
        RecordSelfReview => req.refused = Some(f.refused),
        Finalise if ctx.path == CasePath::VVoluntary => {
            req.family_hardship = Some(f.family_hardship)
        }
        _ => {}
    }
    if asks_text(kind) {
        let refused = kind == RecordSelfReview && f.refused;
        match opt_text(&f.text) {
            Some(t) => req.text = Some(t),
            None if refused => {}
            None => out.push(problem("text", "Hãy ghi nội dung.")),
        }
    }
    if out.is_empty() { Ok(req) } else { Err(out) }
}

/// The fields the form of `kind` shows problems beside (the server's names).
pub fn shown_fields(kind: TransitionKind, ctx: &FormContext) -> Vec<&'static str> {
    use TransitionKind::*;
    let mut out = vec!["on", if asks_text(kind) { "text" } else { "note" }];
    if vote_rule(kind, ctx).is_some() {
        out.extend([
            "vote.present",
            "vote.yes",
            "vote.no",
            "vote.invalid",
            "vote.base",
        ]);
        if asks_body_size(kind) {
            out.push("vote.body_size");
        }
    }
    match kind {
        RecordUpperGuidance => out.push("agree"),
        OutcomeVote => out.extend(["choice", "form", "ground", "extension_months"]),
        RemovalVote => out.push("form"),
        AssignHelper => out.push("helper_member_id"),
        Decide => out.extend([
            "decision.signer_name",
            "decision.signer_title",
            "decision.number",
            "decision.received_on",
        ]),
        ResolveAppeal => out.push("appeal_result"),
        _ => {}
    }
    out
}

/// The problems no field of the form shows: they are listed above the button, so that
/// none is lost.
pub fn unplaced(problems: &[FieldError], shown: &[&str]) -> Vec<String> {
    problems
        .iter()
        .filter(|p| !shown.contains(&p.field.as_str()))
        .map(|p| p.message.clone())
        .collect()
}

/// The messages of `field` among `problems`.
pub fn messages(problems: &[FieldError], field: &str) -> Vec<String> {
    problems
        .iter()
        .filter(|p| p.field == field)
        .map(|p| p.message.clone())
        .collect()
}

/// `/cases/{id}?action=listing_vote`: the case page opens that act's form (the to-do
/// queue links each act this way).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct OpenAction {
    pub action: String,
}

/// The act named in the address bar, if it is one.
pub fn action_in_query(query_str: &str) -> Option<TransitionKind> {
    let raw = query_str.strip_prefix('?').unwrap_or(query_str);
    Vec::<(String, String)>::from_query(raw)
        .unwrap_or_default()
        .into_iter()
        .find(|(k, _)| k == "action")
        .and_then(|(_, v)| TransitionKind::from_code(v.trim()))
}

/// The board's filters from the address bar (`?unit=3&state=under_education&open=true`);
/// what does not parse is left out rather than refused.
pub fn parse_case_query(query_str: &str) -> CaseQuery {
    let raw = query_str.strip_prefix('?').unwrap_or(query_str);
    let pairs = Vec::<(String, String)>::from_query(raw).unwrap_or_default();
    let mut q = CaseQuery::default();
    for (key, value) in pairs {
        let v = value.trim();
        match key.as_str() {
            "unit" => q.unit = v.parse().ok(),
            "state" => q.state = CaseState::from_code(v),
            "open" => q.open = v.parse().ok(),
            "overdue" => q.overdue = v.parse().ok().filter(|b: &bool| *b),
            "member" => q.member = v.parse().ok(),
            _ => {}
        }
    }
    q
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn ctx() -> FormContext {
        FormContext {
            path: CasePath::AEducation,
            criteria: vec![Criterion::A1],
            removal_form: None,
            roll: BranchRoll {
                full_members: 10,
                exempted: 1,
                probationers: 2,
            },
            competent_level: BodyLevel::Upper,
            member: MemberId(7),
        }
    }

    fn votes(present: &str, yes: &str, no: &str, invalid: &str) -> VoteFields {
        VoteFields {
            method: None,
            body_size: String::new(),
            present: present.into(),
            yes: yes.into(),
            no: no.into(),
            invalid: invalid.into(),
        }
    }

    fn fields(today: NaiveDate) -> ActionFields {
        ActionFields::new(today)
    }

    fn fields_of(r: Result<TransitionRequest, Vec<FieldError>>) -> Vec<String> {
        r.err()
            .unwrap_or_default()
            .into_iter()
            .map(|p| p.field)
            .collect()
    }

    #[test]
    fn a_branch_vote_counts_against_the_roll_less_the_exempted() {
        // 9 eligible: 6 yes is two thirds and passes, 5 does not.
        let c = ctx();
        let (rule, tally, v) =
            live_verdict(TransitionKind::ListingVote, &c, &votes("9", "6", "3", "0")).unwrap();
        assert_eq!(rule, ThresholdRule::TwoThirdsOfFullMembersExclExempted);
        assert_eq!((tally.base, v.required_yes, v.passed), (9, 6, true));
        let (_, _, v) =
            live_verdict(TransitionKind::ListingVote, &c, &votes("9", "5", "", "")).unwrap();
        assert!(!v.passed);
        assert!(verdict_text(rule, &v).ends_with("— Không đạt"));
        assert!(verdict_text(rule, &v).starts_with("Cần ít nhất 6 phiếu đồng ý"));
    }

    #[test]
    fn the_decision_rule_follows_the_competent_body() {
        let mut c = ctx();
        assert_eq!(
            vote_rule(TransitionKind::Decide, &c),
            Some(ThresholdRule::MoreThanHalfOfBodyMembers)
        );
        c.competent_level = BodyLevel::Grassroots;
        assert_eq!(
            vote_rule(TransitionKind::Decide, &c),
            Some(ThresholdRule::TwoThirdsOfBodyMembers)
        );
        c.removal_form = Some(RemovalForm::Expulsion);
        assert_eq!(vote_rule(TransitionKind::Decide, &c), None);
        assert_eq!(vote_rule(TransitionKind::AssignHelper, &c), None);
        // A committee's base is the size typed; none typed, no verdict yet.
        let mut f = votes("5", "4", "1", "0");
        assert_eq!(live_verdict(TransitionKind::GrassrootsVote, &c, &f), None);
        f.body_size = "7".into();
        let (_, t, v) = live_verdict(TransitionKind::GrassrootsVote, &c, &f).unwrap();
        assert_eq!((t.base, v.required_yes, v.passed), (7, 5, false));
    }

    #[test]
    fn a_vote_request_carries_the_tallies_or_names_the_bad_field() {
        let today = day(2026, 3, 10);
        let mut f = fields(today);
        f.vote = votes("9", "7", "2", "0");
        let req = build_request(TransitionKind::ListingVote, &ctx(), &f, today).unwrap();
        assert_eq!(req.on, Some(today));
        let v = req.vote.unwrap();
        assert_eq!(
            (v.present, v.yes, v.no, v.invalid, v.body_size),
            (9, 7, 2, 0, None)
        );

        f.vote = votes("12", "x", "", "0");
        let bad = fields_of(build_request(
            TransitionKind::ListingVote,
            &ctx(),
            &f,
            today,
        ));
        assert_eq!(bad, vec!["vote.yes", "vote.no"]);
        f.vote = votes("12", "7", "2", "0");
        let bad = fields_of(build_request(
            TransitionKind::ListingVote,
            &ctx(),
            &f,
            today,
        ));
        assert_eq!(
            bad,
            vec!["vote.present"],
            "more present than the 9 eligible"
        );
        f.vote = votes("9", "7", "3", "0");
        let bad = fields_of(build_request(
            TransitionKind::ListingVote,
            &ctx(),
            &f,
            today,
        ));
        assert_eq!(bad, vec!["vote.yes"], "more ballots than present");
        // Listing is by secret ballot whatever the form holds; other votes say how.
        f.vote = votes("9", "7", "2", "0");
        f.vote.method = Some(VoteMethod::OpenVote);
        let req = build_request(TransitionKind::ListingVote, &ctx(), &f, today).unwrap();
        assert_eq!(req.vote.and_then(|v| v.method), None);
        let req = build_request(TransitionKind::RemovalVote, &ctx(), &f, today);
        assert!(req.is_err(), "no form chosen");
        f.form = Some(RemovalForm::NameDeletion);
        let mut c = ctx();
        c.criteria = vec![Criterion::B1];
        let req = build_request(TransitionKind::RemovalVote, &c, &f, today).unwrap();
        assert_eq!(req.vote.and_then(|v| v.method), Some(VoteMethod::OpenVote));
    }

    #[test]
    fn the_day_of_the_act_is_never_in_the_future() {
        let today = day(2026, 3, 10);
        let mut f = fields(today);
        f.on = "2026-03-11".into();
        let bad = fields_of(build_request(
            TransitionKind::RequestUpperOpinion,
            &ctx(),
            &f,
            today,
        ));
        assert_eq!(bad, vec!["on"]);
        f.on = String::new();
        let req = build_request(TransitionKind::RequestUpperOpinion, &ctx(), &f, today).unwrap();
        assert_eq!(req.on, None, "blank means today, as the server defaults");
    }

    #[test]
    fn an_outcome_vote_names_what_was_voted_on() {
        let today = day(2026, 3, 10);
        let mut f = fields(today);
        f.vote = votes("9", "8", "1", "0");
        let bad = fields_of(build_request(
            TransitionKind::OutcomeVote,
            &ctx(),
            &f,
            today,
        ));
        assert_eq!(bad, vec!["choice"]);
        f.choice = Some(OutcomeChoice::Remove);
        let bad = fields_of(build_request(
            TransitionKind::OutcomeVote,
            &ctx(),
            &f,
            today,
        ));
        assert_eq!(bad, vec!["form"]);
        f.form = Some(RemovalForm::NameDeletion);
        let req = build_request(TransitionKind::OutcomeVote, &ctx(), &f, today).unwrap();
        assert_eq!(
            (req.choice, req.form, req.ground),
            (
                Some(OutcomeChoice::Remove),
                Some(RemovalForm::NameDeletion),
                Some(Criterion::B11)
            )
        );
        f.choice = Some(OutcomeChoice::Continue);
        f.extension_months = "0".into();
        let bad = fields_of(build_request(
            TransitionKind::OutcomeVote,
            &ctx(),
            &f,
            today,
        ));
        assert_eq!(bad, vec!["extension_months"]);
        f.extension_months = String::new();
        let req = build_request(TransitionKind::OutcomeVote, &ctx(), &f, today).unwrap();
        assert_eq!((req.form, req.extension_months), (None, None));
    }

    #[test]
    fn a_removal_vote_offers_only_the_forms_the_grounds_allow() {
        assert_eq!(
            allowed_forms(&[Criterion::B1]),
            vec![RemovalForm::NameDeletion]
        );
        assert_eq!(
            allowed_forms(&[Criterion::B1, Criterion::B9]),
            vec![RemovalForm::NameDeletion, RemovalForm::Expulsion]
        );
        let today = day(2026, 3, 10);
        let mut c = ctx();
        c.criteria = vec![Criterion::B9];
        let mut f = fields(today);
        f.vote = votes("9", "8", "1", "0");
        f.form = Some(RemovalForm::NameDeletion);
        let bad = fields_of(build_request(TransitionKind::RemovalVote, &c, &f, today));
        assert_eq!(bad, vec!["form"]);
        f.form = Some(RemovalForm::Expulsion);
        assert!(build_request(TransitionKind::RemovalVote, &c, &f, today).is_ok());
    }

    #[test]
    fn a_decision_needs_its_signer_and_the_day_it_was_received() {
        let today = day(2026, 3, 10);
        let mut c = ctx();
        let mut f = fields(today);
        f.vote = votes("7", "5", "2", "0");
        f.vote.body_size = "9".into();
        let bad = fields_of(build_request(TransitionKind::Decide, &c, &f, today));
        assert_eq!(bad, vec!["decision.signer_name", "decision.received_on"]);
        f.signer_name = "Lò Văn Bình".into();
        f.received_on = "2026-03-09".into();
        f.on = "2026-03-08".into();
        let req = build_request(TransitionKind::Decide, &c, &f, today).unwrap();
        let d = req.decision.unwrap();
        assert_eq!(d.signer_title.as_deref(), Some(DEFAULT_SIGNER_TITLE));
        assert_eq!((d.number, req.adopted), (None, None));
        assert_eq!(req.vote.and_then(|v| v.body_size), Some(9));
        // An expulsion: whether adopted, no tallies.
        c.removal_form = Some(RemovalForm::Expulsion);
        f.vote = VoteFields::default();
        f.adopted = true;
        let req = build_request(TransitionKind::Decide, &c, &f, today).unwrap();
        assert_eq!((req.vote, req.adopted), (None, Some(true)));
    }

    #[test]
    fn text_acts_need_their_text_unless_the_member_refused() {
        let today = day(2026, 3, 10);
        let mut f = fields(today);
        let bad = fields_of(build_request(TransitionKind::FileAppeal, &ctx(), &f, today));
        assert_eq!(bad, vec!["text"]);
        f.refused = true;
        let req = build_request(TransitionKind::RecordSelfReview, &ctx(), &f, today).unwrap();
        assert_eq!((req.text, req.refused), (None, Some(true)));
        f.text = "  Đơn khiếu nại  ".into();
        let req = build_request(TransitionKind::FileAppeal, &ctx(), &f, today).unwrap();
        assert_eq!(req.text.as_deref(), Some("Đơn khiếu nại"));
    }

    #[test]
    fn a_helper_is_someone_other_than_the_member() {
        let today = day(2026, 3, 10);
        let mut f = fields(today);
        f.helper = Some(MemberId(7));
        let bad = fields_of(build_request(
            TransitionKind::AssignHelper,
            &ctx(),
            &f,
            today,
        ));
        assert_eq!(bad, vec!["helper_member_id"]);
        f.helper = Some(MemberId(8));
        let req = build_request(TransitionKind::AssignHelper, &ctx(), &f, today).unwrap();
        assert_eq!(req.helper_member_id, Some(MemberId(8)));
    }

    #[test]
    fn the_board_reads_its_filters_from_the_address_bar() {
        let q = parse_case_query("?unit=3&state=under_education&open=true&overdue=false&x=1");
        assert_eq!(q.unit, Some(rasoat_shared::UnitId(3)));
        assert_eq!(q.state, Some(CaseState::UnderEducation));
        assert_eq!((q.open, q.overdue), (Some(true), None));
        let q = parse_case_query("state=nonsense&unit=-1");
        assert_eq!(q, CaseQuery::default());
    }

    #[test]
    fn a_problem_with_no_field_on_the_form_is_still_shown() {
        let c = ctx();
        let shown = shown_fields(TransitionKind::ListingVote, &c);
        let ps = vec![
            problem("vote.yes", "quá số có mặt"),
            problem("signer_name", "thiếu người ký"),
        ];
        assert_eq!(unplaced(&ps, &shown), vec!["thiếu người ký".to_string()]);
        assert!(shown_fields(TransitionKind::Decide, &c).contains(&"vote.body_size"));
        assert!(shown_fields(TransitionKind::FileAppeal, &c).contains(&"text"));
    }

    #[test]
    fn the_queue_opens_an_act_by_its_code() {
        assert_eq!(
            action_in_query("?action=listing_vote"),
            Some(TransitionKind::ListingVote)
        );
        assert_eq!(action_in_query("action=nonsense"), None);
        assert_eq!(action_in_query(""), None);
    }

    #[test]
    fn texts_read_in_vietnamese() {
        let roll = BranchRoll {
            full_members: 9,
            exempted: 1,
            probationers: 2,
        };
        assert_eq!(
            roll_text(&roll),
            "9 đảng viên chính thức, 1 được miễn, 2 dự bị không biểu quyết"
        );
        assert_eq!(criteria_short(&[Criterion::A1, Criterion::B2]), "A1, B2");
        assert_eq!(
            readmission_text(&Readmission {
                barred: true,
                earliest: None
            }),
            "Không được kết nạp lại"
        );
        assert_eq!(
            readmission_text(&Readmission {
                barred: false,
                earliest: Some(day(2029, 3, 1))
            }),
            "Từ 01/03/2029"
        );
    }
}

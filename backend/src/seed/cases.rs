//! Demo cases: in the demo branch, one or more cases in every state, carried there by
//! the demo accounts through the same repository functions the API calls (so each has
//! its votes, documents and timeline); and, for the benchmark only, a volume of open
//! cases written straight to the tables.

use super::in_transaction;
use crate::auth::identity::{Identity, RequestCtx};
use crate::db::DbConn;
use crate::db::schema::{case_events, cases, members, units, users};
use crate::repo::IfMatch;
use crate::repo::cases::{CaseAccess, transition};
use crate::repo::review::{rounds, suggestions};
use chrono::{Duration, NaiveDate, Utc};
use diesel::prelude::*;
use rasoat_shared::access::Action;
use rasoat_shared::api::cases::{DecisionInput, ExitRequestInput, TransitionRequest, VoteInput};
use rasoat_shared::api::review::{
    Decision, DocumentRef, EnteredSuggestionInput, RoundInput, SuggestionDecision,
};
use rasoat_shared::cases::machine::{AppealResult, OutcomeChoice};
use rasoat_shared::cases::{CaseState, RemovalForm, TransitionKind};
use rasoat_shared::criteria::{CasePath, Criterion};
use rasoat_shared::member::MemberStatus;
use rasoat_shared::settings::RuleSettings;
use rasoat_shared::{MemberId, UnitId, UserId};

/// How many cases the demo holds, and how many of them are open.
#[derive(Debug, Default, Clone, Copy)]
pub struct CaseCounts {
    pub cases: usize,
    pub open: usize,
}

/// A demo account acting as itself.
fn account(conn: &mut DbConn, username: &str) -> anyhow::Result<CaseAccess> {
    let (id, version): (i64, i64) = users::table
        .filter(users::username.eq(username))
        .select((users::id, users::session_version))
        .first(conn)?;
    let who = Identity::signed_in(UserId(id), version, RequestCtx::default());
    let access = who.resolve(conn).map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(CaseAccess::of(&access))
}

/// The member themself, for the acts only they perform (commitment, appeal): the seed
/// writes what the member would.
fn as_member(member: i64) -> CaseAccess {
    CaseAccess::seed_as_member(MemberId(member))
}

fn req(action: TransitionKind, on: NaiveDate) -> TransitionRequest {
    TransitionRequest {
        action,
        on: Some(on),
        note: None,
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
    }
}

fn vote(base: u32, yes: u32, body_size: Option<u32>) -> VoteInput {
    VoteInput {
        method: None,
        body_size,
        present: base,
        yes,
        no: base - yes,
        invalid: 0,
    }
}

struct Ctx {
    secretary: CaseAccess,
    committee: CaseAccess,
    standing: CaseAccess,
    staff: CaseAccess,
    province: CaseAccess,
    rules: RuleSettings,
    today: NaiveDate,
}

impl Ctx {
    fn act(
        &self,
        conn: &mut DbConn,
        who: &CaseAccess,
        id: i64,
        r: TransitionRequest,
    ) -> anyhow::Result<()> {
        let today = self.today;
        let rules = self.rules.clone();
        in_transaction(conn, |c| {
            transition::apply(c, who, id, IfMatch::Any, r, &rules, today).map(|_| ())
        })
    }

    /// The branch's eligible voters now.
    fn eligible(&self, conn: &mut DbConn, id: i64) -> anyhow::Result<u32> {
        let case = crate::repo::cases::row(conn, id).map_err(|e| anyhow::anyhow!("{e}"))?;
        let roll = crate::repo::cases::roll(conn, case.tenant(), UnitId(case.unit_id))
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        Ok(roll.eligible())
    }

    fn branch_vote(&self, conn: &mut DbConn, id: i64, pass: bool) -> anyhow::Result<VoteInput> {
        let n = self.eligible(conn, id)?;
        let need = (2 * n).div_ceil(3);
        Ok(vote(
            n,
            if pass { need } else { need.saturating_sub(1) },
            None,
        ))
    }
}

/// Opens a round on the branch, enters each member's ground, confirms it: the cases.
fn open_cases(
    conn: &mut DbConn,
    branch: UnitId,
    grounds: &[(i64, Criterion)],
    as_of: NaiveDate,
) -> anyhow::Result<Vec<i64>> {
    let user: i64 = users::table
        .filter(users::username.eq("bithu.chibo"))
        .select(users::id)
        .first(conn)?;
    let version: i64 = users::table
        .filter(users::id.eq(user))
        .select(users::session_version)
        .first(conn)?;
    let who = Identity::signed_in(UserId(user), version, RequestCtx::default());
    in_transaction(conn, |c| {
        let access = who.resolve(c)?;
        let manage = access.scope(Action::ManageReviewRounds)?;
        let decide = access.scope(Action::DecideSuggestions)?;
        let seen = access.scope(Action::ViewReports)?;
        let round = rounds::create(
            c,
            &manage,
            RoundInput {
                unit_id: branch,
                title: "Rà soát, sàng lọc đảng viên (dữ liệu mẫu)".into(),
                period_from: as_of - Duration::days(330),
                period_to: as_of - Duration::days(300),
            },
        )?;
        let mut out = Vec::new();
        for (member, criterion) in grounds {
            let s = suggestions::enter(
                c,
                &decide,
                round.id,
                EnteredSuggestionInput {
                    member_id: MemberId(*member),
                    criterion: *criterion,
                    reason_vi: "Chi ủy kết luận qua kiểm điểm, giám sát (dữ liệu mẫu)".into(),
                    document: DocumentRef {
                        number: "02-KL/CB".into(),
                        signed_on: as_of - Duration::days(310),
                    },
                    issued_by: "Chi ủy".into(),
                },
            )?;
            let s = suggestions::decide(
                c,
                &decide,
                s.id,
                IfMatch::Any,
                SuggestionDecision {
                    decision: Decision::Confirm,
                    note: None,
                },
            )?;
            out.push(s.case_id.unwrap_or_default());
        }
        rounds::close(c, &seen, &manage, round.id, IfMatch::Any)?;
        Ok(out)
    })
}

/// The showcase: every state of the procedure in the demo branch, by its demo accounts.
/// Members from the eleventh of the branch on (the first ones are the demo member and
/// helper, and the ones the black-box tests take).
pub fn showcase(
    conn: &mut DbConn,
    as_of: NaiveDate,
    rules: &RuleSettings,
) -> anyhow::Result<CaseCounts> {
    // The acts are judged as of the demo date, not the clock: the same seed must give the
    // same cases on any day (an appeal filed "today" would otherwise fall outside a window
    // that closed since the demo date).
    let today = as_of;
    let ctx = Ctx {
        secretary: account(conn, "bithu.chibo")?,
        committee: account(conn, "danguy.coso")?,
        standing: account(conn, "btv.dienbienphu")?,
        staff: account(conn, "btc.dienbienphu")?,
        province: account(conn, "btv.tinh")?,
        rules: rules.clone(),
        today,
    };
    let branch: i64 = crate::db::schema::role_assignments::table
        .inner_join(users::table.on(users::id.eq(crate::db::schema::role_assignments::user_id)))
        .filter(users::username.eq("bithu.chibo"))
        .select(crate::db::schema::role_assignments::unit_id)
        .first(conn)?;
    let people: Vec<i64> = members::table
        .filter(members::home_unit_id.eq(branch))
        .filter(members::status.eq(MemberStatus::Active.code()))
        .filter(members::membership.eq("full"))
        .order(members::id)
        .select(members::id)
        .load(conn)?;
    let first: i64 = members::table
        .filter(members::home_unit_id.eq(branch))
        .order(members::id)
        .select(members::id)
        .first(conn)?;
    let pool: Vec<i64> = people.iter().copied().skip(10).collect();
    if pool.len() < 19 {
        anyhow::bail!("the demo branch has too few members for the showcase");
    }
    let m = |i: usize| pool[i];
    use Criterion::*;
    // Member, ground; in the order of the walk below.
    let grounds = [
        (m(0), A3),
        (m(1), A4),
        (m(2), A3),
        (m(3), A4),
        (m(4), A3),
        (m(5), A4),
        (m(6), A3),
        (m(7), B3),
        (first, B6),
        (m(8), B5),
        (m(9), B9),
        (m(10), A3),
        (m(11), B6),
        (m(12), B10),
        (m(13), B3),
        (m(14), A4),
    ];
    let ids = open_cases(conn, UnitId(branch), &grounds, as_of)?;
    let id = |i: usize| ids[i];
    let d = |days: i64| (as_of - Duration::days(days)).min(today);
    use TransitionKind::*;
    let (s, c, b) = (&ctx.secretary, &ctx.committee, &ctx.standing);

    // Path A up to each of its states.
    let consult = |conn: &mut DbConn, case: i64, start: i64| -> anyhow::Result<()> {
        ctx.act(conn, s, case, req(RequestUpperOpinion, d(start)))?;
        ctx.act(
            conn,
            c,
            case,
            TransitionRequest {
                agree: Some(true),
                ..req(RecordUpperGuidance, d(start - 7))
            },
        )
    };
    let list = |conn: &mut DbConn, case: i64, start: i64, pass: bool| -> anyhow::Result<()> {
        consult(conn, case, start)?;
        let v = ctx.branch_vote(conn, case, pass)?;
        ctx.act(
            conn,
            s,
            case,
            TransitionRequest {
                vote: Some(v),
                ..req(ListingVote, d(start - 14))
            },
        )
    };
    let educate = |conn: &mut DbConn,
                   case: i64,
                   start: i64,
                   helper: i64,
                   member: i64|
     -> anyhow::Result<()> {
        list(conn, case, start, true)?;
        ctx.act(
            conn,
            s,
            case,
            TransitionRequest {
                helper_member_id: Some(MemberId(helper)),
                ..req(AssignHelper, d(start - 20))
            },
        )?;
        ctx.act(conn, &as_member(member), case, TransitionRequest {
            text: Some("Tôi cam kết khắc phục khuyết điểm, tham gia đầy đủ sinh hoạt chi bộ, hoàn thành nhiệm vụ được giao; báo cáo tiến bộ hằng tháng với chi bộ.".into()),
            ..req(RecordCommitment, d(start - 21))
        })
    };
    ctx.act(conn, s, id(1), req(RequestUpperOpinion, d(40)))?;
    consult(conn, id(2), 60)?;
    educate(conn, id(3), 150, pool[15], m(3))?;
    educate(conn, id(4), 330, pool[16], m(4))?;
    ctx.act(conn, s, id(4), req(StartOutcomeReview, d(10)))?;
    educate(conn, id(5), 330, pool[17], m(5))?;
    ctx.act(conn, s, id(5), req(StartOutcomeReview, d(12)))?;
    let v = ctx.branch_vote(conn, id(5), true)?;
    ctx.act(
        conn,
        s,
        id(5),
        TransitionRequest {
            vote: Some(v),
            choice: Some(OutcomeChoice::Improved),
            ..req(OutcomeVote, d(5))
        },
    )?;
    educate(conn, id(6), 330, pool[18], m(6))?;
    ctx.act(conn, s, id(6), req(StartOutcomeReview, d(20)))?;
    ctx.act(
        conn,
        &as_member(m(6)),
        id(6),
        TransitionRequest {
            text: Some("Bản tự kiểm điểm: tôi nhận thấy chưa khắc phục được khuyết điểm.".into()),
            ..req(RecordSelfReview, d(18))
        },
    )?;
    let v = ctx.branch_vote(conn, id(6), true)?;
    ctx.act(
        conn,
        s,
        id(6),
        TransitionRequest {
            vote: Some(v),
            choice: Some(OutcomeChoice::Remove),
            form: Some(RemovalForm::NameDeletion),
            ..req(OutcomeVote, d(15))
        },
    )?;
    // A failed listing: not listed.
    list(conn, id(11), 90, false)?;

    // Path B: a removal vote, the grassroots committee, the decision, the appeal.
    let propose =
        |conn: &mut DbConn, case: i64, start: i64, form: RemovalForm| -> anyhow::Result<()> {
            ctx.act(
                conn,
                s,
                case,
                TransitionRequest {
                    refused: Some(true),
                    ..req(RecordSelfReview, d(start))
                },
            )?;
            let v = ctx.branch_vote(conn, case, true)?;
            ctx.act(
                conn,
                s,
                case,
                TransitionRequest {
                    vote: Some(v),
                    form: Some(form),
                    ..req(RemovalVote, d(start - 7))
                },
            )
        };
    let endorse =
        |conn: &mut DbConn, case: i64, start: i64, form: RemovalForm| -> anyhow::Result<()> {
            propose(conn, case, start, form)?;
            if form != RemovalForm::Expulsion {
                ctx.act(
                    conn,
                    c,
                    case,
                    TransitionRequest {
                        vote: Some(vote(9, 7, Some(9))),
                        ..req(GrassrootsVote, d(start - 14))
                    },
                )?;
            }
            Ok(())
        };
    let decide = |conn: &mut DbConn,
                  case: i64,
                  start: i64,
                  form: RemovalForm,
                  yes: u32|
     -> anyhow::Result<()> {
        endorse(conn, case, start, form)?;
        let on = d(start - 21);
        let decision = DecisionInput {
            number: None,
            signer_name: "Lò Văn Thắng".into(),
            signer_title: Some("PHÓ BÍ THƯ".into()),
            received_on: (on + Duration::days(3)).min(today),
        };
        let r = if form == RemovalForm::Expulsion {
            TransitionRequest {
                adopted: Some(yes > 5),
                decision: Some(decision),
                ..req(Decide, on)
            }
        } else {
            TransitionRequest {
                vote: Some(vote(11, yes, Some(11))),
                decision: Some(decision),
                ..req(Decide, on)
            }
        };
        ctx.act(conn, b, case, r)
    };
    ctx.act(conn, s, id(7), req(RequestSelfReview, d(30)))?;
    ctx.act(conn, s, id(7), req(RequestSelfReview, d(25)))?;
    // Three requests unanswered, then the vote, the committee: awaiting the decision.
    ctx.act(conn, s, id(7), req(RequestSelfReview, d(20)))?;
    let v = ctx.branch_vote(conn, id(7), true)?;
    ctx.act(
        conn,
        s,
        id(7),
        TransitionRequest {
            vote: Some(v),
            form: Some(RemovalForm::NameDeletion),
            ..req(RemovalVote, d(14))
        },
    )?;
    ctx.act(
        conn,
        c,
        id(7),
        TransitionRequest {
            vote: Some(vote(9, 6, Some(9))),
            ..req(GrassrootsVote, d(7))
        },
    )?;
    // The demo member: decided, the appeal window open (they see the appeal form).
    decide(conn, id(8), 30, RemovalForm::NameDeletion, 7)?;
    // Name deletion, final after the window; the exit register has it.
    decide(conn, id(9), 200, RemovalForm::NameDeletion, 8)?;
    ctx.act(conn, &ctx.staff, id(9), req(Finalise, today))?;
    // Expulsion (a criminal sentence), final.
    decide(conn, id(10), 220, RemovalForm::Expulsion, 9)?;
    ctx.act(conn, &ctx.staff, id(10), req(Finalise, today))?;
    // Not adopted by the standing committee.
    decide(conn, id(12), 60, RemovalForm::NameDeletion, 5)?;
    // An expulsion under appeal; another appeal resolved by annulment.
    decide(conn, id(13), 40, RemovalForm::Expulsion, 9)?;
    ctx.act(
        conn,
        &as_member(m(12)),
        id(13),
        TransitionRequest {
            text: Some("Tôi khiếu nại quyết định khai trừ vì chưa được nghe giải trình.".into()),
            ..req(FileAppeal, today)
        },
    )?;
    decide(conn, id(14), 60, RemovalForm::NameDeletion, 7)?;
    ctx.act(
        conn,
        &as_member(m(13)),
        id(14),
        TransitionRequest {
            text: Some("Tôi đã trả thẻ do nhầm lẫn, đề nghị xem xét lại.".into()),
            ..req(FileAppeal, d(30))
        },
    )?;
    ctx.act(
        conn,
        &ctx.province,
        id(14),
        TransitionRequest {
            appeal_result: Some(AppealResult::Annulled),
            ..req(ResolveAppeal, d(2))
        },
    )?;
    // Closed: transferred out.
    ctx.act(
        conn,
        s,
        id(15),
        TransitionRequest {
            text: Some("Đảng viên chuyển sinh hoạt đảng chính thức đến đảng bộ khác.".into()),
            ..req(Close, d(3))
        },
    )?;

    // Voluntary exits: one decided (final), one waiting.
    let mut exits = 0;
    for member in pool.iter().skip(19) {
        if exits == 2 {
            break;
        }
        let rules = ctx.rules.clone();
        let opened = in_transaction(conn, |cn| {
            crate::repo::cases::open::exit_request(
                cn,
                &ctx.secretary,
                ExitRequestInput {
                    member_id: MemberId(*member),
                    letter_date: Some(d(45)),
                    reason: "Hoàn cảnh gia đình khó khăn, sức khỏe yếu, xin ra khỏi Đảng.".into(),
                },
                &rules,
                today,
            )
        })?;
        let case = opened.0.case.id;
        if exits == 0 {
            if ctx
                .act(conn, s, case, req(ForwardExitRequest, d(40)))
                .is_err()
            {
                // A member with a violation on record: the letter stays; try another.
                continue;
            }
            ctx.act(
                conn,
                c,
                case,
                TransitionRequest {
                    vote: Some(vote(9, 8, Some(9))),
                    ..req(GrassrootsVote, d(35))
                },
            )?;
            ctx.act(
                conn,
                b,
                case,
                TransitionRequest {
                    vote: Some(vote(11, 10, Some(11))),
                    family_hardship: Some(true),
                    decision: Some(DecisionInput {
                        number: None,
                        signer_name: "Lò Văn Thắng".into(),
                        signer_title: None,
                        received_on: d(28),
                    }),
                    ..req(Decide, d(30))
                },
            )?;
        }
        exits += 1;
    }
    // The demo stands for history: each case was opened (its suggestion confirmed) on the
    // day of its first act, not on the day the seed ran.
    for case in &ids {
        let first: Option<NaiveDate> = case_events::table
            .filter(case_events::case_id.eq(case))
            .filter(case_events::transition.ne(TransitionKind::Open.code()))
            .select(diesel::dsl::min(case_events::on_date))
            .first(conn)?;
        let Some(day) = first else {
            continue;
        };
        let opened = day.and_hms_opt(8, 0, 0).unwrap_or_default();
        diesel::update(cases::table.filter(cases::id.eq(case)))
            .set(cases::opened_at.eq(opened))
            .execute(conn)?;
        diesel::update(
            case_events::table
                .filter(case_events::case_id.eq(case))
                .filter(case_events::transition.eq(TransitionKind::Open.code())),
        )
        .set((case_events::on_date.eq(day), case_events::at.eq(opened)))
        .execute(conn)?;
    }
    let total: i64 = cases::table.count().get_result(conn)?;
    let open: i64 = cases::table
        .filter(cases::is_open.eq(true))
        .count()
        .get_result(conn)?;
    Ok(CaseCounts {
        cases: usize::try_from(total).unwrap_or(0),
        open: usize::try_from(open).unwrap_or(0),
    })
}

/// Benchmark data only: `n` open cases over the branches of the first tenant, written
/// straight to the tables (a draft case with its opening on the timeline, as a confirmed
/// suggestion leaves it; every third one already sent for the upper committee's
/// guidance). Marked as such on their timeline.
pub fn volume(conn: &mut DbConn, n: usize) -> anyhow::Result<usize> {
    let tenant: i64 = units::table
        .filter(units::parent_id.is_null())
        .filter(units::tenant_id.ne(0))
        .order(units::tenant_id)
        .select(units::tenant_id)
        .first(conn)?;
    let taken: Vec<i64> = cases::table
        .filter(cases::tenant_id.eq(tenant))
        .select(cases::member_id)
        .load(conn)?;
    let people: Vec<(i64, i64)> = members::table
        .filter(members::tenant_id.eq(tenant))
        .filter(members::status.eq(MemberStatus::Active.code()))
        .order(members::id.desc())
        .select((members::id, members::home_unit_id))
        .load::<(i64, i64)>(conn)?
        .into_iter()
        .filter(|(m, _)| !taken.contains(m))
        .take(n)
        .collect();
    let now = Utc::now().naive_utc();
    in_transaction(conn, |c| {
        for (i, (member, unit)) in people.iter().enumerate() {
            let (path, criterion) = if i % 2 == 0 {
                (CasePath::AEducation, Criterion::A3)
            } else {
                (CasePath::BDirect, Criterion::B3)
            };
            let state = if i % 3 == 0 && path == CasePath::AEducation {
                CaseState::ConsultationRequested
            } else {
                CaseState::DraftCandidate
            };
            let id: i64 = diesel::insert_into(cases::table)
                .values((
                    cases::tenant_id.eq(tenant),
                    cases::member_id.eq(member),
                    cases::unit_id.eq(unit),
                    cases::path.eq(path.code()),
                    cases::state.eq(state.code()),
                    cases::criteria.eq(criterion.code()),
                    cases::opened_at.eq(now),
                    cases::version.eq(1i64),
                    cases::is_open.eq(true),
                    cases::updated_at.eq(now),
                ))
                .returning(cases::id)
                .get_result(c)?;
            crate::repo::cases::record_event(
                c,
                crate::repo::cases::NewEvent {
                    tenant,
                    case: id,
                    transition: TransitionKind::Open,
                    from: CaseState::DraftCandidate,
                    to: state,
                    capacity: rasoat_shared::cases::Capacity::Branch,
                    actor: None,
                    actor_name: "",
                    on: now.date(),
                    at: now,
                    note: Some("Dữ liệu đo hiệu năng (benchmark)"),
                    vote: None,
                    documents: &[],
                },
            )?;
        }
        Ok(people.len())
    })
}

//! Tenant isolation proven as a matrix: every operation of the OpenAPI document, called as
//! every demo role, against objects inside the role's subtree, in a sibling branch and in
//! another tenant. The answer must be exactly what the permission matrix of
//! `rasoat_shared::access` says: allowed; `403 forbidden` when no role of the caller grants
//! the action anywhere; `404` — with exactly the body a missing id gets — when the object
//! lies outside the caller's scope. An operation without an entry here fails the test.

// Test code: a failed expectation should stop the test loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use rasoat_backend::api::openapi;
use rasoat_shared::access::{Action, Role, role_grants};
use rasoat_tests::{Client, Res, TestApp, backends};
use reqwest::Method;
use serde_json::{Value, json};
use std::collections::HashMap;

const MISSING: i64 = 999_999_999;

/// Where the objects of a case live.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Area {
    /// The branch of the demo branch roles (under the grassroots org, under tenant 1).
    Branch,
    /// Another branch of the same grassroots organisation.
    Sibling,
    /// A branch of another tenant (Mường Lay).
    OtherTenant,
}

const AREAS: [Area; 3] = [Area::Branch, Area::Sibling, Area::OtherTenant];

/// The objects of one area.
#[derive(Debug, Clone)]
struct Fixture {
    unit: i64,
    member: i64,
    user: i64,
    /// A closed review round over the unit, and a suggestion in it: allowed writes meet
    /// 409 (closed) or 412 (stale If-Match) and change nothing.
    round: i64,
    suggestion: i64,
    /// A draft case of the member, and a document of it.
    case: i64,
    document: i64,
    /// A dry-run import job at the unit.
    import: i64,
}

/// How an operation names its object.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Target {
    /// No object: a list or a call about oneself.
    None,
    /// An id in the path (unit, member, user, client…); out of scope → 404.
    Path,
    /// A unit in the query string; out of scope → 404.
    Query,
    /// A unit in the body of a create; out of scope → 422 naming this field, as for a
    /// unit that does not exist.
    Body(&'static str),
}

struct Op {
    /// None: any signed-in caller (or public).
    action: Option<Action>,
    target: Target,
    public: bool,
}

fn op(key: &str) -> Option<Op> {
    use Action::*;
    let (action, target, public) = match key {
        "GET /healthz" | "GET /readyz" | "GET /api/v1/.well-known/jwks.json" => {
            (None, Target::None, true)
        }
        "POST /api/v1/auth/login" | "POST /api/v1/auth/refresh" | "POST /api/v1/oauth/token" => {
            (None, Target::None, true)
        }
        "POST /api/v1/auth/logout"
        | "POST /api/v1/auth/password"
        | "GET /api/v1/me"
        | "GET /api/v1/settings" => (None, Target::None, false),
        "GET /api/v1/units/roots" => (Some(ViewUnits), Target::None, false),
        "GET /api/v1/units/{id}"
        | "GET /api/v1/units/{id}/children"
        | "GET /api/v1/units/{id}/ancestors"
        | "GET /api/v1/units/{id}/subtree" => (Some(ViewUnits), Target::Path, false),
        // The parent is the unit acted on: 404, as for a path id.
        "POST /api/v1/units" => (Some(ManageUnits), Target::Path, false),
        "PATCH /api/v1/units/{id}" | "POST /api/v1/units/{id}/move" => {
            (Some(ManageUnits), Target::Path, false)
        }
        "GET /api/v1/members" => (Some(ViewMembers), Target::Query, false),
        "GET /api/v1/members/{id}" => (Some(ViewMembers), Target::Path, false),
        "POST /api/v1/members" => (Some(ManageMembers), Target::Body("home_unit_id"), false),
        "PUT /api/v1/members/{id}" => (Some(ManageMembers), Target::Path, false),
        "GET /api/v1/users" => (Some(ManageUsers), Target::None, false),
        "POST /api/v1/users" => (Some(ManageUsers), Target::Body("home_unit_id"), false),
        "GET /api/v1/users/{id}"
        | "PATCH /api/v1/users/{id}"
        | "POST /api/v1/users/{id}/password-reset"
        | "POST /api/v1/users/{id}/roles"
        | "DELETE /api/v1/users/{id}/roles/{grant_id}" => (Some(ManageUsers), Target::Path, false),
        "GET /api/v1/service-clients" => (Some(ManageServiceClients), Target::None, false),
        "POST /api/v1/service-clients" => {
            (Some(ManageServiceClients), Target::Body("unit_id"), false)
        }
        "POST /api/v1/service-clients/{id}/rotate" | "DELETE /api/v1/service-clients/{id}" => {
            (Some(ManageServiceClients), Target::Path, false)
        }
        "GET /api/v1/audit" => (Some(ViewAudit), Target::None, false),
        "GET /api/v1/regulations" => (None, Target::None, false),
        "GET /api/v1/units/{id}/rating-sheet"
        | "GET /api/v1/units/{id}/monthly-sheet"
        | "GET /api/v1/members/{id}/review-record"
        | "GET /api/v1/review-rounds/{id}/suggestions" => (Some(ViewMembers), Target::Path, false),
        "PUT /api/v1/units/{id}/rating-sheet"
        | "PUT /api/v1/units/{id}/monthly-sheet"
        | "POST /api/v1/members/{id}/discipline"
        | "POST /api/v1/members/{id}/violations" => (Some(RecordReviewInputs), Target::Path, false),
        "GET /api/v1/review-rounds" => (Some(ViewReports), Target::None, false),
        "GET /api/v1/review-rounds/{id}" | "GET /api/v1/review-rounds/{id}/progress" => {
            (Some(ViewReports), Target::Path, false)
        }
        // The round's unit is the unit acted on: 404, as for a path id (like units).
        "POST /api/v1/review-rounds"
        | "POST /api/v1/review-rounds/{id}/close"
        | "POST /api/v1/review-rounds/{id}/detect" => {
            (Some(ManageReviewRounds), Target::Path, false)
        }
        "POST /api/v1/review-rounds/{id}/suggestions"
        | "POST /api/v1/suggestions/{id}/decision"
        | "POST /api/v1/review-rounds/{id}/branches/{unit_id}/complete" => {
            (Some(DecideSuggestions), Target::Path, false)
        }
        "GET /api/v1/cases" | "GET /api/v1/exits" => (Some(ViewCases), Target::Query, false),
        "GET /api/v1/reports/screening"
        | "GET /api/v1/reports/screening.xlsx"
        | "GET /api/v1/reports/screening.csv"
        | "GET /api/v1/reports/screening/members"
        | "GET /api/v1/reports/membership" => (Some(ViewReports), Target::Query, false),
        "GET /api/v1/cases/{id}" | "GET /api/v1/documents/{id}" => {
            (Some(ViewCases), Target::Path, false)
        }
        // The member of the letter is the object acted on: 404, as for a path id.
        "POST /api/v1/cases"
        | "POST /api/v1/cases/{id}/transitions"
        | "POST /api/v1/cases/{id}/notes" => (Some(ProcessCases), Target::Path, false),
        "GET /api/v1/cases/queue" | "GET /api/v1/calendar" => (None, Target::None, false),
        "POST /api/v1/imports" => (Some(ManageMembers), Target::Query, false),
        "GET /api/v1/imports" => (Some(ImportData), Target::None, false),
        "GET /api/v1/imports/{id}" => (Some(ImportData), Target::Path, false),
        "GET /api/v1/events" => (Some(ViewChanges), Target::None, false),
        "PUT /api/v1/calendar/{date}" | "DELETE /api/v1/calendar/{date}" => {
            (Some(ManageCalendar), Target::None, false)
        }
        _ => return None,
    };
    Some(Op {
        action,
        target,
        public,
    })
}

/// A request for `key` about the objects of `fx` (or missing ones), built so that an allowed
/// write changes nothing lasting where it can (a stale If-Match, an invalid body).
async fn request(
    key: &str,
    fx: &Fixture,
    missing: bool,
    admin: &Client,
) -> (Method, String, Option<Value>, Vec<(&'static str, String)>) {
    let pick = |id: i64| if missing { MISSING } else { id };
    let (unit, member, user) = (pick(fx.unit), pick(fx.member), pick(fx.user));
    let (round, suggestion) = (pick(fx.round), pick(fx.suggestion));
    let (case, document) = (pick(fx.case), pick(fx.document));
    let import = pick(fx.import);
    let stale = vec![("if-match", "\"0\"".to_string())];
    match key {
        "GET /api/v1/units/roots" => (Method::GET, "/api/v1/units/roots".into(), None, vec![]),
        "GET /api/v1/units/{id}" => (Method::GET, format!("/api/v1/units/{unit}"), None, vec![]),
        "GET /api/v1/units/{id}/children" => (
            Method::GET,
            format!("/api/v1/units/{unit}/children"),
            None,
            vec![],
        ),
        "GET /api/v1/units/{id}/ancestors" => (
            Method::GET,
            format!("/api/v1/units/{unit}/ancestors"),
            None,
            vec![],
        ),
        "GET /api/v1/units/{id}/subtree" => (
            Method::GET,
            format!("/api/v1/units/{unit}/subtree"),
            None,
            vec![],
        ),
        "POST /api/v1/units" => (
            Method::POST,
            "/api/v1/units".into(),
            Some(json!({"parent_id": unit, "name": "X", "org_type": "commune"})),
            vec![],
        ),
        "PATCH /api/v1/units/{id}" => (
            Method::PATCH,
            format!("/api/v1/units/{unit}"),
            Some(json!({"name": "X"})),
            stale,
        ),
        "POST /api/v1/units/{id}/move" => (
            Method::POST,
            format!("/api/v1/units/{unit}/move"),
            Some(json!({"parent_id": unit})),
            stale,
        ),
        "GET /api/v1/members" => (
            Method::GET,
            format!("/api/v1/members?unit={unit}&limit=2"),
            None,
            vec![],
        ),
        "GET /api/v1/members/{id}" => (
            Method::GET,
            format!("/api/v1/members/{member}"),
            None,
            vec![],
        ),
        "POST /api/v1/members" => (
            Method::POST,
            "/api/v1/members".into(),
            Some(
                json!({"full_name": "", "gender": "male", "date_of_birth": "1980-01-01", "ethnicity": 1, "admission_date": "2005-01-01", "official_date": "2006-01-01", "membership": "full", "home_unit_id": unit}),
            ),
            vec![],
        ),
        "PUT /api/v1/members/{id}" => (
            Method::PUT,
            format!("/api/v1/members/{member}"),
            Some(
                json!({"full_name": "A B", "gender": "male", "date_of_birth": "1980-01-01", "ethnicity": 1, "admission_date": "2005-01-01", "official_date": "2006-01-01", "membership": "full", "home_unit_id": fx.unit}),
            ),
            stale,
        ),
        "GET /api/v1/users" => (Method::GET, "/api/v1/users".into(), None, vec![]),
        "POST /api/v1/users" => (
            Method::POST,
            "/api/v1/users".into(),
            Some(json!({"username": "x", "display_name": "A B", "home_unit_id": unit})),
            vec![],
        ),
        "GET /api/v1/users/{id}" => (Method::GET, format!("/api/v1/users/{user}"), None, vec![]),
        "PATCH /api/v1/users/{id}" => (
            Method::PATCH,
            format!("/api/v1/users/{user}"),
            Some(json!({"display_name": ""})),
            vec![],
        ),
        "POST /api/v1/users/{id}/password-reset" => (
            Method::POST,
            format!("/api/v1/users/{user}/password-reset"),
            Some(json!({})),
            vec![],
        ),
        "POST /api/v1/users/{id}/roles" => (
            Method::POST,
            format!("/api/v1/users/{user}/roles"),
            Some(json!({"role": "branch_committee_member", "unit_id": fx.unit})),
            vec![],
        ),
        "DELETE /api/v1/users/{id}/roles/{grant_id}" => {
            // A live grant for each case, so that an allowed revoke does not spoil the next:
            // made afresh, or the one still there after a refused revoke (a second grant of
            // the same role at the same unit is refused as a duplicate).
            let grant = if missing {
                MISSING
            } else {
                admin
                    .post(
                        &format!("/api/v1/users/{}/roles", fx.user),
                        &json!({"role": "branch_committee_member", "unit_id": fx.unit}),
                    )
                    .await;
                let user = admin
                    .get(&format!("/api/v1/users/{}", fx.user))
                    .await
                    .json();
                user["roles"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|g| {
                        g["role"] == "branch_committee_member" && g["unit_id"] == json!(fx.unit)
                    })
                    .unwrap()["id"]
                    .as_i64()
                    .unwrap()
            };
            (
                Method::DELETE,
                format!("/api/v1/users/{user}/roles/{grant}"),
                None,
                vec![],
            )
        }
        "GET /api/v1/service-clients" => {
            (Method::GET, "/api/v1/service-clients".into(), None, vec![])
        }
        "POST /api/v1/service-clients" => (
            Method::POST,
            "/api/v1/service-clients".into(),
            Some(json!({"name": "", "unit_id": unit, "scopes": ["members:read"]})),
            vec![],
        ),
        "POST /api/v1/service-clients/{id}/rotate" | "DELETE /api/v1/service-clients/{id}" => {
            let client = if missing {
                MISSING
            } else {
                let res = admin
                    .post(
                        "/api/v1/service-clients",
                        &json!({"name": "Thử", "unit_id": fx.unit, "scopes": ["members:read"]}),
                    )
                    .await;
                res.json()["client"]["id"].as_i64().unwrap()
            };
            let (method, path) = if key.starts_with("DELETE") {
                (Method::DELETE, format!("/api/v1/service-clients/{client}"))
            } else {
                (
                    Method::POST,
                    format!("/api/v1/service-clients/{client}/rotate"),
                )
            };
            (
                method,
                path,
                Some(json!({})).filter(|_| key.starts_with("POST")),
                vec![],
            )
        }
        "GET /api/v1/audit" => (Method::GET, "/api/v1/audit?limit=1".into(), None, vec![]),
        "GET /api/v1/regulations" => (Method::GET, "/api/v1/regulations".into(), None, vec![]),
        "GET /api/v1/units/{id}/rating-sheet" => (
            Method::GET,
            format!("/api/v1/units/{unit}/rating-sheet?year=2025"),
            None,
            vec![],
        ),
        "PUT /api/v1/units/{id}/rating-sheet" => (
            Method::PUT,
            format!("/api/v1/units/{unit}/rating-sheet"),
            Some(json!({"period": {"year": 2025, "period": "year"}, "entries": []})),
            vec![],
        ),
        "GET /api/v1/units/{id}/monthly-sheet" => (
            Method::GET,
            format!("/api/v1/units/{unit}/monthly-sheet?month=2025-03-01"),
            None,
            vec![],
        ),
        "PUT /api/v1/units/{id}/monthly-sheet" => (
            Method::PUT,
            format!("/api/v1/units/{unit}/monthly-sheet"),
            Some(json!({"month": "2025-03-01", "entries": []})),
            vec![],
        ),
        "GET /api/v1/members/{id}/review-record" => (
            Method::GET,
            format!("/api/v1/members/{member}/review-record"),
            None,
            vec![],
        ),
        "POST /api/v1/members/{id}/discipline" => (
            Method::POST,
            format!("/api/v1/members/{member}/discipline"),
            Some(json!({"kind": "party", "form": "warning", "decided_by": "",
                "decision": {"number": "1-QĐ/CB", "signed_on": "2025-01-10"},
                "violation_on": "2025-01-01", "violation_summary": "x"})),
            vec![],
        ),
        "POST /api/v1/members/{id}/violations" => (
            Method::POST,
            format!("/api/v1/members/{member}/violations"),
            Some(json!({"occurred_on": "2025-01-01", "summary": ""})),
            vec![],
        ),
        "GET /api/v1/review-rounds" => (Method::GET, "/api/v1/review-rounds".into(), None, vec![]),
        "POST /api/v1/review-rounds" => (
            Method::POST,
            "/api/v1/review-rounds".into(),
            Some(
                json!({"unit_id": unit, "title": "", "period_from": "2025-01-01", "period_to": "2025-12-31"}),
            ),
            vec![],
        ),
        "GET /api/v1/review-rounds/{id}" => (
            Method::GET,
            format!("/api/v1/review-rounds/{round}"),
            None,
            vec![],
        ),
        "GET /api/v1/review-rounds/{id}/progress" => (
            Method::GET,
            format!("/api/v1/review-rounds/{round}/progress"),
            None,
            vec![],
        ),
        "POST /api/v1/review-rounds/{id}/close" => (
            Method::POST,
            format!("/api/v1/review-rounds/{round}/close"),
            None,
            stale,
        ),
        "POST /api/v1/review-rounds/{id}/detect" => (
            Method::POST,
            format!("/api/v1/review-rounds/{round}/detect"),
            None,
            vec![],
        ),
        "GET /api/v1/review-rounds/{id}/suggestions" => (
            Method::GET,
            format!("/api/v1/review-rounds/{round}/suggestions"),
            None,
            vec![],
        ),
        "POST /api/v1/review-rounds/{id}/suggestions" => (
            Method::POST,
            format!("/api/v1/review-rounds/{round}/suggestions"),
            Some(
                json!({"member_id": fx.member, "criterion": "A3_DEGRADATION", "reason_vi": "",
                "document": {"number": "1-KL/ĐU", "signed_on": "2025-01-10"}, "issued_by": ""}),
            ),
            vec![],
        ),
        "POST /api/v1/suggestions/{id}/decision" => (
            Method::POST,
            format!("/api/v1/suggestions/{suggestion}/decision"),
            Some(json!({"decision": "confirm"})),
            stale,
        ),
        "POST /api/v1/review-rounds/{id}/branches/{unit_id}/complete" => (
            Method::POST,
            format!(
                "/api/v1/review-rounds/{round}/branches/{}/complete",
                fx.unit
            ),
            None,
            vec![],
        ),
        "GET /api/v1/cases" => (
            Method::GET,
            format!("/api/v1/cases?unit={unit}&limit=2"),
            None,
            vec![],
        ),
        "GET /api/v1/exits" => (
            Method::GET,
            format!("/api/v1/exits?unit={unit}&limit=2"),
            None,
            vec![],
        ),
        "GET /api/v1/cases/queue" => (Method::GET, "/api/v1/cases/queue".into(), None, vec![]),
        // A dry run of an empty JSON file: checked, stored as a rejected job, nothing more.
        "POST /api/v1/imports" => (
            Method::POST,
            format!("/api/v1/imports?kind=members&unit={unit}&dry_run=true"),
            Some(json!([])),
            vec![],
        ),
        "GET /api/v1/imports" => (Method::GET, "/api/v1/imports?limit=2".into(), None, vec![]),
        "GET /api/v1/imports/{id}" => (
            Method::GET,
            format!("/api/v1/imports/{import}"),
            None,
            vec![],
        ),
        "GET /api/v1/events" => (Method::GET, "/api/v1/events?limit=5".into(), None, vec![]),
        "GET /api/v1/reports/screening" => (
            Method::GET,
            format!("/api/v1/reports/screening?unit={unit}"),
            None,
            vec![],
        ),
        "GET /api/v1/reports/screening.xlsx" => (
            Method::GET,
            format!("/api/v1/reports/screening.xlsx?unit={unit}"),
            None,
            vec![],
        ),
        "GET /api/v1/reports/screening.csv" => (
            Method::GET,
            format!("/api/v1/reports/screening.csv?unit={unit}"),
            None,
            vec![],
        ),
        "GET /api/v1/reports/screening/members" => (
            Method::GET,
            format!("/api/v1/reports/screening/members?unit={unit}&column=listed_total&limit=2"),
            None,
            vec![],
        ),
        "GET /api/v1/reports/membership" => (
            Method::GET,
            format!("/api/v1/reports/membership?unit={unit}"),
            None,
            vec![],
        ),
        "POST /api/v1/cases" => (
            Method::POST,
            "/api/v1/cases".into(),
            Some(json!({"member_id": member, "reason": ""})),
            vec![],
        ),
        "GET /api/v1/cases/{id}" => (Method::GET, format!("/api/v1/cases/{case}"), None, vec![]),
        "POST /api/v1/cases/{id}/transitions" => (
            Method::POST,
            format!("/api/v1/cases/{case}/transitions"),
            Some(json!({"action": "close", "text": "x"})),
            stale,
        ),
        "POST /api/v1/cases/{id}/notes" => (
            Method::POST,
            format!("/api/v1/cases/{case}/notes"),
            Some(json!({"kind": "progress", "text": ""})),
            vec![],
        ),
        "GET /api/v1/documents/{id}" => (
            Method::GET,
            format!("/api/v1/documents/{document}"),
            None,
            vec![],
        ),
        "GET /api/v1/calendar" => (
            Method::GET,
            "/api/v1/calendar?year=2026".into(),
            None,
            vec![],
        ),
        "PUT /api/v1/calendar/{date}" => (
            Method::PUT,
            "/api/v1/calendar/2030-12-31".into(),
            Some(json!({"kind": "holiday", "name_vi": ""})),
            vec![],
        ),
        "DELETE /api/v1/calendar/{date}" => {
            // A day to make ordinary again, set afresh for each allowed call.
            admin
                .send(
                    Method::PUT,
                    "/api/v1/calendar/2030-12-31",
                    Some(&json!({"kind": "holiday", "name_vi": "Thử"})),
                    &[],
                )
                .await;
            (
                Method::DELETE,
                "/api/v1/calendar/2030-12-31".into(),
                None,
                vec![],
            )
        }
        "GET /api/v1/me" => (Method::GET, "/api/v1/me".into(), None, vec![]),
        "GET /api/v1/settings" => (Method::GET, "/api/v1/settings".into(), None, vec![]),
        "POST /api/v1/auth/logout" => (
            Method::POST,
            "/api/v1/auth/logout".into(),
            Some(json!({})),
            vec![],
        ),
        "POST /api/v1/auth/password" => (
            Method::POST,
            "/api/v1/auth/password".into(),
            Some(json!({"current_password": "wrong", "new_password": "x"})),
            vec![],
        ),
        other => panic!("no request for {other}"),
    }
}

async fn call(
    c: &Client,
    req: (Method, String, Option<Value>, Vec<(&'static str, String)>),
) -> Res {
    let headers: Vec<(&str, &str)> = req.3.iter().map(|(k, v)| (*k, v.as_str())).collect();
    c.send(req.0, &req.1, req.2.as_ref(), &headers).await
}

fn without_request_id(r: &Res) -> Value {
    let mut v = r.json();
    if let Some(o) = v.as_object_mut() {
        o.remove("request_id");
    }
    v
}

fn names_field(r: &Res, field: &str) -> bool {
    r.json()["errors"].as_array().is_some_and(|e| {
        e.iter()
            .any(|e| e["field"] == field && e["code"] == "not_found")
    })
}

/// A round over `unit` with one suggestion in it (a member rated not completed in 2024 and
/// 2025), then closed: by the province's inspection commission (which records ratings
/// everywhere) and Organisation Commission (which runs rounds everywhere).
async fn closed_round_with_a_suggestion(app: &TestApp, unit: i64) -> (i64, i64) {
    let inspector = app.login("ubkt.tinh").await;
    let prov = app.login("btc.tinh").await;
    let mut member = None;
    for (year, score) in [(2024, Value::Null), (2025, json!(30.0))] {
        let sheet = inspector
            .get(&format!("/api/v1/units/{unit}/rating-sheet?year={year}"))
            .await
            .json();
        let row = sheet["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| {
                r["not_rateable"].is_null()
                    && member.is_none_or(|m| r["member"]["id"].as_i64() == Some(m))
            })
            .unwrap()
            .clone();
        let id = row["member"]["id"].as_i64().unwrap();
        member = Some(id);
        let res = inspector
            .send(
                Method::PUT,
                &format!("/api/v1/units/{unit}/rating-sheet"),
                Some(&json!({"period": {"year": year, "period": "year"}, "entries": [
                    {"member_id": id, "level": "not_completed", "score": score, "version": row["rating"]["version"]}]})),
                &[],
            )
            .await;
        assert_eq!(res.status.as_u16(), 200, "{}", res.body);
    }
    let res = prov
        .post(
            "/api/v1/review-rounds",
            &json!({"unit_id": unit, "title": "Thử", "period_from": "2025-01-01", "period_to": "2025-12-31"}),
        )
        .await;
    assert_eq!(res.status.as_u16(), 201, "{}", res.body);
    let round = res.json()["id"].as_i64().unwrap();
    prov.post(&format!("/api/v1/review-rounds/{round}/detect"), &json!({}))
        .await;
    let list = prov
        .get(&format!("/api/v1/review-rounds/{round}/suggestions"))
        .await
        .json();
    let suggestion = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["member_id"].as_i64() == member)
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let tag = prov
        .get(&format!("/api/v1/review-rounds/{round}"))
        .await
        .etag();
    let res = prov
        .send(
            Method::POST,
            &format!("/api/v1/review-rounds/{round}/close"),
            None,
            &[("if-match", &tag)],
        )
        .await;
    assert_eq!(res.status.as_u16(), 200, "{}", res.body);
    (round, suggestion)
}

/// A draft case of `member` and one document of it, written straight to the database
/// (the fixture needs one in branches no demo account may act in).
fn fixture_case(app: &TestApp, tenant: i64, unit: i64, member: i64) -> (i64, i64) {
    use diesel::prelude::*;
    use rasoat_backend::db::schema::{case_documents, cases};
    let mut db = app.db();
    let now = chrono::Utc::now().naive_utc();
    let case: i64 = diesel::insert_into(cases::table)
        .values((
            cases::tenant_id.eq(tenant),
            cases::member_id.eq(member),
            cases::unit_id.eq(unit),
            cases::path.eq("b_direct"),
            cases::state.eq("draft_candidate"),
            cases::criteria.eq("B3_CARD_RETURNED_DESTROYED"),
            cases::opened_at.eq(now),
            cases::version.eq(1i64),
            cases::is_open.eq(true),
            cases::updated_at.eq(now),
        ))
        .returning(cases::id)
        .get_result(&mut *db)
        .unwrap();
    let document: i64 = diesel::insert_into(case_documents::table)
        .values((
            case_documents::tenant_id.eq(tenant),
            case_documents::case_id.eq(case),
            case_documents::kind.eq("self_review_request"),
            case_documents::symbol.eq("CV"),
            // Far above what the demo cases number.
            case_documents::number.eq(9_999i64),
            case_documents::number_label.eq("9999-CV/CB"),
            case_documents::year.eq(2026),
            case_documents::issuer_unit_id.eq(unit),
            case_documents::issuer_name.eq("CHI BỘ"),
            case_documents::superior_name.eq("ĐẢNG BỘ"),
            case_documents::place_date.eq("Điện Biên Phủ, ngày 02 tháng 3 năm 2026"),
            case_documents::signed_on.eq(now.date()),
            case_documents::heading.eq("CÔNG VĂN"),
            case_documents::subject.eq("Thử"),
            case_documents::body.eq("[]"),
            case_documents::signing.eq("on_behalf"),
            case_documents::signer_title.eq("BÍ THƯ"),
            case_documents::signer_name.eq("Người Thử"),
            case_documents::recipients.eq("[]"),
            case_documents::created_at.eq(now),
        ))
        .returning(case_documents::id)
        .get_result(&mut *db)
        .unwrap();
    (case, document)
}

#[tokio::test]
async fn every_operation_as_every_role_in_and_out_of_scope() {
    let accounts: [(&str, Role); 17] = [
        ("btc.tinh", Role::ProvincialOrgCommission),
        ("btv.tinh", Role::ProvincialStandingCommittee),
        ("ubkt.tinh", Role::ProvincialInspection),
        ("quantri", Role::SystemAdmin),
        ("kiemtoan", Role::Auditor),
        ("btc.dienbienphu", Role::UpperCommitteeStaff),
        ("btv.dienbienphu", Role::UpperStandingCommittee),
        ("ubkt.dienbienphu", Role::UpperInspection),
        ("btc.muonglay", Role::UpperCommitteeStaff),
        ("danguy.coso", Role::GrassrootsCommitteeMember),
        ("btv.coso", Role::GrassrootsStandingMember),
        ("ubkt.coso", Role::GrassrootsInspection),
        ("bithu.chibo", Role::BranchSecretary),
        ("phobithu.chibo", Role::BranchDeputySecretary),
        ("chiuy.chibo", Role::BranchCommitteeMember),
        ("giupdo.chibo", Role::Helper),
        ("dangvien.chibo", Role::MemberSelf),
    ];
    // Every documented operation needs an entry.
    let doc = serde_json::to_value(openapi()).unwrap();
    let mut keys = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            let key = format!("{} {path}", method.to_uppercase());
            assert!(
                op(&key).is_some(),
                "the operation {key} has no entry in the isolation matrix"
            );
            keys.push(key);
        }
    }

    for backend in backends() {
        let app = TestApp::demo(backend);
        let admin = app.login("quantri").await;
        let prov = app.login("btc.tinh").await;
        // The areas: the demo branch, a sibling branch, a branch of Mường Lay.
        let secretary = app.login("bithu.chibo").await;
        let me = secretary.get("/api/v1/me").await.json();
        let branch = me["roles"][0]["unit_id"].as_i64().unwrap();
        let crumbs = prov
            .get(&format!("/api/v1/units/{branch}/ancestors"))
            .await
            .json();
        let chain: Vec<i64> = crumbs["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["id"].as_i64().unwrap())
            .collect();
        let (province, t1, gpo) = (chain[0], chain[1], chain[2]);
        let kids = prov
            .get(&format!("/api/v1/units/{gpo}/children"))
            .await
            .json();
        let sibling = kids["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["id"] != json!(branch) && u["org_type"] == "branch")
            .unwrap()["id"]
            .as_i64()
            .unwrap();
        let tenants = prov
            .get(&format!("/api/v1/units/{province}/children"))
            .await
            .json();
        let t2 = tenants["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["name"].as_str().unwrap().contains("Mường Lay"))
            .unwrap()["id"]
            .as_i64()
            .unwrap();
        let t2_sub = prov
            .get(&format!("/api/v1/units/{t2}/subtree"))
            .await
            .json();
        let other = t2_sub["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["org_type"] == "branch" || u["org_type"] == "grassroots_cell")
            .unwrap()["id"]
            .as_i64()
            .unwrap();
        let own_member = app
            .login("dangvien.chibo")
            .await
            .get("/api/v1/me")
            .await
            .json()["member_id"]
            .as_i64()
            .unwrap();

        let mut fixtures: HashMap<Area, Fixture> = HashMap::new();
        for (area, unit) in [
            (Area::Branch, branch),
            (Area::Sibling, sibling),
            (Area::OtherTenant, other),
        ] {
            let members = prov
                .get(&format!("/api/v1/members?unit={unit}&limit=3"))
                .await
                .json();
            let member = members["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m["id"].as_i64().unwrap())
                .find(|id| *id != own_member)
                .unwrap();
            let res = admin.post("/api/v1/users", &json!({"username": format!("fixture.{unit}"), "display_name": "Người Thử", "home_unit_id": unit})).await;
            assert_eq!(res.status.as_u16(), 201, "{}", res.body);
            let user = res.json()["user"]["id"].as_i64().unwrap();
            let (round, suggestion) = closed_round_with_a_suggestion(&app, unit).await;
            let tenant = prov.get(&format!("/api/v1/units/{unit}")).await.json()["tenant_id"]
                .as_i64()
                .unwrap();
            let (case, document) = fixture_case(&app, tenant, unit, member);
            let importer = if area == Area::OtherTenant {
                app.login("btc.muonglay").await
            } else {
                app.login("btc.dienbienphu").await
            };
            let res = importer
                .post(
                    &format!("/api/v1/imports?kind=members&unit={unit}&dry_run=true"),
                    &json!([]),
                )
                .await;
            assert_eq!(res.status.as_u16(), 200, "{}", res.body);
            let import = res.json()["id"].as_i64().unwrap();
            fixtures.insert(
                area,
                Fixture {
                    unit,
                    member,
                    user,
                    round,
                    suggestion,
                    case,
                    document,
                    import,
                },
            );
        }
        // Which areas lie in the subtree of each account's unit.
        let unit_of = |account: &str| match account {
            "btc.tinh" | "btv.tinh" | "ubkt.tinh" | "quantri" | "kiemtoan" => province,
            "btc.dienbienphu" | "btv.dienbienphu" | "ubkt.dienbienphu" => t1,
            "btc.muonglay" => t2,
            "danguy.coso" | "btv.coso" | "ubkt.coso" => gpo,
            _ => branch,
        };
        let in_subtree = |holder: i64, area: Area| -> bool {
            if holder == province {
                return true;
            }
            match area {
                Area::Branch => [t1, gpo, branch].contains(&holder),
                Area::Sibling => [t1, gpo].contains(&holder),
                Area::OtherTenant => holder == t2,
            }
        };

        let mut checked = 0;
        for (account, role) in accounts {
            let c = app.login(account).await;
            for key in &keys {
                let o = op(key).unwrap();
                if o.public {
                    continue;
                }
                let Some(action) = o.action else {
                    // About oneself: every signed-in user may call it.
                    let res = call(
                        &c,
                        request(key, &fixtures[&Area::Branch], false, &admin).await,
                    )
                    .await;
                    assert!(
                        ![401, 403, 404].contains(&res.status.as_u16()),
                        "{account} {key}: {} {}",
                        res.status,
                        res.body
                    );
                    checked += 1;
                    continue;
                };
                // The demo member and helper accounts are linked to member records: they
                // read their own record and reach their own case and the ones they help on.
                let personal = matches!(role, Role::MemberSelf | Role::Helper)
                    && matches!(action, Action::ViewCases | Action::ProcessCases);
                let anywhere = role_grants(role, action)
                    || (matches!(role, Role::MemberSelf | Role::Helper)
                        && action == Action::ViewMembers)
                    || personal;
                let areas: Vec<Area> = if o.target == Target::None {
                    vec![Area::Branch]
                } else {
                    AREAS.to_vec()
                };
                for area in areas {
                    let fx = &fixtures[&area];
                    let res = call(&c, request(key, fx, false, &admin).await).await;
                    let status = res.status.as_u16();
                    let allowed = role_grants(role, action)
                        && (o.target == Target::None || in_subtree(unit_of(account), area));
                    let ctx = format!(
                        "{backend:?} {account} ({role:?}) {key} {area:?}: {status} {}",
                        res.body
                    );
                    checked += 1;
                    if !anywhere {
                        assert_eq!(
                            (status, res.problem_code()),
                            (403, "forbidden".to_string()),
                            "{ctx}"
                        );
                        continue;
                    }
                    if allowed {
                        assert!(
                            ![401, 403, 404].contains(&status),
                            "should be allowed: {ctx}"
                        );
                        if let Target::Body(field) = o.target {
                            assert!(!names_field(&res, field), "should be allowed: {ctx}");
                        }
                        continue;
                    }
                    if o.target == Target::None {
                        // member_self lists: only their own record.
                        assert_eq!(status, 200, "{ctx}");
                        continue;
                    }
                    // Outside the scope: exactly what a missing object gets.
                    let missing = call(&c, request(key, fx, true, &admin).await).await;
                    match o.target {
                        Target::Body(field) => {
                            assert_eq!(status, 422, "{ctx}");
                            assert!(names_field(&res, field), "{ctx}");
                        }
                        _ => assert_eq!(
                            (status, res.problem_code()),
                            (404, "not_found".to_string()),
                            "{ctx}"
                        ),
                    }
                    assert_eq!(
                        without_request_id(&res),
                        without_request_id(&missing),
                        "out of scope ≠ missing: {ctx}"
                    );
                }
            }
        }
        assert!(checked > 1000, "only {checked} cases");
    }
}

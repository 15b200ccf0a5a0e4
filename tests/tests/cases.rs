//! Screening cases over HTTP on the demo province, on every backend: a case from the
//! suggestion to the final decision and the appeal, each act by the body that performs it
//! (and refused to everyone else), thresholds at their edges, three failed rounds going
//! up, deadlines on the working-day calendar across Tết, the member's status changing only
//! when the decision is final, voluntary exit and its guard, two users acting at once.

// Test code: a failed expectation should stop the test loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use rasoat_tests::{Client, Res, TestApp, backends};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

fn today() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive()
}

async fn home_unit(c: &Client) -> i64 {
    c.get("/api/v1/me").await.json()["roles"][0]["unit_id"]
        .as_i64()
        .unwrap()
}

async fn own_member(c: &Client) -> i64 {
    c.get("/api/v1/me").await.json()["member_id"]
        .as_i64()
        .unwrap()
}

/// Active members of a branch, in id order.
async fn branch_members(c: &Client, branch: i64) -> Vec<i64> {
    let page = c
        .get(&format!("/api/v1/members?unit={branch}&limit=200"))
        .await
        .json();
    let mut ids: Vec<i64> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_i64().unwrap())
        .collect();
    ids.sort_unstable();
    ids
}

/// Opens a round on the branch, enters `criterion` for `member`, confirms it: the draft
/// case's id.
async fn open_case(secretary: &Client, branch: i64, member: i64, criterion: &str) -> i64 {
    let rounds = secretary.get("/api/v1/review-rounds").await.json();
    let existing = rounds["items"].as_array().unwrap().iter().find(|r| {
        r["unit_id"].as_i64() == Some(branch)
            && r["status"] == "open"
            && r["title"] == "Rà soát 2026"
    });
    let round = match existing {
        Some(r) => r["id"].as_i64().unwrap(),
        None => {
            let res = secretary
                .post(
                    "/api/v1/review-rounds",
                    &json!({ "unit_id": branch, "title": "Rà soát 2026",
                        "period_from": "2026-01-01", "period_to": "2026-12-31" }),
                )
                .await;
            assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
            res.json()["id"].as_i64().unwrap()
        }
    };
    let res = secretary
        .post(
            &format!("/api/v1/review-rounds/{round}/suggestions"),
            &json!({ "member_id": member, "criterion": criterion,
                "reason_vi": "Kết luận của chi ủy sau kiểm điểm",
                "document": { "number": "05-KL/CB", "signed_on": "2026-03-02" },
                "issued_by": "Chi ủy" }),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let s = res.json();
    let res = secretary
        .send(
            Method::POST,
            &format!("/api/v1/suggestions/{}/decision", s["id"]),
            Some(&json!({ "decision": "confirm" })),
            &[("If-Match", &format!("\"{}\"", s["version"]))],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    res.json()["case_id"].as_i64().unwrap()
}

async fn case(c: &Client, id: i64) -> Value {
    let res = c.get(&format!("/api/v1/cases/{id}")).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    res.json()
}

/// Sends an act with the case's current version.
async fn act(c: &Client, id: i64, body: Value) -> Res {
    let version = case(c, id).await["case"]["version"].as_i64().unwrap();
    act_at(c, id, version, body).await
}

async fn act_at(c: &Client, id: i64, version: i64, body: Value) -> Res {
    c.send(
        Method::POST,
        &format!("/api/v1/cases/{id}/transitions"),
        Some(&body),
        &[("If-Match", &format!("\"{version}\""))],
    )
    .await
}

async fn ok(c: &Client, id: i64, body: Value) -> Value {
    let res = act(c, id, body.clone()).await;
    assert_eq!(res.status, StatusCode::OK, "{body}: {}", res.body);
    res.json()
}

fn state(v: &Value) -> &str {
    v["case"]["case"]["state"].as_str().unwrap()
}

/// A branch vote that passes by exactly two thirds of the eligible members.
fn two_thirds(detail: &Value) -> Value {
    let eligible = detail["roll"]["full_members"].as_u64().unwrap()
        - detail["roll"]["exempted"].as_u64().unwrap();
    let yes = (2 * eligible).div_ceil(3);
    json!({ "present": eligible, "yes": yes, "no": eligible - yes, "invalid": 0 })
}

fn available(detail: &Value) -> Vec<String> {
    detail["available"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn a_case_runs_from_suggestion_to_final_decision_and_appeal() {
    for backend in backends() {
        let app = TestApp::demo(backend);
        let secretary = app.login("bithu.chibo").await;
        let committee = app.login("danguy.coso").await;
        let standing = app.login("btv.dienbienphu").await;
        let province = app.login("btv.tinh").await;
        let member = app.login("dangvien.chibo").await;
        let helper = app.login("giupdo.chibo").await;
        let branch = home_unit(&secretary).await;
        let me = own_member(&member).await;
        let helper_member = own_member(&helper).await;

        let id = open_case(&secretary, branch, me, "A3_DEGRADATION").await;
        let d = case(&secretary, id).await;
        assert_eq!(d["case"]["state"], "draft_candidate");
        assert_eq!(d["case"]["path"], "a_education");
        assert_eq!(available(&d), vec!["request_upper_opinion", "close"]);
        // The bodies of this branch: its grassroots committee is the direct upper level,
        // the city's standing committee decides, the province hears appeals.
        assert_eq!(d["bodies"]["ids"]["competent"]["level"], "upper");
        assert_eq!(d["bodies"]["ids"]["appeal"]["level"], "province");
        // Others see it but may not act; the member sees their own case.
        assert!(available(&case(&committee, id).await).is_empty());
        assert!(available(&case(&member, id).await).is_empty());

        // Step 1: consult, guidance, secret ballot.
        let r = ok(&secretary, id, json!({ "action": "request_upper_opinion" })).await;
        assert_eq!(state(&r), "consultation_requested");
        assert_eq!(r["documents"][0]["kind"], "request_letter");
        let res = act(
            &secretary,
            id,
            json!({ "action": "record_upper_guidance", "agree": true }),
        )
        .await;
        assert_eq!(
            res.status,
            StatusCode::FORBIDDEN,
            "the branch does not answer itself"
        );
        let r = ok(
            &committee,
            id,
            json!({ "action": "record_upper_guidance", "agree": true }),
        )
        .await;
        assert_eq!(state(&r), "upper_consulted");
        let d = case(&secretary, id).await;
        let vote = two_thirds(&d);
        let res = act(&secretary, id, json!({ "action": "listing_vote",
            "vote": { "method": "open_vote", "present": vote["present"], "yes": vote["yes"], "no": vote["no"], "invalid": 0 } })).await;
        assert_eq!(
            res.problem_code(),
            "validation_failed",
            "listing is by secret ballot"
        );
        let r = ok(
            &secretary,
            id,
            json!({ "action": "listing_vote", "vote": vote }),
        )
        .await;
        assert_eq!(state(&r), "under_education");
        assert_eq!(r["vote"]["passed"], true);
        assert_eq!(
            r["vote"]["rule"],
            "two_thirds_of_full_members_excl_exempted"
        );
        let kinds: Vec<&str> = r["documents"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["kind"].as_str().unwrap())
            .collect();
        assert_eq!(
            kinds,
            vec!["branch_minutes", "ballot_record", "branch_resolution"]
        );
        let resolution = r["documents"][2]["id"].as_i64().unwrap();
        assert!(
            r["documents"][2]["number"]
                .as_str()
                .unwrap()
                .ends_with("-NQ/CB")
        );
        assert!(r["case"]["education_due"].is_string());
        assert_eq!(r["case"]["deadlines"][0]["kind"], "education_due");

        // Education and help: helper, commitment, notes.
        let r = ok(
            &secretary,
            id,
            json!({ "action": "assign_helper", "helper_member_id": helper_member }),
        )
        .await;
        assert_eq!(r["case"]["helpers"][0]["helper_member_id"], helper_member);
        let r = ok(
            &member,
            id,
            json!({ "action": "record_commitment",
            "text": "Tôi cam kết sửa chữa khuyết điểm, tham gia đầy đủ sinh hoạt chi bộ." }),
        )
        .await;
        assert_eq!(r["documents"][0]["kind"], "commitment_plan");
        let d = case(&helper, id).await;
        assert!(d["may_note"].as_bool().unwrap(), "the helper writes notes");
        let res = helper
            .post(
                &format!("/api/v1/cases/{id}/notes"),
                &json!({ "kind": "helper_evaluation", "text": "Đồng chí đã tiến bộ về ý thức." }),
            )
            .await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
        let res = secretary
            .post(
                &format!("/api/v1/cases/{id}/notes"),
                &json!({ "kind": "helper_evaluation", "text": "x" }),
            )
            .await;
        assert_eq!(
            res.problem_code(),
            "validation_failed",
            "only the helper evaluates"
        );
        let res = committee
            .post(
                &format!("/api/v1/cases/{id}/notes"),
                &json!({ "kind": "progress", "text": "x" }),
            )
            .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);

        // The outcome: removal needs the self-criticism first.
        ok(&secretary, id, json!({ "action": "start_outcome_review" })).await;
        let res = act(
            &secretary,
            id,
            json!({ "action": "outcome_vote", "choice": "remove",
            "form": "name_deletion", "vote": two_thirds(&d) }),
        )
        .await;
        assert_eq!(res.problem_code(), "transition_refused", "{}", res.body);
        ok(
            &member,
            id,
            json!({ "action": "record_self_review", "text": "Bản tự kiểm điểm." }),
        )
        .await;
        let res = act(
            &secretary,
            id,
            json!({ "action": "outcome_vote", "choice": "remove",
            "form": "name_deletion", "ground": "B4_WILL_DECLINED_12M", "vote": two_thirds(&d) }),
        )
        .await;
        assert_eq!(
            res.problem_code(),
            "transition_refused",
            "B4 needs 12 months: {}",
            res.body
        );
        let r = ok(
            &secretary,
            id,
            json!({ "action": "outcome_vote", "choice": "remove",
            "form": "name_deletion", "vote": two_thirds(&d) }),
        )
        .await;
        assert_eq!(state(&r), "removal_proposed");
        assert!(
            r["case"]["case"]["criteria"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c == "B11_GROUP_A_NOT_IMPROVED")
        );

        // The grassroots committee: ≥ 2/3 of its members (6 of 9 passes).
        let res = act(&standing, id, json!({ "action": "decide", "vote": { "body_size": 11, "present": 11, "yes": 6, "no": 5, "invalid": 0 },
            "decision": { "signer_name": "Nguyễn Văn Bí", "received_on": today() } })).await;
        assert_eq!(
            res.problem_code(),
            "transition_refused",
            "the grassroots committee votes first"
        );
        let r = ok(
            &committee,
            id,
            json!({ "action": "grassroots_vote",
            "vote": { "body_size": 9, "present": 9, "yes": 6, "no": 3, "invalid": 0 } }),
        )
        .await;
        assert_eq!(state(&r), "awaiting_decision");
        assert_eq!(r["vote"]["required_yes"], 6);

        // The competent standing committee: more than half of its members.
        let res = act(&secretary, id, json!({ "action": "decide" })).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);
        let r = ok(
            &standing,
            id,
            json!({ "action": "decide", 
            "vote": { "body_size": 11, "present": 10, "yes": 6, "no": 4, "invalid": 0 },
            "decision": { "signer_name": "Nguyễn Văn Bí", "received_on": today() } }),
        )
        .await;
        assert_eq!(state(&r), "decided");
        assert_eq!(r["vote"]["rule"], "more_than_half_of_body_members");
        assert_eq!(r["documents"][0]["kind"], "name_deletion_decision");
        let decision = r["documents"][0]["id"].as_i64().unwrap();
        assert_eq!(r["case"]["deadlines"][0]["kind"], "appeal_window");
        // Not final yet: the member is still active.
        let m = secretary.get(&format!("/api/v1/members/{me}")).await.json();
        assert_eq!(m["status"], "active");

        // The member appeals within the window; the province decides.
        let res = act(
            &secretary,
            id,
            json!({ "action": "file_appeal", "text": "x" }),
        )
        .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "only the member appeals");
        let r = ok(
            &member,
            id,
            json!({ "action": "file_appeal",
            "text": "Tôi không đồng ý với quyết định xóa tên." }),
        )
        .await;
        assert_eq!(state(&r), "appealed");
        let res = act(
            &standing,
            id,
            json!({ "action": "resolve_appeal", "appeal_result": "upheld" }),
        )
        .await;
        assert_eq!(
            res.status,
            StatusCode::FORBIDDEN,
            "not the body that decided"
        );
        let r = ok(
            &province,
            id,
            json!({ "action": "resolve_appeal", "appeal_result": "upheld" }),
        )
        .await;
        assert_eq!(state(&r), "final");
        assert_eq!(r["case"]["case"]["outcome"], "name_deletion");
        let m = secretary.get(&format!("/api/v1/members/{me}")).await.json();
        assert_eq!(m["status"], "name_deleted");
        assert!(available(&r["case"]).is_empty());

        // The exit register and the documents.
        let exits = standing.get("/api/v1/exits").await.json();
        let line = exits["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["case_id"] == id)
            .unwrap();
        assert_eq!(line["form"], "name_deletion");
        assert!(
            line["decision_number"]
                .as_str()
                .unwrap()
                .ends_with("-QĐ/ĐU")
        );
        assert_eq!(line["decision_document_id"], decision);
        let doc = member
            .get(&format!("/api/v1/documents/{decision}"))
            .await
            .json();
        assert_eq!(doc["heading"], "QUYẾT ĐỊNH");
        assert_eq!(doc["on_behalf"], "T/M BAN THƯỜNG VỤ");
        assert!(
            doc["place_date"].as_str().unwrap().ends_with(&format!(
                "ngày {} tháng {} năm {}",
                today().format("%d"),
                today().format("%-m"),
                today().format("%Y")
            )),
            "{doc}"
        );
        let doc = secretary
            .get(&format!("/api/v1/documents/{resolution}"))
            .await
            .json();
        assert_eq!(doc["on_behalf"], "T/M CHI BỘ");
        assert!(
            doc["paragraphs"]
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p.as_str().unwrap().contains("ĐẠT"))
        );
        // Outside the tenant, none of it exists.
        let other = app.login("btc.muonglay").await;
        assert_eq!(
            other.get(&format!("/api/v1/cases/{id}")).await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            other
                .get(&format!("/api/v1/documents/{decision}"))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        // The timeline holds every act, in order.
        let d = case(&secretary, id).await;
        let acts: Vec<&str> = d["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["transition"].as_str().unwrap())
            .collect();
        assert_eq!(acts.first(), Some(&"open"));
        assert_eq!(acts.last(), Some(&"resolve_appeal"));
        assert_eq!(acts.len(), 13, "{acts:?}");
    }
}

#[tokio::test]
async fn failed_votes_escalate_and_thresholds_hold_at_their_edges() {
    for backend in backends() {
        let app = TestApp::demo(backend);
        let secretary = app.login("bithu.chibo").await;
        let committee = app.login("danguy.coso").await;
        let staff = app.login("btc.dienbienphu").await;
        let standing = app.login("btv.dienbienphu").await;
        let branch = home_unit(&secretary).await;
        let people = branch_members(&secretary, branch).await;
        let target = people[2];
        let id = open_case(&secretary, branch, target, "B3_CARD_RETURNED_DESTROYED").await;
        let d = case(&secretary, id).await;
        assert_eq!(d["case"]["path"], "b_direct");
        // Three requests for a self-criticism, unanswered, let the branch proceed.
        let res = act(
            &secretary,
            id,
            json!({ "action": "removal_vote", "form": "name_deletion", "vote": two_thirds(&d) }),
        )
        .await;
        assert_eq!(res.problem_code(), "transition_refused");
        for n in 1..=3 {
            let r = ok(&secretary, id, json!({ "action": "request_self_review" })).await;
            assert_eq!(r["case"]["self_review_requests"], n);
        }
        // The form must follow the ground (B3 leads to name deletion).
        let res = act(
            &secretary,
            id,
            json!({ "action": "removal_vote", "form": "expulsion", "vote": two_thirds(&d) }),
        )
        .await;
        assert_eq!(res.problem_code(), "transition_refused");
        // One vote short of two thirds fails; the exempted are not in the base.
        let eligible =
            d["roll"]["full_members"].as_u64().unwrap() - d["roll"]["exempted"].as_u64().unwrap();
        let need = (2 * eligible).div_ceil(3);
        let short = json!({ "present": eligible, "yes": need - 1, "no": eligible - need + 1, "invalid": 0 });
        let r = ok(
            &secretary,
            id,
            json!({ "action": "removal_vote", "form": "name_deletion", "vote": short }),
        )
        .await;
        assert_eq!(state(&r), "draft_candidate");
        assert_eq!(r["vote"]["passed"], false);
        assert_eq!(r["vote"]["base"], eligible);
        let r = ok(
            &secretary,
            id,
            json!({ "action": "removal_vote", "form": "name_deletion", "vote": two_thirds(&d) }),
        )
        .await;
        assert_eq!(state(&r), "removal_proposed");
        // The committee fails three times: the case goes up to the competent body.
        let fail = json!({ "body_size": 9, "present": 9, "yes": 5, "no": 4, "invalid": 0 });
        for n in 1..=2 {
            let r = ok(
                &committee,
                id,
                json!({ "action": "grassroots_vote", "vote": fail }),
            )
            .await;
            assert_eq!(state(&r), "removal_proposed");
            assert_eq!(r["vote"]["round_no"], n);
        }
        let r = ok(
            &committee,
            id,
            json!({ "action": "grassroots_vote", "vote": fail }),
        )
        .await;
        assert_eq!(state(&r), "awaiting_decision");
        assert_eq!(r["case"]["escalated"], true);
        // Impossible tallies are refused and change nothing.
        let before = case(&standing, id).await["case"]["version"].clone();
        let res = act(
            &standing,
            id,
            json!({ "action": "decide",
            "vote": { "body_size": 11, "present": 12, "yes": 6, "no": 0, "invalid": 0 },
            "decision": { "signer_name": "A", "received_on": "2026-02-13" } }),
        )
        .await;
        assert_eq!(res.problem_code(), "validation_failed");
        assert_eq!(case(&standing, id).await["case"]["version"], before);
        // Exactly half is not more than half: the proposal is not adopted...
        let r = ok(
            &standing,
            id,
            json!({ "action": "decide",
            "vote": { "body_size": 10, "present": 10, "yes": 5, "no": 5, "invalid": 0 },
            "decision": { "signer_name": "Lò Văn A", "received_on": today() } }),
        )
        .await;
        assert_eq!(state(&r), "removal_rejected");
        assert_eq!(r["documents"][0]["kind"], "rejection_notice");
        let m = secretary
            .get(&format!("/api/v1/members/{target}"))
            .await
            .json();
        assert_eq!(m["status"], "active");

        // ...and on another case, six of ten is. Received the Friday before Tết 2026, the
        // 30 working days run to 3 April, not 27 March.
        let target = people[3];
        let id = open_case(&secretary, branch, target, "B6_POLITICAL_STANDARD").await;
        ok(
            &secretary,
            id,
            // A paper case entered after the fact: every act carries its own day.
            json!({ "action": "record_self_review", "refused": true, "on": "2026-01-20" }),
        )
        .await;
        let d = case(&secretary, id).await;
        let early = json!({ "action": "removal_vote", "form": "name_deletion",
            "vote": two_thirds(&d), "on": "2026-01-19" });
        let res = act(&secretary, id, early).await;
        assert_eq!(
            res.problem_code(),
            "validation_failed",
            "acts are recorded in order"
        );
        ok(
            &secretary,
            id,
            json!({ "action": "removal_vote", "form": "name_deletion", "vote": two_thirds(&d),
                "on": "2026-01-27" }),
        )
        .await;
        ok(
            &committee,
            id,
            json!({ "action": "grassroots_vote", "on": "2026-02-03",
            "vote": { "body_size": 9, "present": 8, "yes": 6, "no": 2, "invalid": 0 } }),
        )
        .await;
        let r = ok(
            &standing,
            id,
            json!({ "action": "decide", "on": "2026-02-10",
            "vote": { "body_size": 10, "present": 10, "yes": 6, "no": 4, "invalid": 0 },
            "decision": { "signer_name": "Lò Văn A", "received_on": "2026-02-13" } }),
        )
        .await;
        assert_eq!(state(&r), "decided");
        assert_eq!(r["case"]["appeal_window_end"], "2026-04-03");
        // The window is over: no appeal, and the staff confirm the decision is final.
        let res = act(&secretary, id, json!({ "action": "finalise" })).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);
        let r = ok(&staff, id, json!({ "action": "finalise" })).await;
        assert_eq!(state(&r), "final");
        let m = secretary
            .get(&format!("/api/v1/members/{target}"))
            .await
            .json();
        assert_eq!(m["status"], "name_deleted");
        assert_eq!(r["documents"][0]["kind"], "exit_notice_slip");
        // A state that does not allow the act: 409; no If-Match: 428.
        let res = act(&secretary, id, json!({ "action": "request_self_review" })).await;
        assert_eq!(res.problem_code(), "transition_not_allowed");
        let res = secretary
            .post(
                &format!("/api/v1/cases/{id}/transitions"),
                &json!({ "action": "close", "text": "x" }),
            )
            .await;
        assert_eq!(res.status, StatusCode::PRECONDITION_REQUIRED);
    }
}

#[tokio::test]
async fn two_users_acting_at_once_one_wins_the_other_gets_412() {
    for backend in backends() {
        let app = TestApp::demo(backend);
        let secretary = app.login("bithu.chibo").await;
        let deputy = app.login("phobithu.chibo").await;
        let branch = home_unit(&secretary).await;
        let people = branch_members(&secretary, branch).await;
        let id = open_case(
            &secretary,
            branch,
            people[4],
            "A4_EXEMPLARY_PROHIBITIONS_PRESTIGE",
        )
        .await;
        let version = case(&secretary, id).await["case"]["version"]
            .as_i64()
            .unwrap();
        let body = json!({ "action": "request_upper_opinion" });
        let (a, b) = tokio::join!(
            act_at(&secretary, id, version, body.clone()),
            act_at(&deputy, id, version, body.clone())
        );
        let mut statuses = [a.status, b.status];
        statuses.sort();
        assert_eq!(
            statuses,
            [StatusCode::OK, StatusCode::PRECONDITION_FAILED],
            "{} / {}",
            a.body,
            b.body
        );
        let d = case(&secretary, id).await;
        assert_eq!(
            d["events"].as_array().unwrap().len(),
            2,
            "the opening and exactly one act"
        );
        assert_eq!(d["documents"].as_array().unwrap().len(), 1);
    }
}

#[tokio::test]
async fn voluntary_exit_waits_for_a_clean_record_and_ends_at_the_decision() {
    for backend in backends() {
        let app = TestApp::demo(backend);
        let secretary = app.login("bithu.chibo").await;
        let committee = app.login("danguy.coso").await;
        let standing = app.login("btv.dienbienphu").await;
        let branch = home_unit(&secretary).await;
        let people = branch_members(&secretary, branch).await;
        let (clean, flagged) = (people[5], people[6]);
        // A violation this year blocks the exit until discipline is dealt with.
        let res = secretary
            .post(
                &format!("/api/v1/members/{flagged}/violations"),
                &json!({ "occurred_on": "2026-10-01", "summary": "Vi phạm quy định nêu gương" }),
            )
            .await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
        for (member, blocked) in [(flagged, true), (clean, false)] {
            let res = secretary
                .post(
                    "/api/v1/cases",
                    &json!({ "member_id": member, "reason": "Hoàn cảnh gia đình khó khăn" }),
                )
                .await;
            assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
            let id = res.json()["case"]["id"].as_i64().unwrap();
            assert_eq!(res.json()["case"]["state"], "exit_requested");
            let res = act(&secretary, id, json!({ "action": "forward_exit_request" })).await;
            if blocked {
                assert_eq!(res.problem_code(), "transition_refused", "{}", res.body);
                continue;
            }
            assert_eq!(res.status, StatusCode::OK, "{}", res.body);
            ok(
                &committee,
                id,
                json!({ "action": "grassroots_vote",
                "vote": { "body_size": 9, "present": 9, "yes": 7, "no": 2, "invalid": 0 } }),
            )
            .await;
            let r = ok(
                &standing,
                id,
                json!({ "action": "decide",
                "vote": { "body_size": 11, "present": 11, "yes": 9, "no": 2, "invalid": 0 },
                "decision": { "signer_name": "Nguyễn Văn Bí", "received_on": today() } }),
            )
            .await;
            assert_eq!(
                state(&r),
                "final",
                "a permission to leave has nothing to appeal"
            );
            assert_eq!(r["documents"][0]["kind"], "exit_decision");
            let m = secretary
                .get(&format!("/api/v1/members/{member}"))
                .await
                .json();
            assert_eq!(m["status"], "voluntary_exit");
            let exits = standing.get("/api/v1/exits").await.json();
            let line = exits["items"]
                .as_array()
                .unwrap()
                .iter()
                .find(|e| e["case_id"] == id)
                .unwrap();
            assert_eq!(
                line["readmission"]["barred"], true,
                "asked to leave: never re-admitted"
            );
        }
        // A second letter for a member who already has one open is refused.
        let res = secretary
            .post(
                "/api/v1/cases",
                &json!({ "member_id": flagged, "reason": "x" }),
            )
            .await;
        assert_eq!(res.problem_code(), "transition_not_allowed");
    }
}

#[tokio::test]
async fn the_board_queue_and_calendar() {
    for backend in backends() {
        let app = TestApp::demo(backend);
        let secretary = app.login("bithu.chibo").await;
        let committee = app.login("danguy.coso").await;
        let branch = home_unit(&secretary).await;
        let people = branch_members(&secretary, branch).await;
        let id = open_case(&secretary, branch, people[7], "A3_DEGRADATION").await;
        ok(&secretary, id, json!({ "action": "request_upper_opinion" })).await;
        // The board: counts per state, and the filter.
        let board = secretary
            .get(&format!("/api/v1/cases?unit={branch}&open=true"))
            .await
            .json();
        assert!(
            board["counts"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c["state"] == "consultation_requested")
        );
        let only = secretary
            .get(&format!(
                "/api/v1/cases?unit={branch}&state=consultation_requested&limit=200"
            ))
            .await
            .json();
        assert!(
            only["items"]
                .as_array()
                .unwrap()
                .iter()
                .all(|c| c["state"] == "consultation_requested")
        );
        assert!(
            only["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c["id"] == id)
        );
        // The committee's queue holds the guidance it owes.
        let q = committee.get("/api/v1/cases/queue").await.json();
        let item = q["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["case"]["id"] == id)
            .unwrap();
        assert_eq!(item["actions"], json!(["record_upper_guidance"]));
        // Bad input.
        assert_eq!(
            secretary.get("/api/v1/cases?limit=0").await.problem_code(),
            "invalid_query"
        );
        assert_eq!(
            secretary
                .get("/api/v1/cases?cursor=zz")
                .await
                .problem_code(),
            "invalid_cursor"
        );
        let res = act(&secretary, id, json!({ "action": "nonsense" })).await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST);
        // The calendar: Tết 2026 seeded; only the province edits it.
        let cal = secretary.get("/api/v1/calendar?year=2026").await.json();
        assert!(
            cal["days"]
                .as_array()
                .unwrap()
                .iter()
                .any(|d| d["date"] == "2026-02-17")
        );
        let res = secretary
            .send(
                Method::PUT,
                "/api/v1/calendar/2026-12-31",
                Some(&json!({ "kind": "holiday", "name_vi": "Nghỉ" })),
                &[],
            )
            .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);
        let admin = app.login("btc.tinh").await;
        let res = admin
            .send(
                Method::PUT,
                "/api/v1/calendar/2026-12-31",
                Some(&json!({ "kind": "holiday", "name_vi": "Nghỉ bù theo thông báo" })),
                &[],
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let before = cal["working_days"].as_u64().unwrap();
        let after = secretary.get("/api/v1/calendar?year=2026").await.json()["working_days"]
            .as_u64()
            .unwrap();
        assert_eq!(after, before - 1);
        let res = admin
            .send(Method::DELETE, "/api/v1/calendar/2026-12-31", None, &[])
            .await;
        assert_eq!(res.status, StatusCode::NO_CONTENT);
        let res = admin
            .send(Method::DELETE, "/api/v1/calendar/2026-12-31", None, &[])
            .await;
        assert_eq!(res.status, StatusCode::NOT_FOUND);
    }
}

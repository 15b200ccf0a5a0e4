//! Detection over the whole demo province, checked against an independent computation:
//! every input row read straight from the database, grouped per member, and run through
//! the same pure rules (`rasoat_shared::detection`). The server reads set-wise with its
//! own filters (only not-completed ratings, only notable months, the windows' bounds, the
//! round's members); any row it drops or adds shows up here as a missing or extra
//! suggestion. The demo data holds members planted for each of A1, A2, B1 and B2.

// Test code: a failed expectation should stop the test loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use diesel::prelude::*;
use rasoat_backend::db::schema::{
    discipline_records, members, monthly_records, ratings, violations,
};
use rasoat_backend::repo::review::discipline::{DisciplineRow, ViolationRow};
use rasoat_backend::repo::review::monthly::MonthlyRow;
use rasoat_backend::repo::review::ratings::RatingRow;
use rasoat_shared::criteria::Criterion;
use rasoat_shared::detection::{MemberFacts, RatingFact, ReviewPeriod, detect};
use rasoat_shared::settings::RuleSettings;
use rasoat_tests::{TestApp, backends};
use serde_json::json;
use std::collections::{BTreeMap, HashMap};

fn expected(app: &TestApp, period: ReviewPeriod) -> BTreeMap<(i64, String), String> {
    let mut conn = app.db();
    let c = &mut *conn;
    let active: Vec<i64> = members::table
        .filter(members::status.eq("active"))
        .select(members::id)
        .load(c)
        .unwrap();
    let mut facts: HashMap<i64, MemberFacts> = HashMap::new();
    for r in ratings::table
        .select(RatingRow::as_select())
        .load::<RatingRow>(c)
        .unwrap()
    {
        facts
            .entry(r.member_id)
            .or_default()
            .ratings
            .push(RatingFact {
                id: r.id,
                period: r.period_key().unwrap(),
                level: r.level().unwrap(),
            });
    }
    for d in discipline_records::table
        .select(DisciplineRow::as_select())
        .load::<DisciplineRow>(c)
        .unwrap()
    {
        facts
            .entry(d.member_id)
            .or_default()
            .discipline
            .push(d.fact().unwrap());
    }
    for v in violations::table
        .select(ViolationRow::as_select())
        .load::<ViolationRow>(c)
        .unwrap()
    {
        facts
            .entry(v.member_id)
            .or_default()
            .violations
            .push(v.fact());
    }
    for m in monthly_records::table
        .select(MonthlyRow::as_select())
        .load::<MonthlyRow>(c)
        .unwrap()
    {
        facts.entry(m.member_id).or_default().months.push(m.fact());
    }
    let rules = RuleSettings::default();
    let mut out = BTreeMap::new();
    for id in active {
        if let Some(f) = facts.get(&id) {
            for finding in detect(f, period, &rules) {
                out.insert(
                    (id, finding.criterion.code().to_string()),
                    finding.reason_vi,
                );
            }
        }
    }
    out
}

#[tokio::test]
async fn detection_over_the_demo_province_finds_exactly_what_the_rules_say() {
    for backend in backends() {
        let app = TestApp::demo(backend);
        let period = ReviewPeriod {
            from: chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
            to: chrono::NaiveDate::from_ymd_opt(2025, 12, 31).unwrap(),
        };
        let want = expected(&app, period);
        for c in [Criterion::A1, Criterion::A2, Criterion::B1, Criterion::B2] {
            assert!(
                want.keys().any(|(_, k)| k == c.code()),
                "{backend:?}: the demo data plants no {}",
                c.code()
            );
        }

        let prov = app.login("btc.tinh").await;
        let root = prov.get("/api/v1/units/roots").await.json()["items"][0]["id"]
            .as_i64()
            .unwrap();
        let round = prov
            .post(
                "/api/v1/review-rounds",
                &json!({ "unit_id": root, "title": "Rà soát năm 2025",
                "period_from": "2025-01-01", "period_to": "2025-12-31" }),
            )
            .await
            .json()["id"]
            .as_i64()
            .unwrap();
        let run = prov
            .post(&format!("/api/v1/review-rounds/{round}/detect"), &json!({}))
            .await;
        assert_eq!(run.status.as_u16(), 200, "{}", run.body);
        assert_eq!(run.json()["added"].as_u64().unwrap() as usize, want.len());
        let list = prov
            .get(&format!("/api/v1/review-rounds/{round}/suggestions"))
            .await
            .json();
        let got: BTreeMap<(i64, String), String> = list["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                (
                    (
                        s["member_id"].as_i64().unwrap(),
                        s["criterion"].as_str().unwrap().to_string(),
                    ),
                    s["reason_vi"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        assert_eq!(got, want, "{backend:?}");

        // Run again: the same findings, nothing added, updated or withdrawn.
        let again = prov
            .post(&format!("/api/v1/review-rounds/{round}/detect"), &json!({}))
            .await
            .json();
        assert_eq!(
            (
                again["added"].as_u64(),
                again["updated"].as_u64(),
                again["withdrawn"].as_u64()
            ),
            (Some(0), Some(0), Some(0)),
            "{again}"
        );
    }
}

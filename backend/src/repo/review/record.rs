//! A member's review record: everything the review reads about one person.

use super::discipline::{self, later_violations};
use super::{monthly, ratings};
use crate::auth::scope::Scope;
use crate::db::DbConn;
use crate::db::schema::cases;
use crate::error::{AppError, AppResult};
use crate::repo::members;
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use rasoat_shared::api::review::{CaseBrief, ReviewRecord};
use rasoat_shared::criteria::{CasePath, Criterion};
use rasoat_shared::settings::RuleSettings;
use rasoat_shared::{MemberId, UnitId};

/// The record, and the member's branch (for the audit entry of the read).
pub fn get(
    conn: &mut DbConn,
    scope: &Scope,
    id: MemberId,
    rules: &RuleSettings,
) -> AppResult<(ReviewRecord, rasoat_shared::TenantId, UnitId)> {
    let member = members::get(conn, scope, id)?;
    let tenant = member.tenant_id;
    let ratings = ratings::of_member(conn, tenant, id)?;
    let (d, v) = discipline::of_member(conn, tenant, id)?;
    let discipline = d
        .iter()
        .rev()
        .map(|row| row.to_dto(&later_violations(row, &d, &v), rules))
        .collect::<AppResult<Vec<_>>>()?;
    let violations = v.iter().rev().map(|r| r.to_dto()).collect();
    let months = monthly::of_member(conn, tenant, id, 36)?;
    let rows: Vec<(i64, Option<i64>, String, String, String, NaiveDateTime)> = cases::table
        .filter(cases::tenant_id.eq(tenant.0))
        .filter(cases::member_id.eq(id.0))
        .order(cases::opened_at.desc())
        .select((
            cases::id,
            cases::round_id,
            cases::path,
            cases::state,
            cases::criteria,
            cases::opened_at,
        ))
        .load(conn)?;
    let cases = rows
        .into_iter()
        .map(|(cid, round_id, path, state, criteria, opened_at)| {
            Ok(CaseBrief {
                id: cid,
                member_id: id,
                round_id,
                path: CasePath::from_code(&path)
                    .ok_or_else(|| AppError::internal(anyhow::anyhow!("case {cid} path")))?,
                state: rasoat_shared::cases::CaseState::from_code(&state)
                    .ok_or_else(|| AppError::internal(anyhow::anyhow!("case {cid} state")))?,
                criteria: super::split_codes(&criteria)
                    .filter_map(Criterion::from_code)
                    .collect(),
                opened_at: DateTime::from_naive_utc_and_offset(opened_at, Utc),
            })
        })
        .collect::<AppResult<Vec<_>>>()?;
    Ok((
        ReviewRecord {
            member_id: id,
            ratings,
            discipline,
            violations,
            months,
            cases,
        },
        tenant,
        member.home_unit_id,
    ))
}

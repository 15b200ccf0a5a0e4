//! Membership statistics of a subtree: active members by membership, gender, age band,
//! ethnicity and the type of their unit, and the yearly rating distribution.

use super::frame::{Frame, FrameQuery, Grouping};
use crate::auth::scope::Scope;
use crate::db::DbConn;
use crate::db::schema::{members, ratings, unit_closure, units};
use crate::error::AppResult;
use chrono::NaiveDate;
use diesel::dsl::{case_when, count_star, sum};
use diesel::prelude::*;
use diesel::sql_types::Integer;
use rasoat_shared::api::reports::{Bucket, MembershipQuery, MembershipStats, RatingYear};
use rasoat_shared::member::{Gender, MemberStatus, Membership};
use rasoat_shared::org::OrgType;
use rasoat_shared::rating::RatingLevel;
use rasoat_shared::reports::stats::AgeBand;
use std::collections::BTreeMap;

/// Runs `$body` with `$q` bound to `$base` narrowed to the frame's subtree — typed, not
/// boxed, because diesel groups only typed queries.
macro_rules! in_subtree {
    ($frame:expr, $base:expr, |$q:ident| $body:expr) => {{
        match &$frame.grouping {
            Grouping::Tenants(_) => {
                let $q = $base;
                $body
            }
            Grouping::Units {
                tenant,
                whole_tenant: true,
                ..
            } => {
                let $q = $base.filter(members::tenant_id.eq(*tenant));
                $body
            }
            Grouping::Units { tenant, root, .. } => {
                let $q = $base.filter(members::tenant_id.eq(*tenant)).filter(
                    members::home_unit_id.eq_any(
                        unit_closure::table
                            .filter(unit_closure::tenant_id.eq(*tenant))
                            .filter(unit_closure::ancestor_id.eq(*root))
                            .select(unit_closure::descendant_id),
                    ),
                );
                $body
            }
        }
    }};
}

/// All members, then those born on or before each band's bound (31, 41, 51, 61, 71).
type Cumulative = (
    i64,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
);

fn bucket(code: &str, vi: &str, en: &str, count: i64) -> Bucket {
    Bucket {
        code: code.to_string(),
        label_vi: vi.to_string(),
        label_en: en.to_string(),
        count,
    }
}

pub fn stats(
    conn: &mut DbConn,
    scope: &Scope,
    q: &MembershipQuery,
    today: NaiveDate,
) -> AppResult<MembershipStats> {
    let as_of = q.as_of.unwrap_or(today);
    let frame = Frame::resolve(
        conn,
        scope,
        &FrameQuery {
            unit: q.unit,
            from: None,
            to: Some(as_of),
            round: None,
        },
        today,
    )?;
    let active = MemberStatus::Active.code();

    let by_membership: Vec<(String, i64)> = in_subtree!(
        frame,
        members::table.filter(members::status.eq(active)),
        |q| q
            .group_by(members::membership)
            .select((members::membership, count_star()))
            .load(conn)?
    );
    let by_membership: Vec<Bucket> = Membership::ALL
        .iter()
        .map(|m| {
            let n = by_membership
                .iter()
                .find(|(c, _)| c == m.code())
                .map_or(0, |r| r.1);
            bucket(m.code(), m.label_vi(), m.label_en(), n)
        })
        .collect();
    let total: i64 = by_membership.iter().map(|b| b.count).sum();

    let by_gender: Vec<(String, i64)> = in_subtree!(
        frame,
        members::table.filter(members::status.eq(active)),
        |q| q
            .group_by(members::gender)
            .select((members::gender, count_star()))
            .load(conn)?
    );
    let by_gender = Gender::ALL
        .iter()
        .map(|g| {
            let n = by_gender
                .iter()
                .find(|(c, _)| c == g.code())
                .map_or(0, |r| r.1);
            bucket(g.code(), g.label_vi(), g.label_en(), n)
        })
        .collect();

    let exempted: i64 = in_subtree!(
        frame,
        members::table
            .filter(members::status.eq(active))
            .filter(members::exempted.eq(true)),
        |q| q.count().get_result(conn)?
    );

    // Age bands: how many were born on or before each band's bound, in one pass.
    let bound = |b: AgeBand| b.born_on_or_before(as_of).unwrap_or(as_of);
    let older = |b: AgeBand| {
        sum(
            case_when(members::date_of_birth.le(bound(b)), 1.into_sql::<Integer>())
                .otherwise(0.into_sql::<Integer>()),
        )
    };
    let cumulative: Cumulative = in_subtree!(
        frame,
        members::table.filter(members::status.eq(active)),
        |q| q
            .select((
                count_star(),
                older(AgeBand::From31To40),
                older(AgeBand::From41To50),
                older(AgeBand::From51To60),
                older(AgeBand::From61To70),
                older(AgeBand::Over70),
            ))
            .get_result(conn)?
    );
    let at_least = [
        cumulative.0,
        cumulative.1.unwrap_or(0),
        cumulative.2.unwrap_or(0),
        cumulative.3.unwrap_or(0),
        cumulative.4.unwrap_or(0),
        cumulative.5.unwrap_or(0),
    ];
    let by_age_band = AgeBand::ALL
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let next = at_least.get(i + 1).copied().unwrap_or(0);
            bucket(b.code(), b.label_vi(), b.label_en(), at_least[i] - next)
        })
        .collect();

    let mut by_ethnicity: Vec<(i16, i64)> = in_subtree!(
        frame,
        members::table.filter(members::status.eq(active)),
        |q| q
            .group_by(members::ethnicity)
            .select((members::ethnicity, count_star()))
            .load(conn)?
    );
    by_ethnicity.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let by_ethnicity = by_ethnicity
        .into_iter()
        .map(|(code, n)| {
            let name = u8::try_from(code)
                .ok()
                .and_then(rasoat_shared::ethnicity::name)
                .unwrap_or("Khác");
            bucket(&code.to_string(), name, name, n)
        })
        .collect();

    let joined = members::table
        .inner_join(
            units::table.on(units::id
                .eq(members::home_unit_id)
                .and(units::tenant_id.eq(members::tenant_id))),
        )
        .filter(members::status.eq(active));
    let by_type: Vec<(String, i64)> = in_subtree!(frame, joined, |q| q
        .group_by(units::org_type)
        .select((units::org_type, count_star()))
        .load(conn)?);
    let by_org_type = OrgType::ALL
        .iter()
        .filter_map(|t| {
            let n = by_type.iter().find(|(c, _)| c == t.code()).map(|r| r.1)?;
            Some(bucket(t.code(), t.label_vi(), t.label_en(), n))
        })
        .collect();

    let rated = ratings::table
        .inner_join(
            members::table.on(members::id
                .eq(ratings::member_id)
                .and(members::tenant_id.eq(ratings::tenant_id))),
        )
        .filter(ratings::period.eq("year"));
    let levels: Vec<(i32, String, i64)> = in_subtree!(frame, rated, |q| q
        .group_by((ratings::year, ratings::level))
        .select((ratings::year, ratings::level, count_star()))
        .load(conn)?);
    let mut years: BTreeMap<i32, Vec<(String, i64)>> = BTreeMap::new();
    for (y, l, n) in levels {
        years.entry(y).or_default().push((l, n));
    }
    let ratings = years
        .into_iter()
        .rev()
        .map(|(year, found)| RatingYear {
            year,
            levels: RatingLevel::ALL
                .iter()
                .rev()
                .map(|l| {
                    let n = found.iter().find(|(c, _)| c == l.code()).map_or(0, |r| r.1);
                    bucket(l.code(), l.label_vi(), l.label_en(), n)
                })
                .collect(),
        })
        .collect();

    Ok(MembershipStats {
        unit: frame.unit,
        trail: frame.trail,
        as_of,
        total,
        by_membership,
        exempted,
        by_gender,
        by_age_band,
        by_ethnicity,
        by_org_type,
        ratings,
    })
}

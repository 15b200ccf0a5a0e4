//! Seeding: the province root of a new installation, and the demo province
//! (`rasoat seed --demo`) with one account per role.

pub mod cases;
pub mod demo;
pub mod demo_names;

use crate::db::DbConn;
use crate::db::schema::{
    discipline_records, members, monthly_records, ratings, role_assignments, tenants, unit_closure,
    units, users, violations,
};
use crate::error::AppError;
use chrono::{NaiveDate, Utc};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use rasoat_shared::access::Role;
use rasoat_shared::org::{OrgType, UnitFlags};
use rasoat_shared::{TenantId, UnitId};

/// Runs `f` in one transaction of `conn`, for command-line work.
pub fn in_transaction<T>(
    conn: &mut DbConn,
    f: impl FnOnce(&mut DbConn) -> Result<T, AppError>,
) -> anyhow::Result<T> {
    conn.transaction(f).map_err(|e| anyhow::anyhow!("{e}"))
}

/// True when no unit exists yet.
pub fn is_empty(conn: &mut DbConn) -> anyhow::Result<bool> {
    let n: i64 = units::table.count().get_result(conn)?;
    Ok(n == 0)
}

/// Creates the province level (tenant 0) and its root unit, if missing; returns the root.
pub fn province_root(conn: &mut DbConn, name: &str) -> anyhow::Result<UnitId> {
    in_transaction(conn, |c| {
        if let Ok(root) = crate::repo::units::province_root(c) {
            return Ok(UnitId(root.id));
        }
        let now = Utc::now().naive_utc();
        diesel::insert_into(tenants::table)
            .values((
                tenants::id.eq(TenantId::PROVINCE.0),
                tenants::name.eq(name),
                tenants::created_at.eq(now),
            ))
            .execute(c)?;
        let flags = UnitFlags::typical(OrgType::Provincial);
        let id: i64 = diesel::insert_into(units::table)
            .values((
                units::tenant_id.eq(TenantId::PROVINCE.0),
                units::parent_id.eq(None::<i64>),
                units::name.eq(name),
                units::code.eq(None::<String>),
                units::org_type.eq(OrgType::Provincial.code()),
                units::acts_as_upper_grassroots.eq(flags.acts_as_upper_grassroots),
                units::granted_upper_grassroots_powers.eq(flags.granted_upper_grassroots_powers),
                units::admission_authority_delegated.eq(flags.admission_authority_delegated),
                units::has_branch_committee.eq(flags.has_branch_committee),
                units::has_standing_committee.eq(flags.has_standing_committee),
                units::has_inspection_commission.eq(flags.has_inspection_commission),
                units::valid_from.eq(NaiveDate::from_ymd_opt(1949, 1, 1).unwrap_or_default()),
                units::valid_to.eq(None::<NaiveDate>),
                units::depth.eq(0),
                units::version.eq(1i64),
                units::created_at.eq(now),
                units::updated_at.eq(now),
            ))
            .returning(units::id)
            .get_result(c)?;
        crate::repo::units::insert_closure_for_new(c, TenantId::PROVINCE.0, id, None)?;
        Ok(UnitId(id))
    })
}

#[derive(Debug, Default, Clone, Copy)]
pub struct SeedReport {
    pub tenants: usize,
    pub units: usize,
    pub members: usize,
    /// Review inputs: ratings, discipline records, violations, monthly records.
    pub review: ReviewCounts,
    /// Demo cases (every state of the procedure, in the demo branch).
    pub cases: cases::CaseCounts,
}

/// Rows of the review inputs written.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ReviewCounts {
    pub ratings: usize,
    pub discipline_records: usize,
    pub violations: usize,
    pub monthly_records: usize,
}

impl std::ops::AddAssign for ReviewCounts {
    fn add_assign(&mut self, o: ReviewCounts) {
        self.ratings += o.ratings;
        self.discipline_records += o.discipline_records;
        self.violations += o.violations;
        self.monthly_records += o.monthly_records;
    }
}

const CHUNK: usize = 1000;

fn next_id(conn: &mut DbConn, table: &str) -> anyhow::Result<i64> {
    let max: Option<i64> = match table {
        "units" => units::table
            .select(diesel::dsl::max(units::id))
            .first(conn)?,
        "members" => members::table
            .select(diesel::dsl::max(members::id))
            .first(conn)?,
        "ratings" => ratings::table
            .select(diesel::dsl::max(ratings::id))
            .first(conn)?,
        "discipline_records" => discipline_records::table
            .select(diesel::dsl::max(discipline_records::id))
            .first(conn)?,
        "violations" => violations::table
            .select(diesel::dsl::max(violations::id))
            .first(conn)?,
        "monthly_records" => monthly_records::table
            .select(diesel::dsl::max(monthly_records::id))
            .first(conn)?,
        _ => anyhow::bail!("no id allocation for {table}"),
    };
    Ok(max.unwrap_or(0) + 1)
}

/// Inserts one tenant in one transaction, with explicit ids (one batch per table instead of
/// one round trip per row), and its review inputs when given. Returns how many units and
/// members were written.
pub fn insert_tenant(
    conn: &mut DbConn,
    seed: &demo::DemoTenant,
    review: Option<&demo::DemoReview>,
    valid_from: NaiveDate,
) -> anyhow::Result<(usize, usize, ReviewCounts)> {
    in_transaction(conn, |c| {
        insert_tenant_inner(c, seed, review, valid_from).map_err(AppError::internal)
    })
}

fn insert_tenant_inner(
    conn: &mut DbConn,
    seed: &demo::DemoTenant,
    review: Option<&demo::DemoReview>,
    valid_from: NaiveDate,
) -> anyhow::Result<(usize, usize, ReviewCounts)> {
    let now = Utc::now().naive_utc();
    let tenant: i64 = {
        let max: Option<i64> = tenants::table
            .select(diesel::dsl::max(tenants::id))
            .first(conn)?;
        max.unwrap_or(0) + 1
    };
    diesel::insert_into(tenants::table)
        .values((
            tenants::id.eq(tenant),
            tenants::name.eq(&seed.name),
            tenants::created_at.eq(now),
        ))
        .execute(conn)?;

    let first_unit = next_id(conn, "units")?;
    let ids: Vec<i64> = (0..seed.units.len() as i64)
        .map(|i| first_unit + i)
        .collect();
    let mut depth: Vec<i32> = Vec::with_capacity(seed.units.len());
    let mut ancestors: Vec<Vec<usize>> = Vec::with_capacity(seed.units.len());
    for (i, u) in seed.units.iter().enumerate() {
        match u.parent {
            Some(p) if p < i => {
                depth.push(depth[p] + 1);
                let mut chain = ancestors[p].clone();
                chain.push(p);
                ancestors.push(chain);
            }
            Some(p) => anyhow::bail!("unit {i} of {} names a later parent {p}", seed.name),
            None => {
                depth.push(1);
                ancestors.push(Vec::new());
            }
        }
    }
    let unit_rows: Vec<_> = seed
        .units
        .iter()
        .enumerate()
        .map(|(i, u)| {
            (
                units::id.eq(ids[i]),
                units::tenant_id.eq(tenant),
                units::parent_id.eq(u.parent.map(|p| ids[p])),
                units::name.eq(u.name.as_str()),
                units::code.eq(Some(u.code.as_str())),
                units::org_type.eq(u.org_type.code()),
                units::acts_as_upper_grassroots.eq(u.flags.acts_as_upper_grassroots),
                units::granted_upper_grassroots_powers.eq(u.flags.granted_upper_grassroots_powers),
                units::admission_authority_delegated.eq(u.flags.admission_authority_delegated),
                units::has_branch_committee.eq(u.flags.has_branch_committee),
                units::has_standing_committee.eq(u.flags.has_standing_committee),
                units::has_inspection_commission.eq(u.flags.has_inspection_commission),
                units::valid_from.eq(valid_from),
                units::depth.eq(depth[i]),
                units::version.eq(1i64),
                units::created_at.eq(now),
                units::updated_at.eq(now),
            )
        })
        .collect();
    for chunk in unit_rows.chunks(CHUNK / 2) {
        crate::per_backend!(conn, |c| diesel::insert_into(units::table)
            .values(chunk)
            .execute(c))?;
    }
    let mut closure = Vec::new();
    for (i, chain) in ancestors.iter().enumerate() {
        closure.push((
            unit_closure::tenant_id.eq(tenant),
            unit_closure::ancestor_id.eq(ids[i]),
            unit_closure::descendant_id.eq(ids[i]),
            unit_closure::distance.eq(0),
        ));
        for (k, a) in chain.iter().enumerate() {
            closure.push((
                unit_closure::tenant_id.eq(tenant),
                unit_closure::ancestor_id.eq(ids[*a]),
                unit_closure::descendant_id.eq(ids[i]),
                unit_closure::distance.eq((chain.len() - k) as i32),
            ));
        }
    }
    for chunk in closure.chunks(CHUNK * 4) {
        crate::per_backend!(conn, |c| diesel::insert_into(unit_closure::table)
            .values(chunk)
            .execute(c))?;
    }

    let first_member = next_id(conn, "members")?;
    let mut rows = Vec::with_capacity(CHUNK);
    for (n, member) in seed.members.iter().enumerate() {
        let unit = member.unit;
        let home = *ids
            .get(unit)
            .ok_or_else(|| anyhow::anyhow!("member {n} names unit {unit}"))?;
        let mut input = member.input.clone();
        input.home_unit_id = UnitId(home);
        let values = crate::repo::members::MemberValues::from_input(&input, now);
        rows.push((
            members::id.eq(first_member + n as i64),
            members::tenant_id.eq(tenant),
            values,
            members::status.eq("active"),
            members::version.eq(1i64),
            members::created_at.eq(now),
        ));
        if rows.len() == CHUNK {
            crate::per_backend!(conn, |c| diesel::insert_into(members::table)
                .values(&rows)
                .execute(c))?;
            rows.clear();
        }
    }
    if !rows.is_empty() {
        crate::per_backend!(conn, |c| diesel::insert_into(members::table)
            .values(&rows)
            .execute(c))?;
    }
    let counts = match review {
        Some(r) => {
            let tids = TenantIds {
                tenant,
                units: &ids,
                first_member,
                members: seed.members.len(),
            };
            insert_review(conn, &tids, r, now)?
        }
        None => ReviewCounts::default(),
    };
    Ok((seed.units.len(), seed.members.len(), counts))
}

/// The ids a tenant's rows got: units by index, members from `first_member` on.
struct TenantIds<'a> {
    tenant: i64,
    units: &'a [i64],
    first_member: i64,
    members: usize,
}

impl TenantIds<'_> {
    fn member(&self, index: usize) -> i64 {
        self.first_member + index as i64
    }
    fn unit(&self, index: usize) -> i64 {
        self.units.get(index).copied().unwrap_or(0)
    }
}

/// Inserts one batch of at most [`CHUNK`] rows. A full batch goes as a fixed-size array,
/// whose statement diesel prepares once and caches (a `Vec` batch is prepared anew each
/// time, which for a million monthly records costs more than the inserts).
macro_rules! insert_batch {
    ($conn:expr, $table:expr, $rows:expr) => {{
        let rows = $rows;
        match Box::<[_; CHUNK]>::try_from(rows) {
            Ok(full) => crate::per_backend!($conn, |c| diesel::insert_into($table)
                .values(&*full)
                .execute(c))?,
            Err(rows) => crate::per_backend!($conn, |c| diesel::insert_into($table)
                .values(&rows)
                .execute(c))?,
        };
    }};
}

/// Inserts a tenant's ratings, discipline, violations and monthly records, in batches of
/// explicit ids like the members.
fn insert_review(
    conn: &mut DbConn,
    ids: &TenantIds<'_>,
    review: &demo::DemoReview,
    now: chrono::NaiveDateTime,
) -> anyhow::Result<ReviewCounts> {
    let bad_member = review
        .ratings
        .iter()
        .map(|r| r.member)
        .chain(review.discipline.iter().map(|d| d.member))
        .chain(review.violations.iter().map(|v| v.member))
        .chain(review.months.iter().map(|m| m.member as usize))
        .any(|m| m >= ids.members);
    let bad_unit = review
        .ratings
        .iter()
        .map(|r| r.unit)
        .chain(review.months.iter().map(|m| m.unit as usize))
        .any(|u| u >= ids.units.len());
    if bad_member || bad_unit {
        anyhow::bail!("the review inputs name a member or unit the tenant does not have");
    }
    let tenant = ids.tenant;

    let first = next_id(conn, "ratings")?;
    for (c, chunk) in review.ratings.chunks(CHUNK).enumerate() {
        let base = first + (c * CHUNK) as i64;
        // Owned values: a cached statement's rows hold no borrows.
        let rows: Vec<_> = chunk
            .iter()
            .enumerate()
            .map(|(j, r)| {
                let reasons: Vec<&str> = r.below_band_reasons.iter().map(|x| x.code()).collect();
                (
                    (
                        ratings::id.eq(base + j as i64),
                        ratings::tenant_id.eq(tenant),
                        ratings::member_id.eq(ids.member(r.member)),
                        ratings::unit_id.eq(ids.unit(r.unit)),
                        ratings::year.eq(r.year),
                        ratings::period.eq(r.period().period.code()),
                        ratings::quarter.eq(0i16),
                        ratings::level.eq(r.level.code()),
                        ratings::score.eq(r.score),
                    ),
                    (
                        ratings::below_band_reasons.eq(reasons.join(",")),
                        ratings::regulation_code.eq(r.regulation_code),
                        ratings::decision_number.eq(r.decision.as_ref().map(|d| d.0.clone())),
                        ratings::decision_signed_on.eq(r.decision.as_ref().map(|d| d.1)),
                        ratings::quota_pct.eq(i16::from(demo::EXCELLENT_QUOTA_PCT)),
                        ratings::version.eq(1i64),
                        ratings::created_at.eq(now),
                        ratings::updated_at.eq(now),
                    ),
                )
            })
            .collect();
        insert_batch!(conn, ratings::table, rows);
    }

    let first = next_id(conn, "discipline_records")?;
    for (c, chunk) in review.discipline.chunks(CHUNK).enumerate() {
        let base = first + (c * CHUNK) as i64;
        let rows: Vec<_> = chunk
            .iter()
            .enumerate()
            .map(|(j, d)| {
                (
                    discipline_records::id.eq(base + j as i64),
                    discipline_records::tenant_id.eq(tenant),
                    discipline_records::member_id.eq(ids.member(d.member)),
                    discipline_records::kind.eq(d.kind.code()),
                    discipline_records::form.eq(d.form.code()),
                    discipline_records::decided_by.eq(d.decided_by.clone()),
                    discipline_records::decision_number.eq(d.decision_number.clone()),
                    discipline_records::decision_signed_on.eq(d.decision_signed_on),
                    discipline_records::announced_on.eq(d.announced_on),
                    discipline_records::violation_on.eq(d.violation_on),
                    discipline_records::violation_summary.eq(d.violation_summary),
                    discipline_records::regulation_code.eq(d.regulation_code),
                    discipline_records::created_at.eq(now),
                )
            })
            .collect();
        insert_batch!(conn, discipline_records::table, rows);
    }

    let first = next_id(conn, "violations")?;
    for (c, chunk) in review.violations.chunks(CHUNK).enumerate() {
        let base = first + (c * CHUNK) as i64;
        let rows: Vec<_> = chunk
            .iter()
            .enumerate()
            .map(|(j, v)| {
                (
                    violations::id.eq(base + j as i64),
                    violations::tenant_id.eq(tenant),
                    violations::member_id.eq(ids.member(v.member)),
                    violations::occurred_on.eq(v.occurred_on),
                    violations::summary.eq(v.summary),
                    violations::source.eq(Some(v.source)),
                    violations::created_at.eq(now),
                )
            })
            .collect();
        insert_batch!(conn, violations::table, rows);
    }

    let first = next_id(conn, "monthly_records")?;
    for (c, chunk) in review.months.chunks(CHUNK).enumerate() {
        let base = first + (c * CHUNK) as i64;
        let rows: Vec<_> = chunk
            .iter()
            .enumerate()
            .map(|(j, m)| {
                (
                    monthly_records::id.eq(base + j as i64),
                    monthly_records::tenant_id.eq(tenant),
                    monthly_records::member_id.eq(ids.member(m.member as usize)),
                    monthly_records::unit_id.eq(ids.unit(m.unit as usize)),
                    monthly_records::month.eq(m.month),
                    monthly_records::attendance.eq(m.attendance.map(|a| a.code())),
                    monthly_records::absence_reason.eq(m.absence_reason),
                    monthly_records::absence_excused.eq(m.absence_excused),
                    monthly_records::dues.eq(m.dues.map(|d| d.code())),
                    monthly_records::dues_reason.eq(m.dues_reason),
                    monthly_records::dues_excused.eq(m.dues_excused),
                    monthly_records::notable.eq(m.notable()),
                    monthly_records::version.eq(1i64),
                    monthly_records::updated_at.eq(now),
                )
            })
            .collect();
        // PostgreSQL loads a million rows far faster by COPY than by INSERT statements.
        if let DbConn::Pg(c) = conn {
            diesel::copy_from(monthly_records::table)
                .from_insertable(rows)
                .execute(c)?;
        } else {
            insert_batch!(conn, monthly_records::table, rows);
        }
    }
    Ok(ReviewCounts {
        ratings: review.ratings.len(),
        discipline_records: review.discipline.len(),
        violations: review.violations.len(),
        monthly_records: review.months.len(),
    })
}

/// After inserting explicit ids, PostgreSQL's identity sequences must move past them.
fn sync_sequences(conn: &mut DbConn) -> anyhow::Result<()> {
    if let DbConn::Pg(c) = conn {
        c.batch_execute(
            "SELECT setval(pg_get_serial_sequence('units', 'id'), COALESCE((SELECT MAX(id) FROM units), 0) + 1, false);
             SELECT setval(pg_get_serial_sequence('members', 'id'), COALESCE((SELECT MAX(id) FROM members), 0) + 1, false);
             SELECT setval(pg_get_serial_sequence('ratings', 'id'), COALESCE((SELECT MAX(id) FROM ratings), 0) + 1, false);
             SELECT setval(pg_get_serial_sequence('discipline_records', 'id'), COALESCE((SELECT MAX(id) FROM discipline_records), 0) + 1, false);
             SELECT setval(pg_get_serial_sequence('violations', 'id'), COALESCE((SELECT MAX(id) FROM violations), 0) + 1, false);
             SELECT setval(pg_get_serial_sequence('monthly_records', 'id'), COALESCE((SELECT MAX(id) FROM monthly_records), 0) + 1, false);",
        )?;
    }
    Ok(())
}

/// The password of every demo account. Demo data only: a real installation creates its
/// accounts with `rasoat create-user`.
pub const DEMO_PASSWORD: &str = "RaSoat@DienBien2026";

/// Where a demo account's role is held.
#[derive(Debug, Clone, Copy)]
enum DemoPlace {
    Province,
    /// The root of the n-th tenant (1-based).
    Tenant(usize),
    /// The first grassroots Party organisation (with branches) of tenant 1.
    Grassroots,
    /// The first branch of that grassroots organisation.
    Branch,
}

/// One demo account per role, and a second tenant's organisation staff to show isolation.
const DEMO_ACCOUNTS: &[(&str, Role, DemoPlace)] = &[
    (
        "btc.tinh",
        Role::ProvincialOrgCommission,
        DemoPlace::Province,
    ),
    (
        "btv.tinh",
        Role::ProvincialStandingCommittee,
        DemoPlace::Province,
    ),
    ("ubkt.tinh", Role::ProvincialInspection, DemoPlace::Province),
    ("quantri", Role::SystemAdmin, DemoPlace::Province),
    ("kiemtoan", Role::Auditor, DemoPlace::Province),
    (
        "btc.dienbienphu",
        Role::UpperCommitteeStaff,
        DemoPlace::Tenant(1),
    ),
    (
        "btv.dienbienphu",
        Role::UpperStandingCommittee,
        DemoPlace::Tenant(1),
    ),
    (
        "ubkt.dienbienphu",
        Role::UpperInspection,
        DemoPlace::Tenant(1),
    ),
    (
        "btc.muonglay",
        Role::UpperCommitteeStaff,
        DemoPlace::Tenant(2),
    ),
    (
        "danguy.coso",
        Role::GrassrootsCommitteeMember,
        DemoPlace::Grassroots,
    ),
    (
        "btv.coso",
        Role::GrassrootsStandingMember,
        DemoPlace::Grassroots,
    ),
    (
        "ubkt.coso",
        Role::GrassrootsInspection,
        DemoPlace::Grassroots,
    ),
    ("bithu.chibo", Role::BranchSecretary, DemoPlace::Branch),
    (
        "phobithu.chibo",
        Role::BranchDeputySecretary,
        DemoPlace::Branch,
    ),
    (
        "chiuy.chibo",
        Role::BranchCommitteeMember,
        DemoPlace::Branch,
    ),
    ("giupdo.chibo", Role::Helper, DemoPlace::Branch),
    ("dangvien.chibo", Role::MemberSelf, DemoPlace::Branch),
];

fn demo_unit(conn: &mut DbConn, place: DemoPlace) -> anyhow::Result<i64> {
    let root = crate::repo::units::province_root(conn).map_err(|e| anyhow::anyhow!("{e}"))?;
    let tenant_root = |conn: &mut DbConn, n: usize| -> anyhow::Result<(i64, i64)> {
        let rows: Vec<(i64, i64)> = units::table
            .filter(units::parent_id.is_null())
            .filter(units::tenant_id.ne(TenantId::PROVINCE.0))
            .order(units::tenant_id)
            .select((units::id, units::tenant_id))
            .limit(n as i64)
            .load(conn)?;
        rows.get(n - 1)
            .copied()
            .ok_or_else(|| anyhow::anyhow!("the demo province has fewer than {n} tenants"))
    };
    let first_child =
        |conn: &mut DbConn, tenant: i64, parent: i64, t: OrgType| -> anyhow::Result<i64> {
            units::table
                .filter(units::tenant_id.eq(tenant))
                .filter(units::parent_id.eq(parent))
                .filter(units::org_type.eq(t.code()))
                .order(units::id)
                .select(units::id)
                .first(conn)
                .map_err(|e| anyhow::anyhow!("no {} under unit {parent}: {e}", t.code()))
        };
    Ok(match place {
        DemoPlace::Province => root.id,
        DemoPlace::Tenant(n) => tenant_root(conn, n)?.0,
        DemoPlace::Grassroots => {
            let (t1, tenant) = tenant_root(conn, 1)?;
            first_child(conn, tenant, t1, OrgType::GrassrootsPartyOrg)?
        }
        DemoPlace::Branch => {
            let (t1, tenant) = tenant_root(conn, 1)?;
            let g = first_child(conn, tenant, t1, OrgType::GrassrootsPartyOrg)?;
            first_child(conn, tenant, g, OrgType::Branch)?
        }
    })
}

fn create_demo_accounts(conn: &mut DbConn) -> anyhow::Result<()> {
    let today = Utc::now().date_naive();
    for (username, role, place) in DEMO_ACCOUNTS {
        let unit = demo_unit(conn, *place)?;
        let tenant: i64 = units::table
            .filter(units::id.eq(unit))
            .select(units::tenant_id)
            .first(conn)?;
        let hash = crate::auth::password::hash_sync(DEMO_PASSWORD)?;
        let display = format!("{} (tài khoản mẫu)", role.label_vi());
        // The member account reads its own record: link it to the first member of its
        // branch; the helper account is the second member (assigned to help on cases).
        let nth = match role {
            Role::MemberSelf => Some(0),
            Role::Helper => Some(1),
            _ => None,
        };
        let member: Option<i64> = match nth {
            Some(n) => members::table
                .filter(members::tenant_id.eq(tenant))
                .filter(members::home_unit_id.eq(unit))
                .order(members::id)
                .select(members::id)
                .offset(n)
                .first(conn)
                .optional()?,
            None => None,
        };
        in_transaction(conn, |c| {
            let user = crate::repo::users::create(
                c,
                username,
                &display,
                &hash,
                Some((TenantId(tenant), UnitId(unit))),
            )?;
            crate::repo::users::assign_role(c, user, *role, UnitId(unit), today)?;
            if member.is_some() {
                diesel::update(users::table.filter(users::id.eq(user.0)))
                    .set(users::member_id.eq(member))
                    .execute(c)?;
            }
            Ok(())
        })?;
    }
    Ok(())
}

/// Prints the demo accounts present in the database (none on a real installation).
pub fn print_demo_accounts(conn: &mut DbConn) -> anyhow::Result<()> {
    let names: Vec<&str> = DEMO_ACCOUNTS.iter().map(|(u, _, _)| *u).collect();
    let rows: Vec<(String, String, String)> = users::table
        .inner_join(role_assignments::table.on(role_assignments::user_id.eq(users::id)))
        .inner_join(
            units::table.on(units::id
                .eq(role_assignments::unit_id)
                .and(units::tenant_id.eq(role_assignments::tenant_id))),
        )
        .filter(users::username.eq_any(&names))
        .select((users::username, role_assignments::role, units::name))
        .load(conn)?;
    if rows.is_empty() {
        return Ok(());
    }
    println!("\nTài khoản mẫu (mật khẩu chung / shared password: {DEMO_PASSWORD}):");
    for name in &names {
        for (u, role, unit) in rows.iter().filter(|r| r.0 == *name) {
            let label = match Role::from_code(role) {
                Some(r) => r.label_vi().to_string(),
                None => role.clone(),
            };
            println!("  {u:<18} {label} — {unit}");
        }
    }
    Ok(())
}

/// The date the demo data is generated as of (ages, admissions, probation): fixed, so that
/// the same seed gives the same data on any day.
pub fn demo_as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap_or_default()
}

/// Whether the demo carries the monthly attendance and dues records: about 23 per member,
/// nine tenths of the database. The national-size dataset of the report benchmark leaves
/// them out (no report reads them), so that 5.6 million members fit on one disk twice
/// (SQLite and PostgreSQL).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MonthlyRecords {
    With,
    Without,
}

/// Seeds the demo province: the root, `scale` copies of the Điện Biên-like province's
/// 14 tenants (one transaction per tenant, with two years of review inputs:
/// [`demo::review`]), and the demo accounts.
pub fn demo(
    conn: &mut DbConn,
    seed: u64,
    scale: u32,
    as_of: NaiveDate,
    monthly: MonthlyRecords,
) -> anyhow::Result<SeedReport> {
    let province = demo::province(seed, scale, as_of);
    province_root(conn, &province.name)?;
    // The units existed long before the register was kept here.
    let units_from = NaiveDate::from_ymd_opt(2010, 1, 1).unwrap_or_default();
    let mut report = SeedReport::default();
    for tenant in province.tenants() {
        let mut review = demo::review(province.seed, &tenant, province.as_of);
        if monthly == MonthlyRecords::Without {
            review.months.clear();
        }
        let (u, m, r) = insert_tenant(conn, &tenant, Some(&review), units_from)?;
        report.tenants += 1;
        report.units += u;
        report.members += m;
        report.review += r;
    }
    sync_sequences(conn)?;
    create_demo_accounts(conn)?;
    let rules = crate::repo::settings::load(conn)?;
    report.cases = cases::showcase(conn, as_of, &rules)?;
    // Fresh statistics, so that the query planner picks the name-search index.
    conn.batch_execute("ANALYZE")?;
    Ok(report)
}

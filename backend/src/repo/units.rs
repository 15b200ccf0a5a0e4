//! The organisation tree: units, their closure (every ancestor–descendant pair inside a
//! tenant) and merge lineage. The province root lives in the province-level tenant; the
//! roots of tenants have no stored parent, and the API shows the province root as theirs.

use crate::audit::{self, AuditEntry};
use crate::auth::scope::{Area, Scope};
use crate::db::DbConn;
use crate::db::schema::{members, tenants, unit_closure, unit_predecessors, units};
use crate::error::{AppError, AppResult, is_unique_violation, violation_mentions};
use chrono::{NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use rasoat_shared::api::units::{Unit, UnitCreate, UnitMove, UnitNode, UnitUpdate};
use rasoat_shared::org::{OrgType, UnitFlags};
use rasoat_shared::{ErrorCode, TenantId, UnitId};
use std::collections::HashMap;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = units)]
pub struct UnitRow {
    pub id: i64,
    pub tenant_id: i64,
    pub parent_id: Option<i64>,
    pub name: String,
    pub code: Option<String>,
    pub org_type: String,
    pub acts_as_upper_grassroots: bool,
    pub granted_upper_grassroots_powers: bool,
    pub admission_authority_delegated: bool,
    pub has_branch_committee: bool,
    pub has_standing_committee: bool,
    pub has_inspection_commission: bool,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    pub depth: i32,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl UnitRow {
    pub fn org_type(&self) -> AppResult<OrgType> {
        OrgType::from_code(&self.org_type).ok_or_else(|| {
            AppError::internal(anyhow::anyhow!(
                "unit {} has type {:?}",
                self.id,
                self.org_type
            ))
        })
    }

    pub fn flags(&self) -> UnitFlags {
        UnitFlags {
            acts_as_upper_grassroots: self.acts_as_upper_grassroots,
            granted_upper_grassroots_powers: self.granted_upper_grassroots_powers,
            admission_authority_delegated: self.admission_authority_delegated,
            has_branch_committee: self.has_branch_committee,
            has_standing_committee: self.has_standing_committee,
            has_inspection_commission: self.has_inspection_commission,
        }
    }

    pub fn tenant(&self) -> TenantId {
        TenantId(self.tenant_id)
    }

    pub fn is_province_root(&self) -> bool {
        self.tenant_id == TenantId::PROVINCE.0 && self.parent_id.is_none()
    }

    pub fn ended(&self, today: NaiveDate) -> bool {
        self.valid_to.is_some_and(|d| d <= today)
    }

    /// The parent as the API shows it: tenant roots hang under the province root.
    fn api_parent(&self, province_root: Option<i64>) -> Option<UnitId> {
        match self.parent_id {
            Some(p) => Some(UnitId(p)),
            None if self.tenant_id != TenantId::PROVINCE.0 => province_root.map(UnitId),
            None => None,
        }
    }
}

pub fn province_root(conn: &mut DbConn) -> AppResult<UnitRow> {
    let rows: Vec<UnitRow> = units::table
        .filter(units::tenant_id.eq(TenantId::PROVINCE.0))
        .filter(units::parent_id.is_null())
        .select(UnitRow::as_select())
        .load(conn)?;
    rows.into_iter().next().ok_or_else(AppError::not_found)
}

fn find_row(conn: &mut DbConn, id: UnitId, tenant: Option<TenantId>) -> AppResult<UnitRow> {
    // As `repo::members::find_row`: fixed queries, no `first()`, the concrete connection.
    macro_rules! by_id {
        () => {
            units::table
                .filter(units::id.eq(id.0))
                .select(UnitRow::as_select())
        };
    }
    let rows: Vec<UnitRow> = match tenant {
        Some(t) => {
            crate::per_backend!(conn, |c| by_id!().filter(units::tenant_id.eq(t.0)).load(c))?
        }
        None => crate::per_backend!(conn, |c| by_id!().load(c))?,
    };
    rows.into_iter().next().ok_or_else(AppError::not_found)
}

/// The unit if it lies in the scope; 404 otherwise — the same answer as for a unit that
/// does not exist.
pub fn visible_row(conn: &mut DbConn, scope: &Scope, id: UnitId) -> AppResult<UnitRow> {
    let row = find_row(conn, id, scope.single_tenant())?;
    scope.require(conn, row.tenant(), UnitId(row.id))?;
    Ok(row)
}

fn predecessors(conn: &mut DbConn, row: &UnitRow) -> AppResult<Vec<UnitId>> {
    Ok(unit_predecessors::table
        .filter(unit_predecessors::tenant_id.eq(row.tenant_id))
        .filter(unit_predecessors::unit_id.eq(row.id))
        .select(unit_predecessors::predecessor_id)
        .order(unit_predecessors::predecessor_id)
        .load::<i64>(conn)?
        .into_iter()
        .map(UnitId)
        .collect())
}

fn root_id_for_api(conn: &mut DbConn, row: &UnitRow) -> AppResult<Option<i64>> {
    if row.parent_id.is_none() && row.tenant_id != TenantId::PROVINCE.0 {
        Ok(province_root(conn).optional_root()?.map(|r| r.id))
    } else {
        Ok(None)
    }
}

trait OptionalRoot {
    fn optional_root(self) -> AppResult<Option<UnitRow>>;
}

impl OptionalRoot for AppResult<UnitRow> {
    fn optional_root(self) -> AppResult<Option<UnitRow>> {
        match self {
            Ok(r) => Ok(Some(r)),
            Err(e) if e.code == ErrorCode::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }
}

pub fn to_dto(conn: &mut DbConn, row: &UnitRow) -> AppResult<Unit> {
    let root = root_id_for_api(conn, row)?;
    Ok(Unit {
        id: UnitId(row.id),
        tenant_id: row.tenant(),
        parent_id: row.api_parent(root),
        name: row.name.clone(),
        code: row.code.clone(),
        org_type: row.org_type()?,
        flags: row.flags(),
        valid_from: row.valid_from,
        valid_to: row.valid_to,
        predecessor_ids: predecessors(conn, row)?,
        depth: row.depth.max(0) as u32,
        version: row.version,
    })
}

pub fn get(conn: &mut DbConn, scope: &Scope, id: UnitId) -> AppResult<Unit> {
    let row = visible_row(conn, scope, id)?;
    to_dto(conn, &row)
}

const ACTIVE: &str = "active";

/// Active members in the subtree of each of `ids` (all in `tenant`).
fn member_counts(conn: &mut DbConn, tenant: i64, ids: &[i64]) -> AppResult<HashMap<i64, u64>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(i64, i64)> = unit_closure::table
        .inner_join(
            members::table.on(members::tenant_id
                .eq(unit_closure::tenant_id)
                .and(members::home_unit_id.eq(unit_closure::descendant_id))),
        )
        .filter(unit_closure::tenant_id.eq(tenant))
        .filter(unit_closure::ancestor_id.eq_any(ids))
        .filter(members::status.eq(ACTIVE))
        .group_by(unit_closure::ancestor_id)
        .select((unit_closure::ancestor_id, diesel::dsl::count_star()))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, n)| (id, n.max(0) as u64))
        .collect())
}

/// Active members per tenant, for the children of the province root.
fn member_counts_by_tenant(conn: &mut DbConn) -> AppResult<HashMap<i64, u64>> {
    let rows: Vec<(i64, i64)> = members::table
        .filter(members::status.eq(ACTIVE))
        .group_by(members::tenant_id)
        .select((members::tenant_id, diesel::dsl::count_star()))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, n)| (id, n.max(0) as u64))
        .collect())
}

fn child_counts(
    conn: &mut DbConn,
    tenant: Option<i64>,
    ids: &[i64],
) -> AppResult<HashMap<i64, u64>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let mut q = units::table
        .filter(units::parent_id.eq_any(ids))
        .group_by(units::parent_id)
        .select((units::parent_id, diesel::dsl::count_star()))
        .into_boxed();
    if let Some(t) = tenant {
        q = q.filter(units::tenant_id.eq(t));
    }
    let rows: Vec<(Option<i64>, i64)> = q.load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(p, n)| Some((p?, n.max(0) as u64)))
        .collect())
}

fn node(row: &UnitRow, root: Option<i64>, children: u64, members: u64) -> AppResult<UnitNode> {
    Ok(UnitNode {
        id: UnitId(row.id),
        tenant_id: row.tenant(),
        parent_id: row.api_parent(root),
        name: row.name.clone(),
        org_type: row.org_type()?,
        valid_to: row.valid_to,
        depth: row.depth.max(0) as u32,
        child_count: children,
        member_count: members,
    })
}

/// Nodes with counts for rows of one tenant (not the province level).
fn nodes_in_tenant(
    conn: &mut DbConn,
    tenant: i64,
    rows: &[UnitRow],
    root: Option<i64>,
) -> AppResult<Vec<UnitNode>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let members = member_counts(conn, tenant, &ids)?;
    let children = child_counts(conn, Some(tenant), &ids)?;
    rows.iter()
        .map(|r| {
            node(
                r,
                root,
                children.get(&r.id).copied().unwrap_or(0),
                members.get(&r.id).copied().unwrap_or(0),
            )
        })
        .collect()
}

fn province_node(conn: &mut DbConn, root: &UnitRow) -> AppResult<UnitNode> {
    let tenants_below: i64 = units::table
        .filter(units::parent_id.is_null())
        .filter(units::tenant_id.ne(TenantId::PROVINCE.0))
        .count()
        .get_result(conn)?;
    let members: i64 = members::table
        .filter(members::status.eq(ACTIVE))
        .count()
        .get_result(conn)?;
    node(
        root,
        None,
        tenants_below.max(0) as u64,
        members.max(0) as u64,
    )
}

/// Any mix of rows (province root, tenant roots, units of several tenants) as nodes.
fn nodes(conn: &mut DbConn, rows: &[UnitRow]) -> AppResult<Vec<UnitNode>> {
    let root = province_root(conn).optional_root()?.map(|r| r.id);
    let mut by_tenant: HashMap<i64, Vec<UnitRow>> = HashMap::new();
    for r in rows.iter().filter(|r| !r.is_province_root()) {
        by_tenant.entry(r.tenant_id).or_default().push(r.clone());
    }
    let mut made: HashMap<i64, UnitNode> = HashMap::new();
    for (tenant, group) in by_tenant {
        for n in nodes_in_tenant(conn, tenant, &group, root)? {
            made.insert(n.id.0, n);
        }
    }
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        if r.is_province_root() {
            out.push(province_node(conn, r)?);
        } else if let Some(n) = made.remove(&r.id) {
            out.push(n);
        }
    }
    Ok(out)
}

/// The units where the caller's scope starts: the province root for province-wide roles,
/// otherwise the units where the roles are held.
pub fn roots(conn: &mut DbConn, scope: &Scope) -> AppResult<Vec<UnitNode>> {
    let rows = match scope.area() {
        Area::Province => vec![province_root(conn)?],
        Area::Subtrees(roots) => {
            let mut rows = Vec::new();
            for r in roots {
                rows.push(find_row(conn, r.unit_id, Some(r.tenant_id))?);
            }
            // A root inside another root is reachable from it; list only the top ones.
            let mut top = Vec::new();
            for r in &rows {
                let mut inside_other = false;
                for other in rows
                    .iter()
                    .filter(|o| o.id != r.id && o.tenant_id == r.tenant_id)
                {
                    let below: bool = diesel::select(diesel::dsl::exists(
                        unit_closure::table
                            .filter(unit_closure::tenant_id.eq(r.tenant_id))
                            .filter(unit_closure::ancestor_id.eq(other.id))
                            .filter(unit_closure::descendant_id.eq(r.id)),
                    ))
                    .get_result(conn)?;
                    inside_other |= below;
                }
                if !inside_other {
                    top.push(r.clone());
                }
            }
            top
        }
    };
    nodes(conn, &rows)
}

fn order_rows(rows: &mut [UnitRow]) {
    rows.sort_by(|a, b| {
        rasoat_shared::names::search_key(&a.name)
            .cmp(&rasoat_shared::names::search_key(&b.name))
            .then(a.id.cmp(&b.id))
    });
}

pub fn children(conn: &mut DbConn, scope: &Scope, id: UnitId) -> AppResult<Vec<UnitNode>> {
    let parent = visible_row(conn, scope, id)?;
    let mut rows: Vec<UnitRow> = if parent.is_province_root() {
        units::table
            .filter(units::parent_id.is_null())
            .filter(units::tenant_id.ne(TenantId::PROVINCE.0))
            .select(UnitRow::as_select())
            .load(conn)?
    } else {
        units::table
            .filter(units::tenant_id.eq(parent.tenant_id))
            .filter(units::parent_id.eq(parent.id))
            .select(UnitRow::as_select())
            .load(conn)?
    };
    order_rows(&mut rows);
    if parent.is_province_root() {
        let root = Some(parent.id);
        let members = member_counts_by_tenant(conn)?;
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let children = child_counts(conn, None, &ids)?;
        return rows
            .iter()
            .map(|r| {
                node(
                    r,
                    root,
                    children.get(&r.id).copied().unwrap_or(0),
                    members.get(&r.tenant_id).copied().unwrap_or(0),
                )
            })
            .collect();
    }
    let root = province_root(conn).optional_root()?.map(|r| r.id);
    nodes_in_tenant(conn, parent.tenant_id, &rows, root)
}

/// From the top of the caller's scope down to the unit itself (a breadcrumb).
pub fn ancestors(conn: &mut DbConn, scope: &Scope, id: UnitId) -> AppResult<Vec<UnitNode>> {
    let unit = visible_row(conn, scope, id)?;
    let visible = visible_chain(conn, scope, unit)?;
    nodes(conn, &visible)
}

/// The units from the top of the caller's scope down to `unit` (a unit the caller sees),
/// without counts: the breadcrumb of the tree and of the reports.
pub fn visible_chain(conn: &mut DbConn, scope: &Scope, unit: UnitRow) -> AppResult<Vec<UnitRow>> {
    let mut chain: Vec<UnitRow> = Vec::new();
    if !unit.is_province_root() {
        let ids: Vec<(i64, i32)> = unit_closure::table
            .filter(unit_closure::tenant_id.eq(unit.tenant_id))
            .filter(unit_closure::descendant_id.eq(unit.id))
            .select((unit_closure::ancestor_id, unit_closure::distance))
            .order(unit_closure::distance.desc())
            .load(conn)?;
        let id_list: Vec<i64> = ids.iter().map(|(a, _)| *a).collect();
        let mut rows: HashMap<i64, UnitRow> = units::table
            .filter(units::tenant_id.eq(unit.tenant_id))
            .filter(units::id.eq_any(&id_list))
            .select(UnitRow::as_select())
            .load(conn)?
            .into_iter()
            .map(|r| (r.id, r))
            .collect();
        for (a, _) in &ids {
            if let Some(r) = rows.remove(a) {
                chain.push(r);
            }
        }
        if matches!(scope.area(), Area::Province) {
            chain.insert(0, province_root(conn)?);
        }
    } else {
        chain.push(unit);
    }
    // Keep only what the caller may see: the chain starts at the top of their scope.
    let mut visible = Vec::with_capacity(chain.len());
    for r in chain {
        if scope.contains(conn, r.tenant(), UnitId(r.id))? {
            visible.push(r);
        }
    }
    Ok(visible)
}

/// The whole subtree of a unit (the unit first, then by depth and name), with counts.
pub fn subtree(conn: &mut DbConn, scope: &Scope, id: UnitId) -> AppResult<Vec<UnitNode>> {
    let top = visible_row(conn, scope, id)?;
    let mut rows: Vec<UnitRow> = if top.is_province_root() {
        units::table.select(UnitRow::as_select()).load(conn)?
    } else {
        let ids = unit_closure::table
            .filter(unit_closure::tenant_id.eq(top.tenant_id))
            .filter(unit_closure::ancestor_id.eq(top.id))
            .select(unit_closure::descendant_id);
        units::table
            .filter(units::tenant_id.eq(top.tenant_id))
            .filter(units::id.eq_any(ids))
            .select(UnitRow::as_select())
            .load(conn)?
    };
    // Direct counts from one grouped scan, rolled up the tree here: cheaper than counting
    // every subtree in SQL.
    let mut direct_q = members::table
        .filter(members::status.eq(ACTIVE))
        .group_by((members::tenant_id, members::home_unit_id))
        .select((
            members::tenant_id,
            members::home_unit_id,
            diesel::dsl::count_star(),
        ))
        .into_boxed();
    if !top.is_province_root() {
        direct_q = direct_q.filter(members::tenant_id.eq(top.tenant_id));
    }
    let direct: Vec<(i64, i64, i64)> = direct_q.load(conn)?;
    let mut total: HashMap<i64, u64> = HashMap::new();
    for (_, unit, n) in direct {
        total.insert(unit, n.max(0) as u64);
    }
    let province_root_id = if top.is_province_root() {
        Some(top.id)
    } else {
        province_root(conn).optional_root()?.map(|r| r.id)
    };
    let mut child_n: HashMap<i64, u64> = HashMap::new();
    rows.sort_by_key(|r| std::cmp::Reverse(r.depth));
    for r in &rows {
        let parent = r.parent_id.or(if r.tenant_id != TenantId::PROVINCE.0 {
            province_root_id
        } else {
            None
        });
        if let Some(p) = parent {
            let mine = total.get(&r.id).copied().unwrap_or(0);
            *total.entry(p).or_insert(0) += mine;
            *child_n.entry(p).or_insert(0) += 1;
        }
    }
    rows.sort_by(|a, b| {
        a.depth
            .cmp(&b.depth)
            .then_with(|| {
                rasoat_shared::names::search_key(&a.name)
                    .cmp(&rasoat_shared::names::search_key(&b.name))
            })
            .then(a.id.cmp(&b.id))
    });
    rows.iter()
        .map(|r| {
            node(
                r,
                province_root_id,
                child_n.get(&r.id).copied().unwrap_or(0),
                total.get(&r.id).copied().unwrap_or(0),
            )
        })
        .collect()
}

fn tidy_unit_name(name: &str) -> AppResult<String> {
    let tidy = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if tidy.is_empty() {
        return Err(AppError::field(
            "name",
            "required",
            "Tên tổ chức không được để trống.",
        ));
    }
    if tidy.chars().count() > 200 {
        return Err(AppError::field(
            "name",
            "too_long",
            "Tên tổ chức dài quá 200 ký tự.",
        ));
    }
    Ok(tidy)
}

fn tidy_code(code: Option<&str>) -> AppResult<Option<String>> {
    let Some(code) = code.map(str::trim).filter(|c| !c.is_empty()) else {
        return Ok(None);
    };
    let ok = code.len() <= 50
        && code
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./".contains(&b));
    if !ok {
        return Err(AppError::field(
            "code",
            "invalid_format",
            "Mã tổ chức gồm tối đa 50 ký tự: chữ không dấu, số, '-', '_', '.', '/'.",
        ));
    }
    Ok(Some(code.to_string()))
}

fn map_unique(e: diesel::result::Error) -> AppError {
    if is_unique_violation(&e) && violation_mentions(&e, "code") {
        AppError::new(ErrorCode::DuplicateUnitCode)
    } else {
        AppError::from(e)
    }
}

/// Creates a unit under `input.parent_id`. Under the province root the unit starts a new
/// tenant.
pub fn create(conn: &mut DbConn, scope: &Scope, input: UnitCreate) -> AppResult<Unit> {
    let today = Utc::now().date_naive();
    let now = Utc::now().naive_utc();
    let parent = visible_row(conn, scope, input.parent_id)?;
    if parent.ended(today) {
        return Err(AppError::new(ErrorCode::UnitEnded));
    }
    if !parent.org_type()?.may_contain(input.org_type) {
        return Err(AppError::new(ErrorCode::InvalidParent));
    }
    let name = tidy_unit_name(&input.name)?;
    let code = tidy_code(input.code.as_deref())?;
    let valid_from = input.valid_from.unwrap_or(today);
    let flags = input
        .flags
        .unwrap_or_else(|| UnitFlags::typical(input.org_type));

    let (tenant, parent_id) = if parent.is_province_root() {
        if let DbConn::Pg(c) = conn {
            // Two new tenants at once must not both take max + 1 (SQLite has one writer).
            use diesel::connection::SimpleConnection;
            c.batch_execute("LOCK TABLE tenants IN SHARE ROW EXCLUSIVE MODE")?;
        }
        let next: Option<i64> = tenants::table
            .select(diesel::dsl::max(tenants::id))
            .first(conn)?;
        let tenant = next.unwrap_or(0).max(0) + 1;
        diesel::insert_into(tenants::table)
            .values((
                tenants::id.eq(tenant),
                tenants::name.eq(&name),
                tenants::created_at.eq(now),
            ))
            .execute(conn)?;
        (tenant, None)
    } else {
        (parent.tenant_id, Some(parent.id))
    };
    let id: i64 = diesel::insert_into(units::table)
        .values((
            units::tenant_id.eq(tenant),
            units::parent_id.eq(parent_id),
            units::name.eq(&name),
            units::code.eq(&code),
            units::org_type.eq(input.org_type.code()),
            units::acts_as_upper_grassroots.eq(flags.acts_as_upper_grassroots),
            units::granted_upper_grassroots_powers.eq(flags.granted_upper_grassroots_powers),
            units::admission_authority_delegated.eq(flags.admission_authority_delegated),
            units::has_branch_committee.eq(flags.has_branch_committee),
            units::has_standing_committee.eq(flags.has_standing_committee),
            units::has_inspection_commission.eq(flags.has_inspection_commission),
            units::valid_from.eq(valid_from),
            units::valid_to.eq(None::<NaiveDate>),
            units::depth.eq(parent.depth + 1),
            units::version.eq(1i64),
            units::created_at.eq(now),
            units::updated_at.eq(now),
        ))
        .returning(units::id)
        .get_result(conn)
        .map_err(map_unique)?;
    insert_closure_for_new(conn, tenant, id, parent_id)?;
    for p in &input.predecessor_ids {
        let pred = visible_row(conn, scope, *p).map_err(|_| {
            AppError::field(
                "predecessor_ids",
                "not_found",
                "Không tìm thấy tổ chức tiền thân trong phạm vi của bạn.",
            )
        })?;
        if pred.tenant_id != tenant {
            return Err(AppError::field(
                "predecessor_ids",
                "other_tenant",
                "Tổ chức tiền thân phải thuộc cùng đảng bộ trực thuộc tỉnh.",
            ));
        }
        diesel::insert_into(unit_predecessors::table)
            .values((
                unit_predecessors::tenant_id.eq(tenant),
                unit_predecessors::unit_id.eq(id),
                unit_predecessors::predecessor_id.eq(pred.id),
            ))
            .execute(conn)?;
    }
    let row = find_row(conn, UnitId(id), Some(TenantId(tenant)))?;
    let dto = to_dto(conn, &row)?;
    audit::record(
        conn,
        &[AuditEntry::new(
            TenantId(tenant),
            scope.actor(),
            scope.ctx(),
            "unit.create",
            "unit",
            Some(id),
            serde_json::json!({ "unit": &dto }),
        )
        .unit(id)],
    )?;
    Ok(dto)
}

pub fn insert_closure_for_new(
    conn: &mut DbConn,
    tenant: i64,
    id: i64,
    parent: Option<i64>,
) -> AppResult<()> {
    let mut rows: Vec<(i64, i64)> = vec![(id, 0)];
    if let Some(p) = parent {
        let above: Vec<(i64, i32)> = unit_closure::table
            .filter(unit_closure::tenant_id.eq(tenant))
            .filter(unit_closure::descendant_id.eq(p))
            .select((unit_closure::ancestor_id, unit_closure::distance))
            .load(conn)?;
        rows.extend(above.into_iter().map(|(a, d)| (a, i64::from(d) + 1)));
    }
    let values: Vec<_> = rows
        .into_iter()
        .map(|(a, d)| {
            (
                unit_closure::tenant_id.eq(tenant),
                unit_closure::ancestor_id.eq(a),
                unit_closure::descendant_id.eq(id),
                unit_closure::distance.eq(d as i32),
            )
        })
        .collect();
    crate::per_backend!(conn, |c| diesel::insert_into(unit_closure::table)
        .values(&values)
        .execute(c))?;
    Ok(())
}

fn active_members_below(conn: &mut DbConn, row: &UnitRow) -> AppResult<i64> {
    let ids = unit_closure::table
        .filter(unit_closure::tenant_id.eq(row.tenant_id))
        .filter(unit_closure::ancestor_id.eq(row.id))
        .select(unit_closure::descendant_id);
    Ok(members::table
        .filter(members::tenant_id.eq(row.tenant_id))
        .filter(members::home_unit_id.eq_any(ids))
        .filter(members::status.eq(ACTIVE))
        .count()
        .get_result(conn)?)
}

fn open_children(conn: &mut DbConn, row: &UnitRow, on: NaiveDate) -> AppResult<i64> {
    Ok(units::table
        .filter(units::tenant_id.eq(row.tenant_id))
        .filter(units::parent_id.eq(row.id))
        .filter(units::valid_to.is_null().or(units::valid_to.gt(on)))
        .count()
        .get_result(conn)?)
}

/// Renames, recodes, sets flags or end-dates a unit.
pub fn update(
    conn: &mut DbConn,
    scope: &Scope,
    id: UnitId,
    if_match: super::IfMatch,
    patch: UnitUpdate,
) -> AppResult<Unit> {
    let row = visible_row(conn, scope, id)?;
    super::check_version(if_match, row.version)?;
    let before = to_dto(conn, &row)?;
    let name = match &patch.name {
        Some(n) => tidy_unit_name(n)?,
        None => row.name.clone(),
    };
    let code = match &patch.code {
        Some(c) => tidy_code(Some(c))?,
        None => row.code.clone(),
    };
    let flags = patch.flags.unwrap_or_else(|| row.flags());
    let valid_to = match patch.valid_to {
        Some(end) => {
            if row.is_province_root() {
                return Err(AppError::field(
                    "valid_to",
                    "not_allowed",
                    "Không thể kết thúc Đảng bộ tỉnh.",
                ));
            }
            if end < row.valid_from {
                return Err(AppError::field(
                    "valid_to",
                    "before_valid_from",
                    "Ngày kết thúc không được trước ngày thành lập.",
                ));
            }
            if active_members_below(conn, &row)? > 0 || open_children(conn, &row, end)? > 0 {
                return Err(AppError::new(ErrorCode::UnitNotEmpty));
            }
            Some(end)
        }
        None => row.valid_to,
    };
    diesel::update(
        units::table
            .filter(units::tenant_id.eq(row.tenant_id))
            .filter(units::id.eq(row.id)),
    )
    .set((
        units::name.eq(&name),
        units::code.eq(&code),
        units::acts_as_upper_grassroots.eq(flags.acts_as_upper_grassroots),
        units::granted_upper_grassroots_powers.eq(flags.granted_upper_grassroots_powers),
        units::admission_authority_delegated.eq(flags.admission_authority_delegated),
        units::has_branch_committee.eq(flags.has_branch_committee),
        units::has_standing_committee.eq(flags.has_standing_committee),
        units::has_inspection_commission.eq(flags.has_inspection_commission),
        units::valid_to.eq(valid_to),
        units::version.eq(row.version + 1),
        units::updated_at.eq(Utc::now().naive_utc()),
    ))
    .execute(conn)
    .map_err(map_unique)?;
    if row.parent_id.is_none() && !row.is_province_root() && patch.name.is_some() {
        diesel::update(tenants::table.filter(tenants::id.eq(row.tenant_id)))
            .set(tenants::name.eq(&name))
            .execute(conn)?;
    }
    let after_row = find_row(conn, id, Some(row.tenant()))?;
    let after = to_dto(conn, &after_row)?;
    audit::record(
        conn,
        &[AuditEntry::new(
            row.tenant(),
            scope.actor(),
            scope.ctx(),
            if patch.valid_to.is_some() {
                "unit.end_date"
            } else {
                "unit.update"
            },
            "unit",
            Some(row.id),
            serde_json::json!({ "before": before, "after": &after }),
        )
        .unit(row.id)],
    )?;
    Ok(after)
}

/// Moves a unit and its subtree under another parent of the same tenant.
pub fn move_unit(
    conn: &mut DbConn,
    scope: &Scope,
    id: UnitId,
    if_match: super::IfMatch,
    body: UnitMove,
) -> AppResult<Unit> {
    let today = Utc::now().date_naive();
    let row = visible_row(conn, scope, id)?;
    super::check_version(if_match, row.version)?;
    let new_parent = visible_row(conn, scope, body.parent_id)?;
    if row.parent_id.is_none() || new_parent.tenant_id != row.tenant_id {
        // Tenant roots stay under the province; a unit never changes tenant by a move.
        return Err(AppError::new(ErrorCode::InvalidParent)
            .detail("Chỉ chuyển được trong cùng một đảng bộ trực thuộc tỉnh."));
    }
    if new_parent.ended(today) {
        return Err(AppError::new(ErrorCode::UnitEnded));
    }
    let subtree: Vec<(i64, i32)> = unit_closure::table
        .filter(unit_closure::tenant_id.eq(row.tenant_id))
        .filter(unit_closure::ancestor_id.eq(row.id))
        .select((unit_closure::descendant_id, unit_closure::distance))
        .load(conn)?;
    let subtree_ids: Vec<i64> = subtree.iter().map(|(d, _)| *d).collect();
    if subtree_ids.contains(&new_parent.id) {
        return Err(AppError::new(ErrorCode::MoveIntoOwnSubtree));
    }
    if !new_parent.org_type()?.may_contain(row.org_type()?) {
        return Err(AppError::new(ErrorCode::InvalidParent));
    }
    let before = to_dto(conn, &row)?;
    if row.parent_id != Some(new_parent.id) {
        // Cut the subtree from its old ancestors, then hang it under the new ones.
        diesel::delete(
            unit_closure::table
                .filter(unit_closure::tenant_id.eq(row.tenant_id))
                .filter(unit_closure::descendant_id.eq_any(&subtree_ids))
                .filter(unit_closure::ancestor_id.ne_all(&subtree_ids)),
        )
        .execute(conn)?;
        let above: Vec<(i64, i32)> = unit_closure::table
            .filter(unit_closure::tenant_id.eq(row.tenant_id))
            .filter(unit_closure::descendant_id.eq(new_parent.id))
            .select((unit_closure::ancestor_id, unit_closure::distance))
            .load(conn)?;
        let mut values = Vec::with_capacity(above.len() * subtree.len());
        for (a, da) in &above {
            for (d, dd) in &subtree {
                values.push((
                    unit_closure::tenant_id.eq(row.tenant_id),
                    unit_closure::ancestor_id.eq(*a),
                    unit_closure::descendant_id.eq(*d),
                    unit_closure::distance.eq(da + dd + 1),
                ));
            }
        }
        for chunk in values.chunks(1000) {
            crate::per_backend!(conn, |c| diesel::insert_into(unit_closure::table)
                .values(chunk)
                .execute(c))?;
        }
        let shift = new_parent.depth + 1 - row.depth;
        diesel::update(
            units::table
                .filter(units::tenant_id.eq(row.tenant_id))
                .filter(units::id.eq_any(&subtree_ids)),
        )
        .set(units::depth.eq(units::depth + shift))
        .execute(conn)?;
    }
    diesel::update(
        units::table
            .filter(units::tenant_id.eq(row.tenant_id))
            .filter(units::id.eq(row.id)),
    )
    .set((
        units::parent_id.eq(Some(new_parent.id)),
        units::version.eq(row.version + 1),
        units::updated_at.eq(Utc::now().naive_utc()),
    ))
    .execute(conn)?;
    let after_row = find_row(conn, id, Some(row.tenant()))?;
    let after = to_dto(conn, &after_row)?;
    audit::record(
        conn,
        &[AuditEntry::new(
            row.tenant(),
            scope.actor(),
            scope.ctx(),
            "unit.move",
            "unit",
            Some(row.id),
            serde_json::json!({ "before": before, "after": &after }),
        )
        .unit(row.id)],
    )?;
    Ok(after)
}

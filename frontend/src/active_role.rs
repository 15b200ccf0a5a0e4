//! The "active role": which of the user's role assignments the app works as. It decides
//! where the organisation tree starts and which sections the navigation offers; the
//! server still answers each request with all of the user's roles.

use crate::app::use_me;
use rasoat_shared::access::{Action, Role, grantable_by, role_grants};
use rasoat_shared::api::auth::{Me, RoleGrant};
use yew::prelude::*;

const STORAGE_KEY: &str = "rasoat.active_role";

/// The chosen assignment id, shared by the header and the pages.
pub type ActiveRoleContext = UseStateHandle<Option<i64>>;

/// The assignment in force: the chosen one while the user still holds it, else the first.
pub fn pick(roles: &[RoleGrant], chosen: Option<i64>) -> Option<&RoleGrant> {
    chosen
        .and_then(|id| roles.iter().find(|g| g.id == id))
        .or_else(|| roles.first())
}

/// Whether the active role grants `action` (the shared permission matrix).
pub fn may_as(active: Option<&RoleGrant>, action: Action) -> bool {
    active.is_some_and(|g| role_grants(g.role, action))
}

/// The roles the active role may hand out, in the order of the shared list.
pub fn grantable_roles(active: Option<&RoleGrant>) -> Vec<Role> {
    match active {
        Some(g) => Role::ALL
            .into_iter()
            .filter(|r| grantable_by(g.role, *r))
            .collect(),
        None => Vec::new(),
    }
}

/// "Bí thư chi bộ · Chi bộ Bản Phủ".
pub fn label(g: &RoleGrant) -> String {
    format!("{} · {}", g.role.label_vi(), g.unit_name)
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The choice remembered in this browser, if any.
pub fn load() -> Option<i64> {
    storage()?
        .get_item(STORAGE_KEY)
        .ok()
        .flatten()?
        .parse()
        .ok()
}

pub fn save(id: i64) {
    if let Some(s) = storage() {
        // A full or disabled storage only loses the preference.
        let _ = s.set_item(STORAGE_KEY, &id.to_string());
    }
}

/// The active assignment of the signed-in user.
#[hook]
pub fn use_active_role() -> Option<RoleGrant> {
    let me = use_me();
    let chosen = use_context::<ActiveRoleContext>().and_then(|c| *c);
    active_of(me.as_deref(), chosen)
}

pub fn active_of(me: Option<&Me>, chosen: Option<i64>) -> Option<RoleGrant> {
    me.and_then(|m| pick(&m.roles, chosen).cloned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rasoat_shared::{TenantId, UnitId};

    fn grant(id: i64, role: Role) -> RoleGrant {
        RoleGrant {
            id,
            role,
            unit_id: UnitId(id * 10),
            unit_name: format!("Đơn vị {id}"),
            tenant_id: TenantId(1),
            valid_from: chrono::NaiveDate::default(),
            valid_to: None,
        }
    }

    #[test]
    fn the_chosen_role_while_held_else_the_first() {
        let roles = vec![
            grant(1, Role::BranchSecretary),
            grant(2, Role::UpperCommitteeStaff),
        ];
        assert_eq!(pick(&roles, Some(2)).map(|g| g.id), Some(2));
        assert_eq!(
            pick(&roles, Some(9)).map(|g| g.id),
            Some(1),
            "revoked since"
        );
        assert_eq!(pick(&roles, None).map(|g| g.id), Some(1));
        assert_eq!(pick(&[], Some(1)), None);
    }

    #[test]
    fn sections_follow_the_active_role() {
        let secretary = grant(1, Role::BranchSecretary);
        let staff = grant(2, Role::UpperCommitteeStaff);
        assert!(!may_as(Some(&secretary), Action::ManageUsers));
        assert!(may_as(Some(&staff), Action::ManageUsers));
        assert!(!may_as(None, Action::ViewUnits));
    }

    #[test]
    fn only_an_administrator_hands_out_administration() {
        let staff = grant(2, Role::UpperCommitteeStaff);
        let admin = grant(3, Role::SystemAdmin);
        let by_staff = grantable_roles(Some(&staff));
        assert!(by_staff.contains(&Role::BranchSecretary));
        assert!(!by_staff.contains(&Role::SystemAdmin));
        assert!(!by_staff.contains(&Role::Auditor));
        assert!(grantable_roles(Some(&admin)).contains(&Role::Auditor));
        assert!(grantable_roles(Some(&grant(4, Role::BranchSecretary))).is_empty());
        assert_eq!(
            label(&staff),
            "Cán bộ Ban Tổ chức / Ban Xây dựng Đảng cấp trên cơ sở · Đơn vị 2"
        );
    }
}

//! The role the user works as, chosen in the header (`#role-switcher`) and remembered in
//! this browser.

use crate::active_role::{self, ActiveRoleContext};
use crate::app::Route;
use rasoat_shared::api::auth::RoleGrant;
use web_sys::HtmlSelectElement;
use yew::prelude::*;
use yew_router::prelude::*;

#[derive(Properties, PartialEq)]
pub struct RoleSwitcherProps {
    pub roles: Vec<RoleGrant>,
}

#[component]
pub fn RoleSwitcher(props: &RoleSwitcherProps) -> Html {
    let chosen = use_context::<ActiveRoleContext>();
    let navigator = use_navigator();
    let route = use_route::<Route>();
    let active = active_role::pick(&props.roles, chosen.as_ref().and_then(|c| **c)).map(|g| g.id);

    let onchange = {
        let chosen = chosen.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            let Ok(id) = value.parse::<i64>() else { return };
            active_role::save(id);
            if let Some(c) = &chosen {
                c.set(Some(id));
            }
            // The tree starts at the new role's unit.
            if let (Some(Route::Home | Route::Unit { .. }), Some(nav)) = (&route, &navigator) {
                nav.push(&Route::Home);
            }
        })
    };

    html! {
        <div class="role-switcher">
            <label for="role-switcher">{ "Làm việc với vai trò" }</label>
            <select id="role-switcher" {onchange}>
                { for props.roles.iter().map(|g| {
                    let selected = Some(g.id) == active;
                    html! {
                        <option value={g.id.to_string()} {selected} title={g.role.label_en()}>
                            { active_role::label(g) }
                        </option>
                    }
                }) }
            </select>
        </div>
    }
}

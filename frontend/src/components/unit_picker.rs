//! A drop-down list of the units under one unit (the active role's), indented by depth.

use crate::api;
use crate::components::status::ErrorNotice;
use crate::fetch::{FetchState, use_fetch};
use rasoat_shared::UnitId;
use rasoat_shared::api::units::UnitNode;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct UnitPickerProps {
    pub id: AttrValue,
    pub label: AttrValue,
    /// The top of the list (the unit where the active role is held).
    pub root: UnitId,
    pub value: Option<UnitId>,
    pub onchange: Callback<Option<UnitId>>,
    #[prop_or_default]
    pub invalid: bool,
    /// The id of the element that describes a problem with the choice.
    #[prop_or_default]
    pub describedby: Option<AttrValue>,
    /// Offer "any unit" (for a filter) rather than requiring a choice.
    #[prop_or_default]
    pub any: Option<AttrValue>,
}

/// A unit's name, indented under its parent.
pub fn option_label(node: &UnitNode, top_depth: u32) -> String {
    let indent = node.depth.saturating_sub(top_depth) as usize;
    let ended = if node.valid_to.is_some() {
        " (đã kết thúc)"
    } else {
        ""
    };
    format!("{}{}{ended}", "\u{a0}\u{a0}".repeat(indent), node.name)
}

#[component]
pub fn UnitPicker(props: &UnitPickerProps) -> Html {
    let reload = use_state(|| 0u32);
    let units = use_fetch((props.root, *reload), |(root, _)| api::unit_subtree(root));
    let onchange = {
        let cb = props.onchange.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            cb.emit(value.parse::<i64>().ok().map(UnitId));
        })
    };
    let retry = {
        let reload = reload.clone();
        Callback::from(move |_: MouseEvent| reload.set(reload.wrapping_add(1)))
    };
    let body = match &*units {
        FetchState::Failed(e) => html! { <ErrorNotice error={e.clone()} retry={Some(retry)} /> },
        FetchState::NotFetching | FetchState::Fetching => html! {
            <select id={props.id.clone()} disabled=true aria-busy="true">
                <option>{ "Đang tải danh sách tổ chức…" }</option>
            </select>
        },
        FetchState::Success(list) => {
            let top = list.items.iter().map(|n| n.depth).min().unwrap_or(0);
            html! {
                <select id={props.id.clone()} {onchange}
                        aria-invalid={props.invalid.to_string()}
                        aria-describedby={props.describedby.clone()}>
                    <option value="" selected={props.value.is_none()}>
                        { props.any.clone().unwrap_or(AttrValue::Static("— Chọn tổ chức —")) }
                    </option>
                    { for list.items.iter().map(|n| html! {
                        <option value={n.id.0.to_string()} selected={props.value == Some(n.id)}>
                            { option_label(n, top) }
                        </option>
                    }) }
                </select>
            }
        }
    };
    html! {
        <div class="field">
            <label for={props.id.clone()}>{ props.label.clone() }</label>
            { body }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rasoat_shared::TenantId;
    use rasoat_shared::org::OrgType;

    #[test]
    fn children_are_indented_under_the_top() {
        let node = UnitNode {
            id: UnitId(3),
            tenant_id: TenantId(1),
            parent_id: Some(UnitId(2)),
            name: "Chi bộ Bản Phủ".into(),
            org_type: OrgType::ALL[0],
            valid_to: None,
            depth: 4,
            child_count: 0,
            member_count: 0,
        };
        assert_eq!(option_label(&node, 4), "Chi bộ Bản Phủ");
        assert_eq!(
            option_label(&node, 2),
            "\u{a0}\u{a0}\u{a0}\u{a0}Chi bộ Bản Phủ"
        );
    }
}

//! Kết nối hệ thống: the provincial systems that read Rà soát (`/service-clients`), their
//! registration with a secret shown once, rotation and revocation after a confirmation.

use crate::active_role::{may_as, use_active_role};
use crate::api::{self, ApiError};
use crate::components::field_error::FieldError;
use crate::components::one_time_secret::OneTimeSecret;
use crate::components::status::{ErrorNotice, Loading, NotAllowed};
use crate::components::unit_picker::UnitPicker;
use crate::dom;
use crate::fetch::{FetchState, use_fetch};
use crate::format;
use crate::pages::audit::{action_label, outcome_label};
use rasoat_shared::UnitId;
use rasoat_shared::access::{Action, ClientScope};
use rasoat_shared::api::audit::AuditQuery;
use rasoat_shared::api::clients::{ServiceClient, ServiceClientCreate, ServiceClientSecret};
use std::collections::BTreeSet;
use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// A scope's checkbox id: `scope-members-read`.
pub fn scope_input_id(s: ClientScope) -> String {
    format!("scope-{}", s.code().replace(':', "-"))
}

/// Calls listed under a client when the user opens them.
const RECENT_CALLS: u32 = 20;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Op {
    Rotate,
    Revoke,
}

#[component]
pub fn ClientsPage() -> Html {
    dom::use_title("Kết nối hệ thống".to_string());
    let active = use_active_role();
    let allowed = may_as(active.as_ref(), Action::ManageServiceClients);
    let reload = use_state(|| 0u32);
    let list = use_fetch((allowed, *reload), |(allowed, _)| async move {
        if allowed {
            api::service_clients().await.map(Some)
        } else {
            Ok(None)
        }
    });
    // The secret of the last creation or rotation, shown once.
    let secret = use_state(|| None::<ServiceClientSecret>);
    let refresh = {
        let reload = reload.clone();
        Callback::from(move |()| reload.set(reload.wrapping_add(1)))
    };
    let got_secret = {
        let (secret, refresh) = (secret.clone(), refresh.clone());
        Callback::from(move |s: ServiceClientSecret| {
            secret.set(Some(s));
            refresh.emit(());
            dom::focus_id("client-secret-box");
        })
    };
    let retry = {
        let refresh = refresh.clone();
        Callback::from(move |_: MouseEvent| refresh.emit(()))
    };
    let heading = html! {
        <h1>{ "Kết nối hệ thống" }<span class="en" lang="en">{ "Service clients" }</span></h1>
    };
    let (Some(root), true) = (active.as_ref().map(|g| g.unit_id), allowed) else {
        return html! {
            <>
                { heading }
                <NotAllowed what="quản lý kết nối của các hệ thống khác" />
            </>
        };
    };
    html! {
        <>
            { heading }
            <p class="muted">
                { "Các hệ thống của tỉnh đọc dữ liệu Rà soát bằng OAuth 2.0 (client credentials), trong phạm vi tổ chức và quyền được cấp." }
            </p>
            if let Some(s) = &*secret {
                <div id="client-secret-box" tabindex="-1">
                    <OneTimeSecret id="client-secret"
                        title={format!("Khóa bí mật của “{}” (client_id: {}):", s.client.name, s.client.client_id)}
                        value={s.client_secret.clone()}
                        advice="Hãy sao chép vào cấu hình của hệ thống kia ngay bây giờ; Rà soát chỉ lưu bản băm." />
                </div>
            }
            <section aria-labelledby="clients-heading">
                <h2 id="clients-heading">{ "Các kết nối đã đăng ký" }</h2>
                {
                    match &*list {
                        FetchState::NotFetching | FetchState::Fetching => html! { <Loading /> },
                        FetchState::Failed(e) => html! { <ErrorNotice error={e.clone()} retry={Some(retry)} /> },
                        FetchState::Success(l) => match l.as_ref() {
                            Some(l) if !l.items.is_empty() => html! {
                                <ClientTable items={l.items.clone()} onsecret={got_secret.clone()} onchanged={refresh.clone()} />
                            },
                            _ => html! { <p class="notice" id="clients-empty">{ "Chưa có hệ thống nào được đăng ký." }</p> },
                        },
                    }
                }
            </section>
            <CreateClient {root} onsecret={got_secret} />
        </>
    }
}

#[derive(Properties, PartialEq)]
struct ClientTableProps {
    items: Vec<ServiceClient>,
    onsecret: Callback<ServiceClientSecret>,
    onchanged: Callback<()>,
}

#[component]
fn ClientTable(props: &ClientTableProps) -> Html {
    let confirming = use_state(|| None::<(i64, Op)>);
    // The clients whose recent calls are open (each loads only when opened).
    let calls_open = use_state(BTreeSet::<i64>::new);
    let toggle_calls = |id: i64| {
        let calls_open = calls_open.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = (*calls_open).clone();
            if !next.remove(&id) {
                next.insert(id);
            }
            calls_open.set(next);
        })
    };
    let busy = use_state(|| false);
    let error = use_state(|| None::<ApiError>);
    let ask = |id: i64, op: Op| {
        let (confirming, error) = (confirming.clone(), error.clone());
        Callback::from(move |_: MouseEvent| {
            error.set(None);
            confirming.set(Some((id, op)));
        })
    };
    let cancel = {
        let confirming = confirming.clone();
        Callback::from(move |_: MouseEvent| confirming.set(None))
    };
    let confirm = {
        let (confirming, busy, error) = (confirming.clone(), busy.clone(), error.clone());
        let (onsecret, onchanged) = (props.onsecret.clone(), props.onchanged.clone());
        Callback::from(move |_: MouseEvent| {
            let Some((id, op)) = *confirming else { return };
            if *busy {
                return;
            }
            busy.set(true);
            let (confirming, busy, error) = (confirming.clone(), busy.clone(), error.clone());
            let (onsecret, onchanged) = (onsecret.clone(), onchanged.clone());
            spawn_local(async move {
                let result = match op {
                    Op::Rotate => api::rotate_service_client(id).await.map(Some),
                    Op::Revoke => api::revoke_service_client(id).await.map(|_| None),
                };
                busy.set(false);
                confirming.set(None);
                match result {
                    Ok(Some(s)) => onsecret.emit(s),
                    Ok(None) => onchanged.emit(()),
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    html! {
        <>
            if let Some(e) = &*error {
                <ErrorNotice error={e.clone()} />
            }
            <table class="member-table admin-table" id="clients-table">
                <thead>
                    <tr>
                        <th scope="col">{ "Tên hệ thống" }</th>
                        <th scope="col">{ "Đơn vị" }</th>
                        <th scope="col">{ "Quyền (scope)" }</th>
                        <th scope="col">{ "Ngày tạo" }</th>
                        <th scope="col">{ "Dùng lần cuối" }</th>
                        <th scope="col">{ "Trạng thái" }</th>
                        <th scope="col">{ "Thao tác" }</th>
                    </tr>
                </thead>
                { for props.items.iter().map(|c| {
                        let pending = confirming.filter(|(id, _)| *id == c.id).map(|(_, op)| op);
                        let open = calls_open.contains(&c.id);
                        let calls_id = format!("client-calls-{}", c.id);
                        html! {
                            // One body per client: its row, and its calls when opened.
                            <tbody key={c.id}>
                            <tr class="client-row" data-client={c.id.to_string()}>
                                <th scope="row" class="name">
                                    { &c.name }
                                    <span class="muted client-id">{ " · " }<code>{ &c.client_id }</code></span>
                                </th>
                                <td data-label="Đơn vị">{ &c.unit_name }</td>
                                <td data-label="Quyền">
                                    <ul class="plain-list">
                                        { for c.scopes.iter().map(|s| html! {
                                            <li><code>{ s.code() }</code>{ " — " }{ s.label_vi() }</li>
                                        }) }
                                    </ul>
                                </td>
                                <td data-label="Ngày tạo">{ format::date_time(c.created_at) }</td>
                                <td data-label="Dùng lần cuối">
                                    { c.last_used_at.map(format::date_time).unwrap_or_else(|| "Chưa dùng".to_string()) }
                                </td>
                                <td data-label="Trạng thái">
                                    { match c.revoked_at {
                                        Some(at) => html! { <span class="badge warning">{ format!("Đã thu hồi {}", format::date_time(at)) }</span> },
                                        None => html! { <span class="badge">{ "Đang hoạt động" }</span> },
                                    } }
                                </td>
                                <td data-label="Thao tác" class="row-actions">
                                    <button type="button" class="secondary client-calls-toggle"
                                            aria-expanded={open.to_string()} aria-controls={calls_id.clone()}
                                            aria-label={format!("Lượt gọi gần đây của {}", c.name)}
                                            onclick={toggle_calls(c.id)}>
                                        { if open { "Ẩn lượt gọi" } else { "Lượt gọi gần đây" } }
                                    </button>
                                    if c.revoked_at.is_none() {
                                        { match pending {
                                            None => html! {
                                                <>
                                                    <button type="button" class="secondary rotate-client"
                                                            aria-label={format!("Đổi khóa bí mật của {}", c.name)}
                                                            onclick={ask(c.id, Op::Rotate)} disabled={*busy}>
                                                        { "Đổi khóa bí mật" }
                                                    </button>
                                                    <button type="button" class="secondary revoke-client"
                                                            aria-label={format!("Thu hồi kết nối {}", c.name)}
                                                            onclick={ask(c.id, Op::Revoke)} disabled={*busy}>
                                                        { "Thu hồi" }
                                                    </button>
                                                </>
                                            },
                                            Some(op) => html! {
                                                <div class="confirm" role="group" aria-label="Xác nhận">
                                                    <p>{ match op {
                                                        Op::Rotate => "Khóa cũ sẽ ngừng hoạt động ngay. Đổi khóa?",
                                                        Op::Revoke => "Hệ thống này sẽ không truy cập được nữa. Thu hồi?",
                                                    } }</p>
                                                    <button type="button" class="primary confirm-action"
                                                            onclick={confirm.clone()} disabled={*busy} aria-busy={busy.to_string()}>
                                                        { match (op, *busy) {
                                                            (_, true) => "Đang thực hiện…",
                                                            (Op::Rotate, false) => "Xác nhận đổi khóa",
                                                            (Op::Revoke, false) => "Xác nhận thu hồi",
                                                        } }
                                                    </button>
                                                    <button type="button" class="secondary cancel-action"
                                                            onclick={cancel.clone()} disabled={*busy}>
                                                        { "Hủy" }
                                                    </button>
                                                </div>
                                            },
                                        } }
                                    }
                                </td>
                            </tr>
                            if open {
                                <tr class="client-calls-row">
                                    <td colspan="7" id={calls_id}>
                                        <ClientCalls id={c.id} name={c.name.clone()} />
                                    </td>
                                </tr>
                            }
                            </tbody>
                        }
                    }) }
            </table>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct ClientCallsProps {
    id: i64,
    name: String,
}

/// A client's recent calls, from the audit log (`GET /audit?client=`), newest first.
#[component]
fn ClientCalls(props: &ClientCallsProps) -> Html {
    let reload = use_state(|| 0u32);
    let calls = use_fetch((props.id, *reload), |(id, _)| async move {
        api::audit(&AuditQuery {
            client: Some(id),
            limit: Some(RECENT_CALLS),
            ..AuditQuery::default()
        })
        .await
    });
    let retry = {
        let reload = reload.clone();
        Callback::from(move |_: MouseEvent| reload.set(reload.wrapping_add(1)))
    };
    let heading_id = format!("client-calls-heading-{}", props.id);
    let body = match &*calls {
        FetchState::NotFetching | FetchState::Fetching => {
            html! { <Loading label="Đang tải các lượt gọi…" /> }
        }
        FetchState::Failed(e) => html! { <ErrorNotice error={e.clone()} retry={Some(retry)} /> },
        FetchState::Success(page) if page.items.is_empty() => html! {
            <p class="notice client-calls-empty">{ "Hệ thống này chưa gọi lần nào." }</p>
        },
        FetchState::Success(page) => html! {
            <ul class="plain-list client-calls">
                { for page.items.iter().map(|r| {
                    let (outcome, bad) = outcome_label(&r.outcome);
                    let object = match r.object_id {
                        Some(id) => format!("{} #{id}", r.object_type),
                        None => r.object_type.clone(),
                    };
                    html! {
                        <li key={r.id} class="client-call" data-action={r.action.clone()}>
                            <time datetime={r.at.to_rfc3339()}>{ format::date_time(r.at) }</time>
                            { " · " }
                            <span class="call-action">{ action_label(&r.action).unwrap_or(r.action.as_str()) }</span>
                            { " · " }<code>{ object }</code>{ " · " }
                            <span class={classes!("badge", bad.then_some("warning"))}>{ outcome }</span>
                            if let Some(ip) = &r.client_ip {
                                <span class="muted">{ " · IP " }{ ip }</span>
                            }
                        </li>
                    }
                }) }
            </ul>
        },
    };
    html! {
        <section class="client-calls-box" aria-labelledby={heading_id.clone()}>
            <h3 id={heading_id}>{ format!("Lượt gọi gần đây của {}", props.name) }</h3>
            { body }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct CreateClientProps {
    root: UnitId,
    onsecret: Callback<ServiceClientSecret>,
}

#[derive(Debug, Clone, Default, PartialEq)]
struct ClientProblems {
    name: Vec<String>,
    unit: Vec<String>,
    scopes: Vec<String>,
}

impl ClientProblems {
    fn is_empty(&self) -> bool {
        self.name.is_empty() && self.unit.is_empty() && self.scopes.is_empty()
    }
}

#[component]
fn CreateClient(props: &CreateClientProps) -> Html {
    let name = use_node_ref();
    let unit = use_state(|| None::<UnitId>);
    let scopes = use_state(BTreeSet::<ClientScope>::new);
    let busy = use_state(|| false);
    let problems = use_state(ClientProblems::default);
    let error = use_state(|| None::<ApiError>);
    let onunit = {
        let unit = unit.clone();
        Callback::from(move |u: Option<UnitId>| unit.set(u))
    };
    let toggle = |s: ClientScope| {
        let scopes = scopes.clone();
        Callback::from(move |e: Event| {
            let on = e.target_unchecked_into::<HtmlInputElement>().checked();
            let mut next = (*scopes).clone();
            if on {
                next.insert(s);
            } else {
                next.remove(&s);
            }
            scopes.set(next);
        })
    };
    let onsubmit = {
        let (name, unit, scopes) = (name.clone(), unit.clone(), scopes.clone());
        let (busy, problems, error) = (busy.clone(), problems.clone(), error.clone());
        let onsecret = props.onsecret.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let text = name
                .cast::<HtmlInputElement>()
                .map(|i| i.value().trim().to_string())
                .unwrap_or_default();
            let mut found = ClientProblems::default();
            if text.is_empty() {
                found.name.push("Hãy nhập tên hệ thống.".into());
            }
            if unit.is_none() {
                found
                    .unit
                    .push("Hãy chọn tổ chức mà hệ thống được đọc.".into());
            }
            if scopes.is_empty() {
                found.scopes.push("Hãy chọn ít nhất một quyền.".into());
            }
            error.set(None);
            let (Some(unit_id), true) = (*unit, found.is_empty()) else {
                problems.set(found);
                return;
            };
            problems.set(ClientProblems::default());
            busy.set(true);
            let req = ServiceClientCreate {
                name: text,
                unit_id,
                scopes: scopes.iter().copied().collect(),
            };
            let (busy, problems, error, onsecret) = (
                busy.clone(),
                problems.clone(),
                error.clone(),
                onsecret.clone(),
            );
            let name = name.clone();
            spawn_local(async move {
                let result = api::create_service_client(&req).await;
                busy.set(false);
                match result {
                    Ok(s) => {
                        if let Some(i) = name.cast::<HtmlInputElement>() {
                            i.set_value("");
                        }
                        onsecret.emit(s);
                    }
                    Err(e) => {
                        let by_field = ClientProblems {
                            name: e.field_messages("name"),
                            unit: e.field_messages("unit_id"),
                            scopes: e.field_messages("scopes"),
                        };
                        if by_field.is_empty() {
                            error.set(Some(e));
                        }
                        problems.set(by_field);
                    }
                }
            });
        })
    };
    let p = &*problems;
    html! {
        <section class="admin-form" aria-labelledby="client-create-heading">
            <h2 id="client-create-heading">{ "Đăng ký hệ thống mới" }</h2>
            <form class="stack-form" {onsubmit} novalidate=true>
                <div class="field">
                    <label for="client-name">{ "Tên hệ thống" }</label>
                    <input id="client-name" type="text" ref={name} autocomplete="off" required=true
                           aria-invalid={(!p.name.is_empty()).to_string()}
                           aria-describedby="client-name-error" />
                    <FieldError id="client-name-error" messages={p.name.clone()} />
                </div>
                <UnitPicker id="client-unit" label="Được đọc dữ liệu của tổ chức" root={props.root}
                            value={*unit} onchange={onunit} invalid={!p.unit.is_empty()}
                            describedby={Some(AttrValue::Static("client-unit-error"))} />
                <FieldError id="client-unit-error" messages={p.unit.clone()} />
                <fieldset class="checkboxes" aria-describedby="client-scopes-error">
                    <legend>{ "Quyền (scope)" }</legend>
                    { for ClientScope::ALL.iter().map(|s| {
                        let id = scope_input_id(*s);
                        html! {
                            <div class="checkbox">
                                <input type="checkbox" id={id.clone()} name="scope" value={s.code()}
                                       checked={scopes.contains(s)} onchange={toggle(*s)} />
                                <label for={id}><code>{ s.code() }</code>{ " — " }{ s.label_vi() }</label>
                            </div>
                        }
                    }) }
                </fieldset>
                <FieldError id="client-scopes-error" messages={p.scopes.clone()} />
                if let Some(e) = &*error {
                    <ErrorNotice error={e.clone()} />
                }
                <button id="client-create-submit" type="submit" class="primary"
                        disabled={*busy} aria-busy={busy.to_string()}>
                    { if *busy { "Đang đăng ký…" } else { "Đăng ký" } }
                </button>
            </form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_boxes_have_distinct_ids() {
        let ids: BTreeSet<String> = ClientScope::ALL
            .iter()
            .map(|s| scope_input_id(*s))
            .collect();
        assert_eq!(ids.len(), ClientScope::ALL.len());
        assert!(ids.contains("scope-members-read"));
    }
}

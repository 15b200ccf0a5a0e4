//! Nhật ký truy cập: `GET /audit`, newest first, filtered by `AuditQuery`, with "load more"
//! over the keyset cursor.

use crate::active_role::{may_as, use_active_role};
use crate::api::{self, ApiError};
use crate::components::status::{ErrorNotice, Loading, NotAllowed};
use crate::dom;
use crate::fetch::{FetchState, use_fetch};
use crate::format;
use crate::pages::user::parse_date;
use rasoat_shared::access::Action;
use rasoat_shared::api::audit::{AuditQuery, AuditRecord};
use rasoat_shared::{TenantId, UserId};
use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlInputElement;
use yew::prelude::*;

const PAGE_SIZE: u32 = 50;

/// The actions the server records, in Vietnamese (an unknown one shows its code).
pub fn action_label(code: &str) -> Option<&'static str> {
    Some(match code {
        "auth.login" => "Đăng nhập",
        "auth.logout" => "Đăng xuất",
        "auth.password_change" => "Đổi mật khẩu",
        "auth.refresh_reuse" => "Dùng lại phiên đăng nhập cũ (bị chặn)",
        "oauth.token" => "Hệ thống khác xin mã truy cập",
        "events.read" => "Đọc dòng thay đổi dữ liệu",
        "import.check" => "Chạy thử nhập dữ liệu",
        "import.create" => "Nhập dữ liệu từ tệp",
        "member.read" => "Xem hồ sơ đảng viên",
        "member.list" => "Xem danh sách đảng viên",
        "member.create" => "Thêm đảng viên",
        "member.update" => "Sửa hồ sơ đảng viên",
        "unit.create" => "Thêm tổ chức đảng",
        "unit.update" => "Sửa tổ chức đảng",
        "unit.move" => "Chuyển tổ chức đảng",
        "unit.end_date" => "Kết thúc tổ chức đảng",
        "user.create" => "Tạo tài khoản",
        "user.update" => "Sửa tài khoản",
        "user.password_reset" => "Đặt lại mật khẩu",
        "role.grant" => "Cấp vai trò",
        "role.revoke" => "Thu hồi vai trò",
        "service_client.create" => "Đăng ký hệ thống kết nối",
        "service_client.rotate" => "Đổi khóa hệ thống kết nối",
        "service_client.revoke" => "Thu hồi hệ thống kết nối",
        _ => return None,
    })
}

pub fn outcome_label(outcome: &str) -> (String, bool) {
    match outcome {
        "ok" => ("Thành công".into(), false),
        "denied" => ("Bị từ chối".into(), true),
        "error" | "failed" => ("Lỗi".into(), true),
        other => (other.to_string(), false),
    }
}

/// The chain an entry belongs to: the province level or one organisation under it.
pub fn chain_label(t: TenantId) -> String {
    if t == TenantId::PROVINCE {
        "Cấp tỉnh".to_string()
    } else {
        format!("Đảng bộ trực thuộc (mã {})", t.0)
    }
}

fn text(node: &NodeRef) -> Option<String> {
    let v = node.cast::<HtmlInputElement>()?.value().trim().to_string();
    (!v.is_empty()).then_some(v)
}

#[component]
pub fn AuditPage() -> Html {
    dom::use_title("Nhật ký truy cập".to_string());
    let active = use_active_role();
    let allowed = may_as(active.as_ref(), Action::ViewAudit);
    let filters = use_state(AuditQuery::default);
    let reload = use_state(|| 0u32);
    let invalid = use_state(Vec::<&'static str>::new);
    let tenant = use_node_ref();
    let (action, object_type, object_id, actor, from, to) = (
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
    );
    let onsubmit = {
        let (filters, reload, invalid) = (filters.clone(), reload.clone(), invalid.clone());
        let refs = (
            action.clone(),
            object_type.clone(),
            object_id.clone(),
            actor.clone(),
            from.clone(),
            to.clone(),
        );
        let tenant = tenant.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (action, object_type, object_id, actor, from, to) = &refs;
            let mut bad = Vec::new();
            let object_id = match text(object_id).map(|v| v.parse::<i64>()) {
                Some(Ok(n)) => Some(n),
                Some(Err(_)) => {
                    bad.push("audit-object-id");
                    None
                }
                None => None,
            };
            let actor = match text(actor).map(|v| v.parse::<i64>()) {
                Some(Ok(n)) => Some(UserId(n)),
                Some(Err(_)) => {
                    bad.push("audit-actor");
                    None
                }
                None => None,
            };
            let date = |n: &NodeRef, id: &'static str, bad: &mut Vec<&'static str>| {
                parse_date(&text(n).unwrap_or_default()).unwrap_or_else(|()| {
                    bad.push(id);
                    None
                })
            };
            let tenant = match text(&tenant).map(|v| v.parse::<i64>()) {
                Some(Ok(n)) if n >= 0 => Some(TenantId(n)),
                Some(_) => {
                    bad.push("audit-tenant");
                    None
                }
                None => None,
            };
            let from = date(from, "audit-from", &mut bad);
            let to = date(to, "audit-to", &mut bad);
            if !bad.is_empty() {
                invalid.set(bad);
                return;
            }
            invalid.set(Vec::new());
            filters.set(AuditQuery {
                action: text(action),
                object_type: text(object_type),
                object_id,
                actor,
                tenant,
                from,
                to,
                ..AuditQuery::default()
            });
            reload.set(reload.wrapping_add(1));
        })
    };
    let heading = html! {
        <h1>{ "Nhật ký truy cập" }<span class="en" lang="en">{ "Audit log" }</span></h1>
    };
    if !allowed {
        return html! {
            <>
                { heading }
                <NotAllowed what="xem nhật ký truy cập" />
            </>
        };
    }
    let field = |id: &'static str,
                 label: &'static str,
                 node: &NodeRef,
                 kind: &'static str,
                 hint: Option<&'static str>| {
        let is_bad = invalid.contains(&id);
        html! {
            <div class="field">
                <label for={id}>{ label }</label>
                <input {id} type={kind} ref={node.clone()} autocomplete="off"
                       inputmode={(kind == "text" && hint.is_some()).then_some("numeric")}
                       aria-invalid={is_bad.to_string()} />
                if let Some(h) = hint {
                    <p class="hint">{ h }</p>
                }
                if is_bad {
                    <p class="field-error">{ "Giá trị không hợp lệ." }</p>
                }
            </div>
        }
    };
    html! {
        <>
            { heading }
            <details class="filters no-print" open=true>
                <summary>{ "Lọc nhật ký" }</summary>
                <form {onsubmit} novalidate=true>
                    <div class="filter-grid">
                        { field("audit-action", "Hành động (mã)", &action, "text", None) }
                        { field("audit-object-type", "Loại đối tượng", &object_type, "text", None) }
                        { field("audit-object-id", "Mã đối tượng", &object_id, "text", Some("Số")) }
                        { field("audit-actor", "Mã người thực hiện", &actor, "text", Some("Số")) }
                        { field("audit-from", "Từ ngày", &from, "date", None) }
                        { field("audit-to", "Đến ngày", &to, "date", None) }
                        { field("audit-tenant", "Mã chuỗi nhật ký", &tenant, "text", Some("Số; 0 là cấp tỉnh")) }
                    </div>
                    <p class="hint">{ "Ví dụ hành động: auth.login, member.read, role.grant. Ngày tính theo giờ UTC." }</p>
                    <button type="submit" id="audit-filter-submit" class="primary">{ "Lọc" }</button>
                </form>
            </details>
            <AuditResults key={format!("{:?}/{}", *filters, *reload)} query={(*filters).clone()} />
        </>
    }
}

#[derive(Properties, PartialEq)]
struct AuditResultsProps {
    query: AuditQuery,
}

/// The first page of one query and any pages loaded after it.
#[component]
fn AuditResults(props: &AuditResultsProps) -> Html {
    let retry_count = use_state(|| 0u32);
    let first = use_fetch((props.query.clone(), *retry_count), |(q, _)| async move {
        api::audit(&AuditQuery {
            limit: Some(PAGE_SIZE),
            ..q
        })
        .await
    });
    // Pages after the first: their rows and the cursor after them.
    let more = use_state(Vec::<AuditRecord>::new);
    let next = use_state(|| None::<Option<String>>);
    let busy = use_state(|| false);
    let error = use_state(|| None::<ApiError>);
    let cursor = match (&*next, first.data()) {
        (Some(c), _) => c.clone(),
        (None, Some(p)) => p.next_cursor.clone(),
        (None, None) => None,
    };
    let load_more = {
        let (more, next, busy, error) = (more.clone(), next.clone(), busy.clone(), error.clone());
        let (query, cursor) = (props.query.clone(), cursor.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(c) = cursor.clone() else { return };
            if *busy {
                return;
            }
            busy.set(true);
            error.set(None);
            let q = AuditQuery {
                limit: Some(PAGE_SIZE),
                cursor: Some(c),
                ..query.clone()
            };
            let (more, next, busy, error) =
                (more.clone(), next.clone(), busy.clone(), error.clone());
            spawn_local(async move {
                let result = api::audit(&q).await;
                busy.set(false);
                match result {
                    Ok(page) => {
                        let mut rows = (*more).clone();
                        rows.extend(page.items);
                        more.set(rows);
                        next.set(Some(page.next_cursor));
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    let retry = {
        let retry_count = retry_count.clone();
        Callback::from(move |_: MouseEvent| retry_count.set(retry_count.wrapping_add(1)))
    };
    let body = match &*first {
        FetchState::NotFetching | FetchState::Fetching => html! { <Loading /> },
        FetchState::Failed(e) => html! { <ErrorNotice error={e.clone()} retry={Some(retry)} /> },
        FetchState::Success(p) if p.items.is_empty() => html! {
            <p class="notice" id="audit-empty">{ "Không có mục nhật ký nào phù hợp." }</p>
        },
        FetchState::Success(p) => {
            let rows: Vec<&AuditRecord> = p.items.iter().chain(more.iter()).collect();
            html! {
                <>
                    <p class="results-status" role="status">{ format!("Đang xem {} mục, mới nhất trước.", format::count(rows.len() as u64)) }</p>
                    <AuditTable rows={rows.into_iter().cloned().collect::<Vec<_>>()} />
                    if let Some(e) = &*error {
                        <ErrorNotice error={e.clone()} />
                    }
                    if cursor.is_some() {
                        <p class="pager no-print">
                            <button type="button" id="audit-more" class="secondary"
                                    onclick={load_more} disabled={*busy} aria-busy={busy.to_string()}>
                                { if *busy { "Đang tải…" } else { "Tải thêm" } }
                            </button>
                        </p>
                    } else {
                        <p class="muted" id="audit-end">{ "Đã hết nhật ký." }</p>
                    }
                </>
            }
        }
    };
    html! {
        <section aria-labelledby="audit-heading">
            <h2 id="audit-heading">{ "Các mục nhật ký" }</h2>
            { body }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct AuditTableProps {
    rows: Vec<AuditRecord>,
}

#[component]
fn AuditTable(props: &AuditTableProps) -> Html {
    html! {
        <table class="member-table admin-table" id="audit-table">
            <thead>
                <tr>
                    <th scope="col">{ "Thời gian" }</th>
                    <th scope="col">{ "Người thực hiện" }</th>
                    <th scope="col">{ "Hành động" }</th>
                    <th scope="col">{ "Đối tượng" }</th>
                    <th scope="col">{ "Đơn vị" }</th>
                    <th scope="col">{ "Địa chỉ" }</th>
                    <th scope="col">{ "Kết quả" }</th>
                </tr>
            </thead>
            <tbody>
                { for props.rows.iter().map(|r| {
                    let (outcome, warn) = outcome_label(&r.outcome);
                    let actor = match (&r.actor_name, r.actor_user_id) {
                        (Some(n), _) => n.clone(),
                        (None, Some(id)) => format!("Tài khoản #{id}"),
                        (None, None) => format::DASH.to_string(),
                    };
                    html! {
                        <tr key={r.id} class="audit-row">
                            <th scope="row" class="name">{ format::date_time(r.at) }</th>
                            <td data-label="Người thực hiện">{ actor }</td>
                            <td data-label="Hành động">
                                { action_label(&r.action).unwrap_or_default() }
                                <code class="muted">{ format!(" {}", r.action) }</code>
                            </td>
                            <td data-label="Đối tượng">
                                { match r.object_id {
                                    Some(id) => format!("{} #{id}", r.object_type),
                                    None => r.object_type.clone(),
                                } }
                            </td>
                            <td data-label="Đơn vị">
                                { r.unit_name.clone().unwrap_or_else(|| chain_label(r.tenant_id)) }
                            </td>
                            <td data-label="Địa chỉ">{ format::opt_text(r.client_ip.as_deref()) }</td>
                            <td data-label="Kết quả">
                                <span class={classes!("badge", warn.then_some("warning"))}>{ outcome }</span>
                            </td>
                        </tr>
                    }
                }) }
            </tbody>
        </table>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_of_the_log() {
        assert_eq!(action_label("auth.login"), Some("Đăng nhập"));
        assert_eq!(action_label("x.y"), None);
        assert_eq!(outcome_label("denied"), ("Bị từ chối".to_string(), true));
        assert_eq!(chain_label(TenantId::PROVINCE), "Cấp tỉnh");
    }
}

//! Loading and error messages, announced to screen readers.

use crate::api::ApiError;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LoadingProps {
    #[prop_or_default]
    pub label: Option<AttrValue>,
}

/// "Đang tải…", in a polite live region.
#[component]
pub fn Loading(props: &LoadingProps) -> Html {
    let label = props
        .label
        .clone()
        .unwrap_or(AttrValue::Static("Đang tải…"));
    html! {
        <p class="loading" role="status" aria-live="polite">
            <span class="spinner" aria-hidden="true"></span>
            { label }
        </p>
    }
}

#[derive(Properties, PartialEq)]
pub struct ErrorNoticeProps {
    pub error: ApiError,
    /// Offers "Thử lại" when given.
    #[prop_or_default]
    pub retry: Option<Callback<MouseEvent>>,
    #[prop_or_default]
    pub id: Option<AttrValue>,
}

/// The Vietnamese message of an error (English beneath, smaller), in an alert region.
#[component]
pub fn ErrorNotice(props: &ErrorNoticeProps) -> Html {
    let e = &props.error;
    html! {
        <div class="error" role="alert" id={props.id.clone()}>
            <p class="error-message">{ e.message_vi() }</p>
            <p class="en" lang="en">{ e.message_en() }</p>
            if let Some(rid) = e.request_id() {
                <p class="request-id">{ "Mã yêu cầu: " }<code>{ rid }</code></p>
            }
            if let Some(retry) = &props.retry {
                <button type="button" class="secondary" onclick={retry.clone()}>{ "Thử lại" }</button>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct NotAllowedProps {
    /// What the page is for, e.g. "quản lý tài khoản".
    pub what: AttrValue,
}

/// The active role does not grant this page; another of the user's roles may.
#[component]
pub fn NotAllowed(props: &NotAllowedProps) -> Html {
    html! {
        <p class="notice warning" id="not-allowed">
            { format!("Vai trò đang chọn không có quyền {}. Nếu bạn có vai trò khác, hãy chọn ở ô “Làm việc với vai trò” phía trên.", props.what) }
        </p>
    }
}

//! A password or secret the server shows once: the value, how to hand it over, and the
//! warning that it cannot be shown again.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct OneTimeSecretProps {
    /// The id of the element that holds the value alone (`temporary-password`, `client-secret`).
    pub id: AttrValue,
    pub title: AttrValue,
    pub value: AttrValue,
    /// What to do with it, in Vietnamese.
    pub advice: AttrValue,
}

#[component]
pub fn OneTimeSecret(props: &OneTimeSecretProps) -> Html {
    html! {
        <div class="notice warning one-time-secret" role="status">
            <p class="secret-title"><strong>{ props.title.clone() }</strong></p>
            <p><code id={props.id.clone()} class="secret">{ props.value.clone() }</code></p>
            <p>
                <strong>{ "Chỉ hiển thị một lần. " }</strong>
                { props.advice.clone() }
            </p>
            <p class="en" lang="en">{ "Shown only once: it is not stored and cannot be shown again." }</p>
        </div>
    }
}

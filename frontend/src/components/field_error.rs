//! The problems with one form field, tied to the field by `aria-describedby`.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FieldErrorProps {
    /// The id the field names in `aria-describedby`.
    pub id: AttrValue,
    pub messages: Vec<String>,
}

#[component]
pub fn FieldError(props: &FieldErrorProps) -> Html {
    html! {
        <div id={props.id.clone()} class="field-error" aria-live="polite">
            { for props.messages.iter().map(|m| html! { <p>{ m }</p> }) }
        </div>
    }
}

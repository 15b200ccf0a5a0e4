//! A case document laid out as the Party prints it (DOMAIN.md §11, Hướng dẫn 36-HD/VPTW):
//! A4 portrait, Times New Roman, the issuer block top left, the national-party line top
//! right, the heading centred, the signature block bottom right and the recipients bottom
//! left. The print stylesheet hides the application around it.
//!
//! Ids: `document-page`, `doc-superior`, `doc-issuer`, `doc-number`, `doc-party`,
//! `doc-place-date`, `doc-heading`, `doc-subject`, `doc-body`, `doc-signature`,
//! `doc-signer-name`, `doc-recipients`, `document-print`.

use crate::api;
use crate::app::Route;
use crate::components::status::{ErrorNotice, Loading};
use crate::dom;
use crate::fetch::{FetchState, use_fetch};
use rasoat_shared::api::cases::CaseDocument;
use yew::prelude::*;
use yew_router::prelude::Link;

#[derive(Properties, PartialEq)]
pub struct DocumentPageProps {
    pub id: i64,
}

#[component]
pub fn DocumentPage(props: &DocumentPageProps) -> Html {
    let reload = use_state(|| 0u32);
    let doc = use_fetch((props.id, *reload), |(id, _)| api::document(id));
    let title = doc
        .data()
        .map(|d| d.kind.label_vi().to_string())
        .unwrap_or_else(|| format!("Văn bản số {}", props.id));
    dom::use_title(title);
    let retry = {
        let reload = reload.clone();
        Callback::from(move |_: MouseEvent| reload.set(reload.wrapping_add(1)))
    };
    match &*doc {
        FetchState::NotFetching | FetchState::Fetching => html! { <Loading /> },
        FetchState::Failed(e) => html! { <ErrorNotice error={e.clone()} retry={Some(retry)} /> },
        FetchState::Success(d) => html! {
            <>
                <p class="no-print document-tools">
                    <Link<Route> to={Route::Case { id: d.case_id }}>{ "← Về hồ sơ" }</Link<Route>>
                    { " " }
                    <button type="button" class="primary" id="document-print"
                            onclick={Callback::from(|_: MouseEvent| dom::print())}>{ "In" }</button>
                </p>
                { sheet(d) }
            </>
        },
    }
}

fn sheet(d: &CaseDocument) -> Html {
    html! {
        <article class="party-document" id="document-page" lang="vi">
            <header class="doc-head">
                <div class="doc-issuer-block">
                    <p id="doc-superior">{ d.superior_name.to_uppercase() }</p>
                    <p class="doc-issuer" id="doc-issuer">{ d.issuer_name.to_uppercase() }</p>
                    <p class="doc-star">{ "*" }</p>
                    if let Some(n) = &d.number {
                        <p id="doc-number">{ format!("Số {n}") }</p>
                    }
                </div>
                <div class="doc-party-block">
                    <p class="doc-party" id="doc-party">{ "ĐẢNG CỘNG SẢN VIỆT NAM" }</p>
                    <p class="doc-place-date" id="doc-place-date">{ &d.place_date }</p>
                </div>
            </header>
            <h1 class="doc-heading" id="doc-heading">{ d.heading.to_uppercase() }</h1>
            <p class="doc-subject" id="doc-subject">{ &d.subject }</p>
            <div class="doc-body" id="doc-body">
                { for d.paragraphs.iter().map(|p| html! { <p>{ p }</p> }) }
            </div>
            <footer class="doc-foot">
                <div class="doc-recipients" id="doc-recipients">
                    if !d.recipients.is_empty() {
                        <p class="doc-recipients-title">{ "Nơi nhận:" }</p>
                        <ul>
                            { for d.recipients.iter().map(|r| html! { <li>{ r }</li> }) }
                        </ul>
                    }
                </div>
                <div class="doc-signature" id="doc-signature">
                    if let Some(b) = &d.on_behalf {
                        <p class="doc-on-behalf">{ b }</p>
                    }
                    <p class="doc-signer-title">{ &d.signer_title }</p>
                    <div class="doc-sign-space" aria-hidden="true"></div>
                    <p class="doc-signer-name" id="doc-signer-name">{ &d.signer_name }</p>
                </div>
            </footer>
        </article>
    }
}

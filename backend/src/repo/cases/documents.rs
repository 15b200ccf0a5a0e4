//! The documents each step of a case produces (DOMAIN.md §11): numbered per issuer,
//! symbol and year, with the layout's parts filled from the case when the step is
//! recorded, so that a document never changes after it is issued.

use super::{CaseAccess, Situation, visible};
use crate::db::DbConn;
use crate::db::schema::case_documents;
use crate::error::{AppError, AppResult};
use crate::repo::field;
use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use rasoat_shared::UnitId;
use rasoat_shared::api::cases::CaseDocument;
use rasoat_shared::cases::document::{
    DocumentKind, SigningCapacity, committee_name, date_line, issuer_abbrev, number_label,
    on_behalf_of, place_from,
};

/// A document to issue.
pub struct Issue {
    pub kind: DocumentKind,
    /// The issuing body's unit (on the case's chain).
    pub issuer: UnitId,
    /// Signed for the standing committee (decisions of an upper level).
    pub standing: bool,
    pub signed_on: NaiveDate,
    /// A number the body gave it outside the system; default the next one.
    pub number: Option<i64>,
    pub subject: String,
    pub paragraphs: Vec<String>,
    pub signer_title: String,
    pub signer_name: String,
    pub recipients: Vec<String>,
}

fn upper(s: &str) -> String {
    s.to_uppercase()
}

/// Writes the document; returns its id. A number the body gave that is already used by
/// the same issuer, symbol and year is refused (422).
pub fn issue(conn: &mut DbConn, sit: &Situation, actor: Option<i64>, doc: Issue) -> AppResult<i64> {
    let t = sit.case.tenant_id;
    let issuer = sit.authority.unit(doc.issuer).ok_or_else(|| {
        AppError::internal(anyhow::anyhow!("issuer {} not on the chain", doc.issuer))
    })?;
    let org_type = issuer.org_type()?;
    // A branch signs as itself; above it the committee signs for its organisation.
    let issuer_name = if org_type.holds_members() {
        issuer.name.clone()
    } else {
        committee_name(&issuer.name)
    };
    let superior = sit
        .authority
        .parent_of(doc.issuer)
        .map(|p| upper(&p.name))
        .unwrap_or_default();
    let place_source = if issuer.is_province_root() {
        issuer.name.clone()
    } else {
        sit.authority
            .tenant_root()
            .map(|u| u.name.clone())
            .unwrap_or_default()
    };
    let place_date = date_line(&place_from(&place_source), doc.signed_on);
    let year = doc.signed_on.year();
    let symbol = doc.kind.symbol();
    let number = match symbol {
        None => None,
        Some(sym) => Some(match doc.number {
            Some(n) => {
                let taken: i64 = case_documents::table
                    .filter(case_documents::tenant_id.eq(t))
                    .filter(case_documents::issuer_unit_id.eq(doc.issuer.0))
                    .filter(case_documents::year.eq(year))
                    .filter(case_documents::symbol.eq(sym))
                    .filter(case_documents::number.eq(n))
                    .count()
                    .get_result(conn)?;
                if taken > 0 || n <= 0 {
                    return Err(AppError::validation(vec![field(
                        "decision.number",
                        "duplicate_number",
                        format!("Số {n} đã được dùng trong năm {year} (hoặc không hợp lệ)."),
                    )]));
                }
                n
            }
            None => {
                let max: Option<i64> = case_documents::table
                    .filter(case_documents::tenant_id.eq(t))
                    .filter(case_documents::issuer_unit_id.eq(doc.issuer.0))
                    .filter(case_documents::year.eq(year))
                    .filter(case_documents::symbol.eq(sym))
                    .select(diesel::dsl::max(case_documents::number))
                    .first(conn)?;
                max.unwrap_or(0) + 1
            }
        }),
    };
    let label = match (number, symbol) {
        (Some(n), Some(sym)) => Some(number_label(n, sym, issuer_abbrev(org_type))),
        _ => None,
    };
    let signing = doc.kind.signing();
    let on_behalf = (signing == SigningCapacity::OnBehalf)
        .then(|| on_behalf_of(org_type, doc.standing).to_string());
    let body = serde_json::to_string(&doc.paragraphs)
        .map_err(|e| AppError::internal(anyhow::Error::from(e)))?;
    let recipients = serde_json::to_string(&doc.recipients)
        .map_err(|e| AppError::internal(anyhow::Error::from(e)))?;
    let id: i64 = diesel::insert_into(case_documents::table)
        .values((
            case_documents::tenant_id.eq(t),
            case_documents::case_id.eq(sit.case.id),
            case_documents::kind.eq(doc.kind.code()),
            case_documents::symbol.eq(symbol),
            case_documents::number.eq(number),
            case_documents::number_label.eq(&label),
            case_documents::year.eq(year),
            case_documents::issuer_unit_id.eq(doc.issuer.0),
            case_documents::issuer_name.eq(upper(&issuer_name)),
            case_documents::superior_name.eq(&superior),
            case_documents::place_date.eq(&place_date),
            case_documents::signed_on.eq(doc.signed_on),
            case_documents::heading.eq(doc.kind.heading()),
            case_documents::subject.eq(&doc.subject),
            case_documents::body.eq(&body),
            case_documents::signing.eq(signing.code()),
            case_documents::on_behalf.eq(&on_behalf),
            case_documents::signer_title.eq(&doc.signer_title),
            case_documents::signer_name.eq(&doc.signer_name),
            case_documents::recipients.eq(&recipients),
            case_documents::created_by.eq(actor),
            case_documents::created_at.eq(Utc::now().naive_utc()),
        ))
        .returning(case_documents::id)
        .get_result(conn)
        .map_err(crate::repo::created_meanwhile)?;
    Ok(id)
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = case_documents)]
struct DocRow {
    id: i64,
    case_id: i64,
    kind: String,
    number_label: Option<String>,
    issuer_unit_id: i64,
    issuer_name: String,
    superior_name: String,
    place_date: String,
    signed_on: NaiveDate,
    heading: String,
    subject: String,
    body: String,
    signing: String,
    on_behalf: Option<String>,
    signer_title: String,
    signer_name: String,
    recipients: String,
    created_at: NaiveDateTime,
}

/// One document, if the caller sees its case (404 otherwise). Returns the case's tenant
/// and branch too, for the audit entry of the read.
pub fn get(
    conn: &mut DbConn,
    acc: &CaseAccess,
    id: i64,
) -> AppResult<(CaseDocument, rasoat_shared::TenantId, UnitId, i64)> {
    let rows: Vec<DocRow> = crate::per_backend!(conn, |c| case_documents::table
        .filter(case_documents::id.eq(id))
        .select(DocRow::as_select())
        .load(c))?;
    let row = rows.into_iter().next().ok_or_else(AppError::not_found)?;
    let (case, _) = visible(conn, acc, row.case_id)?;
    let bad = || AppError::internal(anyhow::anyhow!("document {id} unreadable"));
    let doc = CaseDocument {
        id: row.id,
        case_id: row.case_id,
        kind: DocumentKind::from_code(&row.kind).ok_or_else(bad)?,
        number: row.number_label,
        issuer_unit_id: UnitId(row.issuer_unit_id),
        issuer_name: row.issuer_name,
        superior_name: row.superior_name,
        place_date: row.place_date,
        signed_on: row.signed_on,
        heading: row.heading,
        subject: row.subject,
        paragraphs: serde_json::from_str(&row.body).map_err(|_| bad())?,
        signing: SigningCapacity::from_code(&row.signing).ok_or_else(bad)?,
        on_behalf: row.on_behalf,
        signer_title: row.signer_title,
        signer_name: row.signer_name,
        recipients: serde_json::from_str(&row.recipients).map_err(|_| bad())?,
        created_at: DateTime::from_naive_utc_and_offset(row.created_at, Utc),
    };
    Ok((doc, case.tenant(), UnitId(case.unit_id), case.member_id))
}

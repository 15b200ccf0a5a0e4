//! Error codes shared by the server (RFC 9457 problem+json bodies) and the UI (which shows
//! the Vietnamese message for a code). Codes are stable: integrators match on them.

use serde::{Deserialize, Serialize};

macro_rules! error_codes {
    ($($variant:ident = ($code:literal, $status:literal, $vi:literal, $en:literal)),+ $(,)?) => {
        /// A stable error code. The HTTP status is fixed per code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum ErrorCode { $($variant),+ }

        impl ErrorCode {
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant),+];
            pub fn code(self) -> &'static str { match self { $(ErrorCode::$variant => $code),+ } }
            pub fn from_code(code: &str) -> Option<ErrorCode> {
                match code { $($code => Some(ErrorCode::$variant),)+ _ => None }
            }
            pub fn status(self) -> u16 { match self { $(ErrorCode::$variant => $status),+ } }
            /// What the user reads, in Vietnamese.
            pub fn message_vi(self) -> &'static str { match self { $(ErrorCode::$variant => $vi),+ } }
            pub fn message_en(self) -> &'static str { match self { $(ErrorCode::$variant => $en),+ } }
        }
    };
}

error_codes! {
    BadRequest = ("bad_request", 400, "Yêu cầu không hợp lệ.", "Bad request."),
    MalformedJson = ("malformed_json", 400, "Dữ liệu gửi lên không đúng định dạng JSON.", "The request body is not valid JSON for this operation."),
    UnknownField = ("unknown_field", 400, "Dữ liệu gửi lên có trường không được hỗ trợ.", "The request body has a field this operation does not accept."),
    InvalidQuery = ("invalid_query", 400, "Tham số tìm kiếm hoặc lọc không hợp lệ.", "A query parameter is invalid."),
    InvalidPathParameter = ("invalid_path_parameter", 400, "Mã định danh trong đường dẫn không hợp lệ.", "An identifier in the path is malformed."),
    IdempotencyKeyRequired = ("idempotency_key_required", 400, "Cần gửi kèm khóa chống lặp (Idempotency-Key) khi nhập dữ liệu, để gửi lại không nhập hai lần.", "Send an Idempotency-Key header with an import, so that a retry cannot apply it twice."),
    InvalidCursor = ("invalid_cursor", 400, "Con trỏ phân trang không hợp lệ hoặc đã cũ.", "The pagination cursor is invalid."),
    Unauthenticated = ("unauthenticated", 401, "Bạn cần đăng nhập để tiếp tục.", "Authentication is required."),
    InvalidCredentials = ("invalid_credentials", 401, "Tên đăng nhập hoặc mật khẩu không đúng.", "Wrong user name or password."),
    SessionExpired = ("session_expired", 401, "Phiên đăng nhập đã hết hạn hoặc đã bị thu hồi; vui lòng đăng nhập lại.", "The session has expired or was revoked; sign in again."),
    CsrfRejected = ("csrf_rejected", 403, "Yêu cầu bị từ chối vì thiếu mã chống giả mạo (CSRF).", "The CSRF token is missing or wrong."),
    Forbidden = ("forbidden", 403, "Bạn không có quyền thực hiện thao tác này.", "Your role does not allow this action."),
    NotFound = ("not_found", 404, "Không tìm thấy dữ liệu yêu cầu.", "The resource does not exist or is outside your scope."),
    MethodNotAllowed = ("method_not_allowed", 405, "Phương thức không được hỗ trợ.", "Method not allowed."),
    NotAcceptable = ("not_acceptable", 406, "Định dạng phản hồi yêu cầu không được hỗ trợ.", "Not acceptable."),
    DuplicateNationalId = ("duplicate_national_id", 409, "Số CCCD này đã có trong danh sách đảng viên.", "Another member has this citizen ID number."),
    DuplicatePartyCard = ("duplicate_party_card", 409, "Số thẻ đảng viên này đã được dùng.", "Another member has this Party card number."),
    DuplicateUnitCode = ("duplicate_unit_code", 409, "Mã tổ chức đảng này đã được dùng.", "Another unit has this code."),
    DuplicateUsername = ("duplicate_username", 409, "Tên đăng nhập này đã được dùng.", "This user name is taken."),
    DuplicateGrant = ("duplicate_grant", 409, "Người dùng đã có vai trò này tại tổ chức này trong cùng thời gian.", "The user already holds this role at this unit for an overlapping period."),
    RoundOverlaps = ("round_overlaps", 409, "Tổ chức này đã có một đợt rà soát đang mở trùng thời gian.", "An open review round of this unit covers an overlapping period."),
    RoundClosed = ("round_closed", 409, "Đợt rà soát đã kết thúc; không thể thay đổi.", "The review round is closed."),
    SuggestionDecided = ("suggestion_decided", 409, "Đề xuất này đã được xử lý.", "This suggestion has already been decided."),
    SuggestionsPending = ("suggestions_pending", 409, "Chi bộ còn đề xuất chưa xem xét; hãy xác nhận hoặc bỏ qua từng đề xuất trước.", "The branch still has suggestions to decide."),
    TransitionNotAllowed = ("transition_not_allowed", 409, "Hồ sơ đang ở trạng thái không cho phép bước này; hãy tải lại để xem trạng thái hiện tại.", "The case's state does not allow this act."),
    TransitionRefused = ("transition_refused", 422, "Chưa đủ điều kiện thực hiện bước này; xem chi tiết.", "A condition of this act is not met; see detail."),
    MemberNotActive = ("member_not_active", 422, "Đảng viên không còn sinh hoạt (đã ra khỏi Đảng, từ trần hoặc chuyển đi).", "The member is no longer active."),
    CursorExpired = ("cursor_expired", 410, "Vị trí đọc dòng thay đổi đã quá thời hạn lưu giữ; hãy đồng bộ lại toàn bộ rồi đọc tiếp từ đầu dòng.", "The change-feed cursor is older than the retention period; resynchronise, then read the feed from its start."),
    ImportRejected = ("import_rejected", 422, "Tệp có dòng chưa hợp lệ nên chưa nhập dòng nào; xem lỗi theo từng dòng, từng cột.", "Some rows are invalid, so nothing was applied; see the problems by row and column."),
    IdempotencyKeyReused = ("idempotency_key_reused", 422, "Khóa chống lặp (Idempotency-Key) này đã dùng cho một tệp hoặc yêu cầu khác.", "This Idempotency-Key was used with a different file or request."),
    ImportFormatUnsupported = ("import_format_unsupported", 415, "Chỉ nhận tệp CSV, Excel (XLSX) hoặc JSON.", "Send CSV, XLSX or JSON."),
    PreconditionFailed = ("precondition_failed", 412, "Dữ liệu đã được người khác thay đổi; hãy tải lại rồi sửa.", "The resource changed since you read it (ETag mismatch)."),
    PayloadTooLarge = ("payload_too_large", 413, "Dữ liệu gửi lên quá lớn.", "The request body is too large."),
    UnsupportedMediaType = ("unsupported_media_type", 415, "Cần gửi dữ liệu dạng JSON (Content-Type: application/json).", "Send JSON (Content-Type: application/json)."),
    ValidationFailed = ("validation_failed", 422, "Dữ liệu chưa hợp lệ; xem chi tiết từng trường.", "Some fields are invalid; see errors."),
    InvalidParent = ("invalid_parent", 422, "Tổ chức cấp trên không phù hợp với loại tổ chức này.", "This unit type cannot sit under that parent."),
    MoveIntoOwnSubtree = ("move_into_own_subtree", 422, "Không thể chuyển một tổ chức vào chính tổ chức cấp dưới của nó.", "A unit cannot move under its own descendant."),
    UnitEnded = ("unit_ended", 422, "Tổ chức đảng này đã kết thúc hoạt động.", "The unit has been end-dated."),
    UnitNotEmpty = ("unit_not_empty", 422, "Tổ chức còn đảng viên hoặc tổ chức trực thuộc đang hoạt động.", "The unit still has active members or sub-units."),
    UnitHoldsNoMembers = ("unit_holds_no_members", 422, "Đảng viên chỉ sinh hoạt ở chi bộ hoặc chi bộ cơ sở.", "Members belong to a branch or a grassroots cell."),
    PreconditionRequired = ("precondition_required", 428, "Cần gửi kèm phiên bản (If-Match) khi sửa dữ liệu.", "Send If-Match with the ETag you read."),
    TooManyRequests = ("too_many_requests", 429, "Có quá nhiều lần đăng nhập sai từ máy này; hãy thử lại sau ít phút.", "Too many attempts; retry later."),
    AccountLocked = ("account_locked", 429, "Tài khoản tạm thời bị khóa vì nhập sai mật khẩu nhiều lần; hãy thử lại sau ít phút.", "The account is locked for a while after repeated wrong passwords."),
    Internal = ("internal", 500, "Hệ thống gặp lỗi; hãy thử lại hoặc báo cho quản trị viên kèm mã yêu cầu.", "Internal error; report the request id."),
    ServiceUnavailable = ("service_unavailable", 503, "Hệ thống đang bận; hãy thử lại sau giây lát.", "The service is busy; retry shortly."),
}

/// One problem with one field of a submitted body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    pub field: String,
    pub code: String,
    /// In Vietnamese.
    pub message: String,
}

/// RFC 9457 problem details, with our extension members `code`, `request_id`, `errors`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "type": "urn:rasoat:problem:validation_failed",
    "title": "Dữ liệu chưa hợp lệ; xem chi tiết từng trường.",
    "status": 422,
    "code": "validation_failed",
    "title_en": "Some fields are invalid; see errors.",
    "request_id": "f3ecb555ed516115",
    "errors": [{"field": "date_of_birth", "code": "too_young", "message": "Đảng viên phải đủ 18 tuổi khi vào Đảng."}]
})))]
pub struct Problem {
    /// `urn:rasoat:problem:<code>`
    #[serde(rename = "type")]
    pub type_uri: String,
    /// The Vietnamese message of the code.
    pub title: String,
    pub status: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    pub code: ErrorCode,
    /// The English message of the code.
    pub title_en: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

impl Problem {
    pub fn new(code: ErrorCode) -> Problem {
        Problem {
            type_uri: format!("urn:rasoat:problem:{}", code.code()),
            title: code.message_vi().to_string(),
            status: code.status(),
            detail: None,
            code,
            title_en: code.message_en().to_string(),
            request_id: None,
            errors: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_round_trip() {
        let mut seen = std::collections::HashSet::new();
        for c in ErrorCode::ALL {
            assert!(seen.insert(c.code()), "duplicate {}", c.code());
            assert_eq!(ErrorCode::from_code(c.code()), Some(*c));
            assert_eq!(
                serde_json::to_value(c).ok(),
                Some(serde_json::json!(c.code()))
            );
            assert!((400..600).contains(&c.status()));
            assert!(!c.message_vi().is_empty() && !c.message_en().is_empty());
        }
    }
}

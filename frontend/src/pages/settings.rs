//! Các quy định cấu hình được: the rules the domain specification leaves to the province
//! ([M]: remembered, to be confirmed; [?]: open) as the server applies them
//! (`GET /settings`), read-only, each explained in Vietnamese.

use crate::api;
use crate::components::status::{ErrorNotice, Loading};
use crate::dom;
use crate::fetch::{FetchState, use_fetch};
use rasoat_shared::settings::{AbsenceWindow, RuleSettings, UnratedYear};
use yew::prelude::*;

/// How sure the rule is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    /// [M]: from memory of the documents; to be confirmed with the Organisation Commission.
    Remembered,
    /// [?]: the documents leave it open; the province decides.
    Open,
    /// Stated by the documents; a setting so that it can follow a new one.
    Stated,
}

impl Tag {
    pub fn label_vi(self) -> &'static str {
        match self {
            Tag::Remembered => "[M] cần xác nhận với Ban Tổ chức",
            Tag::Open => "[?] văn bản chưa quy định rõ; tỉnh quyết định",
            Tag::Stated => "Theo văn bản",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct SettingRow {
    pub key: &'static str,
    pub label: &'static str,
    pub value: String,
    pub explanation: &'static str,
    pub tag: Tag,
}

/// Every setting with its value in words.
pub fn rows(s: &RuleSettings) -> Vec<SettingRow> {
    let bands = s
        .age_bands()
        .iter()
        .map(|b| b.label())
        .collect::<Vec<_>>()
        .join("; ");
    vec![
        SettingRow {
            key: "age_band_upper_bounds",
            label: "Nhóm tuổi trong thống kê",
            value: format!("{bands} tuổi"),
            explanation: "Các nhóm tuổi (tính tròn năm tại ngày báo cáo) dùng trong thống kê và bộ lọc danh sách đảng viên; nhóm cuối không có giới hạn trên.",
            tag: Tag::Remembered,
        },
        SettingRow {
            key: "party_card_digits",
            label: "Độ dài số thẻ đảng viên",
            value: format!(
                "{} đến {} chữ số",
                s.party_card_min_digits, s.party_card_max_digits
            ),
            explanation: "Số thẻ đảng viên chỉ gồm chữ số, độ dài trong khoảng này; số khác bị từ chối khi nhập.",
            tag: Tag::Open,
        },
        SettingRow {
            key: "min_admission_age",
            label: "Tuổi tối thiểu khi kết nạp",
            value: format!("{} tuổi", s.min_admission_age),
            explanation: "Điều lệ Đảng quy định đủ 18 tuổi; để thành cấu hình vì dữ liệu cũ có thể theo quy ước khác.",
            tag: Tag::Remembered,
        },
        SettingRow {
            key: "absence_threshold_months",
            label: "Số tháng bỏ sinh hoạt, không đóng đảng phí (B1, B2)",
            value: format!("{} tháng", s.absence_threshold_months),
            explanation: "Đảng viên bỏ sinh hoạt chi bộ hoặc không đóng đảng phí từng ấy tháng trong năm không có lý do chính đáng thì phần mềm đề xuất xem xét xóa tên (Điều lệ Đảng, Điều 8: ba tháng).",
            tag: Tag::Stated,
        },
        SettingRow {
            key: "absence_window",
            label: "“Trong năm” nghĩa là",
            value: match s.absence_window {
                AbsenceWindow::CalendarYear => "Năm dương lịch (tháng 1 đến tháng 12)".into(),
                AbsenceWindow::Rolling12Months => "Bất kỳ 12 tháng liên tiếp".into(),
            },
            explanation: "Cách đếm “ba tháng trong năm” của tiêu chí B1, B2.",
            tag: Tag::Open,
        },
        SettingRow {
            key: "absence_months_consecutive",
            label: "Các tháng phải liên tiếp",
            value: if s.absence_months_consecutive {
                "Có: phải liên tiếp (tháng chi bộ không họp không tính và không làm đứt)".into()
            } else {
                "Không: cộng dồn trong năm".into()
            },
            explanation: "Ba tháng bỏ sinh hoạt hoặc không đóng đảng phí phải liền nhau, hay chỉ cần cộng lại đủ ba tháng.",
            tag: Tag::Open,
        },
        SettingRow {
            key: "a1_unrated_year",
            label: "Năm không xếp loại với tiêu chí A1",
            value: match s.a1_unrated_year {
                UnratedYear::BreaksSequence => "Làm đứt “hai năm liền”".into(),
                UnratedYear::Skipped => {
                    "Bỏ qua: hai lần Không hoàn thành liền nhau vẫn tính".into()
                }
            },
            explanation: "Một năm đảng viên không được xếp loại (miễn sinh hoạt, đình chỉ, mới kết nạp) có làm gián đoạn “hai năm liền không hoàn thành nhiệm vụ” hay không.",
            tag: Tag::Open,
        },
        SettingRow {
            key: "discipline_reset_on_new_violation",
            label: "Vi phạm mới trong thời gian kỷ luật",
            value: if s.discipline_reset_on_new_violation {
                "Tính lại thời hạn từ ngày vi phạm mới".into()
            } else {
                "Giữ nguyên thời hạn".into()
            },
            explanation: "Khi đảng viên đang chịu kỷ luật lại vi phạm, thời hạn chấp hành kỷ luật có được tính lại từ ngày vi phạm mới hay không.",
            tag: Tag::Open,
        },
        SettingRow {
            key: "discipline_effect_months",
            label: "Thời hạn chấp hành kỷ luật",
            value: format!("{} tháng kể từ ngày công bố", s.discipline_effect_months),
            explanation: "Sau thời hạn này quyết định kỷ luật (trừ khai trừ) tự chấm dứt hiệu lực (Quy định 69-QĐ/TW, Điều 2 khoản 5: 12 tháng).",
            tag: Tag::Stated,
        },
        SettingRow {
            key: "excellent_quota_pct_before_366",
            label: "Tỷ lệ Hoàn thành xuất sắc trước Quy định 366",
            value: format!(
                "{} % số Hoàn thành tốt nhiệm vụ",
                s.excellent_quota_pct_before_366
            ),
            explanation: "Tỷ lệ tối đa đảng viên Hoàn thành xuất sắc nhiệm vụ khi xếp loại theo Quy định 124, 132. Theo Quy định 366 là 20 %, hoặc 25 % với đơn vị có thành tích nổi trội, như văn bản quy định.",
            tag: Tag::Remembered,
        },
    ]
}

#[component]
pub fn SettingsPage() -> Html {
    dom::use_title("Quy định cấu hình".to_string());
    let reload = use_state(|| 0u32);
    let settings = use_fetch(*reload, |_| api::settings());
    let retry = {
        let reload = reload.clone();
        Callback::from(move |_: MouseEvent| reload.set(reload.wrapping_add(1)))
    };
    html! {
        <>
            <h1>{ "Quy định cấu hình" }<span class="en" lang="en">{ "Rule settings" }</span></h1>
            <p class="muted">
                { "Những quy định văn bản chưa nêu rõ hoặc cần xác nhận được để thành cấu hình, không cố định trong phần mềm. Trang này chỉ để xem; quản trị hệ thống thay đổi trong cơ sở dữ liệu (bảng settings)." }
            </p>
            { match &*settings {
                FetchState::NotFetching | FetchState::Fetching => html! { <Loading /> },
                FetchState::Failed(e) => html! { <ErrorNotice error={e.clone()} retry={Some(retry)} /> },
                FetchState::Success(s) => html! {
                    <dl class="settings-list" id="settings-list">
                        { for rows(s).into_iter().map(|r| html! {
                            <div class="setting" id={format!("setting-{}", r.key)}>
                                <dt>{ r.label }</dt>
                                <dd class="setting-value">{ r.value }</dd>
                                <dd class="setting-explanation">{ r.explanation }</dd>
                                <dd class={classes!("setting-tag", (r.tag != Tag::Stated).then_some("uncertain"))}>{ r.tag.label_vi() }</dd>
                            </div>
                        }) }
                    </dl>
                },
            } }
        </>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_setting_is_explained_with_its_value() {
        let r = rows(&RuleSettings::default());
        assert_eq!(r.len(), 10);
        assert_eq!(r[0].value, "≤ 30; 31–40; 41–50; 51–60; ≥ 61 tuổi");
        assert_eq!(r[1].value, "8 đến 12 chữ số");
        assert!(r.iter().all(|x| !x.explanation.is_empty()));
        let open: Vec<&str> = r
            .iter()
            .filter(|x| x.tag == Tag::Open)
            .map(|x| x.key)
            .collect();
        assert!(open.contains(&"absence_window") && open.contains(&"a1_unrated_year"));
    }
}

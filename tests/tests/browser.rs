//! The real UI in headless Chromium: sign in, search "nguyen van", open a result with
//! diacritics, and check that a tenant user cannot open another tenant's member by
//! editing the URL. Also that the API docs page works without the internet.

// Test code: a failed expectation should stop the test loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use fantoccini::Locator;
use rasoat_tests::browser::Browser;
use rasoat_tests::{Backend, DEMO_PASSWORD, TestApp};

#[tokio::test]
async fn sign_in_search_open_and_stay_in_scope() {
    let app = TestApp::demo(Backend::Sqlite);
    // Another tenant's member.
    let foreign = app.member_of_tenant("Mường Lay").await;

    let b = Browser::start().await;
    let c = &b.client;
    c.goto(&format!("{}/login", app.url)).await.unwrap();
    b.wait_for("#username")
        .await
        .send_keys("btc.dienbienphu")
        .await
        .unwrap();
    b.wait_for("#password")
        .await
        .send_keys(DEMO_PASSWORD)
        .await
        .unwrap();
    b.wait_for("#login-submit").await.click().await.unwrap();

    // The start page is the tenant's tree, with member counts.
    b.wait_for_text("nav#breadcrumb", "Điện Biên Phủ").await;
    b.wait_for("li.unit-node").await;

    // Search by name without diacritics.
    c.goto(&format!("{}/members", app.url)).await.unwrap();
    b.wait_for("#member-search")
        .await
        .send_keys("nguyen van")
        .await
        .unwrap();
    // The list shows everyone first; wait until the debounced search has replaced it.
    let started = std::time::Instant::now();
    let (link, name) = loop {
        let link = b.wait_for("a.member-link").await;
        let name = link.text().await.unwrap_or_default();
        if name.starts_with("Nguyễn Văn") {
            break (link, name);
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(15),
            "the first result never became a Nguyễn Văn (last: {name})"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    link.click().await.unwrap();
    b.wait_for_text("#member-name", &name).await;

    // Editing the URL to another tenant's member shows "not found", not the record.
    c.goto(&format!("{}/members/{foreign}", app.url))
        .await
        .unwrap();
    b.wait_for("#not-found").await;
    assert!(
        c.find(Locator::Css("#member-name")).await.is_err(),
        "no record rendered"
    );

    // The API documentation renders offline (no CDN).
    c.goto(&format!("{}/api/v1/docs/", app.url)).await.unwrap();
    b.wait_for(".opblock").await;
    b.close().await;
}

/// Sign-in errors in Vietnamese (wrong password, locked account), a branch secretary who
/// sees their branch and nothing of the neighbouring one — not in the tree, not by URL, not
/// in a search — and sign-out, after which the pages ask for a sign-in again.
#[tokio::test]
async fn a_branch_secretary_sees_only_their_branch_and_signs_out() {
    let app = TestApp::demo(Backend::Sqlite);
    let prov = app.login("btc.tinh").await;
    let secretary = app.login("bithu.chibo").await;
    let me = secretary.get("/api/v1/me").await.json();
    let branch = me["roles"][0]["unit_id"].as_i64().unwrap();
    let branch_name = me["roles"][0]["unit_name"].as_str().unwrap().to_string();
    let crumbs = prov
        .get(&format!("/api/v1/units/{branch}/ancestors"))
        .await
        .json();
    let parent = crumbs["items"]
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .nth(1)
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let kids = prov
        .get(&format!("/api/v1/units/{parent}/children"))
        .await
        .json();
    let sibling = kids["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["id"].as_i64() != Some(branch) && u["org_type"] == "branch")
        .unwrap();
    let (sibling_id, sibling_name) = (
        sibling["id"].as_i64().unwrap(),
        sibling["name"].as_str().unwrap().to_string(),
    );
    // A neighbour whose name matches nobody the secretary may see: the API as the secretary
    // finds nothing under that name, while the province finds them.
    let neighbours = prov
        .get(&format!("/api/v1/members?unit={sibling_id}&limit=50"))
        .await
        .json();
    let mut neighbour = None;
    for m in neighbours["items"].as_array().unwrap() {
        let name = m["full_name"].as_str().unwrap().to_string();
        let q = urlencode(&name);
        let seen = secretary
            .get(&format!("/api/v1/members?q={q}"))
            .await
            .json();
        if seen["items"].as_array().unwrap().is_empty() {
            neighbour = Some((m["id"].as_i64().unwrap(), name));
            break;
        }
    }
    let (neighbour_id, neighbour_name) =
        neighbour.expect("a neighbour whose name is unique to the neighbouring branch");
    assert!(
        !prov
            .get(&format!("/api/v1/members?q={}", urlencode(&neighbour_name)))
            .await
            .json()["items"]
            .as_array()
            .unwrap()
            .is_empty(),
        "the province finds the neighbour by name"
    );
    // Another account, locked by five wrong passwords over the API.
    for _ in 0..5 {
        app.client()
            .post(
                "/api/v1/auth/login",
                &serde_json::json!({"username": "giupdo.chibo", "password": "sai-mat-khau"}),
            )
            .await;
    }

    let b = Browser::start().await;
    let c = &b.client;
    c.goto(&format!("{}/login", app.url)).await.unwrap();
    let sign_in = |username: &'static str, password: &'static str| {
        let b = &b;
        async move {
            let u = b.wait_for("#username").await;
            u.clear().await.unwrap();
            u.send_keys(username).await.unwrap();
            let p = b.wait_for("#password").await;
            p.clear().await.unwrap();
            p.send_keys(password).await.unwrap();
            b.wait_for("#login-submit").await.click().await.unwrap();
        }
    };

    // A wrong password, then a locked account: each says so in Vietnamese.
    sign_in("bithu.chibo", "khong-dung-mat-khau").await;
    b.wait_for_text("#login-error", "Tên đăng nhập hoặc mật khẩu không đúng")
        .await;
    sign_in("giupdo.chibo", DEMO_PASSWORD).await;
    b.wait_for_text("#login-error", "Tài khoản tạm thời bị khóa")
        .await;

    // The secretary's start page is their branch.
    sign_in("bithu.chibo", DEMO_PASSWORD).await;
    b.wait_for_text("#unit-name", &branch_name).await;
    let page = c.source().await.unwrap();
    assert!(
        !page.contains(&sibling_name),
        "the neighbouring branch {sibling_name} appears on the secretary's start page"
    );

    // The neighbouring branch and its member by URL: "not found", as for a missing id.
    c.goto(&format!("{}/units/{sibling_id}", app.url))
        .await
        .unwrap();
    b.wait_for("#not-found").await;
    assert!(c.find(Locator::Css("#unit-name")).await.is_err());
    c.goto(&format!("{}/members/{neighbour_id}", app.url))
        .await
        .unwrap();
    b.wait_for("#not-found").await;
    assert!(c.find(Locator::Css("#member-name")).await.is_err());

    // A search by the neighbour's exact name finds nobody.
    c.goto(&format!(
        "{}/members?q={}",
        app.url,
        urlencode(&neighbour_name)
    ))
    .await
    .unwrap();
    b.wait_for_text("#results-status", "Không có đảng viên nào phù hợp")
        .await;

    // Sign out: the sign-in page says so, and the pages ask for a sign-in again.
    c.goto(&format!("{}/members", app.url)).await.unwrap();
    b.wait_for("a.member-link").await;
    b.wait_for("#logout").await.click().await.unwrap();
    b.wait_for_text("#session-notice", "Bạn đã đăng xuất").await;
    c.goto(&format!("{}/members", app.url)).await.unwrap();
    b.wait_for("#username").await;
    assert!(c.find(Locator::Css("a.member-link")).await.is_err());
    b.close().await;
}

/// Percent-encodes every byte but ASCII letters and digits (enough for a query value).
fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// An organisation officer sets up a branch secretary's account on the screens: creates it
/// (one-time password shown once), grants the role at the branch; the new secretary signs
/// in with the one-time password, must choose their own first, and then works in their
/// branch; the officer revokes the role and the account is left with none.
#[tokio::test]
async fn an_officer_sets_up_an_account_and_the_new_secretary_signs_in() {
    let app = TestApp::demo(Backend::Sqlite);
    let staff = app.login("btc.dienbienphu").await;
    let me = app
        .login("bithu.chibo")
        .await
        .get("/api/v1/me")
        .await
        .json();
    let branch = me["roles"][0]["unit_id"].as_i64().unwrap();
    let branch_name = me["roles"][0]["unit_name"].as_str().unwrap().to_string();
    let own_password = "cây gạo đầu bản nở hoa tháng ba";

    let b = Browser::start().await;
    let c = &b.client;
    let sign_in = |username: &'static str, password: String| {
        let b = &b;
        async move {
            b.wait_for("#username")
                .await
                .send_keys(username)
                .await
                .unwrap();
            b.wait_for("#password")
                .await
                .send_keys(&password)
                .await
                .unwrap();
            b.wait_for("#login-submit").await.click().await.unwrap();
        }
    };
    c.goto(&format!("{}/login", app.url)).await.unwrap();
    sign_in("btc.dienbienphu", DEMO_PASSWORD.to_string()).await;
    b.wait_for("#unit-name").await;

    // Create the account.
    c.goto(&format!("{}/users", app.url)).await.unwrap();
    b.wait_for("#users-table").await;
    b.wait_for("#user-create-username")
        .await
        .send_keys("bithu.thunghiem")
        .await
        .unwrap();
    b.wait_for("#user-create-display-name")
        .await
        .send_keys("Lò Thị Thử")
        .await
        .unwrap();
    let unit_option = format!("#user-create-unit option[value='{branch}']");
    b.wait_for(&unit_option).await;
    b.wait_for("#user-create-unit")
        .await
        .select_by_value(&branch.to_string())
        .await
        .unwrap();
    b.wait_for("#user-create-submit")
        .await
        .click()
        .await
        .unwrap();
    let temporary = b
        .wait_for("#temporary-password")
        .await
        .text()
        .await
        .unwrap();
    assert!(temporary.len() >= 10, "a one-time password: {temporary:?}");
    let made = staff.get("/api/v1/users?q=thunghiem").await.json();
    let id = made["items"][0]["id"].as_i64().unwrap();
    assert_eq!(made["items"][0]["must_change_password"], true);

    // Grant the branch secretary's role at the branch.
    c.goto(&format!("{}/users/{id}", app.url)).await.unwrap();
    b.wait_for("#roles-empty").await;
    b.wait_for("#grant-role")
        .await
        .select_by_value("branch_secretary")
        .await
        .unwrap();
    b.wait_for(&format!("#grant-unit option[value='{branch}']"))
        .await;
    b.wait_for("#grant-unit")
        .await
        .select_by_value(&branch.to_string())
        .await
        .unwrap();
    b.wait_for("#grant-submit").await.click().await.unwrap();
    b.wait_for_text("#user-roles", "Bí thư chi bộ").await;
    b.wait_for_text("#user-roles", &branch_name).await;
    b.wait_for("#logout").await.click().await.unwrap();
    b.wait_for_text("#session-notice", "Bạn đã đăng xuất").await;

    // The new secretary: one-time password, then a password of their own, then the branch.
    sign_in("bithu.thunghiem", temporary.clone()).await;
    b.wait_for("#password-current")
        .await
        .send_keys(&temporary)
        .await
        .unwrap();
    b.wait_for("#password-new")
        .await
        .send_keys(own_password)
        .await
        .unwrap();
    b.wait_for("#password-confirm")
        .await
        .send_keys(own_password)
        .await
        .unwrap();
    b.wait_for("#password-submit").await.click().await.unwrap();
    b.wait_for("#password-done").await;
    c.goto(&app.url).await.unwrap();
    b.wait_for_text("#unit-name", &branch_name).await;
    b.wait_for("#logout").await.click().await.unwrap();
    b.wait_for_text("#session-notice", "Bạn đã đăng xuất").await;
    let again = app
        .client()
        .post(
            "/api/v1/auth/login",
            &serde_json::json!({"username": "bithu.thunghiem", "password": own_password}),
        )
        .await;
    assert_eq!(
        again.status, 200,
        "their own password works: {}",
        again.body
    );
    assert_eq!(again.json()["me"]["must_change_password"], false);

    // The officer revokes the role.
    sign_in("btc.dienbienphu", DEMO_PASSWORD.to_string()).await;
    b.wait_for("#unit-name").await;
    c.goto(&format!("{}/users/{id}", app.url)).await.unwrap();
    b.wait_for("button.revoke-grant")
        .await
        .click()
        .await
        .unwrap();
    b.wait_for("#roles-empty").await;
    let after = staff.get(&format!("/api/v1/users/{id}")).await.json();
    assert_eq!(after["roles"], serde_json::json!([]), "{after}");
    b.close().await;
}

/// Issue 4 on the screens: a branch secretary rates the branch for 2025 on the rating sheet
/// (the page refuses a level above the score's band before sending anything), opens a
/// review round over 2025, runs detection, and confirms the suggestion it makes: A1, the
/// member rated "not completed" in 2024 (entered over the API) and in 2025 (on the sheet);
/// then declares the branch done and closes the round. The pages fit a 360 px screen.
#[tokio::test]
async fn a_branch_secretary_rates_opens_a_round_detects_and_confirms() {
    let app = TestApp::demo(Backend::Sqlite);
    let secretary = app.login("bithu.chibo").await;
    let me = secretary.get("/api/v1/me").await.json();
    let branch = me["roles"][0]["unit_id"].as_i64().unwrap();

    // Two members who may be rated in both years.
    let sheet = |year: i32| {
        let secretary = &secretary;
        async move {
            let res = secretary
                .get(&format!("/api/v1/units/{branch}/rating-sheet?year={year}"))
                .await;
            assert_eq!(res.status, 200, "rating sheet {year}: {}", res.body);
            res.json()
        }
    };
    let (s24, s25) = (sheet(2024).await, sheet(2025).await);
    assert_eq!(s24["uses_scores"], false, "2024 is rated under QĐ 124");
    assert_eq!(s25["uses_scores"], true, "2025 is rated under QĐ 366");
    let rateable = |s: &serde_json::Value| -> Vec<i64> {
        s["rows"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["not_rateable"].is_null())
            .map(|r| r["member"]["id"].as_i64().unwrap())
            .collect()
    };
    let in_2024 = rateable(&s24);
    let both: Vec<i64> = rateable(&s25)
        .into_iter()
        .filter(|m| in_2024.contains(m))
        .collect();
    assert!(both.len() >= 2, "two members rateable in 2024 and 2025");
    let (target, other) = (both[0], both[1]);
    let version_2024 = s24["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["member"]["id"] == target)
        .and_then(|r| r["rating"]["version"].as_i64());

    // 2024: not completed, over the API (QĐ 124: the level alone).
    let put = secretary
        .send(
            reqwest::Method::PUT,
            &format!("/api/v1/units/{branch}/rating-sheet"),
            Some(&serde_json::json!({
                "period": {"year": 2024, "period": "year", "quarter": null},
                "entries": [{"member_id": target, "level": "not_completed", "version": version_2024}],
            })),
            &[],
        )
        .await;
    assert_eq!(put.status, 200, "2024 rating: {}", put.body);

    let b = Browser::start().await;
    let c = &b.client;
    c.goto(&format!("{}/login", app.url)).await.unwrap();
    b.wait_for("#username")
        .await
        .send_keys("bithu.chibo")
        .await
        .unwrap();
    b.wait_for("#password")
        .await
        .send_keys(DEMO_PASSWORD)
        .await
        .unwrap();
    b.wait_for("#login-submit").await.click().await.unwrap();
    b.wait_for("#unit-name").await;

    // The branch's page leads to its rating sheet.
    b.wait_for(&format!("a[href='/units/{branch}/ratings']"))
        .await;
    c.goto(&format!("{}/units/{branch}/ratings?year=2025", app.url))
        .await
        .unwrap();
    b.wait_for_text("#rating-regulation", "366-QĐ/TW").await;

    // The band follows the score as it is typed (over the demo's own rating).
    let score = b.wait_for(&format!("#rating-score-{target}")).await;
    score.clear().await.unwrap();
    score.send_keys("40").await.unwrap();
    b.wait_for_text(
        &format!("#rating-band-{target}"),
        "Không hoàn thành nhiệm vụ",
    )
    .await;
    b.wait_for(&format!("#rating-level-{target}"))
        .await
        .select_by_value("not_completed")
        .await
        .unwrap();
    // 86,5 points is "good": "excellent" is refused on the page, and nothing is sent.
    let score = b.wait_for(&format!("#rating-score-{other}")).await;
    score.clear().await.unwrap();
    score.send_keys("86,5").await.unwrap();
    b.wait_for(&format!("#rating-level-{other}"))
        .await
        .select_by_value("excellent")
        .await
        .unwrap();
    b.wait_for("#rating-save").await.click().await.unwrap();
    b.wait_for_text(&format!("#rating-error-{other}"), "không thể xếp cao hơn")
        .await;
    let unsaved = sheet(2025).await;
    let rating_of = |s: &serde_json::Value, m: i64| {
        s["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["member"]["id"] == m)
            .unwrap()["rating"]
            .clone()
    };
    assert_eq!(
        rating_of(&unsaved, target),
        rating_of(&s25, target),
        "nothing saved while a row is wrong"
    );
    b.wait_for(&format!("#rating-level-{other}"))
        .await
        .select_by_value("good")
        .await
        .unwrap();
    b.wait_for("#rating-save").await.click().await.unwrap();
    b.wait_for_text("#rating-status", "Đã lưu xếp loại của 2 đảng viên")
        .await;
    assert_eq!(rating_of(&sheet(2025).await, other)["score"], 86.5);
    let saved = sheet(2025).await;
    assert_eq!(rating_of(&saved, target)["level"], "not_completed");
    assert_eq!(rating_of(&saved, target)["score"], 40.0);
    assert_eq!(rating_of(&saved, other)["level"], "good");
    assert_eq!(rating_of(&saved, other)["regulation_code"], "366-QĐ/TW");

    // Open a round over 2025 for the branch.
    c.goto(&format!("{}/rounds", app.url)).await.unwrap();
    b.wait_for(&format!("#round-unit option[value='{branch}']"))
        .await;
    b.wait_for("#round-unit")
        .await
        .select_by_value(&branch.to_string())
        .await
        .unwrap();
    let title = b.wait_for("#round-open-title").await;
    title.clear().await.unwrap();
    title.send_keys("Rà soát đảng viên năm 2025").await.unwrap();
    // Date fields take typed digits in the browser's locale order; set them directly.
    c.execute(
        "document.getElementById('round-from').value = '2025-01-01';\
         document.getElementById('round-to').value = '2025-12-31';",
        vec![],
    )
    .await
    .unwrap();
    b.wait_for("#round-open-submit")
        .await
        .click()
        .await
        .unwrap();
    b.wait_for_text("#round-title", "Rà soát đảng viên năm 2025")
        .await;
    let url = c.current_url().await.unwrap();
    let round: i64 = url
        .path()
        .rsplit('/')
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("a round's address: {url}"));
    b.wait_for_text("#round-status", "Đang rà soát").await;

    // Detection suggests A1 for the member, with the two ratings as evidence.
    b.wait_for("#round-detect").await.click().await.unwrap();
    b.wait_for_text("#round-result", "Đã rà").await;
    let card = format!("li.suggestion[data-member-id='{target}'][data-criterion='A1']");
    let text = b.wait_for_text(&card, "A1").await;
    assert!(
        text.contains("2024") && text.contains("2025"),
        "the reason names both years: {text}"
    );
    b.wait_for(&format!("{card} button.confirm-suggestion"))
        .await
        .click()
        .await
        .unwrap();
    b.wait_for_text(&format!("{card} .suggestion-status"), "Đã xác nhận")
        .await;
    let list = secretary
        .get(&format!("/api/v1/review-rounds/{round}/suggestions"))
        .await
        .json();
    let confirmed = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["member_id"] == target && s["criterion"] == "A1_NOT_COMPLETED_2Y")
        .unwrap_or_else(|| panic!("the A1 suggestion: {list}"));
    assert_eq!(confirmed["status"], "confirmed");
    assert!(
        confirmed["case_id"].as_i64().is_some(),
        "a draft case: {confirmed}"
    );

    // The branch declares its review done — refused while other suggestions still wait.
    let pending = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["status"] == "pending")
        .count();
    b.wait_for(&format!("#complete-branch-{branch}"))
        .await
        .click()
        .await
        .unwrap();
    if pending == 0 {
        b.wait_for_text("#progress-status", "rà soát xong").await;
    } else {
        b.wait_for_text("#progress-error", "còn đề xuất chưa xem xét")
            .await;
    }

    // Closing asks first; a closed round offers no more detection or decisions.
    b.wait_for("#round-close").await.click().await.unwrap();
    b.wait_for("#round-close-yes").await.click().await.unwrap();
    b.wait_for_text("#round-status", "Đã kết thúc").await;
    assert!(c.find(Locator::Css("#round-detect")).await.is_err());
    assert!(
        c.find(Locator::Css("button.confirm-suggestion"))
            .await
            .is_err()
    );
    let closed = secretary
        .get(&format!("/api/v1/review-rounds/{round}"))
        .await
        .json();
    assert_eq!(closed["status"], "closed", "{closed}");

    // On a 360 px phone no page is wider than the screen, also with the fields that open
    // under a row (reasons below the band, a reason for an absence).
    c.set_window_size(360, 800).await.unwrap();
    for (path, ready, open) in [
        (
            format!("/rounds/{round}"),
            format!("{card} .suggestion-status"),
            None,
        ),
        (
            format!("/units/{branch}/ratings?year=2025"),
            format!("#rating-level-{other}"),
            Some(("not_completed", format!("#rating-reasons-{other}"))),
        ),
        (
            format!("/units/{branch}/monthly?month=2025-03-01"),
            format!("#monthly-attendance-{other}"),
            Some(("absent", format!("#monthly-absence-reason-{other}"))),
        ),
    ] {
        c.goto(&format!("{}{path}", app.url)).await.unwrap();
        let field = b.wait_for(&ready).await;
        if let Some((value, opened)) = open {
            field.select_by_value(value).await.unwrap();
            b.wait_for(&opened).await;
        }
        let widths = c
            .execute(
                "return [document.documentElement.scrollWidth, window.innerWidth];",
                vec![],
            )
            .await
            .unwrap();
        let (page, screen) = (widths[0].as_i64().unwrap(), widths[1].as_i64().unwrap());
        assert!(
            page <= screen,
            "{path} is {page} px wide on a {screen} px screen"
        );
    }
    b.close().await;
}

/// Sets a date field the way a person picking a day would leave it (typed digits follow the
/// browser's locale), and tells the page it changed.
async fn set_date(c: &fantoccini::Client, id: &str, value: &str) {
    c.execute(
        "const el = document.getElementById(arguments[0]);\
         el.value = arguments[1];\
         el.dispatchEvent(new Event('input', {bubbles: true}));\
         el.dispatchEvent(new Event('change', {bubbles: true}));",
        vec![serde_json::json!(id), serde_json::json!(value)],
    )
    .await
    .unwrap();
}

/// The other review inputs and decisions on the screens: a month of meetings and dues
/// ("no meeting" for everyone, then one good-reason absence, refused until the reason is
/// written), a discipline decision and a violation on the member's page, a decision date in
/// the future refused by the server beside the rating sheet's decision, and a ground
/// entered with its document in a round, then dismissed (refused until a note says why).
#[tokio::test]
async fn a_branch_secretary_records_inputs_and_dismisses_an_entered_ground() {
    let app = TestApp::demo(Backend::Sqlite);
    let secretary = app.login("bithu.chibo").await;
    let me = secretary.get("/api/v1/me").await.json();
    let branch = me["roles"][0]["unit_id"].as_i64().unwrap();
    let ratings = secretary
        .get(&format!("/api/v1/units/{branch}/rating-sheet?year=2025"))
        .await
        .json();
    let month_path = format!("/api/v1/units/{branch}/monthly-sheet?month=2025-03-01");
    let before = secretary.get(&month_path).await;
    assert_eq!(before.status, 200, "monthly sheet: {}", before.body);
    let before = before.json();
    // A member who may be rated and who was not absent in March 2025 (the demo's months).
    let row = ratings["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| {
            r["not_rateable"].is_null()
                && before["rows"].as_array().unwrap().iter().any(|m| {
                    m["member"]["id"] == r["member"]["id"] && m["record"]["attendance"] != "absent"
                })
        })
        .unwrap()
        .clone();
    let (a, a_name) = (
        row["member"]["id"].as_i64().unwrap(),
        row["member"]["full_name"].as_str().unwrap().to_string(),
    );
    // Rows the "no meeting" shortcut changes, plus the member's absence.
    let changed = 1 + before["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["member"]["id"] != a && r["record"]["attendance"] != "not_held")
        .count();
    let round = secretary
        .post(
            "/api/v1/review-rounds",
            &serde_json::json!({"unit_id": branch, "title": "Rà soát đảng viên năm 2025",
                                "period_from": "2025-01-01", "period_to": "2025-12-31"}),
        )
        .await;
    assert_eq!(round.status, 201, "round: {}", round.body);
    let round = round.json()["id"].as_i64().unwrap();

    let b = Browser::start().await;
    let c = &b.client;
    c.goto(&format!("{}/login", app.url)).await.unwrap();
    b.wait_for("#username")
        .await
        .send_keys("bithu.chibo")
        .await
        .unwrap();
    b.wait_for("#password")
        .await
        .send_keys(DEMO_PASSWORD)
        .await
        .unwrap();
    b.wait_for("#login-submit").await.click().await.unwrap();
    b.wait_for("#unit-name").await;

    // March 2025: no meeting for anyone, except that the member was absent for a good
    // reason — which must be written down.
    c.goto(&format!(
        "{}/units/{branch}/monthly?month=2025-03-01",
        app.url
    ))
    .await
    .unwrap();
    b.wait_for("#monthly-no-meeting")
        .await
        .click()
        .await
        .unwrap();
    b.wait_for(&format!("#monthly-attendance-{a}"))
        .await
        .select_by_value("absent")
        .await
        .unwrap();
    // The box appears under the row's select, where the sticky save bar may cover it
    // (how far down depends on the header above): brought to the middle first, as a
    // person would scroll to it.
    click_in_middle(&b, &format!("#monthly-absence-excused-{a}")).await;
    b.wait_for("#monthly-save").await.click().await.unwrap();
    b.wait_for_text(&format!("#monthly-error-{a}"), "phải ghi lý do vắng mặt")
        .await;
    b.wait_for(&format!("#monthly-absence-reason-{a}"))
        .await
        .send_keys("Điều trị tại bệnh viện tỉnh")
        .await
        .unwrap();
    b.wait_for("#monthly-save").await.click().await.unwrap();
    b.wait_for_text(
        "#monthly-status",
        &format!("Đã lưu tháng của {changed} đảng viên"),
    )
    .await;
    let after = secretary.get(&month_path).await.json();
    for r in after["rows"].as_array().unwrap() {
        let rec = &r["record"];
        if r["member"]["id"] == a {
            assert_eq!(rec["attendance"], "absent", "{rec}");
            assert_eq!(rec["absence_excused"], true);
            assert_eq!(rec["absence_reason"], "Điều trị tại bệnh viện tỉnh");
        } else {
            assert_eq!(rec["attendance"], "not_held", "{r}");
        }
    }

    // A discipline decision and a violation, on the member's page.
    c.goto(&format!("{}/members/{a}", app.url)).await.unwrap();
    b.wait_for("#review-heading").await;
    b.wait_for("#discipline-details summary")
        .await
        .click()
        .await
        .unwrap();
    b.wait_for("#discipline-form-select option[value='warning']")
        .await;
    b.wait_for("#discipline-form-select")
        .await
        .select_by_value("warning")
        .await
        .unwrap();
    b.wait_for("#discipline-decided-by")
        .await
        .send_keys("Chi bộ tổ dân phố 1")
        .await
        .unwrap();
    b.wait_for("#discipline-number")
        .await
        .send_keys("03-QĐ/CB")
        .await
        .unwrap();
    set_date(c, "discipline-date", "2025-04-10").await;
    set_date(c, "discipline-violation-on", "2025-03-20").await;
    b.wait_for("#discipline-summary")
        .await
        .send_keys("Không chấp hành sự phân công của chi bộ")
        .await
        .unwrap();
    b.wait_for("#discipline-submit")
        .await
        .click()
        .await
        .unwrap();
    b.wait_for_text("#discipline-status", "Đã ghi quyết định kỷ luật Cảnh cáo")
        .await;
    b.wait_for_text("#review-discipline", "03-QĐ/CB").await;
    b.wait_for("#violation-details summary")
        .await
        .click()
        .await
        .unwrap();
    set_date(c, "violation-on", "2025-06-15").await;
    b.wait_for("#violation-summary")
        .await
        .send_keys("Vi phạm trách nhiệm nêu gương")
        .await
        .unwrap();
    b.wait_for("#violation-submit").await.click().await.unwrap();
    b.wait_for_text("#review-violations", "nêu gương").await;
    let record = secretary
        .get(&format!("/api/v1/members/{a}/review-record"))
        .await
        .json();
    assert!(
        record["discipline"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["form"] == "warning" && d["decision"]["number"] == "03-QĐ/CB"),
        "{record}"
    );
    assert!(
        record["violations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|v| v["occurred_on"] == "2025-06-15"),
        "{record}"
    );

    // The rating sheet's decision: a date in the future is refused by the server, and the
    // page says so beside the decision.
    c.goto(&format!("{}/units/{branch}/ratings?year=2025", app.url))
        .await
        .unwrap();
    let score = b.wait_for(&format!("#rating-score-{a}")).await;
    score.clear().await.unwrap();
    score.send_keys("75").await.unwrap();
    b.wait_for(&format!("#rating-level-{a}"))
        .await
        .select_by_value("good")
        .await
        .unwrap();
    let number = b.wait_for("#rating-decision-number").await;
    number.clear().await.unwrap();
    number.send_keys("01-QĐ/ĐU").await.unwrap();
    set_date(c, "rating-decision-date", "2030-01-02").await;
    b.wait_for("#rating-save").await.click().await.unwrap();
    b.wait_for_text("#rating-sheet-problems", "không được sau ngày hôm nay")
        .await;

    // A ground entered with its conclusion, then dismissed with a note.
    c.goto(&format!("{}/rounds/{round}", app.url))
        .await
        .unwrap();
    b.wait_for("#ground-search")
        .await
        .send_keys(&a_name)
        .await
        .unwrap();
    b.wait_for("#ground-search-submit")
        .await
        .click()
        .await
        .unwrap();
    b.wait_for(&format!("#ground-member option[value='{a}']"))
        .await;
    b.wait_for("#ground-member")
        .await
        .select_by_value(&a.to_string())
        .await
        .unwrap();
    b.wait_for("#ground-criterion")
        .await
        .select_by_value("A3_DEGRADATION")
        .await
        .unwrap();
    b.wait_for("#ground-reason")
        .await
        .send_keys("Có biểu hiện suy thoái về đạo đức, lối sống")
        .await
        .unwrap();
    b.wait_for("#ground-doc-number")
        .await
        .send_keys("05-KL/UBKT")
        .await
        .unwrap();
    set_date(c, "ground-doc-date", "2025-10-02").await;
    b.wait_for("#ground-issued-by")
        .await
        .send_keys("Ủy ban Kiểm tra Đảng ủy phường")
        .await
        .unwrap();
    b.wait_for("#ground-submit").await.click().await.unwrap();
    b.wait_for_text("#ground-status", "Đã ghi đề xuất A3").await;
    let card = format!("li.suggestion[data-member-id='{a}'][data-criterion='A3']");
    b.wait_for_text(&card, "05-KL/UBKT").await;
    b.wait_for(&format!("{card} .dismiss-toggle"))
        .await
        .click()
        .await
        .unwrap();
    b.wait_for(&format!("{card} .dismiss-yes"))
        .await
        .click()
        .await
        .unwrap();
    b.wait_for_text(&card, "phải ghi rõ lý do").await;
    b.wait_for(&format!("{card} .dismiss-note"))
        .await
        .send_keys("Chi bộ đã kiểm điểm, đảng viên đã khắc phục")
        .await
        .unwrap();
    b.wait_for(&format!("{card} .dismiss-yes"))
        .await
        .click()
        .await
        .unwrap();
    b.wait_for_text(&format!("{card} .suggestion-status"), "Đã bỏ qua")
        .await;
    b.wait_for_text(&card, "đã khắc phục").await;
    let list = secretary
        .get(&format!("/api/v1/review-rounds/{round}/suggestions"))
        .await
        .json();
    let s = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["member_id"] == a && s["criterion"] == "A3_DEGRADATION")
        .unwrap_or_else(|| panic!("the entered ground: {list}"));
    assert_eq!(
        (
            s["criterion"].as_str(),
            s["status"].as_str(),
            s["source"].as_str()
        ),
        (Some("A3_DEGRADATION"), Some("dismissed"), Some("entered")),
        "{list}"
    );
    b.close().await;
}

/// Scrolls an element to the middle of the window, then clicks it (a sticky bar at the
/// bottom of the window would take a click meant for an element right above it).
async fn click_in_middle(b: &Browser, css: &str) {
    let el = b.wait_for(css).await;
    b.client
        .execute(
            "arguments[0].scrollIntoView({block: 'center', inline: 'nearest'});",
            vec![serde_json::to_value(&el).unwrap()],
        )
        .await
        .unwrap();
    el.click().await.unwrap();
}

/// Signs in on the sign-in page and waits for the signed-in header.
async fn sign_in_as(b: &Browser, url: &str, username: &str) {
    b.client.goto(&format!("{url}/login")).await.unwrap();
    b.wait_for("#username")
        .await
        .send_keys(username)
        .await
        .unwrap();
    b.wait_for("#password")
        .await
        .send_keys(DEMO_PASSWORD)
        .await
        .unwrap();
    b.wait_for("#login-submit").await.click().await.unwrap();
    b.wait_for("#logout").await;
}

/// Types `value` into an empty count field, or replaces what it holds key by key (so that
/// the page sees every keystroke, as when a person corrects a number).
async fn retype(b: &Browser, css: &str, value: &str) {
    let field = b.wait_for(css).await;
    let old = field.prop("value").await.unwrap().unwrap_or_default();
    let backspace: String = std::iter::repeat_n(
        char::from(fantoccini::key::Key::Backspace),
        old.chars().count(),
    )
    .collect();
    field
        .send_keys(&format!("{backspace}{value}"))
        .await
        .unwrap();
}

/// The page is no wider than the window.
async fn fits_the_screen(c: &fantoccini::Client, what: &str) {
    let widths = c
        .execute(
            "return [document.documentElement.scrollWidth, window.innerWidth];",
            vec![],
        )
        .await
        .unwrap();
    let (page, screen) = (widths[0].as_i64().unwrap(), widths[1].as_i64().unwrap());
    assert!(
        page <= screen,
        "{what} is {page} px wide on a {screen} px screen"
    );
}

/// Issue 5 on the screens: a branch secretary records a vote and a committee member
/// decides. A B-path case (B6, self-criticism refused) prepared over the API; on the case
/// page the secretary records the branch's removal vote by name deletion — the page shows
/// the verdict live, "not passed" one vote short of two thirds of the eligible members and
/// "passed" at exactly two thirds, before anything is sent; the grassroots committee member
/// records the committee's vote on a 360 px phone; the city's standing committee finds the
/// case in its queue, records the decision, and opens the decision for printing.
#[tokio::test]
async fn a_branch_secretary_records_a_vote_and_a_committee_member_decides() {
    let app = TestApp::demo(Backend::Sqlite);
    let secretary = app.login("bithu.chibo").await;
    let me = secretary.get("/api/v1/me").await.json();
    let branch = me["roles"][0]["unit_id"].as_i64().unwrap();

    // The branch's fourth member by id, who has no case yet.
    let page = secretary
        .get(&format!("/api/v1/members?unit={branch}&limit=200"))
        .await
        .json();
    let mut people: Vec<i64> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_i64().unwrap())
        .collect();
    people.sort_unstable();
    let target = people[3];
    let cases = secretary
        .get(&format!("/api/v1/cases?member={target}"))
        .await;
    assert_eq!(cases.status, 200, "cases of the member: {}", cases.body);
    assert_eq!(
        cases.json()["items"],
        serde_json::json!([]),
        "{}",
        cases.body
    );

    // A round, a B6 ground entered and confirmed: a draft case on the direct path.
    let round = secretary
        .post(
            "/api/v1/review-rounds",
            &serde_json::json!({"unit_id": branch, "title": "Rà soát 2026",
                                "period_from": "2026-01-01", "period_to": "2026-12-31"}),
        )
        .await;
    assert_eq!(round.status, 201, "round: {}", round.body);
    let round = round.json()["id"].as_i64().unwrap();
    let s = secretary
        .post(
            &format!("/api/v1/review-rounds/{round}/suggestions"),
            &serde_json::json!({"member_id": target, "criterion": "B6_POLITICAL_STANDARD",
                "reason_vi": "Kết luận của chi ủy sau kiểm điểm",
                "document": {"number": "05-KL/CB", "signed_on": "2026-03-02"},
                "issued_by": "Chi ủy"}),
        )
        .await;
    assert_eq!(s.status, 201, "ground: {}", s.body);
    let s = s.json();
    let confirmed = secretary
        .send(
            reqwest::Method::POST,
            &format!("/api/v1/suggestions/{}/decision", s["id"]),
            Some(&serde_json::json!({"decision": "confirm"})),
            &[("If-Match", &format!("\"{}\"", s["version"]))],
        )
        .await;
    assert_eq!(confirmed.status, 200, "confirm: {}", confirmed.body);
    let id = confirmed.json()["case_id"].as_i64().unwrap();
    let detail = secretary.get(&format!("/api/v1/cases/{id}")).await.json();
    assert_eq!(detail["case"]["state"], "draft_candidate", "{detail}");
    assert_eq!(detail["case"]["path"], "b_direct", "{detail}");
    // The member refused to write a self-criticism: the branch may vote.
    let refused = secretary
        .send(
            reqwest::Method::POST,
            &format!("/api/v1/cases/{id}/transitions"),
            Some(&serde_json::json!({"action": "record_self_review", "refused": true})),
            &[("If-Match", &format!("\"{}\"", detail["case"]["version"]))],
        )
        .await;
    assert_eq!(refused.status, 200, "self-review refused: {}", refused.body);
    let roll = &refused.json()["case"]["roll"];
    let eligible = roll["full_members"].as_u64().unwrap() - roll["exempted"].as_u64().unwrap();
    let need = (2 * eligible).div_ceil(3);
    assert!(need >= 2, "a branch large enough to test one vote short");

    // The secretary records the branch's vote on the case page.
    let b = Browser::start().await;
    let c = &b.client;
    sign_in_as(&b, &app.url, "bithu.chibo").await;
    c.goto(&format!("{}/cases/{id}", app.url)).await.unwrap();
    b.wait_for_text("#case-state", "Dự kiến").await;
    b.wait_for("#action-removal_vote")
        .await
        .click()
        .await
        .unwrap();
    b.wait_for("#form-removal_vote").await;
    b.wait_for("#action-form option[value='name_deletion']")
        .await;
    b.wait_for("#action-form")
        .await
        .select_by_value("name_deletion")
        .await
        .unwrap();
    // The page names the base: the eligible members of the branch.
    b.wait_for_text(
        "#vote-base",
        &format!("{eligible} đảng viên có quyền biểu quyết"),
    )
    .await;
    retype(&b, "#vote-present", &eligible.to_string()).await;
    retype(&b, "#vote-yes", &(need - 1).to_string()).await;
    retype(&b, "#vote-no", &(eligible - need).to_string()).await;
    retype(&b, "#vote-invalid", "0").await;
    let short = b.wait_for_text("#vote-verdict", "Không đạt").await;
    assert!(
        short.contains(&format!("Cần ít nhất {need} phiếu đồng ý")),
        "{short}"
    );
    // Exactly two thirds passes, shown before anything is sent.
    retype(&b, "#vote-yes", &need.to_string()).await;
    let passed = b.wait_for_text("#vote-verdict", "Đạt").await;
    assert!(!passed.contains("Không đạt"), "{passed}");
    assert_eq!(
        b.wait_for("#vote-verdict")
            .await
            .attr("data-passed")
            .await
            .unwrap()
            .as_deref(),
        Some("true")
    );
    assert!(
        c.find(Locator::Css("#vote-live-problems li"))
            .await
            .is_err(),
        "a consistent tally"
    );
    let unsent = secretary.get(&format!("/api/v1/cases/{id}")).await.json();
    assert_eq!(unsent["votes"], serde_json::json!([]), "nothing sent yet");
    b.wait_for("#submit-removal_vote")
        .await
        .click()
        .await
        .unwrap();
    b.wait_for_text("#case-state", "Chi bộ đã đề nghị lên cấp trên")
        .await;
    b.wait_for("#action-done").await;
    let after = secretary.get(&format!("/api/v1/cases/{id}")).await.json();
    assert_eq!(after["case"]["state"], "removal_proposed", "{after}");
    assert_eq!(after["case"]["removal_form"], "name_deletion", "{after}");
    let vote = &after["votes"][0];
    assert_eq!(
        (
            vote["present"].as_u64(),
            vote["yes"].as_u64(),
            vote["passed"].as_bool()
        ),
        (Some(eligible), Some(need), Some(true)),
        "{vote}"
    );
    b.close().await;

    // The grassroots committee member, on a phone: 6 of 9 members is two thirds.
    let b = Browser::start().await;
    let c = &b.client;
    c.set_window_size(360, 800).await.unwrap();
    sign_in_as(&b, &app.url, "danguy.coso").await;
    c.goto(&format!("{}/cases/{id}", app.url)).await.unwrap();
    b.wait_for_text("#case-state", "Chi bộ đã đề nghị lên cấp trên")
        .await;
    b.wait_for("#action-grassroots_vote")
        .await
        .click()
        .await
        .unwrap();
    b.wait_for("#form-grassroots_vote").await;
    retype(&b, "#vote-body-size", "9").await;
    retype(&b, "#vote-present", "9").await;
    retype(&b, "#vote-yes", "6").await;
    retype(&b, "#vote-no", "3").await;
    retype(&b, "#vote-invalid", "0").await;
    let verdict = b.wait_for_text("#vote-verdict", "Đạt").await;
    assert!(
        verdict.contains("Cần ít nhất 6 phiếu") && !verdict.contains("Không đạt"),
        "{verdict}"
    );
    fits_the_screen(c, "the case page with the committee's vote form").await;
    b.wait_for("#submit-grassroots_vote")
        .await
        .click()
        .await
        .unwrap();
    b.wait_for_text("#case-state", "Chờ cấp có thẩm quyền quyết định")
        .await;
    fits_the_screen(c, "the case page after the committee's vote").await;
    b.close().await;

    // The city's standing committee: its queue, the case, the decision.
    let b = Browser::start().await;
    let c = &b.client;
    sign_in_as(&b, &app.url, "btv.dienbienphu").await;
    c.goto(&format!("{}/cases/queue", app.url)).await.unwrap();
    b.wait_for_text(
        &format!("#queue-item-{id}"),
        "Chờ cấp có thẩm quyền quyết định",
    )
    .await;
    b.wait_for(&format!("#queue-link-{id}"))
        .await
        .click()
        .await
        .unwrap();
    b.wait_for_text("#case-state", "Chờ cấp có thẩm quyền quyết định")
        .await;
    assert_eq!(
        c.current_url().await.unwrap().path(),
        format!("/cases/{id}"),
        "the queue leads to the case"
    );
    b.wait_for("#action-decide").await.click().await.unwrap();
    b.wait_for("#form-decide").await;
    retype(&b, "#vote-body-size", "11").await;
    retype(&b, "#vote-present", "11").await;
    retype(&b, "#vote-yes", "6").await;
    retype(&b, "#vote-no", "5").await;
    retype(&b, "#vote-invalid", "0").await;
    let verdict = b.wait_for_text("#vote-verdict", "Đạt").await;
    assert!(!verdict.contains("Không đạt"), "{verdict}");
    b.wait_for("#decision-signer-name")
        .await
        .send_keys("Nguyễn Văn Bí")
        .await
        .unwrap();
    let today = chrono::Utc::now().date_naive().to_string();
    set_date(c, "decision-received-on", &today).await;
    b.wait_for("#submit-decide").await.click().await.unwrap();
    b.wait_for_text("#case-state", "Đã có quyết định, trong thời hạn khiếu nại")
        .await;
    b.wait_for("#action-done").await;
    let decided = secretary.get(&format!("/api/v1/cases/{id}")).await.json();
    assert_eq!(decided["case"]["state"], "decided", "{decided}");
    let decision = decided["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["kind"] == "name_deletion_decision")
        .unwrap_or_else(|| panic!("a name deletion decision: {decided}"))["id"]
        .as_i64()
        .unwrap();

    // The decision, as it is printed.
    b.wait_for(&format!("#done-document-{decision}"))
        .await
        .click()
        .await
        .unwrap();
    b.wait_for_text("#doc-party", "ĐẢNG CỘNG SẢN VIỆT NAM")
        .await;
    b.wait_for_text("#doc-heading", "QUYẾT ĐỊNH").await;
    b.wait_for_text("#doc-signature", "T/M BAN THƯỜNG VỤ").await;
    b.wait_for_text("#doc-signer-name", "Nguyễn Văn Bí").await;
    assert_eq!(
        c.current_url().await.unwrap().path(),
        format!("/documents/{decision}")
    );

    // On a 360 px phone, the queue, the decided case and the decision fit the screen.
    c.set_window_size(360, 800).await.unwrap();
    for (path, ready) in [
        ("/cases/queue".to_string(), "#queue-list, #queue-empty"),
        (format!("/cases/{id}"), "#case-state"),
        (format!("/documents/{decision}"), "#doc-signature"),
    ] {
        c.goto(&format!("{}{path}", app.url)).await.unwrap();
        b.wait_for(ready).await;
        fits_the_screen(c, &path).await;
    }
    b.close().await;
}

/// A count as the UI writes it ("1.234") as a number.
fn shown_count(text: &str) -> i64 {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    digits
        .parse()
        .unwrap_or_else(|_| panic!("not a count: {text:?}"))
}

/// Clicks the drill-down link of the report row named `name`, and waits until the trail
/// ends with it.
async fn drill_into(b: &Browser, name: &str) {
    let xpath = format!(
        "//table[@id='report-table']//a[contains(@class,'drill') and normalize-space()='{name}']"
    );
    let link = b
        .client
        .wait()
        .at_most(std::time::Duration::from_secs(15))
        .for_element(Locator::XPath(&xpath))
        .await
        .unwrap_or_else(|e| panic!("no drill link to {name}: {e}"));
    link.click().await.unwrap();
    b.wait_for_text("#report-trail [aria-current]", name).await;
    b.wait_for_text("#report-caption", name).await;
}

/// The count cells of one body row, by column code.
async fn row_counts(c: &fantoccini::Client, row_css: &str) -> Vec<(String, i64)> {
    let mut out = Vec::new();
    for cell in c
        .find_all(Locator::Css(&format!("{row_css} td[data-column]")))
        .await
        .unwrap()
    {
        let code = cell.attr("data-column").await.unwrap().unwrap_or_default();
        if code == "median_days_to_outcome" {
            continue;
        }
        out.push((code, shown_count(&cell.text().await.unwrap())));
    }
    out
}

/// Issue 6 on the screens: the provincial Organisation Commission opens the screening
/// report from the navigation: one row per tenant (14) and a total that adds them up; it
/// drills from the province to the city, the ward and the ward's branches, opens the
/// members behind a non-zero count (as many as the count says), downloads the XLSX with
/// its own session, and the overview, the table and the printed report fit a 360 px phone.
#[tokio::test]
async fn the_organisation_commission_drills_the_screening_report_and_downloads_it() {
    let app = TestApp::demo(Backend::Sqlite);
    let b = Browser::start().await;
    let c = &b.client;
    sign_in_as(&b, &app.url, "btc.tinh").await;

    // The navigation leads to the overview, and the overview to the table.
    b.wait_for(".main-nav a[href='/reports']")
        .await
        .click()
        .await
        .unwrap();
    b.wait_for("#key-figures .kf-value").await;
    b.wait_for("#chart-outcomes svg title").await;
    b.wait_for("#dashboard-table-link")
        .await
        .click()
        .await
        .unwrap();
    b.wait_for("#report-total").await;
    assert_eq!(c.current_url().await.unwrap().path(), "/reports/screening");

    // A period chosen in the picker: the demo's cases are dated up to its day (26/11/2026),
    // so the report covers them whatever the clock says. A reversed period is refused
    // before anything is asked.
    set_date(c, "period-from", "2026-11-27").await;
    set_date(c, "period-to", "2026-11-26").await;
    b.wait_for("#period-apply").await.click().await.unwrap();
    b.wait_for_text("#period-error", "Ngày bắt đầu kỳ báo cáo phải trước")
        .await;
    set_date(c, "period-from", "2025-01-01").await;
    b.wait_for("#period-apply").await.click().await.unwrap();
    b.wait_for_text("#report-caption", "Từ ngày 01/01/2025 đến ngày 26/11/2026")
        .await;
    b.wait_for("#report-total").await;
    let url = c.current_url().await.unwrap();
    assert!(
        url.query().unwrap_or_default().contains("from=2025-01-01"),
        "the period is in the address: {url}"
    );

    // One row per tenant, and a total that is their sum in every column.
    let rows = c
        .find_all(Locator::Css(
            "#report-table tbody tr[data-unit]:not([data-direct])",
        ))
        .await
        .unwrap();
    assert_eq!(
        rows.len(),
        14,
        "one row per organisation under the province"
    );
    let total = row_counts(c, "#report-total").await;
    let mut sums = vec![0i64; total.len()];
    for row in c
        .find_all(Locator::Css("#report-table tbody tr[data-unit]"))
        .await
        .unwrap()
    {
        let unit = row.attr("data-unit").await.unwrap().unwrap();
        let direct = row.attr("data-direct").await.unwrap().is_some();
        let css = if direct {
            format!("#report-table tr[data-unit='{unit}'][data-direct]")
        } else {
            format!("#report-table tr[data-unit='{unit}']:not([data-direct])")
        };
        for (i, (_, n)) in row_counts(c, &css).await.into_iter().enumerate() {
            sums[i] += n;
        }
    }
    for ((code, t), s) in total.iter().zip(&sums) {
        assert_eq!(t, s, "the total of {code} is the sum of the rows");
    }
    let members_total = total
        .iter()
        .find(|(code, _)| code == "members_total")
        .unwrap()
        .1;
    assert!(members_total > 0, "the province has members");

    // A case column of the total: one line per case listed, each with its case.
    let listed = b
        .wait_for("#report-total td[data-column='listed_total']")
        .await;
    let n = shown_count(&listed.text().await.unwrap());
    assert!(n > 0, "the demo lists members in the period");
    b.wait_for("#report-total td[data-column='listed_total'] a.count-link")
        .await
        .click()
        .await
        .unwrap();
    b.wait_for("#report-members li.report-member").await;
    let lines = c
        .find_all(Locator::Css("#report-members li.report-member"))
        .await
        .unwrap();
    let cases = c
        .find_all(Locator::Css("#report-members li.report-member a.case-link"))
        .await
        .unwrap();
    assert_eq!(
        (lines.len() as i64, cases.len() as i64),
        (n, n),
        "a line and a case per listing"
    );
    c.back().await.unwrap();
    b.wait_for("#report-total td[data-column='listed_total'] a.count-link")
        .await;

    // Down to the city, the ward, and the ward's branches; the trail goes back up.
    drill_into(&b, "Đảng bộ thành phố Điện Biên Phủ").await;
    drill_into(&b, "Đảng bộ phường Him Lam").await;
    let ward = c
        .current_url()
        .await
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == "unit")
        .map(|(_, v)| v.into_owned())
        .expect("the ward in the address");
    let branch_row = "//table[@id='report-table']//tr[th[normalize-space()='Chi bộ tổ dân phố 1']]";
    let branch = c
        .wait()
        .at_most(std::time::Duration::from_secs(15))
        .for_element(Locator::XPath(branch_row))
        .await
        .expect("the branch's row");
    let branch_unit = branch.attr("data-unit").await.unwrap().unwrap();
    let branch_css = format!("#report-table tr[data-unit='{branch_unit}']:not([data-direct])");
    assert!(
        c.find(Locator::Css(&format!("{branch_css} a.drill")))
            .await
            .is_err(),
        "a branch has nothing under it to drill into"
    );
    let trail = b.wait_for("#report-trail").await.text().await.unwrap();
    assert!(
        trail.contains("Điện Biên Phủ") && trail.contains("Him Lam"),
        "{trail}"
    );

    // The members behind the branch's member count: as many as it says, each a link.
    let cell = b
        .wait_for(&format!(
            "{branch_css} td[data-column='members_total'] a.count-link"
        ))
        .await;
    let expected = shown_count(&cell.text().await.unwrap());
    assert!(expected > 0, "the branch has members");
    cell.click().await.unwrap();
    b.wait_for("#report-members li.report-member").await;
    assert_eq!(
        c.current_url().await.unwrap().path(),
        "/reports/screening/members"
    );
    // Every page, if there are several.
    let started = std::time::Instant::now();
    while let Ok(more) = c.find(Locator::Css("#report-members-more")).await {
        let before = c
            .find_all(Locator::Css("#report-members li.report-member"))
            .await
            .unwrap()
            .len();
        more.click().await.unwrap();
        while c
            .find_all(Locator::Css("#report-members li.report-member"))
            .await
            .unwrap()
            .len()
            == before
        {
            assert!(started.elapsed() < std::time::Duration::from_secs(30));
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    }
    let listed = c
        .find_all(Locator::Css("#report-members li.report-member"))
        .await
        .unwrap();
    assert_eq!(
        listed.len() as i64,
        expected,
        "the list has the count's members"
    );
    let said = b
        .wait_for("#report-members-total")
        .await
        .attr("data-total")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(said.parse::<i64>().unwrap(), expected);
    let first = b
        .wait_for("#report-members li.report-member a.member-link")
        .await
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    assert!(first.starts_with("/members/"), "{first}");

    // Back to the table; the download carries the report's query and the session.
    c.back().await.unwrap();
    b.wait_for(&format!("{branch_css} td[data-column='members_total']"))
        .await;
    let href = b
        .wait_for("#export-xlsx")
        .await
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    assert!(
        href.starts_with("/api/v1/reports/screening.xlsx?")
            && href.contains(&format!("unit={ward}"))
            && href.contains("from=2025-01-01"),
        "the download is of the report on screen: {href}"
    );
    let got = c
        .execute_async(
            "const [href, done] = arguments;
             fetch(href, {credentials: 'include'})
               .then(async r => {
                 const bytes = new Uint8Array(await r.arrayBuffer());
                 done([r.status, r.headers.get('content-type'), bytes[0], bytes[1], bytes.length]);
               })
               .catch(e => done([0, String(e), 0, 0, 0]));",
            vec![serde_json::json!(href)],
        )
        .await
        .unwrap();
    assert_eq!(got[0].as_i64(), Some(200), "{got}");
    assert_eq!(
        got[1].as_str(),
        Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        "{got}"
    );
    assert_eq!(
        (got[2].as_u64(), got[3].as_u64()),
        (Some(u64::from(b'P')), Some(u64::from(b'K'))),
        "a zip file: {got}"
    );
    let csv = b.wait_for("#export-csv").await.attr("href").await.unwrap();
    assert!(
        csv.is_some_and(|h| h.starts_with("/api/v1/reports/screening.csv?")),
        "the CSV link"
    );

    // The printed report: the Party layout, the table without links, the summary.
    b.wait_for("#report-print-link")
        .await
        .click()
        .await
        .unwrap();
    b.wait_for_text("#doc-heading", "BÁO CÁO").await;
    b.wait_for_text("#doc-party", "ĐẢNG CỘNG SẢN VIỆT NAM")
        .await;
    b.wait_for_text("#doc-issuer", "ĐẢNG ỦY PHƯỜNG HIM LAM")
        .await;
    b.wait_for_text(
        "#doc-subject",
        "Kết quả rà soát, sàng lọc đảng viên từ ngày",
    )
    .await;
    b.wait_for_text("#report-summary", "vào danh sách giáo dục, giúp đỡ")
        .await;
    assert!(
        c.find(Locator::Css("#document-page a.count-link"))
            .await
            .is_err(),
        "no links in print"
    );
    let print_url = c.current_url().await.unwrap();

    // On a 360 px phone the overview, the table and the printed report fit the screen
    // (the table scrolls inside its box).
    c.set_window_size(360, 800).await.unwrap();
    let query = print_url.query().unwrap_or_default().to_string();
    for (path, ready) in [
        (format!("/reports?{query}"), "#key-figures"),
        (format!("/reports/screening?{query}"), "#report-total"),
        (
            format!("/reports/screening/print?{query}"),
            "#doc-signature",
        ),
        (
            format!("/reports/membership?unit={branch_unit}"),
            "#membership-total",
        ),
    ] {
        c.goto(&format!("{}{path}", app.url)).await.unwrap();
        b.wait_for(ready).await;
        fits_the_screen(c, &path).await;
    }
    b.close().await;
}

/// Issue 7 on the screens: an officer of the city's committee (who may manage members)
/// opens "Nhập dữ liệu", picks a branch, and uploads a CSV through a real file input.
/// The dry run finds the one bad row (an impossible date of birth) and shows its row and
/// column, and "apply" stays off; the corrected file's dry run is clean, the apply runs
/// to "Đã nhập", the job is in the recent list, and the two members are in the register.
/// The sample file is a UTF-8 CSV with a byte-order mark, and the page fits a phone.
#[tokio::test]
async fn an_officer_imports_members_from_a_csv_after_a_dry_run() {
    let app = TestApp::demo(Backend::Sqlite);
    // A branch of the officer's scope and its code (the file's "Mã chi bộ").
    let api = app.login("btc.dienbienphu").await;
    let root = api.get("/api/v1/units/roots").await.json()["items"][0]["id"].clone();
    let subtree = api
        .get(&format!("/api/v1/units/{root}/subtree"))
        .await
        .json();
    let branch = subtree["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["org_type"] == "branch" && n["valid_to"].is_null())
        .expect("a branch in the scope")["id"]
        .as_i64()
        .unwrap();
    let unit = api.get(&format!("/api/v1/units/{branch}")).await.json();
    let code = unit["code"]
        .as_str()
        .expect("the branch's code")
        .to_string();

    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, second_birth: &str| {
        let path = dir.path().join(name);
        let csv = format!(
            "\u{feff}Mã chi bộ,Họ và tên,Giới tính,Ngày sinh,Dân tộc,Ngày vào Đảng,Ngày chính thức\r\n\
             {code},Lò Văn Nhập Thử,Nam,12/05/1978,Thái,03/02/2005,03/02/2006\r\n\
             {code},Quàng Thị Nhập Thử,Nữ,{second_birth},Thái,15/06/2015,15/06/2016\r\n"
        );
        std::fs::write(&path, csv).unwrap();
        path.to_str().unwrap().to_string()
    };
    let bad = write("dang-vien-loi.csv", "31/02/1990");
    let good = write("dang-vien.csv", "21/02/1990");

    let b = Browser::start().await;
    let c = &b.client;
    sign_in_as(&b, &app.url, "btc.dienbienphu").await;
    b.wait_for(".main-nav a[href='/imports']")
        .await
        .click()
        .await
        .unwrap();
    b.wait_for_text("h1", "Nhập dữ liệu").await;

    // The columns of a members file, and the sample file built in the browser.
    b.wait_for("#import-columns tr[data-column='date_of_birth']")
        .await;
    let template = b
        .wait_for("#import-template")
        .await
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    assert!(
        template.starts_with("data:text/csv;charset=utf-8,%EF%BB%BF"),
        "a UTF-8 CSV with a byte-order mark: {template}"
    );
    assert!(
        template.contains(&urlencode("Mã chi bộ")),
        "the Vietnamese headings: {template}"
    );

    // The branch, then the file with a bad row.
    b.wait_for(&format!("#import-unit option[value='{branch}']"))
        .await;
    b.wait_for("#import-unit")
        .await
        .select_by_value(&branch.to_string())
        .await
        .unwrap();
    b.wait_for("#import-file")
        .await
        .send_keys(&bad)
        .await
        .unwrap();
    b.wait_for_text("#import-file-status", "dang-vien-loi.csv")
        .await;
    b.wait_for("#import-check").await.click().await.unwrap();
    let problem = b
        .wait_for("#import-problems tr.import-problem[data-row='3'][data-column='date_of_birth']")
        .await;
    let text = problem.text().await.unwrap();
    assert!(
        text.contains("Ngày sinh") && text.contains("31/02/1990"),
        "the problem names the column and the value: {text}"
    );
    let count = b
        .wait_for("#import-problem-count")
        .await
        .attr("data-count")
        .await
        .unwrap();
    assert_eq!(count.as_deref(), Some("1"), "one problem in the file");
    assert!(
        b.wait_for("#import-apply")
            .await
            .attr("disabled")
            .await
            .unwrap()
            .is_some(),
        "no apply after a dry run with problems"
    );

    // The corrected file: a clean dry run, then the apply to its end.
    b.wait_for("#import-file")
        .await
        .send_keys(&good)
        .await
        .unwrap();
    b.wait_for_text("#import-file-status", "“dang-vien.csv”")
        .await;
    assert!(
        c.find(Locator::Css("#import-problems")).await.is_err(),
        "a new file clears the old dry run"
    );
    b.wait_for("#import-check").await.click().await.unwrap();
    b.wait_for_text("#import-check-ok", "không có lỗi").await;
    let apply = b.wait_for("#import-apply").await;
    assert!(
        apply.attr("disabled").await.unwrap().is_none(),
        "apply is offered after a clean dry run"
    );
    apply.click().await.unwrap();
    let result = b.wait_for_text("#import-result", "Đã nhập").await;
    assert!(result.contains("Đã ghi 2 đảng viên"), "{result}");
    assert!(
        b.wait_for("#import-apply")
            .await
            .attr("disabled")
            .await
            .unwrap()
            .is_some(),
        "an applied file is not offered again"
    );
    b.wait_for("#import-jobs tr.import-job[data-status='applied']")
        .await;

    // The register has them.
    for name in ["Lò Văn Nhập Thử", "Quàng Thị Nhập Thử"] {
        let found = api
            .get(&format!(
                "/api/v1/members?unit={branch}&q={}&with_total=true",
                urlencode(name)
            ))
            .await
            .json();
        assert_eq!(found["total"].as_i64(), Some(1), "{name}: {found}");
    }

    // On a 360 px phone the page fits the screen (the tables become cards).
    c.set_window_size(360, 800).await.unwrap();
    c.goto(&format!("{}/imports", app.url)).await.unwrap();
    b.wait_for("#import-columns").await;
    b.wait_for("#import-jobs").await;
    fits_the_screen(c, "/imports").await;
    b.close().await;
}

/// Issue 7, the service clients' page: a provincial system registered over the API takes
/// a token and lists members; on the page the administrator opens that client's recent
/// calls on demand and sees the listing, named in Vietnamese.
#[tokio::test]
async fn an_administrator_reads_a_provincial_systems_recent_calls() {
    let app = TestApp::demo(Backend::Sqlite);
    let admin = app.login("quantri").await;
    let staff = app.login("btc.dienbienphu").await;
    let tenant = staff.get("/api/v1/units/roots").await.json()["items"][0]["id"].clone();
    let res = admin
        .post(
            "/api/v1/service-clients",
            &serde_json::json!({"name": "Hệ thống một cửa", "unit_id": tenant, "scopes": ["members:read"]}),
        )
        .await;
    assert_eq!(res.status.as_u16(), 201, "{}", res.body);
    let made = res.json();
    let id = made["client"]["id"].as_i64().unwrap();
    let form = format!(
        "grant_type=client_credentials&client_id={}&client_secret={}",
        urlencode(made["client"]["client_id"].as_str().unwrap()),
        urlencode(made["client_secret"].as_str().unwrap())
    );
    let token = app
        .client()
        .raw(
            reqwest::Method::POST,
            "/api/v1/oauth/token",
            "application/x-www-form-urlencoded",
            form.into_bytes(),
        )
        .await;
    assert_eq!(token.status.as_u16(), 200, "{}", token.body);
    let system = app.with_token(token.json()["access_token"].as_str().unwrap());
    assert_eq!(
        system.get("/api/v1/members?limit=3").await.status.as_u16(),
        200
    );

    let b = Browser::start().await;
    let c = &b.client;
    sign_in_as(&b, &app.url, "quantri").await;
    c.goto(&format!("{}/service-clients", app.url))
        .await
        .unwrap();
    let toggle_css = format!("tr[data-client='{id}'] button.client-calls-toggle");
    let toggle = b.wait_for(&toggle_css).await;
    assert_eq!(
        toggle.attr("aria-expanded").await.unwrap().as_deref(),
        Some("false")
    );
    assert!(
        c.find(Locator::Css(".client-calls-box")).await.is_err(),
        "no calls are loaded before they are asked for"
    );
    toggle.click().await.unwrap();
    let calls = b
        .wait_for_text(
            &format!("#client-calls-{id} .client-calls"),
            "Xem danh sách đảng viên",
        )
        .await;
    assert!(calls.contains("Thành công"), "{calls}");
    assert_eq!(
        b.wait_for(&toggle_css)
            .await
            .attr("aria-expanded")
            .await
            .unwrap()
            .as_deref(),
        Some("true")
    );
    b.close().await;
}

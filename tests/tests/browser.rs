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

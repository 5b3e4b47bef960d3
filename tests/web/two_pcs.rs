//! Two PCs on one bulletin: the editor's changes reach the booth within two seconds and are
//! highlighted there; an edit made on an old version is refused with the current text
//! shown, and nothing either person typed is lost. Also: a rundown edited by hand (as in
//! Notepad) shows in the browser without a reload.

use super::harness::*;
use fantoccini::Locator;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edit_on_an_old_version_is_refused_and_changes_reach_the_other_pc() {
    let Some((_one, driver)) = browser_turn().await else {
        return;
    };
    let station = Station::example();
    let id = station.make_bulletin();
    let server = Server::start(&station);
    let editor = driver.browser(None).await;
    let booth = driver.browser(None).await;
    // Both pages follow the bulletin before anyone saves.
    for pc in [&editor, &booth] {
        open_and_find(
            pc,
            &server,
            &format!("/b/{id}/script"),
            "#seg-01-1 textarea",
        )
        .await;
        wait_live(pc).await;
    }

    // The booth PC starts typing in take 01-1 …
    type_into(&booth, "#seg-01-1 textarea", " Bản phòng thu thêm.").await;
    // … while the editor saves a different fix of the same take.
    let editor_text = "Bản của máy biên tập: hội nghị sơ kết một năm thực hiện Đề án.";
    retype(&editor, "#seg-01-1 textarea", editor_text).await;
    click(&editor, "#seg-01-1 button[type=submit]").await;
    wait_for(&editor, "#seg-01-1 .save-state.ok", Duration::from_secs(5)).await;

    // Within two seconds the booth PC is told, without losing what it typed.
    let took = wait_until(
        &booth,
        "return !!document.querySelector('#seg-01-1 .changed-note')",
        Duration::from_secs(2),
    )
    .await;
    eprintln!("the other PC saw the change after {took:?}");
    screenshot(&booth, "9-two-pcs-changed-elsewhere").await;

    // Its save is refused: the current text is shown in the box, its own text below.
    click(&booth, "#seg-01-1 button[type=submit]").await;
    let refused = wait_text(&booth, "#seg-01-1 .save-state.bad", Duration::from_secs(5)).await;
    assert!(refused.contains("CHƯA được lưu"), "{refused}");
    let shown = booth
        .find(Locator::Css("#seg-01-1 textarea"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(shown, editor_text, "the current text is shown");
    let kept = text(&booth, "#seg-01-1 .theirs pre").await;
    assert!(
        kept.ends_with("Bản phòng thu thêm."),
        "what the booth typed is kept on screen: {kept}"
    );
    screenshot(&booth, "10-two-pcs-conflict").await;
    let dir = station.bulletin_dir(&id);
    let spoken = |id: &str| {
        let r = bantin::bulletin::rundown::Rundown::load(&dir).unwrap();
        r.segments().find(|s| s.id == id).unwrap().spoken.clone()
    };
    assert_eq!(
        spoken("01-1"),
        editor_text,
        "the refused edit changed nothing"
    );

    // The booth screen (Phòng thu) follows take 01-2; the editor changes it: highlighted.
    open_and_find(
        &booth,
        &server,
        &format!("/b/{id}/booth?take=01-2"),
        "#read-text",
    )
    .await;
    wait_live(&booth).await;
    retype(&editor, "#seg-01-2 textarea", "Câu mới cho phòng thu đọc.").await;
    click(&editor, "#seg-01-2 button[type=submit]").await;
    let took = wait_until(
        &booth,
        "const c = document.querySelector('#current'); return c.classList.contains('flash') && c.textContent.includes('Câu mới cho phòng thu đọc.')",
        Duration::from_secs(2),
    )
    .await;
    eprintln!("the booth showed the new text after {took:?}");
    let note = text(&booth, "#current .edited-note").await;
    assert!(note.starts_with("Lời đọc vừa được sửa lúc "), "{note}");
    screenshot(&booth, "11-booth-highlight").await;

    // A hand edit of rundown.toml (Notepad) reaches the open page too.
    let path = dir.join("rundown.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("Câu mới cho phòng thu đọc.", "Câu sửa bằng Notepad."),
    )
    .unwrap();
    wait_until(
        &booth,
        "return document.querySelector('#read-text').textContent.includes('Câu sửa bằng Notepad.')",
        Duration::from_secs(2),
    )
    .await;
    editor.close().await.unwrap();
    booth.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn items_reorder_drop_and_a_lexicon_entry_re_reads_the_bulletin() {
    let Some((_one, driver)) = browser_turn().await else {
        return;
    };
    let station = Station::example();
    // A second, short article with an abbreviation the lexicon does not know.
    std::fs::write(
        station.path().join("tin-ngan.txt"),
        "Hợp tác xã thu hoạch lúa sớm\n\nCác hộ thuộc HTXDV Xuân Lam thu hoạch lúa sớm. Năng suất đạt 62 tạ một héc ta.\n",
    )
    .unwrap();
    let id = station.make_bulletin_of("sang", &["article.txt", "tin-ngan.txt"]);
    let server = Server::start(&station);
    let b = driver.browser(None).await;
    open(&b, &server, &format!("/b/{id}/script")).await;

    // The unknown abbreviation is marked where it stands, with a form to add its reading.
    let marked = wait_text(&b, "#seg-02-1 .original mark", Duration::from_secs(5)).await;
    assert_eq!(marked, "HTXDV");
    let summary = text(&b, "#warnings-summary").await;
    assert!(
        summary.contains("1 đoạn cần kiểm tra") && summary.contains("02-1"),
        "{summary}"
    );
    js(
        &b,
        "document.getElementById('seg-02-1').scrollIntoView({block: 'center'})",
    )
    .await;
    screenshot(&b, "12-script-warning").await;
    type_into(
        &b,
        "#seg-02-1 form.lexicon input[name=reading]",
        "hợp tác xã dịch vụ",
    )
    .await;
    click(&b, "#seg-02-1 form.lexicon button").await;
    let note = wait_text(&b, ".notice.ok", Duration::from_secs(10)).await;
    assert!(note.contains("HTXDV"), "{note}");
    let config = std::fs::read_to_string(station.path().join("bantin.toml")).unwrap();
    assert!(
        config.starts_with("# Station config of the example bulletin"),
        "bantin.toml keeps its comments"
    );
    assert!(
        config.contains("HTXDV = \"hợp tác xã dịch vụ\""),
        "{config}"
    );
    let dir = station.bulletin_dir(&id);
    let r = bantin::bulletin::rundown::Rundown::load(&dir).unwrap();
    let seg = r.segments().find(|s| s.id == "02-1").unwrap();
    assert!(
        seg.spoken.contains("hợp tác xã dịch vụ Xuân Lam"),
        "re-read: {}",
        seg.spoken
    );
    assert!(
        b.find(Locator::Css("#seg-02-1 .original mark"))
            .await
            .is_err(),
        "the warning is gone"
    );

    // Move item 02 up, then drop item 01.
    click_xpath(&b, "//section[@id='item-02']//form[contains(@action,'/move')][.//input[@name='by' and @value='-1']]//button").await;
    wait_until(
        &b,
        "return document.querySelector('section.item').id === 'item-02'",
        Duration::from_secs(5),
    )
    .await;
    let r = bantin::bulletin::rundown::Rundown::load(&dir).unwrap();
    assert_eq!(
        r.items.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(),
        ["02", "01"]
    );
    js(&b, "window.confirm = () => true").await;
    click_xpath(
        &b,
        "//section[@id='item-01']//form[contains(@action,'/drop')]//button",
    )
    .await;
    wait_until(
        &b,
        "return !document.getElementById('item-01')",
        Duration::from_secs(5),
    )
    .await;
    let r = bantin::bulletin::rundown::Rundown::load(&dir).unwrap();
    assert_eq!(r.items.len(), 1);
    assert!(
        std::fs::read_dir(dir.join("history")).unwrap().count() >= 3,
        "earlier rundowns are kept"
    );

    // The printable script follows the rundown.
    open(&b, &server, &format!("/b/{id}/print")).await;
    let body = text(&b, "body").await;
    assert!(
        body.contains("hợp tác xã dịch vụ") && !body.contains("Tin 01"),
        "{}",
        &body[..body.len().min(400)]
    );
    // Printed as the CLI's script.html is: its own A4 styles apply.
    let boxed = js(
        &b,
        "return getComputedStyle(document.querySelector('.take')).borderTopStyle",
    )
    .await;
    assert_eq!(boxed, "solid", "the script's own styles are blocked");
    screenshot(&b, "14-printable-script").await;
    assert!(
        !body.contains("HTXDV"),
        "the answered warning is gone from the script: {body}"
    );
    let text = std::fs::read_to_string(dir.join("rundown.toml")).unwrap();
    assert!(!text.contains("“HTXDV”"), "and from the rundown's comments");
    assert!(
        text.starts_with("# Rundown of this bulletin"),
        "other comments stay"
    );
    let on_disk = std::fs::read_to_string(dir.join("script.txt")).unwrap();
    assert!(
        on_disk.contains("hợp tác xã dịch vụ"),
        "script.txt follows too"
    );
    b.close().await.unwrap();
}

//! The day as staff live it, in a real browser: make a bulletin from the example article,
//! fix a reading, record every take through the (fake) microphone, see the bulletin
//! complete in the browser and in `bantin status`, and check each stored WAV.

use super::harness::*;
use fantoccini::Locator;
use std::time::Duration;

/// How long each take is recorded: more than one loop of the 2.000 s microphone file, so
/// each take holds the file's loudest moment.
const RECORD_MS: u64 = 2600;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bulletin_from_article_to_every_take_recorded() {
    let _one = BROWSER.lock().await;
    let Some(driver) = Driver::start() else {
        return;
    };
    let station = Station::example();
    let server = Server::start(&station);
    let mic = root().join("audio/fixtures/speech-16.wav");
    let b = driver.browser(Some(&mic)).await;

    // Today: nothing made yet; the morning slot offers to make its bulletin.
    b.goto(&format!("{}/", server.url)).await.unwrap();
    let slot = wait_for(&b, "#slot-sang .badge", Duration::from_secs(5)).await;
    assert_eq!(slot.text().await.unwrap(), "Chưa làm");
    let countdown = b
        .find(Locator::Css(".next-air .countdown"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        countdown.starts_with("còn ") && (countdown.contains("phút") || countdown.contains("giây")),
        "{countdown}"
    );
    screenshot(&b, "1-today-empty").await;
    b.find(Locator::Css("#slot-sang a.primary"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();

    // New bulletin: upload the article file.
    let file = wait_for(&b, "input[name=file1]", Duration::from_secs(5)).await;
    file.send_keys(&station.path().join("article.txt").display().to_string())
        .await
        .unwrap();
    screenshot(&b, "2-new-bulletin").await;
    b.find(Locator::Css("form.new-bulletin button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();

    // Script review: the made notice, the timing, and a reading fixed in place.
    let made = wait_for(&b, ".notice.ok", Duration::from_secs(20)).await;
    assert!(
        made.text()
            .await
            .unwrap()
            .contains("Đã tạo bản tin: 1 tin, 10 bản thu"),
        "{}",
        made.text().await.unwrap()
    );
    let id = format!("{}-sang", today());
    let dir = station.bulletin_dir(&id);
    assert!(
        dir.join("rundown.toml").is_file(),
        "the folder bantin new makes"
    );
    assert!(
        dir.join("articles/01-article.txt").is_file(),
        "the article is kept"
    );
    screenshot(&b, "3-script").await;
    let area = b.find(Locator::Css("#seg-01-2 textarea")).await.unwrap();
    area.clear().await.unwrap();
    let fixed =
        "Hội nghị đã được nghe kế hoạch sơ kết một năm thực hiện Đề án, đọc theo bản đã sửa.";
    area.send_keys(fixed).await.unwrap();
    b.find(Locator::Css("#seg-01-2 button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for(&b, "#seg-01-2 .save-state.ok", Duration::from_secs(5)).await;
    let rundown = bantin::bulletin::rundown::Rundown::load(&dir).unwrap();
    let seg = rundown.segments().find(|s| s.id == "01-2").unwrap();
    assert_eq!(seg.spoken, fixed, "the fix is in the file");
    let text = std::fs::read_to_string(dir.join("rundown.toml")).unwrap();
    assert!(
        text.starts_with("# Rundown of this bulletin"),
        "the file's comments stay"
    );

    // The booth: record every take through the microphone.
    b.goto(&format!("{}/b/{id}/booth", server.url))
        .await
        .unwrap();
    let takes = b
        .find_all(Locator::Css(".take-list li"))
        .await
        .unwrap()
        .len();
    assert_eq!(takes, 10);
    let mut stop_to_shown = Vec::new();
    for k in 0..takes {
        let rec = wait_for(&b, "#rec:not([disabled])", Duration::from_secs(10)).await;
        rec.click().await.unwrap();
        wait_until(
            &b,
            "return document.body.dataset.boothState === 'recording'",
            Duration::from_secs(10),
        )
        .await;
        tokio::time::sleep(Duration::from_millis(RECORD_MS)).await;
        if k == 0 {
            // The live input meter moves with the microphone.
            let width = b
                .execute(
                    "return parseFloat(document.getElementById('meter-bar').style.width)",
                    vec![],
                )
                .await
                .unwrap();
            assert!(width.as_f64().unwrap() > 30.0, "meter at {width}%");
            screenshot(&b, "4-booth-recording").await;
        }
        if k + 1 == takes {
            // The keyboard: Space stops.
            b.execute(
                "document.dispatchEvent(new KeyboardEvent('keydown', {key: ' '}))",
                vec![],
            )
            .await
            .unwrap();
        } else {
            b.find(Locator::Css("#stop"))
                .await
                .unwrap()
                .click()
                .await
                .unwrap();
        }
        wait_until(
            &b,
            "return ['saved','error'].includes(document.body.dataset.boothState)",
            Duration::from_secs(20),
        )
        .await;
        let state = b
            .execute("return document.body.dataset.boothState", vec![])
            .await
            .unwrap();
        let line = b
            .find(Locator::Css("#status-line"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert_eq!(state, "saved", "take {k}: {line}");
        let ms = b
            .execute(
                "return Number(document.getElementById('analysis').dataset.stopToShownMs)",
                vec![],
            )
            .await
            .unwrap();
        stop_to_shown.push(ms.as_f64().unwrap());
        let analysis = b
            .find(Locator::Css("#analysis .analysis"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(analysis.contains("Dài 0:0"), "take {k}: {analysis}");
        if k == 0 {
            screenshot(&b, "5-booth-analysis").await;
        }
        if k + 1 < takes {
            // The keyboard: → goes to the next take.
            b.execute(
                "document.dispatchEvent(new KeyboardEvent('keydown', {key: 'ArrowRight'}))",
                vec![],
            )
            .await
            .unwrap();
            wait_until(
                &b,
                &format!("return document.querySelectorAll('.take-list li')[{}].classList.contains('current')", k + 1),
                Duration::from_secs(10),
            )
            .await;
        }
    }
    let progress = b
        .find(Locator::Css("#takes-progress"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(progress.contains("Đã thu đủ 10 / 10"), "{progress}");
    assert_eq!(
        b.execute("return document.body.dataset.complete", vec![])
            .await
            .unwrap(),
        "1"
    );
    screenshot(&b, "6-booth-complete").await;
    eprintln!("stop → analysis shown, ms (2.6 s takes, debug build): {stop_to_shown:?}");

    // Listen plays the stored take.
    b.find(Locator::Css("#listen"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_until(
        &b,
        "const p = document.getElementById('player'); return !p.paused && p.currentTime > 0.2",
        Duration::from_secs(10),
    )
    .await;

    // Record the first take again with the keyboard: the earlier recording is kept.
    b.goto(&format!("{}/b/{id}/booth?take=00-mo-dau", server.url))
        .await
        .unwrap();
    let again = wait_for(&b, "#rec", Duration::from_secs(5)).await;
    assert_eq!(again.text().await.unwrap(), "● Thu lại");
    let space = "document.dispatchEvent(new KeyboardEvent('keydown', {key: ' '}))";
    b.execute(space, vec![]).await.unwrap();
    wait_until(
        &b,
        "return document.body.dataset.boothState === 'recording'",
        Duration::from_secs(10),
    )
    .await;
    tokio::time::sleep(Duration::from_millis(RECORD_MS)).await;
    b.execute(space, vec![]).await.unwrap();
    wait_until(
        &b,
        "return document.body.dataset.boothState === 'saved'",
        Duration::from_secs(20),
    )
    .await;
    let kept = b
        .find(Locator::Css("#analysis .kept"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(kept.contains("recordings/previous/00-mo-dau-"), "{kept}");
    let previous = std::fs::read_dir(dir.join("recordings/previous"))
        .unwrap()
        .count();
    assert_eq!(previous, 1, "the first recording is kept");

    // The files are the truth: `bantin status` sees the bulletin complete.
    let status = station
        .bantin()
        .args(["status", &format!("bulletins/{id}")])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&status.stdout);
    assert!(status.status.success(), "bantin status: {text}");
    assert!(
        text.contains("10 of 10 takes recorded, 0 missing"),
        "{text}"
    );

    // Each stored take: a WAV of the recorded length at the microphone file's level.
    let mic_audio = bantin::media::decode_file(&mic).unwrap();
    let mic_peak = peak_dbfs(&mic_audio.samples);
    let mut stored = 0;
    for entry in std::fs::read_dir(dir.join("recordings")).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            continue;
        }
        stored += 1;
        assert_eq!(path.extension().unwrap(), "wav", "{}", path.display());
        let take = bantin::media::decode_file(&path).unwrap();
        assert_eq!(take.codec, "PCM 24-bit", "{}", path.display());
        let length = take.duration_s();
        assert!(
            (RECORD_MS as f64 / 1000.0 - 0.3..RECORD_MS as f64 / 1000.0 + 0.8).contains(&length),
            "{}: {length:.2} s recorded for {RECORD_MS} ms",
            path.display()
        );
        let peak = peak_dbfs(&take.samples);
        assert!(
            (peak - mic_peak).abs() < 1.0,
            "{}: peak {peak:.2} dBFS, the microphone file's {mic_peak:.2} dBFS (raw audio, no voice processing)",
            path.display()
        );
    }

    assert_eq!(stored, 10, "one WAV per take, nothing else in recordings/");

    // Today shows it; the prompter shows the whole bulletin.
    b.goto(&format!("{}/", server.url)).await.unwrap();
    let badge = wait_for(&b, "#slot-sang .badge", Duration::from_secs(5)).await;
    assert_eq!(badge.text().await.unwrap(), "Đã thu đủ");
    screenshot(&b, "7-today-takes-in").await;
    b.goto(&format!("{}/b/{id}/prompter", server.url))
        .await
        .unwrap();
    let segs = b.find_all(Locator::Css(".prompt-seg")).await.unwrap().len();
    assert_eq!(segs, 10);
    b.find(Locator::Css("#run"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let elapsed = b
        .find(Locator::Css("#elapsed"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(elapsed, "0:01");
    screenshot(&b, "8-prompter").await;
    b.close().await.unwrap();
}

fn peak_dbfs(samples: &[f32]) -> f64 {
    let peak = samples.iter().fold(0f32, |m, s| m.max(s.abs()));
    20.0 * f64::from(peak).log10()
}

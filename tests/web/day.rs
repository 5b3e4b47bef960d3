//! The day as staff live it, in a real browser: make a bulletin from the example article,
//! fix a reading, record every take through the (fake) microphone, see the bulletin
//! complete in the browser and in `bantin status`, and check each stored WAV.

use super::harness::*;
use fantoccini::Client;
use std::time::Duration;

/// How long each take is recorded: more than one loop of the 2.000 s microphone file, so
/// each take holds the file's loudest moment.
const RECORD_MS: u64 = 2600;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bulletin_from_article_to_every_take_recorded() {
    let Some((_one, driver)) = browser_turn().await else {
        return;
    };
    let station = Station::example();
    let server = Server::start(&station);
    let mic = fixture("speech-16.wav");
    let b = driver.browser(Some(&mic)).await;

    // Today: nothing made yet; the morning slot offers to make its bulletin.
    let slot = open_and_read(&b, &server, "/", "#slot-sang .badge").await;
    assert_eq!(slot, "Chưa làm");
    let countdown = text(&b, ".next-air .countdown").await;
    assert!(
        countdown.starts_with("còn ") && (countdown.contains("phút") || countdown.contains("giây")),
        "{countdown}"
    );
    screenshot(&b, "1-today-empty").await;
    click(&b, "#slot-sang a.primary").await;

    // New bulletin: upload the article file.
    let file = wait_for(&b, "input[name=file1]", Duration::from_secs(5)).await;
    file.send_keys(&station.path().join("article.txt").display().to_string())
        .await
        .unwrap();
    screenshot(&b, "2-new-bulletin").await;
    click(&b, "form.new-bulletin button[type=submit]").await;

    // Script review: the made notice, the timing, and a reading fixed in place.
    let made = wait_text(&b, ".notice.ok", Duration::from_secs(20)).await;
    assert!(made.contains("Đã tạo bản tin: 1 tin, 10 bản thu"), "{made}");
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
    let fixed =
        "Hội nghị đã được nghe kế hoạch sơ kết một năm thực hiện Đề án, đọc theo bản đã sửa.";
    retype(&b, "#seg-01-2 textarea", fixed).await;
    click(&b, "#seg-01-2 button[type=submit]").await;
    wait_for(&b, "#seg-01-2 .save-state.ok", Duration::from_secs(5)).await;
    let rundown = bantin::bulletin::rundown::Rundown::load(&dir).unwrap();
    let seg = rundown.segments().find(|s| s.id == "01-2").unwrap();
    assert_eq!(seg.spoken, fixed, "the fix is in the file");
    let file = std::fs::read_to_string(dir.join("rundown.toml")).unwrap();
    assert!(
        file.starts_with("# Rundown of this bulletin"),
        "the file's comments stay"
    );

    // The booth: record every take through the microphone.
    open(&b, &server, &format!("/b/{id}/booth")).await;
    let takes = count(&b, ".take-list li").await;
    assert_eq!(takes, 10);
    let mut stop_to_shown = Vec::new();
    for k in 0..takes {
        wait_click(&b, "#rec:not([disabled])", Duration::from_secs(10)).await;
        wait_recording(&b).await;
        tokio::time::sleep(Duration::from_millis(RECORD_MS)).await;
        if k == 0 {
            // The live input meter moves with the microphone.
            let width = js(
                &b,
                "return parseFloat(document.getElementById('meter-bar').style.width)",
            )
            .await;
            assert!(width.as_f64().unwrap() > 30.0, "meter at {width}%");
            screenshot(&b, "4-booth-recording").await;
        }
        if k + 1 == takes {
            // The keyboard: Space stops.
            press(&b, " ").await;
        } else {
            click(&b, "#stop").await;
        }
        wait_until(
            &b,
            "return ['saved','error'].includes(document.body.dataset.boothState)",
            Duration::from_secs(20),
        )
        .await;
        let state = js(&b, "return document.body.dataset.boothState").await;
        let line = text(&b, "#status-line").await;
        assert_eq!(state, "saved", "take {k}: {line}");
        let ms = js(
            &b,
            "return Number(document.getElementById('analysis').dataset.stopToShownMs)",
        )
        .await;
        stop_to_shown.push(ms.as_f64().unwrap());
        let analysis = text(&b, "#analysis .analysis").await;
        assert!(analysis.contains("Dài 0:0"), "take {k}: {analysis}");
        if k == 0 {
            screenshot(&b, "5-booth-analysis").await;
        }
        if k + 1 < takes {
            // The keyboard: → goes to the next take.
            press(&b, "ArrowRight").await;
            wait_until(
                &b,
                &format!("return document.querySelectorAll('.take-list li')[{}].classList.contains('current')", k + 1),
                Duration::from_secs(10),
            )
            .await;
        }
    }
    let progress = text(&b, "#takes-progress").await;
    assert!(progress.contains("Đã thu đủ 10 / 10"), "{progress}");
    assert_eq!(js(&b, "return document.body.dataset.complete").await, "1");
    screenshot(&b, "6-booth-complete").await;
    eprintln!("stop → analysis shown, ms (2.6 s takes, debug build): {stop_to_shown:?}");

    // Listen plays the stored take.
    click(&b, "#listen").await;
    wait_until(
        &b,
        "const p = document.getElementById('player'); return !p.paused && p.currentTime > 0.2",
        Duration::from_secs(10),
    )
    .await;

    // Record the first take again with the keyboard: the earlier recording is kept.
    let again = open_and_read(
        &b,
        &server,
        &format!("/b/{id}/booth?take=00-mo-dau"),
        "#rec",
    )
    .await;
    assert_eq!(again, "● Thu lại");
    press(&b, " ").await;
    wait_recording(&b).await;
    tokio::time::sleep(Duration::from_millis(RECORD_MS)).await;
    press(&b, " ").await;
    wait_until(
        &b,
        "return document.body.dataset.boothState === 'saved'",
        Duration::from_secs(20),
    )
    .await;
    let kept = text(&b, "#analysis .kept").await;
    assert!(kept.contains("recordings/previous/00-mo-dau-"), "{kept}");
    let previous = std::fs::read_dir(dir.join("recordings/previous"))
        .unwrap()
        .count();
    assert_eq!(previous, 1, "the first recording is kept");

    // The files are the truth: `bantin status` sees the bulletin complete.
    let status = station.status(&id);
    let said = String::from_utf8_lossy(&status.stdout);
    assert!(status.status.success(), "bantin status: {said}");
    assert!(
        said.contains("10 of 10 takes recorded, 0 missing"),
        "{said}"
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
    let badge = open_and_read(&b, &server, "/", "#slot-sang .badge").await;
    assert_eq!(badge, "Đã thu đủ");
    screenshot(&b, "7-today-takes-in").await;
    open(&b, &server, &format!("/b/{id}/prompter")).await;
    let segs = count(&b, ".prompt-seg").await;
    assert_eq!(segs, 10);
    click(&b, "#run").await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let elapsed = text(&b, "#elapsed").await;
    assert_eq!(elapsed, "0:01");
    screenshot(&b, "8-prompter").await;
    b.close().await.unwrap();
}

/// Presses `key` on the booth page (its keyboard shortcuts).
async fn press(b: &Client, key: &str) {
    let script = format!("document.dispatchEvent(new KeyboardEvent('keydown', {{key: '{key}'}}))");
    js(b, &script).await;
}

/// Waits until the booth says it is recording.
async fn wait_recording(b: &Client) {
    wait_until(
        b,
        "return document.body.dataset.boothState === 'recording'",
        Duration::from_secs(10),
    )
    .await;
}

fn peak_dbfs(samples: &[f32]) -> f64 {
    let peak = samples.iter().fold(0f32, |m, s| m.max(s.abs()));
    20.0 * f64::from(peak).log10()
}

//! The rest of the day in a real browser, as the issue's "done when" asks: the example
//! bulletin from its recorded takes to assembled (refused first while a take is missing),
//! listened to, on the playlist in the playout folder, marked aired and so archived,
//! found again in the archive, its as-run log printed and downloaded, the archive
//! checked. Each step is checked against the files and against the command line.

use super::harness::*;
use fantoccini::Locator;
use std::time::Duration;

/// Slots in the past and in the future whatever the hour the test runs: the morning
/// bulletin can be marked aired, the evening one has not aired.
const SCHEDULE: &str = r#"
[[schedule.slots]]
id = "sang"
time = "00:00"
title = "Bản tin sáng"

[[schedule.slots]]
id = "chieu"
time = "23:59"
title = "Bản tin chiều"

[playout]
folder = "playout"
formats = ["m3u8", "csv"]
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_example_from_recorded_takes_to_the_archive_in_the_browser() {
    let Some((_one, driver)) = browser_turn().await else {
        return;
    };
    let station = Station::example();
    station.configure(SCHEDULE);
    let id = station.make_bulletin();
    let date = today();
    let dir = station.bulletin_dir(&id);
    station.record_example_takes(&id, &["01-3"]);
    let server = Server::start(&station);
    let downloads = tempfile::tempdir().unwrap();
    let b = driver.browser_downloading(downloads.path()).await;

    // Today: nine of ten takes in.
    let badge = open_and_read(&b, &server, "/", "#slot-sang .badge").await;
    assert_eq!(badge, "Đang thu (9 / 10 bản thu)");

    // Assemble refuses while a take is missing: it names it and links to it in the booth.
    let said = open_and_read(
        &b,
        &server,
        &format!("/b/{id}/assemble"),
        "#refusal[data-kind=missing]",
    )
    .await;
    assert!(
        said.contains("Còn 1 đoạn chưa thu")
            && said.contains("Đoạn 01-3 — chưa có tệp recordings/01-3.wav"),
        "{said}"
    );
    assert_eq!(
        js(&b, "return document.querySelector('button.big').disabled").await,
        true
    );
    screenshot(&b, "20-assemble-missing").await;
    click(&b, "#refusal li[data-seg='01-3'] a").await;
    wait_for(
        &b,
        ".take-list li.current[data-take='01-3']",
        Duration::from_secs(5),
    )
    .await;
    assert!(
        b.current_url()
            .await
            .unwrap()
            .as_str()
            .ends_with("/booth?take=01-3")
    );

    // The take arrives (as the booth or a copied file would bring it): the page follows.
    open(&b, &server, &format!("/b/{id}/assemble")).await;
    station.record_example_takes(&id, &[]);
    wait_until(
        &b,
        "return !!document.querySelector('#assemble:not([disabled])')",
        Duration::from_secs(10),
    )
    .await;
    assert!(
        b.find(Locator::Css("#refusal")).await.is_err(),
        "the refusal stays"
    );
    screenshot(&b, "21-assemble-ready").await;
    click(&b, "#assemble").await;
    // The run's progress, live, then the result.
    wait_for(&b, "#run-progress", Duration::from_secs(10)).await;
    wait_until(
        &b,
        "return ['preparing','mixing'].includes(document.body.dataset.assemblePhase)",
        Duration::from_secs(30),
    )
    .await;
    screenshot(&b, "22-assemble-progress").await;
    wait_path(&b, "/result", Duration::from_secs(120)).await;
    let done = wait_text(&b, ".notice.ok", Duration::from_secs(5)).await;
    assert_eq!(done, "Đã dựng xong bản tin.");

    // The set is the one bantin assemble makes: WAV, report, page; the page tells the
    // report's figures.
    let stem = &id;
    let wav = dir.join("out").join(format!("{stem}.wav"));
    let report: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("out").join(format!("{stem}.json"))).unwrap(),
    )
    .unwrap();
    assert!(dir.join("out").join(format!("{stem}.html")).is_file());
    let integrated = report["programme"]["integrated_lufs"].as_f64().unwrap();
    let verdicts = text(&b, ".verdicts").await;
    assert!(
        verdicts.contains(&format!("{integrated:.1} LUFS")) && verdicts.matches('✓').count() == 2,
        "{verdicts}"
    );
    assert_eq!(
        report["wav"]["sha256"].as_str().unwrap(),
        sha256_hex(&wav),
        "the report describes the WAV beside it"
    );
    let rows = count(&b, "#rundown-table tr.take-row").await;
    assert_eq!(rows, report["takes"].as_array().unwrap().len());
    screenshot(&b, "23-result").await;

    // Listen: the WAV plays in the page; a click on the waveform seeks there; a click on
    // a row plays from its start, the cursor follows, and it plays to the end.
    let duration = audio_duration(&b).await;
    let programme = report["programme"]["duration_s"].as_f64().unwrap();
    assert!(
        (duration - programme).abs() < 0.1,
        "{duration} s in the player, {programme} s made"
    );
    js(
        &b,
        "const w = document.getElementById('wave-box'); const r = w.getBoundingClientRect(); \
         const x0 = Number(document.getElementById('player').dataset.x0), x1 = Number(document.getElementById('player').dataset.x1); \
         w.dispatchEvent(new MouseEvent('click', {bubbles: true, clientX: r.left + r.width * (x0 + 0.5 * (x1 - x0)), clientY: r.top + 10}));",
    )
    .await;
    wait_until(
        &b,
        &format!(
            "const a = document.getElementById('bulletin-audio'); return !a.paused && Math.abs(a.currentTime - {}) < 3",
            programme / 2.0
        ),
        Duration::from_secs(10),
    )
    .await;
    let last = report["takes"].as_array().unwrap().last().unwrap()["start_s"]
        .as_f64()
        .unwrap();
    let rows_css = "#rundown-table tr.take-row:last-child";
    click(&b, rows_css).await;
    wait_until(
        &b,
        &format!(
            "const a = document.getElementById('bulletin-audio'); return !a.paused && a.currentTime >= {} && a.currentTime < {}",
            last - 0.01,
            last + 2.0
        ),
        Duration::from_secs(10),
    )
    .await;
    let cursor = js(
        &b,
        "return parseFloat(document.getElementById('cursor').style.left)",
    )
    .await
    .as_f64()
    .unwrap();
    assert!(cursor > 90.0, "the cursor is at {cursor}% near the end");
    assert_eq!(
        js(&b, "return document.querySelector('#rundown-table tr.playing') === document.querySelector('#rundown-table tr.take-row:last-child')").await,
        true,
        "the row heard is marked"
    );
    screenshot(&b, "24-result-playing").await;
    wait_until(
        &b,
        "return document.getElementById('bulletin-audio').ended && document.body.dataset.played === 'ended'",
        Duration::from_secs(30),
    )
    .await;

    // On air: what the playout system gets, and what is missing, then the playlist.
    click(&b, ".page-head a.primary").await;
    let sang_text = wait_text(&b, "article[id$='-sang']", Duration::from_secs(5)).await;
    let sha = sha256_hex(&wav);
    assert!(
        sang_text.contains("Sẵn sàng")
            && sang_text.contains(&format!("../bulletins/{id}/out/{id}.wav"))
            && sang_text.contains(&sha[..16])
            && sang_text.contains(&format!("{integrated:.1} LUFS")),
        "{sang_text}"
    );
    let chieu = text(&b, "article[id$='-chieu']").await;
    assert!(
        chieu.contains(&format!(
            "Chưa có bản tin (chưa có thư mục bulletins/{date}-chieu): làm bản tin cho buổi này, thu đủ các đoạn rồi dựng."
        )),
        "{chieu}"
    );
    assert!(
        text(&b, "#playlist-box")
            .await
            .contains("Chưa ghi danh sách phát")
    );
    screenshot(&b, "25-on-air").await;
    click(&b, "#write-playlist").await;
    // Generous, and it waits for the outcome, it does not time it: in about 1 run of 3 on
    // the development machine (and once in CI) the redirect after this click comes back
    // only after ≈ 47 s, the page painted with only its header in between — yet the whole
    // test takes its usual 64 s, as if the browser waited here for something that runs
    // that long in every run and is waited for later otherwise (not understood yet; see
    // the stop note).
    let clicked = std::time::Instant::now();
    while !b
        .current_url()
        .await
        .is_ok_and(|u| u.query().is_some_and(|q| q.contains("done=written")))
    {
        assert!(
            clicked.elapsed() < Duration::from_secs(90),
            "writing the playlist did not come back within 90 s"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // What the page says is read from a fresh load of it (as a person reloading sees it).
    let here = b.current_url().await.unwrap();
    b.goto(here.as_str()).await.unwrap();
    let written = wait_for(&b, ".notice.ok", Duration::from_secs(30)).await;
    assert!(
        written
            .text()
            .await
            .unwrap()
            .contains("Đã ghi danh sách phát")
    );
    assert!(
        text(&b, "#playlist-box")
            .await
            .contains("đúng với các bản tin hiện có")
    );
    // The files are what `bantin playlist` writes into the same folder.
    for ext in ["m3u8", "csv"] {
        let web = std::fs::read(station.path().join(format!("playout/{date}.{ext}"))).unwrap();
        let cli_name = format!("playout/cli-{date}.{ext}");
        let out = station
            .bantin()
            .args([
                "playlist",
                "--date",
                &date,
                "--allow-missing",
                "-o",
                &cli_name,
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "a slot is missing");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(&format!(
                "there is no bulletin folder bulletins/{date}-chieu"
            )),
            "{stderr}"
        );
        assert_eq!(
            String::from_utf8_lossy(&web),
            String::from_utf8_lossy(&std::fs::read(station.path().join(&cli_name)).unwrap()),
            "{ext}: the web app's playlist is bantin playlist's"
        );
    }

    // Marked aired at its real time: archived as `bantin archive add` archives it.
    let time = b
        .find(Locator::Css("article[id$='-sang'] input[name=time]"))
        .await
        .unwrap();
    assert_eq!(time.prop("value").await.unwrap().as_deref(), Some("00:00"));
    js(
        &b,
        "document.querySelector(\"article[id$='-sang'] input[name=time]\").value = '00:03'",
    )
    .await;
    click(&b, "article[id$='-sang'] form.mark-aired button").await;
    let aired_text = wait_text(
        &b,
        "article[id$='-sang'] .aired-line",
        Duration::from_secs(20),
    )
    .await;
    let shown_date = {
        let (y, rest) = date.split_at(4);
        let (m, d) = (&rest[1..3], &rest[4..6]);
        format!("{d}/{m}/{y}")
    };
    assert!(
        aired_text.contains(&format!("phát lúc 00:03 {shown_date}")),
        "{aired_text}"
    );
    let listed: serde_json::Value =
        serde_json::from_str(&station.run_ok(&["archive", "list", "--json"])).unwrap();
    assert_eq!(listed[0]["id"], id.as_str());
    assert_eq!(
        listed[0]["aired_at"].as_str().unwrap(),
        format!("{date}T00:03:00+07:00")
    );
    screenshot(&b, "26-on-air-archived").await;

    // The archive: found without diacritics, the matches marked.
    click(&b, "header.top a[href='/archive']").await;
    let search = wait_for(&b, "input[name=q]", Duration::from_secs(5)).await;
    search.send_keys("an ninh trat tu").await.unwrap();
    click(&b, "form.search button[type=submit]").await;
    wait_for(&b, "#hits li.hit", Duration::from_secs(10)).await;
    let marks: Vec<String> = {
        let mut v = Vec::new();
        for m in b
            .find_all(Locator::Css("#hits li.hit:first-child mark"))
            .await
            .unwrap()
        {
            v.push(m.text().await.unwrap().to_lowercase());
        }
        v
    };
    for word in ["an", "ninh", "trật", "tự"] {
        assert!(
            marks.iter().any(|m| m == word),
            "{word} not marked in {marks:?}"
        );
    }
    let cli = station.run_ok(&["archive", "search", "an", "ninh", "trat", "tu", "--json"]);
    let hits: serde_json::Value = serde_json::from_str(&cli).unwrap();
    let web_hits = count(&b, "#hits li.hit").await;
    assert_eq!(
        web_hits,
        hits.as_array().unwrap().len(),
        "the hits bantin archive search finds"
    );
    screenshot(&b, "27-archive-search").await;

    // An archived bulletin plays in the page; its files can be downloaded.
    click(&b, "#hits li.hit:first-child a").await;
    wait_for(&b, "#archived-facts", Duration::from_secs(5)).await;
    let facts = text(&b, "#archived-facts").await;
    assert!(
        facts.contains(&format!("Phát lúc 00:03 {shown_date}")),
        "{facts}"
    );
    let files = text(&b, "#stored-files").await;
    for name in [
        format!("{id}.wav"),
        format!("{id}.json"),
        "rundown.toml".into(),
    ] {
        assert!(files.contains(&name), "{name} in {files}");
    }
    audio_duration(&b).await;
    click(&b, "#rundown-table tr.take-row:nth-child(4)").await;
    wait_until(
        &b,
        "const a = document.getElementById('bulletin-audio'); return !a.paused && a.currentTime > 1",
        Duration::from_secs(10),
    )
    .await;
    js(&b, "document.getElementById('bulletin-audio').pause()").await;
    screenshot(&b, "28-archived-bulletin").await;

    // The as-run log: printable, and downloaded as CSV for Excel (with the byte order
    // mark), the same bytes as `bantin archive as-run --bom`.
    open_and_find(&b, &server, "/archive", "#as-run-form").await;
    click(&b, "#as-run-form button:not(.primary)").await;
    let table_text = wait_text(&b, "#as-run-table", Duration::from_secs(5)).await;
    assert!(
        table_text.contains("Bản tin sáng") && table_text.contains(&format!("00:03 {shown_date}")),
        "{table_text}"
    );
    screenshot(&b, "29-as-run-print").await;
    b.back().await.unwrap();
    wait_for(&b, "#as-run-csv", Duration::from_secs(5)).await;
    let from = js(
        &b,
        "return document.querySelector('#as-run-form input[name=from]').value",
    )
    .await;
    let to = js(
        &b,
        "return document.querySelector('#as-run-form input[name=to]').value",
    )
    .await;
    let (from, to) = (
        from.as_str().unwrap().to_string(),
        to.as_str().unwrap().to_string(),
    );
    click(&b, "#as-run-csv").await;
    let saved = downloads.path().join(format!("as-run-{from}_{to}.csv"));
    let started = std::time::Instant::now();
    while !saved.is_file() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "no {} in the downloads: {:?}",
            saved.display(),
            std::fs::read_dir(downloads.path())
                .unwrap()
                .collect::<Vec<_>>()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let csv = std::fs::read(&saved).unwrap();
    assert!(
        csv.starts_with(b"\xEF\xBB\xBFaired_at,date,slot,title"),
        "{csv:?}"
    );
    let cli = station
        .bantin()
        .args(["archive", "as-run", "--from", &from, "--to", &to, "--bom"])
        .output()
        .unwrap();
    assert_eq!(
        csv, cli.stdout,
        "the download is bantin archive as-run --bom"
    );

    // The check of the archive, in plain words: intact, then a stored file altered.
    open(&b, &server, "/archive/verify").await;
    click(&b, "#verify").await;
    let result = wait_for(&b, "#verify-result", Duration::from_secs(20)).await;
    assert_eq!(
        result.attr("data-problems").await.unwrap().as_deref(),
        Some("0")
    );
    assert!(
        result
            .text()
            .await
            .unwrap()
            .contains("tất cả còn nguyên vẹn")
    );
    screenshot(&b, "30-verify-ok").await;
    let stored = station.archived_dir(&id).join(format!("{id}.json"));
    let mut altered = std::fs::read(&stored).unwrap();
    altered.push(b'\n');
    std::fs::write(&stored, altered).unwrap();
    click(&b, "#verify").await;
    let said = wait_text(
        &b,
        "#problems li[data-kind=altered]",
        Duration::from_secs(20),
    )
    .await;
    assert!(
        said.contains(&format!(
            "Tệp {id}.json của bản tin {id} đã bị thay đổi sau khi lưu trữ"
        )),
        "{said}"
    );
    screenshot(&b, "31-verify-problem").await;

    // Today sees it archived.
    let badge = open_and_read(&b, &server, "/", "#slot-sang .badge").await;
    assert_eq!(badge, "Đã lưu trữ");
    screenshot(&b, "32-today-archived").await;
    b.close().await.unwrap();
}

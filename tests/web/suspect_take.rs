//! A suspect take in the browser: the assembly is refused for the reason `bantin
//! assemble` gives, the take named and linked to the booth; staff who listened accept it
//! from the page (written into the rundown as `accept_suspect = true`, as by hand); the
//! bulletin is then assembled, flagged, and played in the page to its end.

use super::harness::*;
use fantoccini::Locator;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_suspect_take_is_refused_accepted_from_the_page_and_the_bulletin_plays_to_its_end() {
    let Some((_one, driver)) = browser_turn().await else {
        return;
    };
    let station = Station::example();
    std::fs::write(
        station.path().join("short.txt"),
        "Tin ngắn\n\nHợp tác xã Xuân Lam thu hoạch lúa sớm. Năng suất đạt 62 tạ một héc ta.\n",
    )
    .unwrap();
    let id = station.make_bulletin_of("sang", &["short.txt"]);
    let recordings = station.bulletin_dir(&id).join("recordings");
    let speech = fixture("speech-16.wav");
    std::fs::copy(&speech, recordings.join("00-mo-dau.wav")).unwrap();
    std::fs::copy(&speech, recordings.join("99-ket-thuc.wav")).unwrap();
    // A steady tone where the item should be: no speech in it.
    std::fs::copy(fixture("sine-1k.wav"), recordings.join("01-1.wav")).unwrap();
    let server = Server::start(&station);
    let b = driver.browser(None).await;

    open(&b, &server, &format!("/b/{id}/assemble")).await;
    wait_click(&b, "#assemble:not([disabled])", Duration::from_secs(5)).await;
    let said = wait_text(&b, "#refusal[data-kind=suspect]", Duration::from_secs(60)).await;
    assert!(
        said.contains("1 bản thu cần nghe lại trước khi phát")
            && said.contains("Đoạn 01-1 (recordings/01-1.wav)")
            && said.contains("không nghe thấy giọng đọc"),
        "{said}"
    );
    assert!(
        !station
            .bulletin_dir(&id)
            .join("out")
            .join(format!("{id}.wav"))
            .exists(),
        "nothing was written"
    );
    let booth = b
        .find(Locator::Css("#refusal li[data-seg='01-1'] a"))
        .await
        .unwrap()
        .attr("href")
        .await
        .unwrap();
    assert_eq!(
        booth.as_deref(),
        Some(format!("/b/{id}/booth?take=01-1").as_str())
    );
    screenshot(&b, "33-assemble-suspect").await;

    // Listened: accepted from the page, as accept_suspect in the rundown does.
    click(&b, "#refusal li[data-seg='01-1'] form button").await;
    let noted = wait_for(&b, ".notice.ok", Duration::from_secs(10)).await;
    assert!(
        noted
            .text()
            .await
            .unwrap()
            .contains("đoạn 01-1 được dùng như hiện có")
    );
    assert!(
        b.find(Locator::Css("#refusal")).await.is_err(),
        "nothing stands in the way now"
    );
    let rundown = bantin::bulletin::rundown::Rundown::load(&station.bulletin_dir(&id)).unwrap();
    let accepted: Vec<&str> = rundown
        .segments()
        .filter(|s| s.accept_suspect)
        .map(|s| s.id.as_str())
        .collect();
    assert_eq!(accepted, ["01-1"]);
    let status = station.status(&id);
    assert!(
        status.status.success(),
        "bantin status sees it accepted too"
    );

    click(&b, "#assemble").await;
    wait_path(&b, "/result", Duration::from_secs(60)).await;
    let flagged = wait_text(&b, "#standouts", Duration::from_secs(5)).await;
    assert!(
        flagged.contains("đã nghe và chấp nhận dùng như hiện có"),
        "{flagged}"
    );
    screenshot(&b, "34-result-accepted").await;

    // The short bulletin plays in the page from its start to its end.
    let duration = audio_duration(&b).await;
    assert!(duration > 5.0 && duration < 60.0, "{duration} s");
    js(&b, "window.bantinPlayFrom(0)").await;
    wait_until(
        &b,
        "return !document.getElementById('bulletin-audio').paused",
        Duration::from_secs(10),
    )
    .await;
    wait_until(
        &b,
        "const a = document.getElementById('bulletin-audio'); return a.ended && a.currentTime > a.duration - 0.1",
        Duration::from_secs_f64(duration + 20.0),
    )
    .await;
    b.close().await.unwrap();
}

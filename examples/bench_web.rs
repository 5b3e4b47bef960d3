//! Benchmark of the web app for `scripts/bench-web`: page load times of every page, and
//! the time from pressing Stop on a 45 s take to its analysis being shown (goal: under
//! 300 ms), in headless Chromium through chromedriver, against a release `bantin serve`
//! on a loopback port. Also the server's share of it: the same 45 s WAV uploaded
//! directly (stored, decoded, analysed), without the browser's encoding.
//!
//! ```text
//! cargo run --release --example bench_web -- BANTIN_BINARY [LOADS] [TAKES]
//! ```

use fantoccini::{Client, ClientBuilder, Locator};
use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Killed(Child);
impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// 47 s of the example's espeak-ng takes, one after another, as a WAV at their rate: the
/// microphone's sound (long enough that a 45 s take never wraps around).
fn microphone_wav(path: &Path) {
    let takes = root().join("audio/example/takes");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&takes)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    let rate = bantin::media::decode_file(&names[0]).unwrap().sample_rate;
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: rate,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut out = hound::WavWriter::create(path, spec).unwrap();
    let mut written = 0usize;
    'fill: loop {
        for name in &names {
            let audio = bantin::media::decode_file(name).unwrap();
            assert_eq!(audio.sample_rate, rate, "{}", name.display());
            let ch = usize::from(audio.channels);
            for frame in audio.samples.chunks(ch) {
                out.write_sample((frame[0].clamp(-1.0, 1.0) * 32767.0) as i16)
                    .unwrap();
                written += 1;
                if written >= 47 * rate as usize {
                    break 'fill;
                }
            }
        }
    }
    out.finalize().unwrap();
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn browser(driver: &str, mic: &Path) -> Client {
    let args = [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1366,900",
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        "--autoplay-policy=no-user-gesture-required",
    ];
    let mut args: Vec<String> = args.iter().map(ToString::to_string).collect();
    args.push(format!(
        "--use-file-for-fake-audio-capture={}",
        mic.display()
    ));
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({ "binary": "/usr/bin/chromium", "args": args }),
    );
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(driver)
        .await
        .expect("a Chromium session")
}

async fn click(b: &Client, css: &str) {
    b.find(Locator::Css(css))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

async fn wait_true(b: &Client, script: &str, within: Duration) {
    let started = Instant::now();
    while b.execute(script, vec![]).await.unwrap().as_bool() != Some(true) {
        assert!(started.elapsed() < within, "timed out: {script}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The server's answer time for one raw HTTP request, in ms.
fn timed_post(addr: &str, path: &str, cookie: &str, csrf: &str, body: &[u8]) -> (f64, u16) {
    let started = Instant::now();
    let mut s = TcpStream::connect(addr).unwrap();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nCookie: {cookie}\r\nX-CSRF-Token: {csrf}\r\nContent-Type: audio/wav\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).unwrap();
    s.write_all(body).unwrap();
    let mut reply = Vec::new();
    s.read_to_end(&mut reply).unwrap();
    let status = String::from_utf8_lossy(&reply[..12.min(reply.len())])
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (started.elapsed().as_secs_f64() * 1000.0, status)
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let bantin = PathBuf::from(
        args.get(1)
            .expect("usage: bench_web BANTIN_BINARY [LOADS] [TAKES]"),
    );
    let loads: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(10);
    let takes: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(3);

    let station = tempfile::tempdir().unwrap();
    let example = root().join("audio/example");
    std::fs::copy(
        example.join("bantin.toml"),
        station.path().join("bantin.toml"),
    )
    .unwrap();
    std::fs::copy(
        example.join("article.txt"),
        station.path().join("article.txt"),
    )
    .unwrap();
    let date = jiff::ZonedDateTime::now().date().to_string();
    let id = format!("{date}-sang");
    let made = Command::new(&bantin)
        .current_dir(station.path())
        .args([
            "--quiet",
            "new",
            &format!("bulletins/{id}"),
            "--date",
            &date,
            "--slot",
            "sang",
            "article.txt",
        ])
        .status()
        .unwrap();
    assert!(made.success());
    let mic = station.path().join("microphone.wav");
    microphone_wav(&mic);

    let mut server = Command::new(&bantin)
        .current_dir(station.path())
        .args(["--quiet", "serve", "--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let _server = Killed(server);
    let url = line.trim().trim_end_matches('/').to_string();
    let addr = url.trim_start_matches("http://").to_string();

    let port = free_port();
    let _driver = Killed(
        Command::new("/usr/bin/chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        std::thread::sleep(Duration::from_millis(50));
    }
    let b = browser(&format!("http://127.0.0.1:{port}"), &mic).await;

    println!(
        "Page loads, {loads} each (ms, median): server answer = requestStart→responseEnd; whole page = navigation start→load event (assets cached after the first)"
    );
    println!(
        "{:<34} {:>14} {:>12}",
        "page", "server answer", "whole page"
    );
    let pages = [
        ("Hôm nay (today)", "/".to_string()),
        ("Bản tin mới (new bulletin)", "/new".into()),
        ("Kịch bản (script, 10 takes)", format!("/b/{id}/script")),
        ("Phòng thu (booth)", format!("/b/{id}/booth?take=01-1")),
        ("Đọc trực tiếp (prompter)", format!("/b/{id}/prompter")),
        ("In kịch bản (printable script)", format!("/b/{id}/print")),
    ];
    for (name, path) in &pages {
        let (mut answer, mut whole) = (Vec::new(), Vec::new());
        for _ in 0..loads {
            b.goto(&format!("{url}{path}")).await.unwrap();
            wait_true(&b, "const n = performance.getEntriesByType('navigation')[0]; return !!n && n.loadEventEnd > 0", Duration::from_secs(20)).await;
            let v = b
                .execute("const n = performance.getEntriesByType('navigation')[0]; return [n.responseEnd - n.requestStart, n.loadEventEnd - n.startTime]", vec![])
                .await
                .unwrap();
            answer.push(v[0].as_f64().unwrap());
            whole.push(v[1].as_f64().unwrap());
        }
        println!(
            "{name:<34} {:>14.1} {:>12.1}",
            median(answer),
            median(whole)
        );
    }

    println!(
        "\nStop → analysis shown, 45 s takes recorded through the fake microphone ({takes} takes):"
    );
    let mut shown = Vec::new();
    for k in 0..takes {
        b.goto(&format!("{url}/b/{id}/booth?take=01-{}", k + 1))
            .await
            .unwrap();
        b.wait().for_element(Locator::Css("#rec")).await.unwrap();
        click(&b, "#rec").await;
        wait_true(
            &b,
            "return document.body.dataset.boothState === 'recording'",
            Duration::from_secs(10),
        )
        .await;
        tokio::time::sleep(Duration::from_secs(45)).await;
        click(&b, "#stop").await;
        wait_true(
            &b,
            "return ['saved','error'].includes(document.body.dataset.boothState)",
            Duration::from_secs(30),
        )
        .await;
        let ms = b
            .execute(
                "return Number(document.getElementById('analysis').dataset.stopToShownMs)",
                vec![],
            )
            .await
            .unwrap()
            .as_f64()
            .unwrap();
        let length = b
            .execute(
                "return document.querySelector('#analysis .facts').textContent",
                vec![],
            )
            .await
            .unwrap();
        println!(
            "  take 01-{}: {ms:.0} ms ({})",
            k + 1,
            length.as_str().unwrap_or("")
        );
        shown.push(ms);
    }
    println!("  median {:.0} ms (goal < 300 ms)", median(shown));

    // The server's share: the stored 45 s take uploaded again directly.
    let wav = std::fs::read(
        station
            .path()
            .join(format!("bulletins/{id}/recordings/01-1.wav")),
    )
    .unwrap();
    let cookie = b.get_named_cookie("bantin_session").await.unwrap();
    let csrf = b
        .execute(
            "return document.querySelector('meta[name=csrf-token]').content",
            vec![],
        )
        .await
        .unwrap();
    let mut server_ms = Vec::new();
    for _ in 0..7 {
        let (ms, status) = timed_post(
            &addr,
            &format!("/b/{id}/takes/01-1"),
            &format!("bantin_session={}", cookie.value()),
            csrf.as_str().unwrap(),
            &wav,
        );
        assert_eq!(status, 200);
        server_ms.push(ms);
    }
    println!(
        "Server alone (upload {:.1} MB 24-bit WAV over loopback, store, decode, analyse), median of 7: {:.0} ms",
        wav.len() as f64 / 1e6,
        median(server_ms)
    );
    b.close().await.unwrap();
}

//! Load test of `bantin serve` for `scripts/bench-web-load` (a benchmark, not a test: it
//! measures, bounded in count and time, loopback only). At once, against one release
//! server in a station made from the example:
//! - STAFF simulated staff browsers, each following two bulletins' live updates over
//!   server-sent events and loading the day's pages every second or so;
//! - 4 uploads of 45 s takes at once (as the booth sends them: 24-bit WAV at 48 kHz),
//!   ROUNDS times, each answered with its analysis;
//! - an assembly of the example bulletin running;
//! - archive searches against a catalog of a year of bulletins.
//!
//! Every request must succeed and every staff page must hear of the uploaded takes;
//! printed: p50/p99 of page loads, searches and upload analyses, the assembly's time, and
//! the server's peak memory (VmHWM).
//!
//! ```text
//! bench_web_load BANTIN STATION_DIR [STAFF] [SECONDS] [ROUNDS]
//! ```

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A 45 s take as the booth uploads it: the example's takes one after another, at
/// 48 kHz (linear interpolation from their rate), 24-bit PCM.
fn take_45s() -> Vec<u8> {
    let mut names: Vec<PathBuf> = std::fs::read_dir(root().join("audio/example/takes"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    let mut speech = Vec::new();
    let mut rate = 0;
    for name in &names {
        let audio = bantin::media::decode_file(name).unwrap();
        rate = audio.sample_rate;
        let ch = usize::from(audio.channels);
        speech.extend(audio.samples.chunks(ch).map(|f| f[0]));
        if speech.len() > 46 * rate as usize {
            break;
        }
    }
    let out_rate = 48_000u32;
    let frames = 45 * out_rate as usize;
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: out_rate,
        bits_per_sample: 24,
        sample_format: hound::SampleFormat::Int,
    };
    let mut bytes = std::io::Cursor::new(Vec::new());
    {
        let mut w = hound::WavWriter::new(&mut bytes, spec).unwrap();
        for i in 0..frames {
            let at = i as f64 * f64::from(rate) / f64::from(out_rate);
            let (k, f) = (at.floor() as usize, (at - at.floor()) as f32);
            let a = speech.get(k).copied().unwrap_or(0.0);
            let b = speech.get(k + 1).copied().unwrap_or(a);
            let v = (a + (b - a) * f).clamp(-1.0, 1.0);
            w.write_sample((v * 8_388_607.0) as i32).unwrap();
        }
        w.finalize().unwrap();
    }
    bytes.into_inner()
}

/// One HTTP/1.1 exchange on a fresh connection: (status, body, ms).
fn request(addr: &str, head: &str, body: &[u8]) -> Result<(u16, Vec<u8>, f64), String> {
    let started = Instant::now();
    let mut s = TcpStream::connect(addr).map_err(|e| e.to_string())?;
    s.set_read_timeout(Some(Duration::from_secs(120)))
        .map_err(|e| e.to_string())?;
    s.write_all(head.as_bytes()).map_err(|e| e.to_string())?;
    s.write_all(body).map_err(|e| e.to_string())?;
    let mut reply = Vec::new();
    s.read_to_end(&mut reply).map_err(|e| e.to_string())?;
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    let split = reply
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or("no answer")?;
    let status = String::from_utf8_lossy(&reply[..split])
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Ok((status, reply[split + 4..].to_vec(), ms))
}

fn get(addr: &str, path: &str, cookie: &str) -> Result<(u16, Vec<u8>, f64), String> {
    request(
        addr,
        &format!(
            "GET {path} HTTP/1.1\r\nHost: {addr}\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n"
        ),
        b"",
    )
}

fn post(
    addr: &str,
    path: &str,
    s: &Session,
    kind: &str,
    body: &[u8],
) -> Result<(u16, Vec<u8>, f64), String> {
    request(
        addr,
        &format!(
            "POST {path} HTTP/1.1\r\nHost: {addr}\r\nCookie: {}\r\nX-CSRF-Token: {}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            s.cookie,
            s.csrf,
            body.len()
        ),
        body,
    )
}

#[derive(Clone)]
struct Session {
    cookie: String,
    csrf: String,
}

fn session(addr: &str) -> Session {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(
        s,
        "GET / HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut reply = String::new();
    s.read_to_string(&mut reply).unwrap();
    let cookie = reply
        .lines()
        .find_map(|l| l.strip_prefix("set-cookie: "))
        .and_then(|c| c.split(';').next())
        .unwrap()
        .to_string();
    let csrf = reply
        .split("name=\"csrf-token\" content=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_string();
    Session { cookie, csrf }
}

/// Shared results.
#[derive(Default)]
struct Results {
    pages: Mutex<Vec<f64>>,
    searches: Mutex<Vec<f64>>,
    uploads: Mutex<Vec<f64>>,
    failures: Mutex<Vec<String>>,
}

impl Results {
    fn fail(&self, what: String) {
        self.failures.lock().unwrap().push(what);
    }
}

fn percentile(v: &[f64], p: f64) -> f64 {
    let mut v = v.to_vec();
    v.sort_by(f64::total_cmp);
    if v.is_empty() {
        return f64::NAN;
    }
    let i = ((p / 100.0) * (v.len() - 1) as f64).round() as usize;
    v[i.min(v.len() - 1)]
}

fn peak_kib(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    (field("VmHWM:"), field("VmRSS:"))
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [bantin, station, rest @ ..] = args.as_slice() else {
        eprintln!("usage: bench_web_load BANTIN STATION_DIR [STAFF] [SECONDS] [ROUNDS]");
        std::process::exit(2);
    };
    let staff: usize = rest.first().map_or(20, |v| v.parse().unwrap());
    let seconds: u64 = rest.get(1).map_or(40, |v| v.parse().unwrap());
    let rounds: usize = rest.get(2).map_or(3, |v| v.parse().unwrap());
    let station = Path::new(station);
    // The station's day, in its time zone; today's two bulletins made as `bantin new`
    // makes them, the morning one with every take recorded (to assemble), the evening
    // one without (to upload into).
    let config = bantin::config::StationConfig::from_file(&station.join("bantin.toml")).unwrap();
    let date = jiff::Timestamp::now()
        .to_zoned_datetime(config.time_zone())
        .date()
        .to_string();
    std::fs::create_dir_all(station.join("bulletins")).unwrap();
    for slot in ["sang", "chieu"] {
        let made = Command::new(bantin)
            .current_dir(station)
            .args([
                "--quiet",
                "new",
                "bulletins",
                "--date",
                &date,
                "--slot",
                slot,
                "article.txt",
            ])
            .status()
            .unwrap();
        assert!(made.success(), "bantin new");
    }
    for e in std::fs::read_dir(root().join("audio/example/takes")).unwrap() {
        let path = e.unwrap().path();
        std::fs::copy(
            &path,
            station
                .join("bulletins")
                .join(format!("{date}-sang"))
                .join("recordings")
                .join(path.file_name().unwrap()),
        )
        .unwrap();
    }
    let assembled = format!("{date}-sang");
    let uploaded = format!("{date}-chieu");
    let take = take_45s();
    println!(
        "station {}; {staff} staff pages for {seconds} s; {rounds} rounds of 4 uploads of 45 s takes ({:.1} MB each); an assembly; archive searches",
        station.display(),
        take.len() as f64 / 1e6
    );

    let mut child = Command::new(bantin)
        .current_dir(station)
        .args(["--quiet", "serve", "--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let pid = child.id();
    let _server = Server(child);
    let addr = line
        .trim()
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string();
    let results = Arc::new(Results::default());
    let stop = Arc::new(AtomicBool::new(false));
    let events = Arc::new(AtomicUsize::new(0));
    let heard: Arc<Vec<AtomicUsize>> = Arc::new((0..staff).map(|_| AtomicUsize::new(0)).collect());
    let started = Instant::now();
    let mut threads = Vec::new();

    // Staff browsers: live updates over SSE, and a page every second or so.
    let pages = [
        "/".to_string(),
        format!("/b/{assembled}/script"),
        format!("/b/{uploaded}/booth"),
        format!("/b/{assembled}/assemble"),
        "/air".into(),
        "/archive".into(),
        format!("/b/{assembled}/result"),
        format!("/b/{uploaded}/prompter"),
    ];
    for n in 0..staff {
        let s = session(&addr);
        let (addr2, stop2, heard2, events2, results2) = (
            addr.clone(),
            Arc::clone(&stop),
            Arc::clone(&heard),
            Arc::clone(&events),
            Arc::clone(&results),
        );
        let cookie = s.cookie.clone();
        let follow = format!("/events?b={assembled}&b={uploaded}");
        threads.push(std::thread::spawn(move || {
            let Ok(mut stream) = TcpStream::connect(&addr2) else {
                results2.fail(format!("staff {n}: cannot open the event stream"));
                return;
            };
            let _ = stream.set_read_timeout(Some(Duration::from_millis(500)));
            let _ = write!(
                stream,
                "GET {follow} HTTP/1.1\r\nHost: {addr2}\r\nCookie: {cookie}\r\nAccept: text/event-stream\r\n\r\n"
            );
            let mut buf = [0u8; 4096];
            let mut seen = String::new();
            while !stop2.load(Ordering::Relaxed) {
                match stream.read(&mut buf) {
                    Ok(0) => {
                        results2.fail(format!("staff {n}: the event stream closed"));
                        return;
                    }
                    Ok(k) => {
                        seen.push_str(&String::from_utf8_lossy(&buf[..k]));
                        let changes = seen.matches("event: change").count();
                        if changes > 0 {
                            heard2[n].fetch_add(changes, Ordering::Relaxed);
                            events2.fetch_add(changes, Ordering::Relaxed);
                            seen.clear();
                        } else if seen.len() > 1 << 16 {
                            seen.clear();
                        }
                    }
                    Err(_) => {}
                }
            }
        }));
        let (addr3, stop3, results3, pages3) = (
            addr.clone(),
            Arc::clone(&stop),
            Arc::clone(&results),
            pages.clone(),
        );
        threads.push(std::thread::spawn(move || {
            let mut k = n;
            // Staggered, a page every 0.8–1.2 s.
            std::thread::sleep(Duration::from_millis((n as u64 * 53) % 1000));
            while !stop3.load(Ordering::Relaxed) {
                let page = &pages3[k % pages3.len()];
                match get(&addr3, page, &s.cookie) {
                    Ok((200, _, ms)) => results3.pages.lock().unwrap().push(ms),
                    Ok((status, body, _)) => results3.fail(format!(
                        "GET {page}: {status} {}",
                        String::from_utf8_lossy(&body)
                            .chars()
                            .take(200)
                            .collect::<String>()
                    )),
                    Err(e) => results3.fail(format!("GET {page}: {e}")),
                }
                k += 1;
                std::thread::sleep(Duration::from_millis(800 + (k as u64 * 37) % 400));
            }
        }));
    }

    // Archive searches, one after another from two clerks.
    let queries = [
        "an ninh trat tu",
        "nông thôn mới",
        "phong chong dich benh",
        "Xuân Lam",
        "an toan giao thong",
        "bầu cử",
        "mia duong",
        "giai phong mat bang",
    ];
    for c in 0..2 {
        let (addr2, stop2, results2) = (addr.clone(), Arc::clone(&stop), Arc::clone(&results));
        let s = session(&addr);
        threads.push(std::thread::spawn(move || {
            let mut k = c;
            while !stop2.load(Ordering::Relaxed) {
                let q = queries[k % queries.len()];
                let path = format!(
                    "/archive?q={}",
                    q.replace(' ', "+")
                        .bytes()
                        .map(|b| if b.is_ascii_alphanumeric() || b == b'+' {
                            (b as char).to_string()
                        } else {
                            format!("%{b:02X}")
                        })
                        .collect::<String>()
                );
                match get(&addr2, &path, &s.cookie) {
                    Ok((200, body, ms)) if String::from_utf8_lossy(&body).contains("kết quả") =>
                    {
                        results2.searches.lock().unwrap().push(ms);
                    }
                    Ok((status, body, _)) => results2.fail(format!(
                        "search {q}: {status} {}",
                        String::from_utf8_lossy(&body)
                            .chars()
                            .take(200)
                            .collect::<String>()
                    )),
                    Err(e) => results2.fail(format!("search {q}: {e}")),
                }
                k += 2;
                std::thread::sleep(Duration::from_millis(300));
            }
        }));
    }

    // The assembly, two seconds in.
    std::thread::sleep(Duration::from_secs(2));
    let clerk = session(&addr);
    let assembly_started = Instant::now();
    match post(
        &addr,
        &format!("/b/{assembled}/assemble"),
        &clerk,
        "application/x-www-form-urlencoded",
        b"",
    ) {
        Ok((303, _, _)) => {}
        other => results.fail(format!("assemble: {other:?}")),
    }
    let assembly = {
        let (addr2, results2, clerk2, id) = (
            addr.clone(),
            Arc::clone(&results),
            clerk.clone(),
            assembled.clone(),
        );
        std::thread::spawn(move || {
            loop {
                std::thread::sleep(Duration::from_millis(250));
                match get(&addr2, &format!("/b/{id}/assemble"), &clerk2.cookie) {
                    Ok((200, body, _)) => {
                        let body = String::from_utf8_lossy(&body);
                        if !body.contains("id=\"run-progress\"") {
                            if !body.contains("Đã dựng xong lúc") {
                                results2.fail("the assembly did not finish with a bulletin".into());
                            }
                            return assembly_started.elapsed().as_secs_f64();
                        }
                    }
                    other => {
                        results2.fail(format!("assemble page: {other:?}"));
                        return f64::NAN;
                    }
                }
            }
        })
    };

    // Four uploads of 45 s takes at once, round after round.
    let take = Arc::new(take);
    for round in 0..rounds {
        let mut uploads = Vec::new();
        for k in 1..=4 {
            let (addr2, results2, take2, id) = (
                addr.clone(),
                Arc::clone(&results),
                Arc::clone(&take),
                uploaded.clone(),
            );
            let s = session(&addr);
            uploads.push(std::thread::spawn(move || {
                match post(
                    &addr2,
                    &format!("/b/{id}/takes/01-{k}"),
                    &s,
                    "audio/wav",
                    &take2,
                ) {
                    Ok((200, body, ms))
                        if String::from_utf8_lossy(&body).contains("\"ok\":true") =>
                    {
                        results2.uploads.lock().unwrap().push(ms);
                    }
                    other => results2.fail(format!("upload 01-{k} (round {round}): {other:?}")),
                }
            }));
        }
        for u in uploads {
            u.join().unwrap();
        }
        std::thread::sleep(Duration::from_secs(2));
    }
    let assembly_s = assembly.join().unwrap();
    while started.elapsed() < Duration::from_secs(seconds) {
        std::thread::sleep(Duration::from_millis(100));
    }
    let (peak, rss) = peak_kib(pid);
    stop.store(true, Ordering::Relaxed);
    for t in threads {
        t.join().unwrap();
    }
    let deaf: Vec<usize> = (0..staff)
        .filter(|&n| heard[n].load(Ordering::Relaxed) == 0)
        .collect();
    if !deaf.is_empty() {
        results.fail(format!("staff pages {deaf:?} heard no live update"));
    }

    let show = |name: &str, v: &[f64]| {
        println!(
            "{name:<34} {:>5} requests   p50 {:>7.1} ms   p99 {:>7.1} ms   max {:>7.1} ms",
            v.len(),
            percentile(v, 50.0),
            percentile(v, 99.0),
            percentile(v, 100.0)
        );
    };
    println!("\nover {:.0} s of load:", started.elapsed().as_secs_f64());
    show("page loads (server answer)", &results.pages.lock().unwrap());
    show("archive searches", &results.searches.lock().unwrap());
    show(
        "upload + analysis of a 45 s take",
        &results.uploads.lock().unwrap(),
    );
    println!("assembly of the example bulletin     {assembly_s:.1} s (under this load)");
    println!(
        "live updates heard                    {} events over {staff} event streams",
        events.load(Ordering::Relaxed)
    );
    println!(
        "server memory                         peak {:.0} MiB (VmHWM), {:.0} MiB at the end",
        peak as f64 / 1024.0,
        rss as f64 / 1024.0
    );
    let failures = results.failures.lock().unwrap();
    if failures.is_empty() {
        println!("failed requests                       0");
    } else {
        println!("failed requests                       {}", failures.len());
        for f in failures.iter().take(20) {
            println!("  {f}");
        }
        std::process::exit(1);
    }
}

//! The web app's test kit: a station folder, the real `bantin serve` on a free loopback
//! port, Debian's headless Chromium through chromedriver (WebDriver, fantoccini) with its
//! fake microphone fed from a WAV file, screenshots, and a raw HTTP client for requests a
//! browser would never send. Every child process is killed in a guard's `Drop`, so a
//! failing test leaves nothing behind.
#![allow(dead_code)]

use fantoccini::{Client, ClientBuilder, Locator};
use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

#[path = "../shared/mod.rs"]
mod shared;
/// Today's date as the server sees it: the station's day.
pub use shared::station_today as today;
pub use shared::{fixture, root, sha256_hex, sha256_hex_of, status_take};

/// A station folder like the shipped example: its bantin.toml, jingles and the article.
pub struct Station {
    pub dir: tempfile::TempDir,
}

impl Station {
    pub fn example() -> Self {
        let dir = tempfile::tempdir().expect("temporary folder");
        let example = root().join("audio/example");
        std::fs::copy(example.join("bantin.toml"), dir.path().join("bantin.toml")).unwrap();
        std::fs::copy(example.join("article.txt"), dir.path().join("article.txt")).unwrap();
        std::fs::create_dir_all(dir.path().join("jingles")).unwrap();
        for e in std::fs::read_dir(example.join("jingles")).unwrap() {
            let e = e.unwrap();
            std::fs::copy(e.path(), dir.path().join("jingles").join(e.file_name())).unwrap();
        }
        Self { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Appends TOML to the station's bantin.toml.
    pub fn configure(&self, toml: &str) {
        let path = self.path().join("bantin.toml");
        let mut text = std::fs::read_to_string(&path).unwrap();
        text.push('\n');
        text.push_str(toml);
        std::fs::write(path, text).unwrap();
    }

    /// `bantin` run in the station folder.
    pub fn bantin(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_bantin"));
        cmd.current_dir(self.path());
        cmd
    }

    /// Makes today's morning bulletin from the example article with `bantin new`, as the
    /// CLI would; returns its id.
    pub fn make_bulletin(&self) -> String {
        self.make_bulletin_of("sang", &["article.txt"])
    }

    /// Makes today's bulletin for `slot` from `articles` (files in the station folder)
    /// with `bantin new`; returns its id.
    pub fn make_bulletin_of(&self, slot: &str, articles: &[&str]) -> String {
        let (date, id) = (today(), format!("{}-{slot}", today()));
        let folder = format!("bulletins/{id}");
        let mut args = vec!["--quiet", "new", &folder, "--date", &date, "--slot", slot];
        args.extend_from_slice(articles);
        self.run_ok(&args);
        id
    }

    /// `bantin status` of bulletin `id`, as run (it may fail: a take missing).
    pub fn status(&self, id: &str) -> std::process::Output {
        self.bantin()
            .args(["status", &format!("bulletins/{id}")])
            .output()
            .unwrap()
    }

    pub fn bulletin_dir(&self, id: &str) -> PathBuf {
        self.path().join("bulletins").join(id)
    }

    /// Where the archive keeps today's bulletin `id` (`archive/YYYY/MM/ID/`).
    pub fn archived_dir(&self, id: &str) -> PathBuf {
        let date = today();
        self.path()
            .join("archive")
            .join(&date[..4])
            .join(&date[5..7])
            .join(id)
    }

    /// The announcer's takes of the example (`audio/example/takes/`) copied into
    /// bulletin `id`'s `recordings/`, as if recorded; all but the takes in `except`.
    pub fn record_example_takes(&self, id: &str, except: &[&str]) {
        let recordings = self.bulletin_dir(id).join("recordings");
        for e in std::fs::read_dir(root().join("audio/example/takes")).unwrap() {
            let path = e.unwrap().path();
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            if !except.contains(&stem.as_str()) {
                std::fs::copy(&path, recordings.join(path.file_name().unwrap())).unwrap();
            }
        }
    }

    /// `bantin …` in the station folder, which must succeed; its stdout.
    pub fn run_ok(&self, args: &[&str]) -> String {
        let out = self.bantin().args(args).output().unwrap();
        assert!(
            out.status.success(),
            "bantin {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
}

/// `bantin serve` on a free loopback port, in a station folder.
pub struct Server {
    child: Child,
    pub url: String,
    pub addr: String,
}

impl Server {
    pub fn start(station: &Station) -> Self {
        Self::start_with(station, &["--listen", "127.0.0.1:0"])
    }

    pub fn start_with(station: &Station, args: &[&str]) -> Self {
        Self::start_env(station, args, &[])
    }

    /// With environment variables (the pause points of `bantin::failpoint`).
    pub fn start_env(station: &Station, args: &[&str], env: &[(&str, &str)]) -> Self {
        let mut child = station
            .bantin()
            .envs(env.iter().copied())
            .arg("--quiet")
            .arg("serve")
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("bantin serve");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let url = line.trim().trim_end_matches('/').to_string();
        assert!(
            url.starts_with("http://127.0.0.1:"),
            "bantin serve printed {line:?}"
        );
        let addr = url.trim_start_matches("http://").to_string();
        Self { child, url, addr }
    }
}

impl Server {
    /// Sends SIGINT (Ctrl-C) and waits up to `within` for the server to exit; its status.
    #[cfg(unix)]
    pub fn interrupt(&mut self, within: Duration) -> Option<std::process::ExitStatus> {
        let pid = self.child.id().to_string();
        Command::new("kill").args(["-INT", &pid]).status().unwrap();
        let started = Instant::now();
        while started.elapsed() < within {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        None
    }
}

impl Server {
    /// Kills the server outright (SIGKILL on Unix): no destructor, no cleanup runs, as
    /// a power cut or a task manager would end it.
    pub fn kill(&mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A free loopback port (bound and released; good enough for a child that binds at once).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// chromedriver as a child process.
pub struct Driver {
    child: Child,
    pub url: String,
}

impl Driver {
    /// Starts chromedriver, or fails with how to install it (unless
    /// `BANTIN_SKIP_BROWSER=1`, which returns None so a developer without Chromium can run
    /// the rest; CI installs both and never sets it).
    pub fn start() -> Option<Self> {
        let installed =
            Path::new("/usr/bin/chromedriver").exists() && Path::new("/usr/bin/chromium").exists();
        if !installed {
            if std::env::var("BANTIN_SKIP_BROWSER").as_deref() == Ok("1") {
                eprintln!("BANTIN_SKIP_BROWSER=1: browser test skipped");
                return None;
            }
            panic!(
                "the browser tests need Debian's Chromium and chromedriver: apt-get install -y chromium chromium-driver (or set BANTIN_SKIP_BROWSER=1 to skip them)"
            );
        }
        let port = free_port();
        let child = Command::new("/usr/bin/chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver");
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Some(Self {
            child,
            url: format!("http://127.0.0.1:{port}"),
        })
    }

    /// A headless Chromium session; its microphone plays `microphone` (a WAV, looped).
    pub async fn browser(&self, microphone: Option<&Path>) -> Client {
        self.browser_with(microphone, None).await
    }

    /// A headless Chromium session that saves downloads into `downloads`.
    pub async fn browser_downloading(&self, downloads: &Path) -> Client {
        self.browser_with(None, Some(downloads)).await
    }

    async fn browser_with(&self, microphone: Option<&Path>, downloads: Option<&Path>) -> Client {
        let mut args = vec![
            "--headless=new".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-dev-shm-usage".into(),
            "--window-size=1366,900".into(),
            "--lang=vi".into(),
            "--use-fake-ui-for-media-stream".into(),
            "--use-fake-device-for-media-stream".into(),
            "--autoplay-policy=no-user-gesture-required".into(),
        ];
        if let Some(wav) = microphone {
            args.push(format!(
                "--use-file-for-fake-audio-capture={}",
                wav.display()
            ));
        }
        let mut caps = serde_json::Map::new();
        let mut options = serde_json::json!({ "binary": "/usr/bin/chromium", "args": args });
        if let Some(dir) = downloads {
            options["prefs"] = serde_json::json!({
                "download.default_directory": dir.display().to_string(),
                "download.prompt_for_download": false,
                "download.directory_upgrade": true,
                "safebrowsing.enabled": false,
            });
        }
        caps.insert("goog:chromeOptions".into(), options);
        ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&self.url)
            .await
            .expect("a Chromium session")
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One browser test at a time: two cores do not run several Chromiums well.
pub static BROWSER: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// The start of every browser test: the turn to use the browser (held while the guard
/// lives) and chromedriver; None where `BANTIN_SKIP_BROWSER=1` skips the test.
pub async fn browser_turn() -> Option<(tokio::sync::MutexGuard<'static, ()>, Driver)> {
    let turn = BROWSER.lock().await;
    Driver::start().map(|driver| (turn, driver))
}

/// Opens `path` (from `/`) of the server's app in the browser.
pub async fn open(client: &Client, server: &Server, path: &str) {
    client
        .goto(&format!("{}{path}", server.url))
        .await
        .unwrap_or_else(|e| panic!("{path}: {e}"));
}

/// Opens `path` and waits up to 5 s for `css` to match (the page is there); the element.
pub async fn open_and_find(
    client: &Client,
    server: &Server,
    path: &str,
    css: &str,
) -> fantoccini::elements::Element {
    open(client, server, path).await;
    wait_for(client, css, Duration::from_secs(5)).await
}

/// The element `css` matches, which must be there.
pub async fn find(client: &Client, css: &str) -> fantoccini::elements::Element {
    client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
}

/// Finds the element `css` matches (which must be there) and does `act` on it. The
/// pages swap in fresh parts when a bulletin changes (live updates), so an element found
/// a moment ago can be gone by the time it is read or clicked: a stale reference means
/// `act` did nothing, and it is tried again on the element now there.
async fn on_element<T, F, Fut>(client: &Client, at: Locator<'_>, act: F) -> T
where
    F: Fn(fantoccini::elements::Element) -> Fut,
    Fut: std::future::Future<Output = Result<T, fantoccini::error::CmdError>>,
{
    let mut tries = 0;
    loop {
        let element = client
            .find(at)
            .await
            .unwrap_or_else(|e| panic!("{at:?}: {e}"));
        match act(element).await {
            Ok(done) => return done,
            Err(e) if e.is_stale_element_reference() && tries < 20 => {
                tries += 1;
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            Err(e) => panic!("{at:?}: {e}"),
        }
    }
}

/// The text of the element `css` matches, which must be there.
pub async fn text(client: &Client, css: &str) -> String {
    on_element(client, Locator::Css(css), |e| async move { e.text().await }).await
}

/// Clicks the element `css` matches, which must be there.
pub async fn click(client: &Client, css: &str) {
    on_element(
        client,
        Locator::Css(css),
        |e| async move { e.click().await },
    )
    .await;
}

/// Clicks the element the XPath `xpath` finds, which must be there.
pub async fn click_xpath(client: &Client, xpath: &str) {
    on_element(
        client,
        Locator::XPath(xpath),
        |e| async move { e.click().await },
    )
    .await;
}

/// Types `keys` into the element `css` matches, which must be there.
pub async fn type_into(client: &Client, css: &str, keys: &str) {
    on_element(client, Locator::Css(css), |e| async move {
        e.send_keys(keys).await
    })
    .await;
}

/// Replaces the text in the box `css` matches (a textarea) with `new`.
pub async fn retype(client: &Client, css: &str, new: &str) {
    let area = find(client, css).await;
    area.clear().await.unwrap();
    area.send_keys(new).await.unwrap();
}

/// How many elements `css` matches.
pub async fn count(client: &Client, css: &str) -> usize {
    client.find_all(Locator::Css(css)).await.unwrap().len()
}

/// Runs `script` in the page; what it returns.
pub async fn js(client: &Client, script: &str) -> serde_json::Value {
    client.execute(script, vec![]).await.unwrap()
}

/// Waits until the page follows the bulletin's live updates (its event stream is open).
pub async fn wait_live(client: &Client) {
    wait_until(
        client,
        "return window.bantinLive && window.bantinLive.readyState === 1",
        Duration::from_secs(5),
    )
    .await;
}

/// Waits until the page's bulletin player knows its audio; its duration in seconds.
pub async fn audio_duration(client: &Client) -> f64 {
    wait_until(
        client,
        "return document.getElementById('bulletin-audio').readyState >= 1",
        Duration::from_secs(10),
    )
    .await;
    js(
        client,
        "return document.getElementById('bulletin-audio').duration",
    )
    .await
    .as_f64()
    .expect("the player's duration")
}

/// Waits up to `within` for the browser to be at a page whose path ends with `suffix`.
pub async fn wait_path(client: &Client, suffix: &str, within: Duration) {
    let script = format!("return location.pathname.endsWith('{suffix}')");
    wait_until(client, &script, within).await;
}

/// Saves a screenshot of the page as `target/web-screenshots/NAME.png`.
pub async fn screenshot(client: &Client, name: &str) {
    let png = client.screenshot().await.expect("screenshot");
    let dir = root().join("target/web-screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
}

/// Waits up to `within` for `css` to match, then returns the element.
pub async fn wait_for(
    client: &Client,
    css: &str,
    within: Duration,
) -> fantoccini::elements::Element {
    client
        .wait()
        .at_most(within)
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css} did not appear within {within:?}: {e}"))
}

/// Waits up to `within` for `css` to match, then reads its text (found again if a live
/// update swapped it in the meantime).
pub async fn wait_text(client: &Client, css: &str, within: Duration) -> String {
    wait_for(client, css, within).await;
    text(client, css).await
}

/// Waits up to `within` for `css` to match, then clicks it.
pub async fn wait_click(client: &Client, css: &str, within: Duration) {
    wait_for(client, css, within).await;
    click(client, css).await;
}

/// Opens `path` and waits up to 5 s for `css` to match; its text.
pub async fn open_and_read(client: &Client, server: &Server, path: &str, css: &str) -> String {
    open_and_find(client, server, path, css).await;
    text(client, css).await
}

/// Runs `script` in the page until it returns true, up to `within`; the time it took.
pub async fn wait_until(client: &Client, script: &str, within: Duration) -> Duration {
    let started = Instant::now();
    loop {
        let v = client.execute(script, vec![]).await.expect("script");
        if v.as_bool() == Some(true) {
            return started.elapsed();
        }
        assert!(
            started.elapsed() < within,
            "not true within {within:?}: {script}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Checks `done` every 50 ms until it holds; after `within`, fails saying `what` (asked
/// then, so it can tell the state at the time).
pub fn poll_until(within: Duration, mut done: impl FnMut() -> bool, what: impl Fn() -> String) {
    let started = Instant::now();
    while !done() {
        assert!(started.elapsed() < within, "{} (within {within:?})", what());
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A raw HTTP/1.1 exchange: exactly these bytes go out (no client normalises `..` or
/// `%2F`), and the status, headers and body come back.
pub struct Reply {
    pub status: u16,
    pub head: String,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }
}

pub fn raw(addr: &str, request: &[u8]) -> Reply {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    stream.write_all(request).unwrap();
    let mut bytes = Vec::new();
    let _ = stream.read_to_end(&mut bytes);
    let split = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(bytes.len());
    let head = String::from_utf8_lossy(&bytes[..split]).into_owned();
    let body = bytes.get(split + 4..).unwrap_or(&[]).to_vec();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        dechunk(&body)
    } else {
        body
    };
    Reply { status, head, body }
}

fn dechunk(mut body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(end) = body.windows(2).position(|w| w == b"\r\n") {
        let size =
            usize::from_str_radix(String::from_utf8_lossy(&body[..end]).trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        let start = end + 2;
        out.extend_from_slice(&body[start..(start + size).min(body.len())]);
        body = body.get(start + size + 2..).unwrap_or(&[]);
    }
    out
}

/// A GET with `Connection: close`, optionally with a cookie.
pub fn get(addr: &str, path: &str, cookie: Option<&str>) -> Reply {
    let cookie = cookie
        .map(|c| format!("Cookie: {c}\r\n"))
        .unwrap_or_default();
    raw(
        addr,
        format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\n{cookie}Connection: close\r\n\r\n")
            .as_bytes(),
    )
}

/// A session: its cookie and CSRF token, from a first page load.
pub struct Session {
    pub cookie: String,
    pub csrf: String,
}

pub fn session(addr: &str) -> Session {
    let mut reply = get(addr, "/", None);
    if reply.status == 303 {
        // Accounts: the login page holds the token.
        reply = get(addr, "/login", None);
    }
    let cookie = reply
        .header("set-cookie")
        .and_then(|c| c.split(';').next().map(str::to_string))
        .expect("a session cookie");
    let text = reply.text();
    let csrf = text
        .split("name=\"csrf-token\" content=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("a csrf token")
        .to_string();
    Session { cookie, csrf }
}

/// A POST with a body, as the session.
pub fn post(
    addr: &str,
    path: &str,
    s: &Session,
    content_type: &str,
    body: &[u8],
    extra: &str,
) -> Reply {
    // An empty token sends no header (a form that carries it elsewhere).
    let token = if s.csrf.is_empty() {
        String::new()
    } else {
        format!("X-CSRF-Token: {}\r\n", s.csrf)
    };
    let mut request = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nCookie: {}\r\n{token}Content-Type: {content_type}\r\nContent-Length: {}\r\n{extra}Connection: close\r\n\r\n",
        s.cookie,
        body.len()
    )
    .into_bytes();
    request.extend_from_slice(body);
    raw(addr, &request)
}

/// A form POST (`application/x-www-form-urlencoded`) as the session.
pub fn post_form(addr: &str, path: &str, s: &Session, body: &[u8]) -> Reply {
    post(addr, path, s, "application/x-www-form-urlencoded", body, "")
}

/// A take of bulletin `id` uploaded as the booth sends it (a WAV body).
pub fn upload_take(addr: &str, s: &Session, id: &str, take: &str, wav: &[u8]) -> Reply {
    post(
        addr,
        &format!("/b/{id}/takes/{take}"),
        s,
        "audio/wav",
        wav,
        "",
    )
}

/// Starts an assembly of bulletin `id`, as its page's button does.
pub fn start_assembly(addr: &str, s: &Session, id: &str) -> Reply {
    post_form(addr, &format!("/b/{id}/assemble"), s, b"")
}

/// The text of page `path`, fetched with the session's cookie.
pub fn page_text(addr: &str, path: &str, s: &Session) -> String {
    get(addr, path, Some(&s.cookie)).text()
}

/// The files under `dir`, with their bytes (to check nothing changed).
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.file_name().is_some_and(|n| n != ".bantin.lock") {
                out.push((p.clone(), std::fs::read(&p).unwrap_or_default()));
            }
        }
    }
    out.sort();
    out
}

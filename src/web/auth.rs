//! Who may do what: one guard in front of every route.
//! - The Host header must name this server (a web page elsewhere cannot reach the
//!   loopback app through a DNS name of its own).
//! - Every browser gets a session cookie (HttpOnly, SameSite=Strict) holding a random
//!   token; the session carries a CSRF token that every POST must echo (header
//!   `X-CSRF-Token`, form field `_csrf`, or for file uploads the `_csrf` query parameter).
//! - With accounts (required on any address but loopback), a session must be signed in;
//!   failed logins are counted per name and per address and lock both out for a while.

use super::AppState;
use super::i18n::Texts;
use argon2::password_hash::rand_core::{OsRng, RngCore};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub const SESSION_COOKIE: &str = "bantin_session";
/// Largest form body read to find its CSRF field.
const MAX_FORM_BYTES: usize = 4 * 1024 * 1024;

/// What a handler knows about the request's session.
#[derive(Debug, Clone)]
pub struct SessionInfo {
    pub csrf: String,
    pub user: Option<String>,
    token: String,
}

struct Session {
    csrf: String,
    user: Option<String>,
    last_seen: Instant,
}

#[derive(Default)]
struct Failures {
    count: u32,
    since: Option<Instant>,
    locked_until: Option<Instant>,
}

/// Sessions and the failed-login counter.
pub struct Auth {
    /// Accounts are required (the server listens beyond loopback).
    pub required: bool,
    sessions: Mutex<HashMap<String, Session>>,
    failures: Mutex<HashMap<String, Failures>>,
    session_ttl: Duration,
    attempts: u32,
    lockout: Duration,
    /// Host header values this server answers to (empty: any, when accounts are required).
    allowed_hosts: Vec<String>,
}

/// The outcome of a login attempt.
pub enum LoginResult {
    Ok,
    Failed,
    /// Too many failures: wait this many minutes.
    Locked(u64),
}

fn random_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl Auth {
    pub fn new(required: bool, listen: SocketAddr, web: &crate::config::WebConfig) -> Self {
        let port = listen.port();
        let allowed_hosts = if listen.ip().is_loopback() {
            vec![
                format!("127.0.0.1:{port}"),
                format!("localhost:{port}"),
                format!("[::1]:{port}"),
                format!("{listen}"),
            ]
        } else {
            Vec::new()
        };
        Self {
            required,
            sessions: Mutex::new(HashMap::new()),
            failures: Mutex::new(HashMap::new()),
            session_ttl: Duration::from_secs(web.session_hours * 3600),
            attempts: web.login_attempts,
            lockout: Duration::from_secs(web.login_lockout_minutes * 60),
            allowed_hosts,
        }
    }

    fn host_allowed(&self, headers: &HeaderMap) -> bool {
        if self.allowed_hosts.is_empty() {
            return true;
        }
        headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .is_some_and(|h| self.allowed_hosts.iter().any(|a| a.eq_ignore_ascii_case(h)))
    }

    /// The live session named by the cookie, refreshed; or a new anonymous one.
    fn session(&self, headers: &HeaderMap) -> (SessionInfo, bool) {
        let now = Instant::now();
        let mut sessions = self
            .sessions
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        sessions.retain(|_, s| now.duration_since(s.last_seen) < self.session_ttl);
        if let Some(token) = cookie(headers, SESSION_COOKIE)
            && let Some(s) = sessions.get_mut(&token)
        {
            s.last_seen = now;
            return (
                SessionInfo {
                    csrf: s.csrf.clone(),
                    user: s.user.clone(),
                    token,
                },
                false,
            );
        }
        let token = random_token();
        let csrf = random_token();
        sessions.insert(
            token.clone(),
            Session {
                csrf: csrf.clone(),
                user: None,
                last_seen: now,
            },
        );
        (
            SessionInfo {
                csrf,
                user: None,
                token,
            },
            true,
        )
    }

    /// Signs the session in as `name` under a new token (the old one is dropped, so a
    /// token known before login is worth nothing after it). Returns the new cookie value.
    pub fn sign_in(&self, old: &SessionInfo, name: &str) -> String {
        let mut sessions = self
            .sessions
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        sessions.remove(&old.token);
        let token = random_token();
        sessions.insert(
            token.clone(),
            Session {
                csrf: random_token(),
                user: Some(name.to_string()),
                last_seen: Instant::now(),
            },
        );
        token
    }

    pub fn sign_out(&self, session: &SessionInfo) {
        let mut sessions = self
            .sessions
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        sessions.remove(&session.token);
    }

    /// Counts a login attempt for `name` from `addr`, checking the password with `check`
    /// only when neither is locked out.
    /// Minutes `name` or `addr` must still wait after too many failed logins, if any.
    pub fn locked_out(&self, name: &str, addr: IpAddr) -> Option<u64> {
        let now = Instant::now();
        let failures = self
            .failures
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        [format!("user:{name}"), format!("addr:{addr}")]
            .iter()
            .filter_map(|key| failures.get(key).and_then(|f| f.locked_until))
            .filter(|until| *until > now)
            .map(|until| (until - now).as_secs().div_ceil(60).max(1))
            .max()
    }

    /// Counts a login attempt for `name` from `addr` whose password check gave `ok`
    /// (the caller checks [`Auth::locked_out`] first, so a locked-out name costs no
    /// password hashing).
    pub fn attempt_login(&self, name: &str, addr: IpAddr, ok: bool) -> LoginResult {
        let keys = [format!("user:{name}"), format!("addr:{addr}")];
        let now = Instant::now();
        if let Some(minutes) = self.locked_out(name, addr) {
            return LoginResult::Locked(minutes);
        }
        if ok {
            let mut failures = self
                .failures
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            failures.remove(&keys[0]);
            return LoginResult::Ok;
        }
        let mut failures = self
            .failures
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut locked = false;
        for key in keys {
            let f = failures.entry(key).or_default();
            if f.since.is_none_or(|s| now.duration_since(s) > self.lockout) {
                f.count = 0;
                f.since = Some(now);
            }
            f.count += 1;
            if f.count >= self.attempts {
                f.locked_until = Some(now + self.lockout);
                f.count = 0;
                f.since = None;
                locked = true;
            }
        }
        if locked {
            LoginResult::Locked(self.lockout.as_secs().div_ceil(60))
        } else {
            LoginResult::Failed
        }
    }
}

/// The value of cookie `name` in the request.
fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// The Set-Cookie header for a session token.
pub fn session_cookie(token: &str) -> HeaderValue {
    HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// Paths open without signing in.
fn public_path(path: &str) -> bool {
    path == "/login" || path.starts_with("/static/")
}

/// The guard in front of every route.
pub async fn guard(State(app): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    let t = app.texts();
    let auth = &app.auth;
    if !auth.host_allowed(request.headers()) {
        return refuse(StatusCode::FORBIDDEN, t.forbidden_host);
    }
    let (session, fresh) = auth.session(request.headers());
    let path = request.uri().path().to_string();
    if auth.required && session.user.is_none() && !public_path(&path) {
        if request.method() == Method::GET {
            return with_cookie(Redirect::to("/login").into_response(), &session, fresh);
        }
        return with_cookie(
            refuse(StatusCode::UNAUTHORIZED, t.forbidden_csrf),
            &session,
            fresh,
        );
    }
    let mut request = request;
    if request.method() != Method::GET && request.method() != Method::HEAD {
        match check_csrf(request, &session, t).await {
            Ok(checked) => request = checked,
            Err(response) => return with_cookie(response, &session, fresh),
        }
    }
    request.extensions_mut().insert(session.clone());
    let response = next.run(request).await;
    with_cookie(security_headers(response), &session, fresh)
}

/// Refuses a state-changing request whose Origin is another site or whose CSRF token
/// is missing or wrong. A urlencoded form's body is read to find `_csrf`, then handed on.
async fn check_csrf(
    request: Request,
    session: &SessionInfo,
    t: &'static Texts,
) -> Result<Request, Response> {
    let headers = request.headers();
    let forbidden = || refuse(StatusCode::FORBIDDEN, t.forbidden_csrf);
    if let (Some(origin), Some(host)) = (headers.get(header::ORIGIN), headers.get(header::HOST)) {
        let origin = origin.to_str().unwrap_or("");
        let host = host.to_str().unwrap_or("");
        let same = origin
            .strip_prefix("http://")
            .or_else(|| origin.strip_prefix("https://"))
            .is_some_and(|o| o.eq_ignore_ascii_case(host));
        if !same {
            return Err(forbidden());
        }
    }
    let matches = |given: &str| constant_time_eq(given.as_bytes(), session.csrf.as_bytes());
    if let Some(given) = headers.get("x-csrf-token").and_then(|v| v.to_str().ok()) {
        return if matches(given) {
            Ok(request)
        } else {
            Err(forbidden())
        };
    }
    let query_token = request.uri().query().and_then(|q| {
        form_urlencoded_pairs(q.as_bytes())
            .into_iter()
            .find(|(k, _)| k == "_csrf")
            .map(|(_, v)| v)
    });
    if let Some(given) = query_token {
        return if matches(&given) {
            Ok(request)
        } else {
            Err(forbidden())
        };
    }
    let is_form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Err(forbidden());
    }
    let (parts, body) = request.into_parts();
    let bytes = axum::body::to_bytes(body, MAX_FORM_BYTES)
        .await
        .map_err(|_| refuse(StatusCode::PAYLOAD_TOO_LARGE, t.forbidden_csrf))?;
    let token = form_urlencoded_pairs(&bytes)
        .into_iter()
        .find(|(k, _)| k == "_csrf")
        .map(|(_, v)| v);
    match token {
        Some(given) if matches(&given) => Ok(Request::from_parts(parts, Body::from(bytes))),
        _ => Err(forbidden()),
    }
}

fn form_urlencoded_pairs(bytes: &[u8]) -> Vec<(String, String)> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(bytes).unwrap_or_default()
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn refuse(status: StatusCode, message: &str) -> Response {
    super::error::WebError::new(status, message, "↩").into_response()
}

fn with_cookie(mut response: Response, session: &SessionInfo, fresh: bool) -> Response {
    if fresh && !response.headers().contains_key(header::SET_COOKIE) {
        response
            .headers_mut()
            .insert(header::SET_COOKIE, session_cookie(&session.token));
    }
    response
}

/// Headers that keep pages from being framed, sniffed or fed scripts from elsewhere.
fn security_headers(mut response: Response) -> Response {
    let h = response.headers_mut();
    // A page that sets its own policy keeps it (the printable script has inline styles).
    h.entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; media-src 'self' blob:; \
             style-src 'self'; script-src 'self'; connect-src 'self'; \
             frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
        ));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    response
}

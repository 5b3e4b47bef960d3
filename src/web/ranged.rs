//! Serving a file with HTTP range requests (RFC 9110 §14), so a browser's audio element
//! can seek in a bulletin of any length without downloading it first: `Range: bytes=a-b`,
//! `a-` and `-n` are answered `206 Partial Content`; a range past the end `416`; several
//! ranges at once, or an `If-Range` that no longer matches (the file was assembled
//! again), get the whole file. The file is streamed in blocks, never read whole.

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::path::Path;
use tokio::io::{AsyncReadExt as _, AsyncSeekExt as _};

/// The policy for the HTML files served here — bantin's own report and script pages,
/// self-contained with inline styles and no scripts: styles may be inline, nothing may
/// run or be fetched.
const DOCUMENT_CSP: &str =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'";

/// Bytes read and sent at a time.
const BLOCK: usize = 64 * 1024;

/// How a file is served.
pub struct Serve<'a> {
    pub content_type: &'static str,
    /// `Some(name)`: as a download saved under `name` (ASCII; bantin's own file names).
    pub download: Option<&'a str>,
}

/// The query of a served file's address: `?download=1` saves it rather than shows it.
#[derive(serde::Deserialize, Default)]
pub struct FileQuery {
    download: Option<String>,
}

/// The type a finished bulletin's files are served as, by extension (`wav`, its JSON
/// report, its report page); None for any other.
pub fn finished_file_type(extension: &str) -> Option<&'static str> {
    match extension {
        "wav" => Some("audio/wav"),
        "json" => Some("application/json; charset=utf-8"),
        "html" => Some("text/html; charset=utf-8"),
        _ => None,
    }
}

/// Serves file `name` of `folder` as [`serve_file`] does, saved under `name` when the
/// query asks for a download; None where there is no such file.
pub async fn serve_named(
    folder: &Path,
    name: &str,
    content_type: &'static str,
    query: &FileQuery,
    request: &HeaderMap,
) -> Option<Response> {
    let how = Serve {
        content_type,
        download: query.download.is_some().then_some(name),
    };
    serve_file(&folder.join(name), &how, request).await
}

/// The range asked for, resolved against the file's length.
#[derive(Debug, PartialEq, Eq)]
enum Wanted {
    Whole,
    /// First and last byte, inclusive.
    Part(u64, u64),
    Unsatisfiable,
}

fn parse_range(value: &str, len: u64) -> Wanted {
    let Some(spec) = value.trim().strip_prefix("bytes=") else {
        return Wanted::Whole;
    };
    if spec.contains(',') {
        return Wanted::Whole;
    }
    let Some((a, b)) = spec.trim().split_once('-') else {
        return Wanted::Whole;
    };
    let (a, b) = (a.trim(), b.trim());
    match (a.parse::<u64>().ok(), b.parse::<u64>().ok()) {
        (None, Some(suffix)) if a.is_empty() => {
            if suffix == 0 || len == 0 {
                Wanted::Unsatisfiable
            } else {
                Wanted::Part(len.saturating_sub(suffix), len - 1)
            }
        }
        (Some(first), None) if b.is_empty() => {
            if first >= len {
                Wanted::Unsatisfiable
            } else {
                Wanted::Part(first, len - 1)
            }
        }
        (Some(first), Some(last)) if first <= last => {
            if first >= len {
                Wanted::Unsatisfiable
            } else {
                Wanted::Part(first, last.min(len - 1))
            }
        }
        _ => Wanted::Whole,
    }
}

/// The file's validator: its length and modification time.
fn etag(meta: &std::fs::Metadata) -> String {
    let modified = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    format!("\"{:x}-{modified:x}\"", meta.len())
}

/// Serves `path` (None when it cannot be opened: the caller answers 404).
pub async fn serve_file(path: &Path, how: &Serve<'_>, request: &HeaderMap) -> Option<Response> {
    let mut file = tokio::fs::File::open(path).await.ok()?;
    let meta = file.metadata().await.ok()?;
    if !meta.is_file() {
        return None;
    }
    let len = meta.len();
    let tag = etag(&meta);
    let if_range_ok = request
        .get(header::IF_RANGE)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|v| v == tag);
    let wanted = match request.get(header::RANGE).and_then(|v| v.to_str().ok()) {
        Some(range) if if_range_ok => parse_range(range, len),
        _ => Wanted::Whole,
    };
    let mut headers = HeaderMap::new();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(how.content_type),
    );
    headers.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    if how.content_type.starts_with("text/html") {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(DOCUMENT_CSP),
        );
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if let Ok(v) = HeaderValue::from_str(&tag) {
        headers.insert(header::ETAG, v);
    }
    if let Some(name) = how.download
        && let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
    {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    let (status, first, count) = match wanted {
        Wanted::Whole => (StatusCode::OK, 0, len),
        Wanted::Part(a, b) => {
            if let Ok(v) = HeaderValue::from_str(&format!("bytes {a}-{b}/{len}")) {
                headers.insert(header::CONTENT_RANGE, v);
            }
            (StatusCode::PARTIAL_CONTENT, a, b - a + 1)
        }
        Wanted::Unsatisfiable => {
            if let Ok(v) = HeaderValue::from_str(&format!("bytes */{len}")) {
                headers.insert(header::CONTENT_RANGE, v);
            }
            return Some((StatusCode::RANGE_NOT_SATISFIABLE, headers).into_response());
        }
    };
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(count));
    if first > 0 {
        file.seek(std::io::SeekFrom::Start(first)).await.ok()?;
    }
    let body = futures_util::stream::unfold((file, count), |(mut file, left)| async move {
        if left == 0 {
            return None;
        }
        let mut block = vec![0u8; BLOCK.min(usize::try_from(left).unwrap_or(BLOCK))];
        match file.read(&mut block).await {
            Ok(0) => None,
            Ok(n) => {
                block.truncate(n);
                Some((
                    Ok::<_, std::io::Error>(block),
                    (file, left.saturating_sub(n as u64)),
                ))
            }
            Err(e) => Some((Err(e), (file, 0))),
        }
    });
    Some((status, headers, Body::from_stream(body)).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_read_as_rfc_9110_says() {
        assert_eq!(parse_range("bytes=0-99", 1000), Wanted::Part(0, 99));
        assert_eq!(parse_range("bytes=500-", 1000), Wanted::Part(500, 999));
        assert_eq!(parse_range("bytes=-100", 1000), Wanted::Part(900, 999));
        assert_eq!(parse_range("bytes=-5000", 1000), Wanted::Part(0, 999));
        assert_eq!(parse_range("bytes=900-5000", 1000), Wanted::Part(900, 999));
        assert_eq!(parse_range("bytes=1000-", 1000), Wanted::Unsatisfiable);
        assert_eq!(parse_range("bytes=-0", 1000), Wanted::Unsatisfiable);
        assert_eq!(parse_range("bytes=5-2", 1000), Wanted::Whole);
        assert_eq!(parse_range("bytes=0-1,5-9", 1000), Wanted::Whole);
        assert_eq!(parse_range("items=0-1", 1000), Wanted::Whole);
        assert_eq!(parse_range("bytes=x-y", 1000), Wanted::Whole);
    }
}

//! The styles, scripts and fonts of the web app, compiled into the binary: no CDN, no
//! build step, nothing to install beside bantin. Each URL carries a hash of the file, so
//! a browser may cache it for good and still gets a new version after an update.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::sync::OnceLock;

struct Asset {
    bytes: &'static [u8],
    content_type: &'static str,
}

macro_rules! asset {
    ($name:literal, $type:literal) => {
        (
            $name,
            Asset {
                bytes: include_bytes!(concat!("assets/", $name)),
                content_type: $type,
            },
        )
    };
}

fn table() -> &'static HashMap<&'static str, (Asset, String)> {
    static TABLE: OnceLock<HashMap<&'static str, (Asset, String)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let js = "text/javascript; charset=utf-8";
        [
            asset!("style.css", "text/css; charset=utf-8"),
            // The report page's pictures look the same in the web app's pages.
            (
                "plots.css",
                Asset {
                    bytes: crate::export::report_html::PLOT_STYLE.as_bytes(),
                    content_type: "text/css; charset=utf-8",
                },
            ),
            (
                "print.js",
                Asset {
                    bytes: include_bytes!("assets/print.js"),
                    content_type: js,
                },
            ),
            (
                "live.js",
                Asset {
                    bytes: include_bytes!("assets/live.js"),
                    content_type: js,
                },
            ),
            (
                "booth.js",
                Asset {
                    bytes: include_bytes!("assets/booth.js"),
                    content_type: js,
                },
            ),
            (
                "recorder-worklet.js",
                Asset {
                    bytes: include_bytes!("assets/recorder-worklet.js"),
                    content_type: js,
                },
            ),
            (
                "wav.js",
                Asset {
                    bytes: include_bytes!("assets/wav.js"),
                    content_type: js,
                },
            ),
            (
                "script.js",
                Asset {
                    bytes: include_bytes!("assets/script.js"),
                    content_type: js,
                },
            ),
            (
                "prompter.js",
                Asset {
                    bytes: include_bytes!("assets/prompter.js"),
                    content_type: js,
                },
            ),
            (
                "today.js",
                Asset {
                    bytes: include_bytes!("assets/today.js"),
                    content_type: js,
                },
            ),
            (
                "assemble.js",
                Asset {
                    bytes: include_bytes!("assets/assemble.js"),
                    content_type: js,
                },
            ),
            (
                "player.js",
                Asset {
                    bytes: include_bytes!("assets/player.js"),
                    content_type: js,
                },
            ),
            (
                "new.js",
                Asset {
                    bytes: include_bytes!("assets/new.js"),
                    content_type: js,
                },
            ),
            asset!("fonts/NotoSans-Regular.woff2", "font/woff2"),
            asset!("fonts/NotoSans-Bold.woff2", "font/woff2"),
            asset!("fonts/LICENSE-NotoSans.txt", "text/plain; charset=utf-8"),
        ]
        .into_iter()
        .map(|(name, asset)| {
            let hash = crate::digest::sha256_bytes(asset.bytes);
            (name, (asset, hash[..12].to_string()))
        })
        .collect()
    })
}

/// The URL of an embedded file, with its content hash for caching.
pub fn url(name: &str) -> String {
    match table().get(name) {
        Some((_, hash)) => format!("/static/{name}?v={hash}"),
        None => format!("/static/{name}"),
    }
}

/// Serves `/static/{name}`; unknown names are 404 (the table is the whole namespace, so no
/// request path ever reaches the file system here).
pub fn serve(name: &str) -> Response {
    let Some((asset, _)) = table().get(name) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(asset.content_type),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=31536000, immutable"),
            ),
        ],
        asset.bytes,
    )
        .into_response()
}

//! The one stylesheet, embedded in the binary and served with a year-long cache header. Its
//! address carries a hash of its content, so a changed stylesheet is a new address and no
//! browser keeps a stale copy.

use axum::http::header;
use axum::response::{IntoResponse, Response};

pub const STYLESHEET: &str = include_str!("../assets/style.css");

/// `/assets/style.css?v=<hash of the content>`.
pub const STYLESHEET_HREF: &str = const_format_href();

const fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut i = 0;
    while i < bytes.len() {
        hash ^= bytes[i] as u64;
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        i += 1;
    }
    hash
}

const HREF_PREFIX: &[u8] = b"/assets/style.css?v=";
const HREF_LEN: usize = HREF_PREFIX.len() + 16;

const HREF_BYTES: [u8; HREF_LEN] = {
    let mut out = [0u8; HREF_LEN];
    let mut i = 0;
    while i < HREF_PREFIX.len() {
        out[i] = HREF_PREFIX[i];
        i += 1;
    }
    let hash = fnv1a(STYLESHEET.as_bytes());
    let mut k = 0;
    while k < 16 {
        let nibble = ((hash >> (60 - 4 * k)) & 0xf) as u8;
        out[HREF_PREFIX.len() + k] = if nibble < 10 {
            b'0' + nibble
        } else {
            b'a' + nibble - 10
        };
        k += 1;
    }
    out
};

const fn const_format_href() -> &'static str {
    match std::str::from_utf8(&HREF_BYTES) {
        Ok(s) => s,
        Err(_) => "/assets/style.css",
    }
}

/// htmx, vendored (npm `htmx.org`, its version in the file name and the address), so that the
/// workspace needs nothing from outside. Pages work without it; it only saves full reloads.
pub const HTMX: &str = include_str!("../assets/htmx-2.0.11.min.js");
pub const HTMX_HREF: &str = "/assets/htmx-2.0.11.min.js";

pub async fn htmx() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        HTMX,
    )
        .into_response()
}

pub async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        STYLESHEET,
    )
        .into_response()
}

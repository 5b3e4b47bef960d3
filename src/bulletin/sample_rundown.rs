//! Rundowns built in code for the bulletin folder's unit tests.

use super::rundown::{BulletinInfo, Item, Rundown, Segment};

/// Take `id` (saved as `recordings/<id>.*`) reading `spoken`, estimated at `estimate_s`.
pub(crate) fn take(id: &str, spoken: &str, estimate_s: f64) -> Segment {
    Segment {
        id: id.into(),
        spoken: spoken.into(),
        original: String::new(),
        syllables: spoken.split_whitespace().count() as u32,
        estimate_s,
        take: id.into(),
        accept_suspect: false,
    }
}

/// Item `id` of an article from the Thọ Xuân portal (its category, date and byline).
pub(crate) fn item(id: &str, title: &str, segments: Vec<Segment>) -> Item {
    Item {
        id: id.into(),
        title: title.into(),
        category: "Chiến lược - Định Hướng - Quy hoạch".into(),
        published: "2018-04-05".into(),
        byline: "Đài Truyền thanh huyện Thọ Xuân".into(),
        source: "bai.txt".into(),
        segments,
    }
}

/// The morning bulletin of 2026-11-27 at Thọ Xuân, 15 minutes planned.
pub(crate) fn rundown(
    title: &str,
    opening: Segment,
    items: Vec<Item>,
    closing: Segment,
) -> Rundown {
    Rundown {
        bulletin: BulletinInfo {
            date: "2026-11-27".into(),
            slot: "sang".into(),
            title: title.into(),
            station: "Đài Truyền thanh huyện Thọ Xuân".into(),
            target_s: 900.0,
            rate_spm: Some(233.0),
        },
        opening,
        items,
        closing,
        status: Default::default(),
    }
}

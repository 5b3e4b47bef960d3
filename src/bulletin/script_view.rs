//! What the printed script shows, shared by the HTML and the text version: the bulletin
//! header, and the takes in air order grouped by item, with running totals.

use super::rundown::{RECORDINGS_DIR, Rundown, Segment};
use super::rundown_text::Remarks;

/// Everything the printed script needs.
pub struct ScriptView<'a> {
    pub rundown: &'a Rundown,
    /// Warnings by item or segment id.
    pub remarks: &'a Remarks,
    /// Air time of the slot ("05:30"), when known.
    pub air_time: Option<&'a str>,
    /// Reading rate the estimates were made with.
    pub rate_spm: f64,
}

/// A block of the script: the opening, an item, or the closing.
pub struct Block<'a> {
    /// Item id, or `None` for the opening and the closing.
    pub item_id: Option<&'a str>,
    /// Heading shown above the takes.
    pub heading: String,
    /// Category, publication date, byline, source file — whatever is known.
    pub details: Vec<String>,
    pub remarks: &'a [String],
    pub takes: Vec<TakeRow<'a>>,
}

pub struct TakeRow<'a> {
    pub segment: &'a Segment,
    /// Where to save it: "recordings/01-1.wav".
    pub save_as: String,
    /// Estimated reading time of everything up to and including this take.
    pub running_s: f64,
    pub remarks: &'a [String],
}

impl<'a> ScriptView<'a> {
    pub fn total_estimate_s(&self) -> f64 {
        self.rundown.segments().map(|s| s.estimate_s).sum()
    }

    pub fn take_count(&self) -> usize {
        self.rundown.segments().count()
    }

    /// The blocks in air order.
    pub fn blocks(&self) -> Vec<Block<'a>> {
        let mut running = 0.0;
        let mut row = |segment: &'a Segment, remarks: &'a [String]| {
            running += segment.estimate_s;
            TakeRow {
                segment,
                save_as: save_as(&segment.take),
                running_s: running,
                remarks,
            }
        };
        let (rundown, remarks): (&'a Rundown, &'a Remarks) = (self.rundown, self.remarks);
        let rem = |id: &str| remarks.get(id).map_or(&[][..], Vec::as_slice);
        let mut blocks = Vec::with_capacity(rundown.items.len() + 2);
        blocks.push(Block {
            item_id: None,
            heading: "Mở đầu (opening)".into(),
            details: Vec::new(),
            remarks: &[],
            takes: vec![row(&rundown.opening, rem(&rundown.opening.id))],
        });
        for item in &rundown.items {
            let details = [
                item.category.as_str(),
                item.published.as_str(),
                item.byline.as_str(),
            ]
            .into_iter()
            .filter(|d| !d.is_empty())
            .map(str::to_string)
            .chain((!item.source.is_empty()).then(|| format!("tệp (file): {}", item.source)))
            .collect();
            blocks.push(Block {
                item_id: Some(&item.id),
                heading: format!("Tin {} — {}", item.id, item.title),
                details,
                remarks: rem(&item.id),
                takes: item.segments.iter().map(|s| row(s, rem(&s.id))).collect(),
            });
        }
        blocks.push(Block {
            item_id: None,
            heading: "Kết thúc (closing)".into(),
            details: Vec::new(),
            remarks: &[],
            takes: vec![row(&rundown.closing, rem(&rundown.closing.id))],
        });
        blocks
    }
}

/// The path a take is saved as, relative to the bulletin folder. WAV is suggested; any
/// audio format bantin decodes is accepted under the same name.
pub fn save_as(take: &str) -> String {
    format!("{RECORDINGS_DIR}/{take}.wav")
}

/// The sentence telling the announcer about formats, shown once in the header.
pub const FORMATS_NOTE: &str = "Lưu mỗi bản thu vào thư mục recordings/ đúng tên ghi ở từng ô. \
     Định dạng nào cũng được (.wav, .flac, .mp3, .m4a, .ogg), miễn là đúng tên.";

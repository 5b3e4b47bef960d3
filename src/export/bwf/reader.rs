//! Reading a broadcast WAV's chunks back: the format, the `bext`, LIST/INFO and `cart`
//! metadata, and where the audio is. The samples themselves are not read; callers that
//! need them seek to `data_offset`.

use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use super::chunks::{
    self, BEXT_DATE, BEXT_DESCRIPTION, BEXT_FIXED_LEN, BEXT_LOUDNESS_LEN, BEXT_LOUDNESS_OFFSET,
    BEXT_ORIGINATOR, BEXT_ORIGINATOR_REFERENCE, BEXT_TIME, BEXT_UMID, CART_DATE, CART_FIXED_LEN,
    CART_RESERVED, CART_TEXT, CART_TIME, CART_TIMERS, CART_URL, FMT_LEN,
};
use super::{BextLoudness, BwfError, BwfSpec};

/// Metadata chunks larger than this are not bantin's and not worth loading.
const MAX_METADATA_CHUNK: u64 = 16 << 20;

/// What [`read_bwf`] found in a file.
#[derive(Debug, Clone, PartialEq)]
pub struct BwfFile {
    pub path: PathBuf,
    /// 1 for integer PCM; 0xFFFE for the extensible header (bantin never writes it).
    pub format_tag: u16,
    pub fmt_len: u32,
    pub spec: BwfSpec,
    pub byte_rate: u32,
    pub block_align: u16,
    /// The size the RIFF header declares (file length − 8 for a complete file).
    pub riff_size: u32,
    pub bext: Option<Bext>,
    /// LIST/INFO entries in file order: ("INAM", "Ban tin sang").
    pub info: Vec<(String, String)>,
    pub cart: Option<Cart>,
    /// Where the samples start, and how many bytes they take.
    pub data_offset: u64,
    pub data_len: u64,
    /// Every chunk in file order.
    pub chunks: Vec<ChunkInfo>,
}

impl BwfFile {
    /// An INFO entry by its four-letter id.
    pub fn info(&self, id: &str) -> Option<&str> {
        self.info
            .iter()
            .find(|(k, _)| k == id)
            .map(|(_, v)| v.as_str())
    }

    pub fn frames(&self) -> u64 {
        match self.block_align {
            0 => 0,
            a => self.data_len / u64::from(a),
        }
    }

    pub fn duration_s(&self) -> f64 {
        match self.spec.sample_rate {
            0 => 0.0,
            r => self.frames() as f64 / f64::from(r),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChunkInfo {
    pub id: String,
    /// Offset of the chunk header in the file.
    pub offset: u64,
    pub size: u32,
}

/// The `bext` chunk (EBU Tech 3285).
#[derive(Debug, Clone, PartialEq)]
pub struct Bext {
    pub description: String,
    pub originator: String,
    pub originator_reference: String,
    pub origination_date: String,
    pub origination_time: String,
    /// First sample's time as samples since midnight.
    pub time_reference: u64,
    pub version: u16,
    pub umid: Vec<u8>,
    /// Version 2 fields; all None in v0/v1 files and where 0x7FFF marks them unknown.
    pub loudness: BextLoudness,
    pub coding_history: String,
}

/// The AES46 `cart` chunk.
#[derive(Debug, Clone, PartialEq)]
pub struct Cart {
    pub version: String,
    pub title: String,
    pub artist: String,
    pub cut_id: String,
    pub client_id: String,
    pub category: String,
    pub classification: String,
    pub out_cue: String,
    pub start_date: String,
    pub start_time: String,
    pub end_date: String,
    pub end_time: String,
    pub producer_app_id: String,
    pub producer_app_version: String,
    pub user_def: String,
    pub level_reference: i32,
    /// The timers that are set (usage code not empty).
    pub post_timers: Vec<CartTimer>,
    pub url: String,
    pub tag_text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CartTimer {
    pub usage: String,
    pub value: u32,
}

/// Parses the chunks of the WAV at `path`. Errors name the file and what is wrong.
pub fn read_bwf(path: &Path) -> Result<BwfFile, BwfError> {
    let read_err = |source| BwfError::Read {
        path: path.to_path_buf(),
        source,
    };
    let file = crate::regular_file::open(path).map_err(read_err)?;
    let file_len = file.metadata().map_err(read_err)?.len();
    let mut r = BufReader::new(file);

    let mut head = [0u8; 12];
    if file_len < 12 {
        return Err(not_wav(path, format!("it is only {file_len} bytes long")));
    }
    r.read_exact(&mut head).map_err(read_err)?;
    if &head[0..4] != b"RIFF" {
        let reason = if &head[0..4] == b"RF64" {
            "it is an RF64 file, which bantin does not read".to_string()
        } else {
            "it does not start with RIFF".to_string()
        };
        return Err(not_wav(path, reason));
    }
    if &head[8..12] != b"WAVE" {
        return Err(not_wav(path, "the RIFF form is not WAVE".to_string()));
    }
    let riff_size = u32::from_le_bytes([head[4], head[5], head[6], head[7]]);
    let riff_end = 8 + u64::from(riff_size);
    if riff_end > file_len {
        return Err(BwfError::Truncated {
            path: path.to_path_buf(),
            chunk: "RIFF".into(),
            offset: 0,
            declared: u64::from(riff_size),
            available: file_len - 8,
        });
    }

    let mut out = BwfFile {
        path: path.to_path_buf(),
        format_tag: 0,
        fmt_len: 0,
        spec: BwfSpec {
            sample_rate: 0,
            channels: 0,
            bits: 0,
        },
        byte_rate: 0,
        block_align: 0,
        riff_size,
        bext: None,
        info: Vec::new(),
        cart: None,
        data_offset: 0,
        data_len: 0,
        chunks: Vec::new(),
    };
    let (mut saw_fmt, mut saw_data) = (false, false);
    let mut at = 12u64;
    // A chunk header needs 8 bytes; a trailing pad or stray byte ends the walk.
    while at + 8 <= riff_end {
        r.seek(SeekFrom::Start(at)).map_err(read_err)?;
        let mut header = [0u8; 8];
        r.read_exact(&mut header).map_err(read_err)?;
        let id_bytes = [header[0], header[1], header[2], header[3]];
        let id = String::from_utf8_lossy(&id_bytes).into_owned();
        let size = u32::from_le_bytes([header[4], header[5], header[6], header[7]]);
        let body_at = at + 8;
        let available = riff_end - body_at;
        if u64::from(size) > available {
            return Err(BwfError::Truncated {
                path: path.to_path_buf(),
                chunk: id.trim_end().to_string(),
                offset: at,
                declared: u64::from(size),
                available,
            });
        }
        out.chunks.push(ChunkInfo {
            id: id.clone(),
            offset: at,
            size,
        });
        let chunk_name = id.trim_end().to_string();
        let load = |r: &mut BufReader<File>| -> Result<Vec<u8>, BwfError> {
            if u64::from(size) > MAX_METADATA_CHUNK {
                return Err(malformed(
                    path,
                    &chunk_name,
                    format!("it is {size} bytes, too large for metadata"),
                ));
            }
            let mut body = vec![0u8; size as usize];
            r.read_exact(&mut body).map_err(read_err)?;
            Ok(body)
        };
        match &id_bytes {
            b"fmt " => {
                parse_fmt(path, &load(&mut r)?, &mut out)?;
                saw_fmt = true;
            }
            b"data" => {
                out.data_offset = body_at;
                out.data_len = u64::from(size);
                saw_data = true;
            }
            b"bext" => out.bext = Some(parse_bext(path, &load(&mut r)?)?),
            b"cart" => out.cart = Some(parse_cart(path, &load(&mut r)?)?),
            b"LIST" => {
                let body = load(&mut r)?;
                if body.starts_with(b"INFO") {
                    out.info.extend(parse_info(path, &body[4..])?);
                }
            }
            _ => {}
        }
        at = body_at + u64::from(size) + u64::from(size % 2);
    }
    if !saw_fmt {
        return Err(BwfError::MissingChunk {
            path: path.to_path_buf(),
            chunk: "fmt",
        });
    }
    if !saw_data {
        return Err(BwfError::MissingChunk {
            path: path.to_path_buf(),
            chunk: "data",
        });
    }
    Ok(out)
}

fn not_wav(path: &Path, reason: String) -> BwfError {
    BwfError::NotWav {
        path: path.to_path_buf(),
        reason,
    }
}

fn malformed(path: &Path, chunk: &str, reason: String) -> BwfError {
    BwfError::Malformed {
        path: path.to_path_buf(),
        chunk: chunk.to_string(),
        reason,
    }
}

fn u16_at(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

fn parse_fmt(path: &Path, b: &[u8], out: &mut BwfFile) -> Result<(), BwfError> {
    if b.len() < FMT_LEN {
        return Err(malformed(
            path,
            "fmt",
            format!("it is {} bytes, at least {FMT_LEN} are needed", b.len()),
        ));
    }
    out.format_tag = u16_at(b, 0);
    out.fmt_len = b.len() as u32;
    out.spec = BwfSpec {
        channels: u16_at(b, 2),
        sample_rate: u32_at(b, 4),
        bits: u16_at(b, 14),
    };
    out.byte_rate = u32_at(b, 8);
    out.block_align = u16_at(b, 12);
    Ok(())
}

/// Reads fixed-width fields front to back.
struct Fields<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Fields<'a> {
    fn take(&mut self, n: usize) -> &'a [u8] {
        let s = &self.bytes[self.at..self.at + n];
        self.at += n;
        s
    }

    fn text(&mut self, n: usize) -> String {
        chunks::get_text(self.take(n))
    }

    fn u32(&mut self) -> u32 {
        u32_at(self.take(4), 0)
    }
}

fn parse_bext(path: &Path, b: &[u8]) -> Result<Bext, BwfError> {
    // Version 0 and 1 files are as long; the loudness fields are zeros there.
    if b.len() < BEXT_FIXED_LEN {
        return Err(malformed(
            path,
            "bext",
            format!(
                "it is {} bytes, at least {BEXT_FIXED_LEN} are needed",
                b.len()
            ),
        ));
    }
    let mut f = Fields { bytes: b, at: 0 };
    let description = f.text(BEXT_DESCRIPTION);
    let originator = f.text(BEXT_ORIGINATOR);
    let originator_reference = f.text(BEXT_ORIGINATOR_REFERENCE);
    let origination_date = f.text(BEXT_DATE);
    let origination_time = f.text(BEXT_TIME);
    let low = u64::from(f.u32());
    let high = u64::from(f.u32());
    let version = u16_at(f.take(2), 0);
    let umid = f.take(BEXT_UMID).to_vec();
    let loudness = if version >= 2 {
        chunks::loudness_from_bytes(
            &b[BEXT_LOUDNESS_OFFSET..BEXT_LOUDNESS_OFFSET + BEXT_LOUDNESS_LEN],
        )
    } else {
        BextLoudness::default()
    };
    Ok(Bext {
        description,
        originator,
        originator_reference,
        origination_date,
        origination_time,
        time_reference: high << 32 | low,
        version,
        umid,
        loudness,
        coding_history: chunks::get_text(&b[BEXT_FIXED_LEN..]),
    })
}

fn parse_cart(path: &Path, b: &[u8]) -> Result<Cart, BwfError> {
    if b.len() < CART_FIXED_LEN {
        return Err(malformed(
            path,
            "cart",
            format!(
                "it is {} bytes, at least {CART_FIXED_LEN} are needed",
                b.len()
            ),
        ));
    }
    let mut f = Fields { bytes: b, at: 0 };
    let version = f.text(4);
    let title = f.text(CART_TEXT);
    let artist = f.text(CART_TEXT);
    let cut_id = f.text(CART_TEXT);
    let client_id = f.text(CART_TEXT);
    let category = f.text(CART_TEXT);
    let classification = f.text(CART_TEXT);
    let out_cue = f.text(CART_TEXT);
    let start_date = f.text(CART_DATE);
    let start_time = f.text(CART_TIME);
    let end_date = f.text(CART_DATE);
    let end_time = f.text(CART_TIME);
    let producer_app_id = f.text(CART_TEXT);
    let producer_app_version = f.text(CART_TEXT);
    let user_def = f.text(CART_TEXT);
    let level_reference = f.u32() as i32;
    let mut post_timers = Vec::new();
    for _ in 0..CART_TIMERS {
        let usage = f.text(4);
        let value = f.u32();
        if !usage.is_empty() {
            post_timers.push(CartTimer { usage, value });
        }
    }
    f.take(CART_RESERVED);
    let url = f.text(CART_URL);
    debug_assert_eq!(f.at, CART_FIXED_LEN);
    Ok(Cart {
        version,
        title,
        artist,
        cut_id,
        client_id,
        category,
        classification,
        out_cue,
        start_date,
        start_time,
        end_date,
        end_time,
        producer_app_id,
        producer_app_version,
        user_def,
        level_reference,
        post_timers,
        url,
        tag_text: chunks::get_text(&b[CART_FIXED_LEN..]),
    })
}

fn parse_info(path: &Path, mut b: &[u8]) -> Result<Vec<(String, String)>, BwfError> {
    let mut entries = Vec::new();
    while b.len() >= 8 {
        let id = String::from_utf8_lossy(&b[..4]).into_owned();
        let size = u32_at(b, 4) as usize;
        let Some(text) = b.get(8..8 + size) else {
            return Err(malformed(
                path,
                "LIST",
                format!("the INFO entry {id} runs past the end of the list"),
            ));
        };
        entries.push((id, chunks::get_text(text)));
        let next = (8 + size + size % 2).min(b.len());
        b = &b[next..];
    }
    Ok(entries)
}

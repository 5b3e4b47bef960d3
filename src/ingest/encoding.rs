//! The text encodings an article may come in, and decoding bytes with a known one.

use super::{cp1258, tcvn3, vni};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    Tcvn3,
    Vni,
    Windows1258,
    /// TCVN3 bytes read as Windows-1252 and saved as UTF-8 ("Cæng th«ng tin"): what a
    /// .VnTime document pasted into a Unicode editor becomes.
    Tcvn3InUtf8,
    /// The same for VNI ("Coång thoâng tin").
    VniInUtf8,
    /// The text of a Word (.docx) document (Unicode inside).
    Docx,
}

impl Encoding {
    /// The stable name used in `Article::encoding` and `--json`.
    pub fn id(self) -> &'static str {
        match self {
            Self::Utf8 => "utf-8",
            Self::Utf8Bom => "utf-8-bom",
            Self::Utf16Le => "utf-16le",
            Self::Utf16Be => "utf-16be",
            Self::Tcvn3 => "tcvn3",
            Self::Vni => "vni",
            Self::Windows1258 => "windows-1258",
            Self::Tcvn3InUtf8 => "tcvn3-in-utf-8",
            Self::VniInUtf8 => "vni-in-utf-8",
            Self::Docx => "docx",
        }
    }

    /// The name staff know it by.
    pub fn label(self) -> &'static str {
        match self {
            Self::Utf8 => "UTF-8",
            Self::Utf8Bom => "UTF-8 with BOM",
            Self::Utf16Le => "UTF-16 LE",
            Self::Utf16Be => "UTF-16 BE",
            Self::Tcvn3 => "TCVN3 (ABC)",
            Self::Vni => "VNI-Windows",
            Self::Windows1258 => "Windows-1258",
            Self::Tcvn3InUtf8 => "TCVN3 (ABC) letters saved as UTF-8",
            Self::VniInUtf8 => "VNI-Windows letters saved as UTF-8",
            Self::Docx => "Word (.docx)",
        }
    }

    /// The 8-bit Vietnamese encodings of the 1990s, which must be guessed.
    pub fn is_legacy(self) -> bool {
        matches!(
            self,
            Self::Tcvn3 | Self::Vni | Self::Windows1258 | Self::Tcvn3InUtf8 | Self::VniInUtf8
        )
    }

    /// The legacy encodings, in the order they are tried.
    pub const LEGACY: [Encoding; 3] = [Self::Tcvn3, Self::Vni, Self::Windows1258];

    /// Decodes with a legacy encoding (every byte sequence decodes; the caller judges it).
    pub fn decode_legacy(self, bytes: &[u8]) -> String {
        match self {
            Self::Tcvn3 | Self::Tcvn3InUtf8 => tcvn3::decode(bytes),
            Self::Vni | Self::VniInUtf8 => vni::decode(bytes),
            _ => cp1258::decode(bytes),
        }
    }
}

/// Decodes a single-byte code page: ASCII below 0x80, `high` for 0x80..=0xFF.
pub fn decode_single_byte(bytes: &[u8], high: &[char; 128]) -> String {
    bytes
        .iter()
        .map(|&b| {
            if b < 0x80 {
                char::from(b)
            } else {
                high[usize::from(b - 0x80)]
            }
        })
        .collect()
}

/// Decodes UTF-16 code units from bytes; `None` if the length is odd or a surrogate is unpaired.
pub fn decode_utf16(bytes: &[u8], little_endian: bool) -> Option<String> {
    if !bytes.len().is_multiple_of(2) {
        return None;
    }
    let units = bytes.chunks_exact(2).map(|p| {
        if little_endian {
            u16::from_le_bytes([p[0], p[1]])
        } else {
            u16::from_be_bytes([p[0], p[1]])
        }
    });
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .ok()
}

//! Word (.docx) articles: the text of `word/document.xml`, one line per paragraph, a table
//! read row by row (the cells of a row joined by a comma, so each row is read as one line).
//!
//! A .docx is a zip archive of XML parts. Only the main document is read: headers, footers
//! and comments are not news. Deleted text of tracked changes and field codes are left out.
//! The document part is read with a size bound, so a zip bomb cannot exhaust memory.

use quick_xml::events::Event;
use std::io::Read;

/// The main document part larger than this is refused (a real article is well under 1 MB).
const MAX_DOCUMENT_XML: u64 = 64 * 1024 * 1024;

/// Why a .docx could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocxProblem {
    /// Not a zip archive, or a damaged one.
    NotZip(String),
    /// A zip archive without `word/document.xml` (another office format).
    NoDocument,
    /// The document part is larger than [`MAX_DOCUMENT_XML`].
    TooLarge,
    /// The document part is not well-formed XML or not UTF-8.
    BadXml(String),
}

impl std::fmt::Display for DocxProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NotZip(why) => write!(f, "it is not a readable zip archive ({why})"),
            Self::NoDocument => write!(f, "it has no word/document.xml, so it is no Word document"),
            Self::TooLarge => write!(
                f,
                "its text part is larger than {} MB",
                MAX_DOCUMENT_XML / 1024 / 1024
            ),
            Self::BadXml(why) => write!(f, "its text part is damaged ({why})"),
        }
    }
}

/// Is this a zip archive holding a Word document?
pub fn is_docx(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
        && zip::ZipArchive::new(std::io::Cursor::new(bytes))
            .is_ok_and(|z| z.index_for_name("word/document.xml").is_some())
}

/// The text of a .docx: paragraphs one a line.
pub fn text(bytes: &[u8]) -> Result<String, DocxProblem> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| DocxProblem::NotZip(e.to_string()))?;
    let mut part = archive
        .by_name("word/document.xml")
        .map_err(|_| DocxProblem::NoDocument)?;
    if part.size() > MAX_DOCUMENT_XML {
        return Err(DocxProblem::TooLarge);
    }
    let mut xml = Vec::new();
    (&mut part)
        .take(MAX_DOCUMENT_XML + 1)
        .read_to_end(&mut xml)
        .map_err(|e| DocxProblem::NotZip(e.to_string()))?;
    if xml.len() as u64 > MAX_DOCUMENT_XML {
        return Err(DocxProblem::TooLarge);
    }
    document_text(&xml)
}

/// One table being read: the row's finished cells and the cell being read.
#[derive(Default)]
struct Table {
    row: Vec<String>,
    cell: Option<String>,
}

/// Where a finished paragraph or table row goes: the open cell of the innermost table, or
/// the document.
fn emit(text: &str, tables: &mut [Table], out: &mut String) {
    if text.is_empty() {
        return;
    }
    match tables.last_mut() {
        Some(Table {
            cell: Some(cell), ..
        }) => {
            if !cell.is_empty() {
                cell.push(' ');
            }
            cell.push_str(text);
        }
        Some(table) => table.row.push(text.to_string()),
        None => {
            out.push_str(text);
            out.push('\n');
        }
    }
}

/// Walks `word/document.xml`.
fn document_text(xml: &[u8]) -> Result<String, DocxProblem> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut out = String::new();
    let mut paragraph = String::new();
    // Inside <w:t>: text to keep (<w:delText> and <w:instrText> are not kept).
    let mut in_text = false;
    let mut tables: Vec<Table> = Vec::new();
    let mut buf = Vec::new();
    let bad = |e: &dyn std::fmt::Display| DocxProblem::BadXml(e.to_string());
    // Open elements: a cut-off part ends with some still open.
    let mut depth = 0usize;
    loop {
        let event = reader.read_event_into(&mut buf).map_err(|e| bad(&e))?;
        match &event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        match event {
            Event::Start(e) => match e.local_name().into_inner() {
                "t" => in_text = true,
                "tbl" => tables.push(Table::default()),
                "tr" => {
                    if let Some(t) = tables.last_mut() {
                        t.row.clear();
                    }
                }
                "tc" => {
                    if let Some(t) = tables.last_mut() {
                        t.cell = Some(String::new());
                    }
                }
                "tab" => paragraph.push(' '),
                _ => {}
            },
            Event::Empty(e) => match e.local_name().into_inner() {
                "tab" => paragraph.push(' '),
                "br" | "cr" => paragraph.push('\n'),
                "noBreakHyphen" => paragraph.push('-'),
                _ => {}
            },
            Event::Text(t) if in_text => {
                paragraph.push_str(&t.xml10_content());
            }
            Event::GeneralRef(r) if in_text => {
                // An entity (&amp;, &#7899;) inside the text.
                let c = if r.is_char_ref() {
                    r.resolve_char_ref().map_err(|e| bad(&e))?
                } else {
                    named_entity(&r.into_inner())
                };
                if let Some(c) = c {
                    paragraph.push(c);
                }
            }
            Event::End(e) => match e.local_name().into_inner() {
                "t" => in_text = false,
                "p" => {
                    let text = paragraph.trim().to_string();
                    paragraph.clear();
                    emit(&text, &mut tables, &mut out);
                }
                "tc" => {
                    if let Some(t) = tables.last_mut()
                        && let Some(cell) = t.cell.take()
                        && !cell.trim().is_empty()
                    {
                        t.row.push(cell.trim().to_string());
                    }
                }
                "tr" => {
                    let line = tables
                        .last_mut()
                        .map(|t| std::mem::take(&mut t.row).join(", "))
                        .unwrap_or_default();
                    // The row belongs to the table one level out, or to the document.
                    let depth = tables.len();
                    emit(&line, &mut tables[..depth.saturating_sub(1)], &mut out);
                }
                "tbl" => {
                    tables.pop();
                }
                _ => {}
            },
            Event::Eof if depth > 0 => {
                return Err(DocxProblem::BadXml(
                    "it ends in the middle of the text".into(),
                ));
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

/// The five named XML entities.
fn named_entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(body: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
        )
    }

    #[test]
    fn paragraphs_runs_tabs_entities_and_tracked_changes() {
        let xml = doc(
            r#"<w:p><w:r><w:t>Giá lúa </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">tăng &amp; ổn định</w:t></w:r></w:p>
               <w:p/>
               <w:p><w:r><w:t>Gọi</w:t><w:tab/><w:t>0913 456 789</w:t></w:r><w:del><w:r><w:delText>xoá</w:delText></w:r></w:del></w:p>
               <w:p><w:r><w:instrText>HYPERLINK "x"</w:instrText><w:t>&#7897;t d&#242;ng</w:t></w:r></w:p>"#,
        );
        assert_eq!(
            document_text(xml.as_bytes()).unwrap(),
            "Giá lúa tăng & ổn định\nGọi 0913 456 789\nột dòng\n"
        );
    }

    #[test]
    fn tables_are_read_row_by_row() {
        let cell = |t: &str| format!("<w:tc><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:tc>");
        let xml = doc(&format!(
            "<w:p><w:r><w:t>Bảng giá:</w:t></w:r></w:p><w:tbl><w:tr>{}{}</w:tr><w:tr>{}{}</w:tr></w:tbl><w:p><w:r><w:t>Hết.</w:t></w:r></w:p>",
            cell("Lúa tẻ"),
            cell("7.200 đồng/kg"),
            cell("Gạo ST25"),
            "<w:tc><w:p><w:r><w:t>32.000</w:t></w:r></w:p><w:p><w:r><w:t>đồng/kg</w:t></w:r></w:p></w:tc>"
        ));
        assert_eq!(
            document_text(xml.as_bytes()).unwrap(),
            "Bảng giá:\nLúa tẻ, 7.200 đồng/kg\nGạo ST25, 32.000 đồng/kg\nHết.\n"
        );
    }

    #[test]
    fn damaged_documents_are_refused() {
        assert!(matches!(
            text(b"PK\x03\x04 not really"),
            Err(DocxProblem::NotZip(_))
        ));
        assert!(matches!(text(b"hello"), Err(DocxProblem::NotZip(_))));
        assert!(matches!(
            document_text(doc("<w:p><w:t>a</w:p>").as_bytes()),
            Err(DocxProblem::BadXml(_))
        ));
    }
}

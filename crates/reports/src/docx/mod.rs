//! The report as a Word document: a real OOXML package (document, styles, settings, footnotes,
//! core properties) written with the `zip` crate.
//!
//! Written by hand rather than with `docx-rs` because the report's footnotes continue a series
//! (chapter 18 starts at 4068): each is a real Word footnote, and Word's count starts at the
//! report's first number (`w:numStart`); a note out of order gets its number as a custom mark.
//! docx-rs can express neither. The document part is streamed into the
//! package chapter by chapter, so a long report is never held whole as XML.

mod body;
mod media;
mod parts;
mod xml;

use std::io::{Cursor, Seek, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use crate::report::Report;
use crate::summary::summary;

/// Why a DOCX could not be written. The message carries the underlying reason and does not
/// also offer it as a source, so a printed error chain says it once.
#[derive(Debug, thiserror::Error)]
pub enum DocxError {
    #[error("writing the DOCX package: {0}")]
    Zip(zip::result::ZipError),
    #[error("writing the DOCX package: {0}")]
    Io(std::io::Error),
    #[error("drawing the {chart} chart for the DOCX: {message}")]
    Chart {
        chart: &'static str,
        message: String,
    },
}

impl From<zip::result::ZipError> for DocxError {
    fn from(e: zip::result::ZipError) -> Self {
        DocxError::Zip(e)
    }
}

impl From<std::io::Error> for DocxError {
    fn from(e: std::io::Error) -> Self {
        DocxError::Io(e)
    }
}

/// The whole report as the bytes of a `.docx` file.
pub fn render_docx(report: &Report) -> Result<Vec<u8>, DocxError> {
    let mut out = Cursor::new(Vec::new());
    write_docx(report, &mut out)?;
    Ok(out.into_inner())
}

/// Writes the report as a `.docx` package to `out`.
pub fn write_docx<W: Write + Seek>(report: &Report, out: W) -> Result<(), DocxError> {
    write_docx_with_progress(report, out, |_| {})
}

/// As [`write_docx`], calling `progress(done)` after each chapter (of `report.chapters.len()`).
pub fn write_docx_with_progress<W: Write + Seek>(
    report: &Report,
    out: W,
    mut progress: impl FnMut(usize),
) -> Result<(), DocxError> {
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(6));
    let mut zip = ZipWriter::new(out);
    let part = |zip: &mut ZipWriter<W>, name: &str, text: &str| -> Result<(), DocxError> {
        zip.start_file(name, options)?;
        zip.write_all(text.as_bytes())?;
        Ok(())
    };
    let charts = media::charts(report);
    part(
        &mut zip,
        "[Content_Types].xml",
        &media::with_content_types(parts::CONTENT_TYPES),
    )?;
    part(&mut zip, "_rels/.rels", parts::ROOT_RELS)?;
    part(
        &mut zip,
        "docProps/core.xml",
        &parts::core_properties(&report.title),
    )?;
    part(
        &mut zip,
        "word/_rels/document.xml.rels",
        &media::with_relationships(parts::DOCUMENT_RELS, &charts),
    )?;
    media::write_media(&mut zip, options, &charts)?;
    part(&mut zip, "word/styles.xml", &parts::styles())?;
    let first = report.footnote_range().map_or(1, |(first, _)| first);
    part(&mut zip, "word/settings.xml", &parts::settings(first))?;

    zip.start_file("word/document.xml", options)?;
    let mut buf = parts::document_start();
    body::front_matter(&mut buf, report, &summary(report));
    let mut notes = body::Notes::starting_at(first);
    for i in 0..report.chapters.len() {
        body::chapter(&mut buf, report, i, &mut notes);
        zip.write_all(buf.as_bytes())?;
        buf.clear();
        progress(i + 1);
    }
    buf.push_str(&parts::document_end(first));
    zip.write_all(buf.as_bytes())?;

    zip.start_file("word/footnotes.xml", options)?;
    buf = parts::footnotes_start();
    for (i, (citation, auto)) in notes.written.iter().enumerate() {
        body::footnote(&mut buf, i + 1, citation, *auto);
        if buf.len() > 64 * 1024 {
            zip.write_all(buf.as_bytes())?;
            buf.clear();
        }
    }
    buf.push_str(parts::FOOTNOTES_END);
    zip.write_all(buf.as_bytes())?;
    zip.finish()?;
    Ok(())
}

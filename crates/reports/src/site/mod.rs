//! The static public site of a report: a report card (index.html), a page per chapter and per
//! member, a downloads page and the files it links to, and one stylesheet.
//!
//! Every link is relative and every page is plain HTML without JavaScript, so the folder works
//! opened from disk (`file://`) or copied to any static host.

mod downloads;
mod pages;

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::report::Report;

pub use downloads::Download;

/// One step of a publication, for a progress bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteProgress {
    /// Files written so far, this one included.
    pub done: usize,
    /// Files the site will have.
    pub total: usize,
    /// The file just written, relative to the site's folder.
    pub file: String,
}

/// What a publication wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteSummary {
    /// Every HTML page, relative to the site's folder.
    pub pages: Vec<String>,
    /// Every download, relative to the site's folder.
    pub downloads: Vec<Download>,
    /// Formats this build cannot write (a renderer switched off), with the reason.
    pub left_out: Vec<(String, String)>,
}

/// Why a site could not be written. The message carries the system's reason itself and does
/// not also offer it as a source, so a printed error chain says it once.
#[derive(Debug, thiserror::Error)]
pub enum SiteError {
    #[error("cannot write {path}: {error}")]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("{file}: {message}")]
    Render { file: String, message: String },
}

impl SiteError {
    fn io(path: &Path, error: std::io::Error) -> SiteError {
        SiteError::Io {
            path: path.to_path_buf(),
            error,
        }
    }
}

/// Writes the site of `report` into `out` (created when missing; files of the same names are
/// replaced, others left alone). The across-cycles charts show the report's
/// [`other_cycles`](Report::other_cycles) beside its own, oldest first.
pub fn publish_site(
    report: &Report,
    out: &Path,
    progress: impl FnMut(SiteProgress),
) -> Result<SiteSummary, SiteError> {
    publish_site_with(report, &[], out, progress)
}

/// A file the caller makes (the JSON dataset, which only the command line can build) to be
/// offered on the downloads page beside the renderers' files. `write` streams the content
/// straight into the file, so a large one is never held whole.
pub struct ExtraDownload<'a> {
    pub file: String,
    pub label: String,
    #[allow(clippy::type_complexity)]
    pub write: Box<dyn Fn(&mut dyn Write) -> std::io::Result<()> + 'a>,
}

/// As [`publish_site`], with `extras` written and listed among the downloads.
pub fn publish_site_with(
    report: &Report,
    extras: &[ExtraDownload],
    out: &Path,
    mut progress: impl FnMut(SiteProgress),
) -> Result<SiteSummary, SiteError> {
    std::fs::create_dir_all(out).map_err(|e| SiteError::io(out, e))?;
    let plan = downloads::plan();
    let names = pages::PageNames::new(report);
    let total = 2 + report.chapters.len() + names.members.len() + 1 + plan.len() + extras.len();
    let mut done = 0;
    let mut step = |file: &str| {
        done += 1;
        progress(SiteProgress {
            done,
            total,
            file: file.to_string(),
        });
    };

    // Downloads first: the downloads page shows their sizes.
    let mut written = Vec::new();
    for kind in &plan {
        let d = downloads::write(*kind, report, out)?;
        step(&d.file);
        written.push(d);
    }
    for x in extras {
        let path = out.join(&x.file);
        let file = File::create(&path).map_err(|e| SiteError::io(&path, e))?;
        let mut w = BufWriter::new(file);
        (x.write)(&mut w)
            .and_then(|()| w.flush())
            .map_err(|e| SiteError::io(&path, e))?;
        drop(w);
        let bytes = std::fs::metadata(&path)
            .map_err(|e| SiteError::io(&path, e))?
            .len();
        step(&x.file);
        written.push(Download {
            file: x.file.clone(),
            label: x.label.clone(),
            bytes,
        });
    }

    let css = out.join(pages::STYLESHEET);
    std::fs::write(&css, pages::CSS).map_err(|e| SiteError::io(&css, e))?;
    step(pages::STYLESHEET);

    let mut pages_written = Vec::new();
    let mut page = |file: &str, html: String| -> Result<(), SiteError> {
        let path = out.join(file);
        std::fs::write(&path, html).map_err(|e| SiteError::io(&path, e))?;
        pages_written.push(file.to_string());
        step(file);
        Ok(())
    };
    page("index.html", pages::index(report, &names))?;
    // The HTML renderer's own chapter pages (its index is replaced by the report card).
    for (file, html) in crate::html::chapter_pages(report)
        .into_iter()
        .filter(|(file, _)| file != "index.html")
    {
        page(&file, html)?;
    }
    for j in 0..names.members.len() {
        page(&names.members[j], pages::member(report, j, &names))?;
    }
    page("downloads.html", pages::downloads(report, &written, &names))?;

    Ok(SiteSummary {
        pages: pages_written,
        downloads: written,
        left_out: downloads::left_out(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_io_error_names_the_path_and_says_the_reason_once() {
        let e = SiteError::io(
            Path::new("afile"),
            std::io::Error::new(std::io::ErrorKind::AlreadyExists, "File exists"),
        );
        assert_eq!(e.to_string(), "cannot write afile: File exists");
        assert!(std::error::Error::source(&e).is_none());
    }
}

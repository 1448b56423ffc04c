//! `report` (a cycle's report or one of its exports, to a file or stdout) and `publish` (the
//! static public site). Output streams to its file where the renderer takes a writer; long
//! exports show a progress bar on stderr when it is a terminal.

use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use pledgewatch_domain::{Chapter, Cycle};
use pledgewatch_reports::site::{ExtraDownload, SiteProgress, publish_site_with};
use pledgewatch_reports::{Report, ReportOptions, docx, exports, html};
use pledgewatch_store::Store;
use pledgewatch_web::dto;

use crate::commands::{json, open_existing};

#[derive(Subcommand)]
pub enum Commands {
    /// Write a cycle's report (HTML, Markdown, PDF, DOCX) or an export (CSV, XLSX, CSL-JSON,
    /// BibTeX, JSON dataset) to --out, or to stdout for text formats.
    Report {
        #[arg(long)]
        cycle: String,
        #[arg(long, value_enum)]
        format: Format,
        /// Which table a CSV holds.
        #[arg(long, value_enum, default_value_t = CsvTable::B)]
        table: CsvTable,
        /// The number of the report's first footnote.
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
        first_footnote: u32,
        /// The file to write; required for PDF, DOCX and XLSX.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Write a cycle's static public site (report card, chapters, members, downloads) into a
    /// folder that works opened from disk or from any static host.
    Publish {
        #[arg(long)]
        cycle: String,
        #[arg(long)]
        out: PathBuf,
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
        first_footnote: u32,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Html,
    Markdown,
    Pdf,
    Docx,
    Csv,
    Xlsx,
    Csl,
    Bibtex,
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CsvTable {
    B,
    C,
    D,
    Evidence,
}

pub async fn run(db: &Path, command: Commands) -> Result<ExitCode> {
    match command {
        Commands::Report {
            cycle,
            format,
            table,
            first_footnote,
            out,
        } => {
            let store = open_existing(db).await?;
            let (report, dataset) = load(&store, &cycle, first_footnote).await?;
            write_report(&report, &dataset, format, table, out.as_deref())?;
        }
        Commands::Publish {
            cycle,
            out,
            first_footnote,
        } => {
            // A site is for readers: it shows the newest published edition, like the server.
            let store = open_existing(db).await?;
            let edition = store.latest_edition(&cycle).await?.with_context(|| {
                format!(
                    "`{cycle}` has no published edition (see `pledgewatch editions`; publish one \
                     with `pledgewatch edition publish`)"
                )
            })?;
            let snapshot = edition.snapshot;
            let (report, dataset) = report_of(&snapshot.cycle, &snapshot.chapters, first_footnote)?;
            let mut others = Vec::new();
            for summary in store.latest_editions().await? {
                if summary.cycle == report.cycle.name {
                    continue;
                }
                if let Some(other) = store.edition(&summary.cycle, summary.number).await? {
                    others.push((summary.cycle.clone(), other.snapshot.matrix));
                }
            }
            let extras = [ExtraDownload {
                file: "dataset.json".to_string(),
                label: "The whole dataset (JSON, importable)".to_string(),
                bytes: dataset.into_bytes(),
            }];
            let bar = progress_bar(0, "publishing");
            let summary = publish_site_with(&report, &others, &extras, &out, |p: SiteProgress| {
                bar.set_length(p.total as u64);
                bar.set_position(p.done as u64);
                bar.set_message(p.file);
            })
            .with_context(|| format!("publishing into {}", out.display()))?;
            bar.finish_and_clear();
            println!(
                "wrote {} pages and {} downloads to {}",
                summary.pages.len(),
                summary.downloads.len(),
                out.display()
            );
            for (format, why) in &summary.left_out {
                println!("left out: {format} ({why})");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The report of the working copy and the cycle's JSON dataset (as `export --format json`
/// prints it): `report` is the team's draft as much as the final document.
async fn load(store: &Store, name: &str, first_footnote: u32) -> Result<(Report, String)> {
    let cycle = store
        .cycle(name)
        .await?
        .with_context(|| format!("no cycle named `{name}` (see `pledgewatch cycles`)"))?;
    let chapters = store.chapters(name).await?;
    report_of(&cycle, &chapters, first_footnote)
}

fn report_of(cycle: &Cycle, chapters: &[Chapter], first_footnote: u32) -> Result<(Report, String)> {
    let dataset = json(&dto::ExportDto {
        cycles: vec![dto::ExportCycle::new(cycle, chapters)],
    })?;
    let options = ReportOptions {
        first_footnote,
        ..ReportOptions::default()
    };
    Ok((Report::new(cycle, chapters, &options), dataset))
}

fn write_report(
    report: &Report,
    dataset: &str,
    format: Format,
    table: CsvTable,
    out: Option<&Path>,
) -> Result<()> {
    let binary = matches!(format, Format::Pdf | Format::Docx | Format::Xlsx);
    let Some(path) = out else {
        if binary {
            bail!("this format is binary: pass --out FILE");
        }
        let stdout = std::io::stdout();
        let mut w = BufWriter::new(stdout.lock());
        write_text(report, dataset, format, table, &mut w)?;
        w.flush()?;
        return Ok(());
    };
    let file = File::create(path).with_context(|| format!("cannot write {}", path.display()))?;
    let mut w = BufWriter::new(file);
    let result = match format {
        Format::Docx => {
            let bar = progress_bar(report.chapters.len() as u64, "DOCX");
            let r = docx::write_docx_with_progress(report, &mut w, |done| {
                bar.set_position(done as u64)
            });
            bar.finish_and_clear();
            r.map_err(anyhow::Error::from)
        }
        Format::Pdf => pdf(report).and_then(|bytes| Ok(w.write_all(&bytes)?)),
        Format::Xlsx => exports::write_xlsx(report, &mut w).map_err(anyhow::Error::from),
        _ => write_text(report, dataset, format, table, &mut w),
    };
    result
        .and_then(|()| Ok(w.flush()?))
        .with_context(|| format!("writing {}", path.display()))
}

#[cfg(feature = "pdf")]
fn pdf(report: &Report) -> Result<Vec<u8>> {
    let bar = progress_bar(0, "typesetting the PDF");
    let bytes = pledgewatch_reports::pdf::render_pdf(report);
    bar.finish_and_clear();
    Ok(bytes?)
}

#[cfg(not(feature = "pdf"))]
fn pdf(_report: &Report) -> Result<Vec<u8>> {
    bail!("this build has no PDF renderer (built without the `pdf` feature)")
}

fn write_text<W: Write>(
    report: &Report,
    dataset: &str,
    format: Format,
    table: CsvTable,
    w: &mut W,
) -> Result<()> {
    match format {
        Format::Html => html::write_html(report, w)?,
        Format::Markdown => pledgewatch_reports::markdown::write_markdown(report, w)?,
        Format::Csv => match table {
            CsvTable::B => exports::write_table_b_csv(report, w)?,
            CsvTable::C => exports::write_table_c_csv(report, w)?,
            CsvTable::D => exports::write_table_d_csv(report, w)?,
            CsvTable::Evidence => exports::write_evidence_csv(report, w)?,
        },
        Format::Csl => exports::write_csl_json(report, w)?,
        Format::Bibtex => exports::write_bibtex(report, w)?,
        Format::Json => w.write_all(dataset.as_bytes())?,
        Format::Pdf | Format::Docx | Format::Xlsx => {
            bail!("this format is binary: pass --out FILE")
        }
    }
    Ok(())
}

/// A bar on stderr when it is a terminal, else nothing (no escape codes in logs and pipes).
fn progress_bar(len: u64, what: &str) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = if len == 0 {
        ProgressBar::new_spinner()
    } else {
        ProgressBar::new(len)
    };
    if let Ok(style) = ProgressStyle::with_template("{prefix} {bar:30} {pos}/{len} {msg}") {
        bar.set_style(style);
    }
    bar.set_prefix(what.to_string());
    bar
}

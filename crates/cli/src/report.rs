//! `report` (a cycle's report or one of its exports, to a file or stdout) and `publish` (the
//! static public site). Output streams to its file where the renderer takes a writer; long
//! exports show a progress bar on stderr when it is a terminal.

use std::cell::RefCell;
use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use pledgewatch_domain::edition::Snapshot;
use pledgewatch_reports::charts::{self, CycleScores, MarkdownCharts};
use pledgewatch_reports::exports::XlsxProgress;
use pledgewatch_reports::site::{ExtraDownload, SiteProgress, publish_site_with};
use pledgewatch_reports::{Report, ReportOptions, docx, exports, html};
use pledgewatch_store::Store;
use pledgewatch_web::dto;
use serde::ser::{Serialize, SerializeSeq, SerializeStruct, Serializer};

use crate::commands::open_existing;
use crate::dataset::working_copy;

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
        #[command(flatten)]
        front: FrontMatter,
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
        #[command(flatten)]
        front: FrontMatter,
    },
}

/// What the title page says beyond the data: every format prints it.
#[derive(clap::Args)]
pub struct FrontMatter {
    /// The report's title (default: "<cycle> Compliance Report").
    #[arg(long, value_parser = clap::builder::NonEmptyStringValueParser::new())]
    title: Option<String>,
    /// Who prepared the report: "The G7 Research Group".
    #[arg(long, value_parser = clap::builder::NonEmptyStringValueParser::new())]
    prepared_by: Option<String>,
    /// The publication date, YYYY-MM-DD.
    #[arg(long, value_parser = publication_date)]
    date: Option<jiff::civil::Date>,
}

impl FrontMatter {
    fn options(self, first_footnote: u32) -> ReportOptions {
        ReportOptions {
            first_footnote,
            title: self.title,
            prepared_by: self.prepared_by,
            published_on: self.date,
        }
    }
}

fn publication_date(text: &str) -> std::result::Result<jiff::civil::Date, String> {
    text.trim()
        .parse()
        .map_err(|_| format!("{text:?} is not a date: expected YYYY-MM-DD"))
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
            front,
        } => {
            let store = open_existing(db).await?;
            let snapshot = working_copy(&store, &cycle).await?;
            let report = report_of(&snapshot, front.options(first_footnote))?;
            let report = report.with_other_cycles(other_cycles(&store, &cycle).await?);
            write_report(&report, &snapshot, format, table, out.as_deref())?;
        }
        Commands::Publish {
            cycle,
            out,
            first_footnote,
            front,
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
            let report = report_of(&snapshot, front.options(first_footnote))?;
            let report = report.with_other_cycles(other_cycles(&store, &cycle).await?);
            let extras = [ExtraDownload {
                file: "dataset.json".to_string(),
                label: "The whole dataset (JSON, importable)".to_string(),
                write: Box::new(|w: &mut dyn Write| write_dataset(&snapshot, w, |_| {})),
            }];
            let bar = progress_bar(0, "publishing");
            let summary = publish_site_with(&report, &extras, &out, |p: SiteProgress| {
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

/// Every other cycle's scores as readers see them (its newest published edition), for the
/// across-cycles charts: the report orders them by period, as the server's pages do.
async fn other_cycles(store: &Store, this: &str) -> Result<Vec<CycleScores>> {
    let mut others = Vec::new();
    for summary in store.latest_editions().await? {
        if summary.cycle == this {
            continue;
        }
        if let Some(other) = store.edition(&summary.cycle, summary.number).await? {
            others.push(CycleScores::new(
                &other.snapshot.cycle,
                other.snapshot.matrix,
            ));
        }
    }
    Ok(others)
}

/// The report of one state of a cycle (the working copy, or an edition): its tables are the
/// snapshot's score matrix (every commitment, its stored scores, the members' codes), never
/// recomputed from the chapters' text.
fn report_of(snapshot: &Snapshot, options: ReportOptions) -> Result<Report> {
    Ok(Report::build(
        &snapshot.cycle,
        &snapshot.chapters,
        snapshot.matrix.clone(),
        &options,
    )?)
}

/// The cycle's JSON dataset exactly as `export --format json` prints it (pretty, then a line
/// end), serialised straight into `w` one commitment at a time, so the document is never held
/// whole; `progress(done)` after each commitment.
fn write_dataset<W: Write>(
    snapshot: &Snapshot,
    mut w: W,
    progress: impl FnMut(usize),
) -> std::io::Result<()> {
    let stream = DatasetStream {
        head: dto::ExportCycle::head(&snapshot.cycle, &snapshot.chapters, &snapshot.matrix),
        snapshot,
        progress: RefCell::new(progress),
    };
    serde_json::to_writer_pretty(&mut w, &stream)?;
    w.write_all(b"\n")
}

/// `{"cycles": [cycle]}` as `dto::ExportDto` serialises it, the cycle's commitments built as
/// the serializer reaches them.
struct DatasetStream<'a, F> {
    /// Every field of the cycle but its commitments.
    head: dto::ExportCycle,
    snapshot: &'a Snapshot,
    progress: RefCell<F>,
}

struct CycleStream<'s, 'a, F>(&'s DatasetStream<'a, F>);

struct CommitmentStream<'s, 'a, F>(&'s DatasetStream<'a, F>);

impl<F: FnMut(usize)> Serialize for DatasetStream<'_, F> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut top = s.serialize_struct("ExportDto", 1)?;
        top.serialize_field("cycles", &[CycleStream(self)])?;
        top.end()
    }
}

impl<F: FnMut(usize)> Serialize for CycleStream<'_, '_, F> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        // ExportCycle's fields in its order; the byte-for-byte test against `export` keeps
        // the two in step.
        let h = &self.0.head;
        let mut c = s.serialize_struct("ExportCycle", 9)?;
        c.serialize_field("name", &h.name)?;
        c.serialize_field("kind", &h.kind)?;
        c.serialize_field("convention", &h.convention)?;
        c.serialize_field("period", &h.period)?;
        c.serialize_field("institution", &h.institution)?;
        c.serialize_field("summit", &h.summit)?;
        c.serialize_field("people", &h.people)?;
        c.serialize_field("members", &h.members)?;
        c.serialize_field("commitments", &CommitmentStream(self.0))?;
        c.end()
    }
}

impl<F: FnMut(usize)> Serialize for CommitmentStream<'_, '_, F> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let snapshot = self.0.snapshot;
        let mut seq = s.serialize_seq(None)?;
        for (i, c) in dto::export_commitments(&snapshot.chapters, &snapshot.matrix).enumerate() {
            seq.serialize_element(&c)?;
            (self.0.progress.borrow_mut())(i + 1);
        }
        seq.end()
    }
}

fn write_report(
    report: &Report,
    snapshot: &Snapshot,
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
        write_text(report, snapshot, format, table, &mut w)?;
        w.flush()?;
        return Ok(());
    };
    if format == Format::Markdown && path.is_dir() {
        return markdown_folder(report, path);
    }
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
        Format::Pdf => pdf(report, &mut w),
        Format::Xlsx => {
            let bar = progress_bar(0, "XLSX");
            let r = exports::write_xlsx_with_progress(report, &mut w, |p: XlsxProgress| {
                bar.set_length(p.total as u64);
                bar.set_position(p.done as u64);
                bar.set_message(p.sheet.unwrap_or("package written"));
            });
            bar.finish_and_clear();
            r.map_err(anyhow::Error::from)
        }
        Format::Csv if table == CsvTable::Evidence => {
            let bar = progress_bar(report.chapters.len() as u64, "evidence CSV");
            let r = evidence_csv(report, &mut w, |done| bar.set_position(done as u64));
            bar.finish_and_clear();
            r
        }
        Format::Json => {
            let bar = progress_bar(snapshot.matrix.rows.len() as u64, "JSON dataset");
            let r = write_dataset(snapshot, &mut w, |done| bar.set_position(done as u64));
            bar.finish_and_clear();
            r.map_err(anyhow::Error::from)
        }
        _ => write_text(report, snapshot, format, table, &mut w),
    };
    result
        .and_then(|()| Ok(w.flush()?))
        .with_context(|| format!("writing {}", path.display()))
}

/// Markdown into a folder: `report.md` with its charts as SVG files beside it, linked
/// relatively (what GitHub and every Markdown viewer show); a file or stdout embeds them.
fn markdown_folder(report: &Report, dir: &Path) -> Result<()> {
    let path = dir.join("report.md");
    let file = File::create(&path).with_context(|| format!("cannot write {}", path.display()))?;
    let mut w = BufWriter::new(file);
    let how = MarkdownCharts::Beside {
        stem: "report".to_string(),
    };
    pledgewatch_reports::markdown::write_markdown_with(report, &mut w, &how)
        .and_then(|()| w.flush())
        .with_context(|| format!("writing {}", path.display()))?;
    charts::write_beside(report, dir, "report")
        .with_context(|| format!("writing the charts into {}", dir.display()))?;
    Ok(())
}

/// The evidence CSV, exactly as `exports::write_evidence_csv` writes it, calling
/// `progress(done)` as each commitment's rows are written.
fn evidence_csv<W: Write>(report: &Report, w: W, mut progress: impl FnMut(usize)) -> Result<()> {
    let mut sheet = exports::evidence_sheet(report);
    // Rows come chapter by chapter; the commitment column tells where one ends.
    let codes: Vec<&str> = report
        .chapters
        .iter()
        .map(|c| c.commitment.code.as_str())
        .collect();
    let mut current = 0;
    let rows = sheet.rows;
    sheet.rows = Box::new(rows.inspect(move |row| {
        if let Some(exports::Cell::Text(code)) = row.get(1)
            && let Some(i) = codes.iter().position(|c| c == code)
            && i + 1 > current
        {
            current = i + 1;
            progress(i);
        }
    }));
    exports::write_csv(sheet, w)?;
    Ok(())
}

/// The PDF, a spinner turning while typst lays the pages out and while the file is written
/// (typst gives no count of its own to show).
#[cfg(feature = "pdf")]
fn pdf<W: Write>(report: &Report, w: &mut W) -> Result<()> {
    let spinner = progress_spinner("PDF");
    spinner.set_message("laying out the pages");
    let bytes = pledgewatch_reports::pdf::render_pdf(report);
    let result = bytes.map_err(anyhow::Error::from).and_then(|bytes| {
        spinner.set_message(format!("writing {} KB", bytes.len().div_ceil(1024)));
        Ok(w.write_all(&bytes)?)
    });
    spinner.finish_and_clear();
    result
}

#[cfg(not(feature = "pdf"))]
fn pdf<W: Write>(_report: &Report, _w: &mut W) -> Result<()> {
    bail!("this build has no PDF renderer (built without the `pdf` feature)")
}

fn write_text<W: Write>(
    report: &Report,
    snapshot: &Snapshot,
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
        Format::Json => write_dataset(snapshot, w, |_| {})?,
        Format::Pdf | Format::Docx | Format::Xlsx => {
            bail!("this format is binary: pass --out FILE")
        }
    }
    Ok(())
}

/// A spinner on stderr when it is a terminal, else nothing, ticking by itself so it moves while
/// one long call runs.
fn progress_spinner(what: &str) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let spinner = ProgressBar::new_spinner();
    if let Ok(style) = ProgressStyle::with_template("{spinner} {prefix} {msg} ({elapsed})") {
        spinner.set_style(style);
    }
    spinner.set_prefix(what.to_string());
    spinner.enable_steady_tick(std::time::Duration::from_millis(120));
    spinner
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

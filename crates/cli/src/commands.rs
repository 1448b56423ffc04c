//! One function per subcommand. Each reads its inputs completely and validates them before it
//! opens a write transaction, so a rejected input leaves the database as it was.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use pledgewatch_domain::check::{Severity, check_cycle};
use pledgewatch_domain::{Chapter, Cycle, PercentConvention, Period};
use pledgewatch_ingest::{ParseOptions, parse_report_bytes};
use pledgewatch_store::{ChapterImport, Store};
use pledgewatch_web::dto;

use crate::{CheckFormat, Cli, Command, ExportFormat, ImportCommand, ScoresFormat, demo, tables};

pub(crate) const ACTOR: &str = "cli";

pub async fn run(cli: Cli) -> Result<ExitCode> {
    let db = cli.db;
    match cli.command {
        Command::Serve { addr, no_demo } => {
            let store = open(&db).await?;
            if !no_demo && store.is_empty().await? {
                demo::load(&store).await.context("loading the demo cycle")?;
                tracing::info!("the database was empty: loaded the demo cycle");
            }
            if store.accounts().await?.is_empty() {
                tracing::info!(
                    "no accounts yet: readers can browse; create the first account with \
                     `pledgewatch user add NAME --role admin`"
                );
            }
            pledgewatch_web::serve(store, addr).await?;
        }
        Command::Import(ImportCommand::Report {
            files,
            cycle,
            period,
        }) => {
            import_report(&db, &files, cycle, period).await?;
        }
        Command::Import(ImportCommand::Scores {
            file,
            cycle,
            institution,
        }) => import_scores(&db, &file, &cycle, institution).await?,
        Command::Import(ImportCommand::Dataset { file }) => {
            crate::dataset::import(&db, &file).await?
        }
        Command::Cycles => {
            let store = open_existing(&db).await?;
            for c in store.cycles().await? {
                println!("{}", tables::cycle_line(&c));
            }
        }
        Command::Scores { cycle, format } => {
            let store = open_existing(&db).await?;
            let matrix = store
                .score_matrix(&cycle)
                .await?
                .with_context(|| no_such_cycle(&cycle))?;
            let out = match format {
                ScoresFormat::Table => tables::scores_table(&cycle, &matrix),
                ScoresFormat::Json => json(&dto::ScoresDto::new(&cycle, &matrix))?,
                ScoresFormat::Csv => tables::scores_csv(&matrix)?,
            };
            print!("{out}");
        }
        Command::Export {
            cycle,
            format: ExportFormat::Json,
        } => {
            let store = open_existing(&db).await?;
            let snapshot = crate::dataset::working_copy(&store, &cycle).await?;
            print!("{}", crate::dataset::export_json(&snapshot)?);
        }
        Command::Rubrics(command) => return crate::rubric::run(&db, command).await,
        Command::Reports(command) => return crate::report::run(&db, command).await,
        Command::Plans(command) => return crate::plan::run(&db, command).await,
        Command::Users(command) => return crate::user::run(&db, command).await,
        Command::Audit(command) => return crate::audit::run(&db, command).await,
        Command::Editions(command) => return crate::edition::run(&db, command).await,
        Command::Import(ImportCommand::Plan(args)) => crate::plan::import(&db, args).await?,
        Command::Check { cycle, format } => {
            let store = open_existing(&db).await?;
            let (cycle, chapters) = load_cycle(&store, &cycle).await?;
            let findings = check_cycle(&cycle, &chapters);
            match format {
                CheckFormat::Json => print!("{}", json(&dto::CheckDto::new(&findings))?),
                CheckFormat::Text => print!("{}", tables::findings_text(&findings)),
            }
            if findings.iter().any(|f| f.severity == Severity::Error) {
                return Ok(ExitCode::from(1));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn no_such_cycle(name: &str) -> String {
    format!("no cycle named `{name}` (see `pledgewatch cycles`)")
}

pub(crate) fn json<T: serde::Serialize + ?Sized>(value: &T) -> Result<String> {
    let mut s = serde_json::to_string_pretty(value)?;
    s.push('\n');
    Ok(s)
}

pub(crate) async fn open(db: &Path) -> Result<Store> {
    let path = db
        .to_str()
        .with_context(|| format!("the database path {} is not UTF-8", db.display()))?;
    Store::open(path)
        .await
        .with_context(|| format!("cannot open the database {}", db.display()))
}

/// Read-only commands never create a database as a side effect of a typo in `--db`.
pub(crate) async fn open_existing(db: &Path) -> Result<Store> {
    if !db.exists() {
        bail!(
            "no database at {} (import something first, or pass --db)",
            db.display()
        );
    }
    open(db).await
}

async fn load_cycle(store: &Store, name: &str) -> Result<(Cycle, Vec<Chapter>)> {
    let cycle = store
        .cycle(name)
        .await?
        .with_context(|| no_such_cycle(name))?;
    let chapters = store.chapters(name).await?;
    Ok((cycle, chapters))
}

fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))
}

async fn import_report(
    db: &Path,
    files: &[PathBuf],
    cycle: Option<String>,
    period: Option<String>,
) -> Result<()> {
    let period = period
        .map(|p| Period::parse(&p).with_context(|| "--period".to_string()))
        .transpose()?;
    let inputs: Vec<(PathBuf, Vec<u8>)> = files
        .iter()
        .map(|f| Ok((f.clone(), read(f)?)))
        .collect::<Result<_>>()?;

    // The cycle's name and period: flags first, then a report header in any of the files, then
    // what the database already knows about that cycle (needed to resolve year-less dates).
    let header = inputs
        .iter()
        .find_map(|(_, bytes)| pledgewatch_ingest::read_header(bytes));
    let name = cycle
        .or_else(|| header.as_ref().map(|h| h.cycle_name.clone()))
        .context("no cycle named: the files have no report header, so pass --cycle NAME")?;
    let stored = if db.exists() {
        open(db).await?.cycle(&name).await?
    } else {
        None
    };
    let period = period
        .or_else(|| header.as_ref().and_then(|h| h.period))
        .or_else(|| stored.as_ref().and_then(|c| c.period));
    // Institution and summit go together: both from a header that names them, else as stored.
    let (institution, summit) = match header.as_ref().filter(|h| h.institution.is_some()) {
        Some(h) => (
            h.institution.clone(),
            h.summit.as_ref().map(|s| s.name.clone()),
        ),
        None => stored
            .as_ref()
            .map(|c| (c.institution.clone(), c.summit.clone()))
            .unwrap_or_default(),
    };
    let cycle = Cycle {
        name,
        kind: header
            .as_ref()
            .and_then(|h| h.kind)
            .or_else(|| stored.as_ref().and_then(|c| c.kind)),
        period,
        convention: stored
            .as_ref()
            .map(|c| c.convention)
            .unwrap_or(PercentConvention::Rescaled),
        institution,
        summit,
    };

    let options = ParseOptions { period };
    let mut chapters = Vec::new();
    for (path, bytes) in &inputs {
        let report =
            parse_report_bytes(bytes, &options).with_context(|| format!("{}", path.display()))?;
        // What the parser worked round; a slip with a check code (a sentence split by a stray
        // blank line) is shown as the finding it is, since the stored chapter no longer shows it.
        for w in &report.warnings {
            match w.finding() {
                Some(finding) => eprintln!("{}: {finding}", path.display()),
                None => eprintln!("warning: {}: {w}", path.display()),
            }
        }
        chapters.extend(report.chapters);
    }

    let store = open(db).await?;
    let results = store.import_chapters(&cycle, &chapters, ACTOR).await?;
    for (chapter, result) in chapters.iter().zip(&results) {
        let c = &chapter.commitment;
        let label = format!("{}. {}: {}", c.code, c.area, c.title);
        match result {
            ChapterImport::Unchanged => println!("unchanged  {label}"),
            ChapterImport::Added => println!(
                "added      {label} ({} members, {} evidence items, {} footnotes)",
                chapter.members.len(),
                chapter
                    .members
                    .iter()
                    .map(|m| m.evidence().count())
                    .sum::<usize>(),
                chapter.citations.len()
            ),
            ChapterImport::Replaced { changes } => {
                println!("replaced   {label}");
                for change in changes {
                    println!("           - {change}");
                }
            }
        }
    }
    println!("cycle: {}", cycle.name);
    Ok(())
}

async fn import_scores(
    db: &Path,
    file: &Path,
    cycle: &str,
    institution: Option<String>,
) -> Result<()> {
    let bytes = read(file)?;
    let sheet = pledgewatch_ingest::scores::parse_score_sheet(&bytes)
        .with_context(|| format!("{}", file.display()))?;
    let store = open(db).await?;
    let existing = store.cycle(cycle).await?;
    let mut cycle = existing.unwrap_or(Cycle {
        name: cycle.to_string(),
        kind: None,
        period: None,
        convention: PercentConvention::Rescaled,
        institution: None,
        summit: None,
    });
    if let Some(institution) = institution {
        if cycle.institution.as_deref() != Some(institution.as_str()) {
            // The stored summit belongs to the stored institution.
            cycle.summit = None;
        }
        cycle.institution = Some(institution);
    }
    let summary = store.import_scores(&cycle, &sheet, ACTOR).await?;
    println!(
        "cycle {}: {} cells set, {} unchanged, {} commitments created",
        cycle.name, summary.cells_set, summary.cells_unchanged, summary.commitments_created
    );
    Ok(())
}

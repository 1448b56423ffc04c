//! Action plan subcommands: `import plan`, `plans`, `plan show|period add|status|link|progress|
//! matrix`. Files are read and parsed whole before the store is opened for writing, so a
//! rejected file changes nothing.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand, ValueEnum};
use jiff::civil::Date;
use pledgewatch_domain::plan::{
    EvidenceRef, ImplementationStatus, Plan, ProgressReport, ReportingPeriod, StatusRecord,
    period_and_previous, progress,
};
use pledgewatch_ingest::plan::{PlanOptions, parse_plan};
use pledgewatch_reports::plan::{PlanProgress, write_progress_csv, write_progress_html};
use pledgewatch_store::{PlanImport, Store};
use serde_json::json;

use crate::commands::{ACTOR, json, open, open_existing};

#[derive(Clone, Copy, Default, ValueEnum)]
pub enum ShowFormat {
    #[default]
    Text,
    Json,
}

#[derive(Clone, Copy, Default, ValueEnum)]
pub enum ProgressFormat {
    #[default]
    Text,
    Json,
    Csv,
    /// A standalone HTML file.
    Html,
    /// Needs --output.
    Pdf,
}

#[derive(Clone, Copy, Default, ValueEnum)]
pub enum MatrixFormat {
    #[default]
    Text,
    Csv,
}

/// `import plan FILE`: the plan's text (the layouts of the G7 Action Plan and the Calais Group
/// Priority Plan).
#[derive(Args)]
pub struct ImportArgs {
    file: PathBuf,
    /// The institution that adopted the plan, when its title does not name it.
    #[arg(long, value_name = "NAME")]
    institution: Option<String>,
    /// A member in scope (repeat): each gets a status per measure.
    #[arg(long = "member", value_name = "NAME")]
    members: Vec<String>,
    /// An observer (repeat): takes part without a status.
    #[arg(long = "observer", value_name = "NAME")]
    observers: Vec<String>,
}

#[derive(Subcommand)]
pub enum Commands {
    /// List the action plans.
    Plans,
    /// Action plans: show, periods, statuses, links, progress, matrix.
    #[command(subcommand)]
    Plan(PlanCommand),
}

#[derive(Subcommand)]
pub enum PlanCommand {
    /// The plan's sections and measures in order, with their codes.
    Show {
        #[arg(long)]
        plan: String,
        #[arg(long, value_enum, default_value_t)]
        format: ShowFormat,
    },
    /// Reporting periods.
    #[command(subcommand)]
    Period(PeriodCommand),
    /// Record a member's status on a measure in a period (replaces an earlier one).
    Status {
        #[arg(long)]
        plan: String,
        #[arg(long)]
        period: String,
        #[arg(long)]
        member: String,
        #[arg(long)]
        measure: String,
        /// not-started, in-progress, substantially-implemented, complete, n/a, no-information.
        #[arg(long)]
        status: String,
        /// An evidence item, CYCLE:COMMITMENT:MEMBER:N (repeat); linked, never copied.
        #[arg(long = "evidence", value_name = "CYCLE:COMMITMENT:MEMBER:N")]
        evidence: Vec<String>,
        #[arg(long)]
        note: Option<String>,
    },
    /// Link a measure to a summit commitment (optionally one rubric dimension).
    Link {
        #[arg(long)]
        plan: String,
        #[arg(long)]
        measure: String,
        #[arg(long)]
        cycle: String,
        #[arg(long)]
        commitment: String,
        #[arg(long)]
        dimension: Option<String>,
    },
    /// Changes since the previous period, coverage per member, measures no one acted on.
    Progress {
        #[arg(long)]
        plan: String,
        #[arg(long)]
        period: String,
        #[arg(long, value_enum, default_value_t)]
        format: ProgressFormat,
        /// Write to FILE instead of stdout (required for pdf).
        #[arg(long, visible_alias = "out", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Members × tracked measures with each status.
    Matrix {
        #[arg(long)]
        plan: String,
        #[arg(long)]
        period: String,
        #[arg(long, value_enum, default_value_t)]
        format: MatrixFormat,
    },
}

#[derive(Subcommand)]
pub enum PeriodCommand {
    /// Add a reporting period.
    Add {
        #[arg(long)]
        plan: String,
        /// "2025-H1".
        #[arg(long)]
        label: String,
        /// First day, YYYY-MM-DD.
        #[arg(long)]
        from: String,
        /// Last day, YYYY-MM-DD.
        #[arg(long)]
        to: String,
    },
}

pub async fn import(db: &Path, args: ImportArgs) -> Result<()> {
    let bytes = std::fs::read(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    let opts = PlanOptions {
        institution: args.institution,
        members: args.members,
        observers: args.observers,
    };
    let plan =
        parse_plan(&bytes, &opts).map_err(|e| anyhow::anyhow!("{}: {e}", args.file.display()))?;
    if plan.members.is_empty() {
        bail!(
            "{}: the plan names no members in scope: give them (--member NAME, repeated)",
            args.file.display()
        );
    }
    let store = open(db).await?;
    let outcome = store.import_plan(&plan, ACTOR).await?;
    let what = match outcome {
        PlanImport::Added => "added",
        PlanImport::Unchanged => "unchanged",
        PlanImport::Replaced => "replaced",
    };
    println!(
        "{what}: {} ({}, {} sections, {} measures)",
        plan.title,
        plan.institution,
        plan.sections.len(),
        plan.measures().len()
    );
    Ok(())
}

pub async fn run(db: &Path, command: Commands) -> Result<ExitCode> {
    match command {
        Commands::Plans => {
            let store = open_existing(db).await?;
            for p in store.plans().await? {
                let adopted = p
                    .adopted_on
                    .map_or_else(|| "-".to_string(), |d| d.to_string());
                println!(
                    "{}\t{}\t{adopted}\t{} sections\t{} measures\t{} members\t{} periods",
                    p.institution, p.title, p.sections, p.measures, p.members, p.periods
                );
            }
        }
        Commands::Plan(c) => plan_command(db, c).await?,
    }
    Ok(ExitCode::SUCCESS)
}

async fn load_plan(store: &Store, title: &str) -> Result<Plan> {
    store
        .plan(title)
        .await?
        .with_context(|| format!("no plan titled `{title}` (see `pledgewatch plans`)"))
}

fn date(text: &str, flag: &str) -> Result<Date> {
    text.trim()
        .parse()
        .map_err(|_| anyhow::anyhow!("{flag} {text:?} is not a date: expected YYYY-MM-DD"))
}

fn evidence_ref(text: &str) -> Result<EvidenceRef> {
    // From the right: a cycle's name may hold a colon, the other three do not.
    let parts: Vec<&str> = text.rsplitn(4, ':').collect();
    let [n, member, commitment, cycle] = parts.as_slice() else {
        bail!("--evidence {text:?}: expected CYCLE:COMMITMENT:MEMBER:N");
    };
    let evidence: u32 = n.trim().parse().ok().filter(|n| *n >= 1).with_context(|| {
        format!("--evidence {text:?}: {n:?} is not an evidence number (1, 2, …)")
    })?;
    Ok(EvidenceRef {
        cycle: cycle.trim().to_string(),
        commitment: commitment.trim().to_string(),
        member: member.trim().to_string(),
        evidence,
    })
}

async fn plan_command(db: &Path, command: PlanCommand) -> Result<()> {
    match command {
        PlanCommand::Show { plan, format } => {
            let store = open_existing(db).await?;
            let plan = load_plan(&store, &plan).await?;
            match format {
                ShowFormat::Text => print!("{}", show_text(&plan)),
                ShowFormat::Json => print!("{}", json(&show_json(&plan))?),
            }
        }
        PlanCommand::Period(PeriodCommand::Add {
            plan,
            label,
            from,
            to,
        }) => {
            let period = ReportingPeriod {
                label,
                start: date(&from, "--from")?,
                end: date(&to, "--to")?,
            };
            let store = open_existing(db).await?;
            store.add_period(&plan, &period, ACTOR).await?;
        }
        PlanCommand::Status {
            plan,
            period,
            member,
            measure,
            status,
            evidence,
            note,
        } => {
            let status = ImplementationStatus::parse(&status)?;
            let evidence = evidence
                .iter()
                .map(|e| evidence_ref(e))
                .collect::<Result<Vec<_>>>()?;
            let store = open_existing(db).await?;
            let period = store
                .periods(&plan)
                .await?
                .into_iter()
                .find(|p| p.label == period)
                .with_context(|| format!("plan `{plan}` has no reporting period `{period}`"))?;
            let record = StatusRecord {
                member,
                measure_code: measure,
                period,
                status,
                evidence,
                note,
            };
            store.record_status(&plan, &record, ACTOR).await?;
        }
        PlanCommand::Link {
            plan,
            measure,
            cycle,
            commitment,
            dimension,
        } => {
            let store = open_existing(db).await?;
            store
                .link_measure(
                    &plan,
                    &measure,
                    &cycle,
                    &commitment,
                    dimension.as_deref(),
                    ACTOR,
                )
                .await?;
        }
        PlanCommand::Progress {
            plan,
            period,
            format,
            output,
        } => {
            if matches!(format, ProgressFormat::Pdf) && output.is_none() {
                bail!("--format pdf writes a binary file: give --output FILE");
            }
            let store = open_existing(db).await?;
            let (plan, periods, report) = progress_of(&store, &plan, &period).await?;
            let (current, previous) =
                period_and_previous(&periods, &period).with_context(|| {
                    format!("plan `{}` has no reporting period `{period}`", plan.title)
                })?;
            let doc = PlanProgress {
                plan: &plan,
                period: current,
                previous,
                report: &report,
            };
            let bytes = match format {
                ProgressFormat::Text => progress_text(&plan, &period, &report).into_bytes(),
                ProgressFormat::Json => json(&progress_json(
                    &plan,
                    &period,
                    previous.map(|p| p.label.as_str()),
                    &report,
                ))?
                .into_bytes(),
                ProgressFormat::Csv => {
                    let mut out = Vec::new();
                    write_progress_csv(&doc, &mut out)?;
                    out
                }
                ProgressFormat::Html => {
                    let mut out = Vec::new();
                    write_progress_html(&doc, &mut out)?;
                    out
                }
                ProgressFormat::Pdf => progress_pdf(&doc)?,
            };
            write_output(output.as_deref(), &bytes)?;
        }
        PlanCommand::Matrix {
            plan,
            period,
            format,
        } => {
            let store = open_existing(db).await?;
            let plan = load_plan(&store, &plan).await?;
            let records = store.status_records(&plan.title, &period).await?;
            print!("{}", matrix(&plan, &records, format)?);
        }
    }
    Ok(())
}

/// The plan, its periods (by start date) and the period's progress report against the one
/// before it.
async fn progress_of(
    store: &Store,
    title: &str,
    label: &str,
) -> Result<(Plan, Vec<ReportingPeriod>, ProgressReport)> {
    let plan = load_plan(store, title).await?;
    let periods = store.periods(title).await?;
    let (_, previous) = period_and_previous(&periods, label)
        .with_context(|| format!("plan `{title}` has no reporting period `{label}`"))?;
    let before = match previous {
        Some(p) => store.status_records(title, &p.label).await?,
        None => Vec::new(),
    };
    let now = store.status_records(title, label).await?;
    let report = progress(&plan, &before, &now);
    Ok((plan, periods, report))
}

/// Writes `bytes` to `path`, or to stdout without one.
fn write_output(path: Option<&Path>, bytes: &[u8]) -> Result<()> {
    use std::io::Write as _;
    match path {
        Some(p) => {
            std::fs::write(p, bytes).with_context(|| format!("cannot write {}", p.display()))
        }
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(bytes)?;
            Ok(out.flush()?)
        }
    }
}

#[cfg(feature = "pdf")]
fn progress_pdf(doc: &PlanProgress<'_>) -> Result<Vec<u8>> {
    Ok(pledgewatch_reports::plan::render_progress_pdf(doc)?)
}

#[cfg(not(feature = "pdf"))]
fn progress_pdf(_doc: &PlanProgress<'_>) -> Result<Vec<u8>> {
    bail!("this build has no PDF renderer (built without the `pdf` feature)")
}

fn show_text(plan: &Plan) -> String {
    let mut out = String::new();
    let adopted = plan
        .adopted_on
        .map_or_else(|| "-".to_string(), |d| d.to_string());
    let _ = writeln!(out, "{} ({})", plan.title, plan.institution);
    let _ = writeln!(
        out,
        "adopted: {adopted}; reporting: {}",
        plan.rhythm.label()
    );
    let _ = writeln!(out, "members: {}", plan.members.join(", "));
    if !plan.observers.is_empty() {
        let _ = writeln!(out, "observers: {}", plan.observers.join(", "));
    }
    for s in &plan.sections {
        let _ = writeln!(out, "\n{} {}: {}", s.kind.as_str(), s.number, s.title);
        for m in &s.measures {
            for (depth, sub) in
                std::iter::once((0, m)).chain(m.sub_measures.iter().map(|sm| (1, sm)))
            {
                let indent = "  ".repeat(depth + 1);
                let _ = writeln!(out, "{indent}{}\t{}", sub.code, sub.text);
            }
        }
    }
    out
}

fn show_json(plan: &Plan) -> serde_json::Value {
    fn measure(m: &pledgewatch_domain::plan::Measure) -> serde_json::Value {
        json!({
            "code": m.code,
            "text": m.text,
            "sub_measures": m.sub_measures.iter().map(measure).collect::<Vec<_>>(),
        })
    }
    json!({
        "institution": plan.institution,
        "title": plan.title,
        "adopted_on": plan.adopted_on.map(|d| d.to_string()),
        "source": plan.source,
        "rhythm": plan.rhythm.label(),
        "reviewed_by": plan.reviewed_by,
        "members": plan.members,
        "observers": plan.observers,
        "sections": plan.sections.iter().map(|s| json!({
            "kind": s.kind.as_str(),
            "number": s.number,
            "title": s.title,
            "measures": s.measures.iter().map(measure).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

fn progress_json(
    plan: &Plan,
    period: &str,
    previous: Option<&str>,
    r: &ProgressReport,
) -> serde_json::Value {
    json!({
        "plan": plan.title,
        "period": period,
        "previous_period": previous,
        "changes": r.changes.iter().map(|c| json!({
            "member": c.member,
            "measure": c.measure,
            "from": c.from.map(ImplementationStatus::as_str),
            "to": c.to.as_str(),
        })).collect::<Vec<_>>(),
        "coverage": r.coverage.iter().map(|c| json!({
            "member": c.member,
            "with_evidence": c.with_evidence,
            "in_scope": c.in_scope,
            "fraction": c.to_string(),
            "percent": c.percent(),
        })).collect::<Vec<_>>(),
        "untouched": r.untouched,
        "out_of_scope": r.out_of_scope.iter().map(|o| json!({
            "member": o.member,
            "measure": o.measure,
            "reason": o.reason,
        })).collect::<Vec<_>>(),
    })
}

fn progress_text(plan: &Plan, period: &str, r: &ProgressReport) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} — {period}", plan.title);
    let _ = writeln!(out, "\nchanges ({}):", r.changes.len());
    for c in &r.changes {
        let from = c.from.map_or("(none)", ImplementationStatus::as_str);
        let _ = writeln!(
            out,
            "  {}\t{}\t{from} → {}",
            c.member,
            c.measure,
            c.to.as_str()
        );
    }
    let _ = writeln!(out, "\ncoverage:");
    for c in &r.coverage {
        let pct = c.percent().map_or("-".to_string(), |p| format!("{p}%"));
        let _ = writeln!(out, "  {}\t{c}\t{pct}", c.member);
    }
    let _ = writeln!(out, "\nno one has acted on: {}", r.untouched.join(", "));
    out
}

fn matrix(plan: &Plan, records: &[StatusRecord], format: MatrixFormat) -> Result<String> {
    let measures: Vec<&str> = plan
        .tracked_measures()
        .iter()
        .map(|m| m.code.as_str())
        .collect();
    let cell = |member: &str, code: &str| {
        records
            .iter()
            .rev()
            .find(|r| r.member == member && r.measure_code == code)
            .map_or("", |r| r.status.as_str())
    };
    match format {
        MatrixFormat::Csv => {
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record(std::iter::once("member").chain(measures.iter().copied()))?;
            for member in &plan.members {
                w.write_record(
                    std::iter::once(member.as_str())
                        .chain(measures.iter().map(|c| cell(member, c))),
                )?;
            }
            Ok(String::from_utf8(w.into_inner()?)?)
        }
        MatrixFormat::Text => {
            let mut out = format!("member\t{}\n", measures.join("\t"));
            for member in &plan.members {
                let cells: Vec<&str> = measures
                    .iter()
                    .map(|c| match cell(member, c) {
                        "" => "-",
                        s => s,
                    })
                    .collect();
                let _ = writeln!(out, "{member}\t{}", cells.join("\t"));
            }
            Ok(out)
        }
    }
}

//! `pledgewatch audit`: the audit trail, newest first, filtered by object (and what is under
//! it), person, action and dates, as text, JSON or CSV (the same CSV and JSON as the
//! workspace's downloads).

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, Subcommand, ValueEnum};
use jiff::civil::Date;
use jiff::tz::TimeZone;
use pledgewatch_store::{AuditFilter, ObjectFilter};
use pledgewatch_web::{AuditRecordsDto, audit_csv, audit_text};

use crate::commands::{json, open_existing};

#[derive(Subcommand)]
pub enum Commands {
    /// Read the audit trail: who changed what and when, before and after, newest first.
    Audit(AuditArgs),
}

#[derive(Args)]
pub struct AuditArgs {
    /// A cycle, `cycle/commitment` or `cycle/commitment/member`: that object and everything
    /// under it.
    #[arg(long)]
    object: Option<String>,
    /// With --object: only that object, not what is under it.
    #[arg(long, requires = "object")]
    exact: bool,
    /// Who made the change, exactly as recorded (an account's name, `cli`).
    #[arg(long)]
    actor: Option<String>,
    /// The kind of change, e.g. `assessment.update`.
    #[arg(long)]
    action: Option<String>,
    /// The first day, YYYY-MM-DD (UTC).
    #[arg(long, value_name = "YYYY-MM-DD")]
    from: Option<String>,
    /// The last day, YYYY-MM-DD (UTC), included.
    #[arg(long, value_name = "YYYY-MM-DD")]
    to: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
    Csv,
}

/// The first instant (UTC) of the day `text` names, `days_after` days later.
fn day_start(flag: &str, text: &str, days_after: i64) -> Result<jiff::Timestamp> {
    let date: Date = text
        .parse()
        .with_context(|| format!("{flag}: `{text}` is not a date written YYYY-MM-DD"))?;
    let day = date
        .checked_add(jiff::Span::new().days(days_after))
        .with_context(|| format!("{flag}: `{text}` is out of range"))?;
    Ok(day
        .to_zoned(TimeZone::UTC)
        .with_context(|| format!("{flag}: `{text}` is out of range"))?
        .timestamp())
}

pub async fn run(db: &Path, Commands::Audit(args): Commands) -> Result<ExitCode> {
    // Every flag is checked before the database is opened.
    let since = args
        .from
        .as_deref()
        .map(|d| day_start("--from", d, 0))
        .transpose()?;
    let until = args
        .to
        .as_deref()
        .map(|d| day_start("--to", d, 1))
        .transpose()?;
    if let (Some(s), Some(u)) = (since, until)
        && s >= u
    {
        anyhow::bail!("--to is before --from");
    }
    let filter = AuditFilter {
        object: args.object.map(|o| {
            if args.exact {
                ObjectFilter::Exact(o)
            } else {
                ObjectFilter::Under(o)
            }
        }),
        actor: args.actor,
        action: args.action,
        since,
        until,
    };
    let store = open_existing(db).await?;
    let records = store.audit_export(filter).collect().await?;
    let out = match args.format {
        Format::Text => audit_text(&records),
        Format::Json => json(&AuditRecordsDto::new(&records))?,
        Format::Csv => audit_csv(&records),
    };
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(out.as_bytes())
        .and_then(|()| stdout.flush())
        .context("writing the audit trail to standard output")?;
    Ok(ExitCode::SUCCESS)
}

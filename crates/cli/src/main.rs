//! `pledgewatch`: the thin command line over the importers, the store and the web server.
//!
//! Exit codes: 0 success; 1 `check` found an error-level finding; 2 bad input or failure (the
//! message names the file and line). Nothing is written when an input is rejected.

mod audit;
mod commands;
mod dataset;
mod demo;
mod edition;
mod plan;
mod report;
mod rubric;
mod tables;
mod user;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(
    name = "pledgewatch",
    version,
    about = "Monitor compliance with international commitments"
)]
struct Cli {
    /// The database file (SQLite, created when missing).
    #[arg(
        long,
        global = true,
        env = "PLEDGEWATCH_DB",
        default_value = "pledgewatch.db"
    )]
    db: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web pages (loads a small demo cycle when the database is empty).
    Serve {
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: SocketAddr,
        /// Do not load the demo cycle into an empty database.
        #[arg(long)]
        no_demo: bool,
    },
    /// Import published reports or score matrices.
    #[command(subcommand)]
    Import(ImportCommand),
    /// List the cycles.
    Cycles,
    /// Print a cycle's score tables (Table B, member and commitment averages, overall, gap).
    Scores {
        #[arg(long)]
        cycle: String,
        #[arg(long, value_enum, default_value_t = ScoresFormat::Table)]
        format: ScoresFormat,
    },
    /// Export a cycle's whole dataset.
    Export {
        #[arg(long)]
        cycle: String,
        #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
        format: ExportFormat,
    },
    /// Run the data-quality checks on a cycle; exits 1 when any finding is an error.
    Check {
        #[arg(long)]
        cycle: String,
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
    },
    #[command(flatten)]
    Rubrics(rubric::Commands),
    #[command(flatten)]
    Reports(report::Commands),
    #[command(flatten)]
    Plans(plan::Commands),
    #[command(flatten)]
    Users(user::Commands),
    #[command(flatten)]
    Audit(audit::Commands),
    #[command(flatten)]
    Editions(edition::Commands),
}

#[derive(Subcommand)]
enum ImportCommand {
    /// Import report chapters (Markdown-like or PDF-text layout). All files go in one transaction.
    Report {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The cycle's name; defaults to the one named in a file's report header.
        #[arg(long)]
        cycle: Option<String>,
        /// The compliance period, YYYY-MM-DD..YYYY-MM-DD; defaults to the header's or the stored cycle's.
        #[arg(long)]
        period: Option<String>,
    },
    /// Import a JSON dataset written by `export --format json`.
    Dataset { file: PathBuf },
    /// Import an action plan from its text (members and observers given as flags).
    Plan(plan::ImportArgs),
    /// Import a score matrix from CSV (wide like Table B, or long `commitment,member,score`).
    Scores {
        file: PathBuf,
        #[arg(long)]
        cycle: String,
        /// The institution whose commitments the cycle assesses (G7, G20, Calais Group, …).
        #[arg(long, value_name = "NAME")]
        institution: Option<String>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ScoresFormat {
    Table,
    Json,
    Csv,
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportFormat {
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum CheckFormat {
    Text,
    Json,
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    match runtime.block_on(commands::run(cli)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

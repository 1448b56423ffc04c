//! Rubric, coding and agreement subcommands: `rubric …`, `code`, `coding …`, `suggest`,
//! `agreement`, `disagreements`, `adjudicate`, `justify`, `submit`, `cycle set`.
//!
//! Argument definitions and dispatch live here; what is computed from a cycle's codings (the
//! suggestion, agreement and disagreement views) is in `rubric/views.rs`, files in
//! `rubric/files.rs`.

mod files;
mod views;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand, ValueEnum};
use pledgewatch_domain::coding::{Adjudication, CONTRADICTORY, CodedEvidence};
use pledgewatch_domain::rubric::{EvidenceStrength, Strength};
use pledgewatch_store::Store;
use pledgewatch_web::dto;

use crate::commands::{ACTOR, json, open, open_existing};

#[derive(Clone, Copy, Default, ValueEnum)]
pub enum Format {
    #[default]
    Text,
    Json,
}

#[derive(Clone, Copy, Default, ValueEnum)]
pub enum FileFormat {
    #[default]
    Toml,
    Json,
}

/// Which assessment: `--cycle --commitment --member`.
#[derive(Args)]
pub struct Target {
    #[arg(long)]
    cycle: String,
    #[arg(long)]
    commitment: String,
    /// The member's name or code (Canada, CAN).
    #[arg(long)]
    member: String,
}

#[derive(Subcommand)]
pub enum Commands {
    /// Rubrics: import, export, check, what-if, history.
    #[command(subcommand)]
    Rubric(RubricCommand),
    /// Code evidence items against dimensions (replaces the coder's draft for that member).
    Code {
        #[command(flatten)]
        target: Target,
        #[arg(long)]
        coder: String,
        /// An evidence item's number in the member's section (1-based); pairs with the
        /// `--dimension` at the same position.
        #[arg(long = "evidence", required = true)]
        evidence: Vec<u32>,
        /// `KEY=strong|weak|contradictory`, one per `--evidence`.
        #[arg(long = "dimension", required = true)]
        dimension: Vec<String>,
    },
    /// Bulk coding, submission, and the blind view.
    #[command(subcommand)]
    Coding(CodingCommand),
    /// Each assessment's score against its rubric's suggestion, with the departures.
    Suggest {
        #[arg(long)]
        cycle: String,
        #[arg(long)]
        commitment: Option<String>,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Agreement between coders per commitment and dimension (Cohen's kappa or Krippendorff's alpha).
    Agreement {
        #[arg(long)]
        cycle: String,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// The adjudication queue: where submitted codings disagree.
    Disagreements {
        #[arg(long)]
        cycle: String,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// The lead analyst's decision on a disagreement.
    Adjudicate {
        #[command(flatten)]
        target: Target,
        /// A dimension key, or `contradictory`.
        #[arg(long)]
        dimension: String,
        /// `none|weak|strong` for a dimension, `yes|no` for contradictory.
        #[arg(long)]
        strength: String,
        /// Who decides: must be the commitment's lead analyst.
        #[arg(long)]
        by: String,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Write the justification a score needs when it departs from the rubric's suggestion.
    Justify {
        #[command(flatten)]
        target: Target,
        #[arg(long)]
        text: String,
    },
    /// Submit an assessment (refused when its score departs from the suggestion unjustified).
    Submit {
        #[command(flatten)]
        target: Target,
    },
    /// Cycle settings.
    #[command(subcommand)]
    Cycle(CycleCommand),
}

#[derive(Subcommand)]
pub enum RubricCommand {
    /// Save a rubric file (TOML or JSON) as the commitment's next version; prints the checker's
    /// report and which assessments' suggestions change.
    Import {
        file: PathBuf,
        #[arg(long)]
        cycle: String,
        #[arg(long)]
        commitment: String,
    },
    /// Print a stored rubric as a file.
    Export {
        #[arg(long)]
        cycle: String,
        #[arg(long)]
        commitment: String,
        #[arg(long, value_enum, default_value_t)]
        format: FileFormat,
        #[arg(long)]
        version: Option<u32>,
    },
    /// Enumerate every coding: gaps, overlaps, rules that never fire. Exits 1 on a gap or overlap.
    Check {
        /// A rubric file; or give --cycle and --commitment for the stored rubric.
        file: Option<PathBuf>,
        #[arg(long)]
        cycle: Option<String>,
        #[arg(long)]
        commitment: Option<String>,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Which assessments would get another suggestion under this file (nothing is saved).
    Whatif {
        file: PathBuf,
        #[arg(long)]
        cycle: String,
        #[arg(long)]
        commitment: String,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// The saved versions of a commitment's rubric.
    History {
        #[arg(long)]
        cycle: String,
        #[arg(long)]
        commitment: String,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

#[derive(Subcommand)]
pub enum CodingCommand {
    /// Import codings from CSV (commitment,member,coder,evidence,dimension,strength): all rows
    /// or none; each (commitment, member, coder) replaces that coder's draft.
    Import {
        file: PathBuf,
        #[arg(long)]
        cycle: String,
    },
    /// Submit a coder's coding; it is fixed from then on.
    Submit {
        #[command(flatten)]
        target: Target,
        #[arg(long)]
        coder: String,
    },
    /// What a coder may see of an assessment's codings (only their own until all submitted).
    Show {
        #[command(flatten)]
        target: Target,
        #[arg(long = "as", value_name = "CODER")]
        viewer: String,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

#[derive(Subcommand)]
pub enum CycleCommand {
    /// Set how many independent codings each assessment needs.
    Set {
        #[arg(long)]
        cycle: String,
        #[arg(long)]
        coders: u8,
    },
}

pub async fn run(db: &Path, command: Commands) -> Result<ExitCode> {
    match command {
        Commands::Rubric(c) => return files::run(db, c).await,
        Commands::Code {
            target,
            coder,
            evidence,
            dimension,
        } => {
            let items = code_items(&evidence, &dimension)?;
            let store = open_existing(db).await?;
            store
                .save_coding(
                    &target.cycle,
                    &target.commitment,
                    &target.member,
                    &coder,
                    &items,
                    ACTOR,
                )
                .await?;
            println!(
                "saved {} coded evidence item(s) for {} on {}/{} (draft; submit with `coding submit`)",
                items.len(),
                coder,
                target.commitment,
                target.member
            );
        }
        Commands::Coding(CodingCommand::Import { file, cycle }) => {
            files::import_codings(db, &file, &cycle).await?;
        }
        Commands::Coding(CodingCommand::Submit { target, coder }) => {
            let store = open_existing(db).await?;
            store
                .submit_coding(
                    &target.cycle,
                    &target.commitment,
                    &target.member,
                    &coder,
                    ACTOR,
                )
                .await?;
            println!(
                "submitted {coder}'s coding of {}/{}",
                target.commitment, target.member
            );
        }
        Commands::Coding(CodingCommand::Show {
            target,
            viewer,
            format,
        }) => {
            let store = open_existing(db).await?;
            print!("{}", views::show(&store, &target, &viewer, format).await?);
        }
        Commands::Suggest {
            cycle,
            commitment,
            format,
        } => {
            let store = open_existing(db).await?;
            print!(
                "{}",
                views::suggest(&store, &cycle, commitment.as_deref(), format).await?
            );
        }
        Commands::Agreement { cycle, format } => {
            let store = open_existing(db).await?;
            print!("{}", views::agreement(&store, &cycle, format).await?);
        }
        Commands::Disagreements { cycle, format } => {
            let store = open_existing(db).await?;
            print!("{}", views::disagreements(&store, &cycle, format).await?);
        }
        Commands::Adjudicate {
            target,
            dimension,
            strength,
            by,
            note,
        } => {
            let decision = adjudication(&dimension, &strength, &by, &note)?;
            let store = open_existing(db).await?;
            store
                .adjudicate(
                    &target.cycle,
                    &target.commitment,
                    &target.member,
                    &decision,
                    &by,
                )
                .await?;
            println!(
                "adjudicated {} of {}/{}: {}",
                decision.point(),
                target.commitment,
                target.member,
                dto::AdjudicationDto::from(&decision).value
            );
        }
        Commands::Justify { target, text } => {
            if text.trim().is_empty() {
                bail!("--text is blank; write why the score departs from the rubric's suggestion");
            }
            let store = open_existing(db).await?;
            // One person at a terminal: the version is the one there now (a draft changed
            // between this read and the write still gets `Stale`, never overwritten).
            let draft = store
                .assessment_draft(&target.cycle, &target.commitment, &target.member)
                .await?;
            let version = store
                .set_justification(
                    (&target.cycle, &target.commitment, &target.member),
                    draft.version,
                    &text,
                    ACTOR,
                )
                .await?;
            println!(
                "justification saved for {}/{} (version {version})",
                target.commitment, target.member
            );
        }
        Commands::Submit { target } => {
            let store = open_existing(db).await?;
            let suggestion = store
                .submit_assessment(&target.cycle, &target.commitment, &target.member, ACTOR)
                .await?;
            match suggestion {
                Some(s) => println!(
                    "submitted {}/{}; rubric version {} suggests: {}",
                    target.commitment, target.member, s.rubric_version, s.reason
                ),
                None => println!(
                    "submitted {}/{} (no rubric suggestion)",
                    target.commitment, target.member
                ),
            }
        }
        Commands::Cycle(CycleCommand::Set { cycle, coders }) => {
            let store = open(db).await?;
            store.set_required_coders(&cycle, coders, ACTOR).await?;
            println!("cycle {cycle}: {coders} coder(s) required per assessment");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `--evidence N --dimension KEY=strength` pairs.
fn code_items(evidence: &[u32], dimension: &[String]) -> Result<Vec<CodedEvidence>> {
    if evidence.len() != dimension.len() {
        bail!(
            "give one --dimension KEY=STRENGTH per --evidence N ({} --evidence, {} --dimension)",
            evidence.len(),
            dimension.len()
        );
    }
    evidence
        .iter()
        .zip(dimension)
        .map(|(&n, d)| {
            let (key, strength) = d.split_once('=').with_context(|| {
                format!("--dimension `{d}`: expected KEY=strong|weak|contradictory")
            })?;
            Ok(CodedEvidence {
                evidence: n,
                dimension: key.trim().to_string(),
                strength: evidence_strength(strength)
                    .with_context(|| format!("--dimension `{d}`"))?,
            })
        })
        .collect()
}

pub(crate) fn evidence_strength(text: &str) -> Result<EvidenceStrength> {
    EvidenceStrength::parse(text).with_context(|| {
        format!(
            "`{}` is not a strength: expected strong, weak or contradictory",
            text.trim()
        )
    })
}

fn adjudication(dimension: &str, strength: &str, by: &str, note: &str) -> Result<Adjudication> {
    let s = strength.trim().to_ascii_lowercase();
    let (dimension, strength, contradictory) = if dimension.trim() == CONTRADICTORY {
        let flag = match s.as_str() {
            "yes" | "true" => true,
            "no" | "false" => false,
            _ => bail!("--strength `{strength}`: the contradictory flag takes yes or no"),
        };
        (None, Strength::None, flag)
    } else {
        let st = Strength::parse(&s).with_context(|| {
            format!("--strength `{strength}`: a dimension takes none, weak or strong")
        })?;
        (Some(dimension.trim().to_string()), st, false)
    };
    if by.trim().is_empty() {
        bail!("--by: name who decides (the commitment's lead analyst)");
    }
    Ok(Adjudication {
        dimension,
        strength,
        contradictory,
        by: by.trim().to_string(),
        note: note.to_string(),
        at: jiff::Timestamp::now(),
    })
}

/// Exits 2 via the caller when the cycle does not exist.
pub(crate) async fn need_cycle(store: &Store, cycle: &str) -> Result<()> {
    store
        .cycle(cycle)
        .await?
        .with_context(|| format!("no cycle named `{cycle}` (see `pledgewatch cycles`)"))?;
    Ok(())
}

pub(crate) fn print_json<T: serde::Serialize>(value: &T) -> Result<String> {
    json(value)
}

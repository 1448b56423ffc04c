//! Published editions from the command line: `editions`, `edition publish` and `edition show`.
//! Publishing is refused (exit 2, naming each assessment) until every assessment is approved.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Subcommand, ValueEnum};
use pledgewatch_domain::edition::EditionKind;
use pledgewatch_web::EditionDetailDto;

use crate::commands::{ACTOR, json, open, open_existing};

#[derive(Subcommand)]
pub enum Commands {
    /// List a cycle's published editions, oldest first.
    Editions {
        #[arg(long)]
        cycle: String,
    },
    /// Publish the cycle as its next edition, or show an edition with its change log.
    #[command(subcommand)]
    Edition(EditionCommand),
}

#[derive(Subcommand)]
pub enum EditionCommand {
    /// Publish the cycle (every assessment must be approved or already published).
    Publish {
        #[arg(long)]
        cycle: String,
        #[arg(long, value_enum)]
        kind: Kind,
        /// A note for readers: what the edition is, or what a correction fixes.
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Reopen a published assessment for a corrected edition: it becomes a draft again, to be
    /// edited, submitted and approved before the next edition.
    Reopen {
        #[arg(long)]
        cycle: String,
        #[arg(long)]
        commitment: String,
        /// The member's name or code.
        #[arg(long)]
        member: String,
        /// Why it is reopened (required; kept in the audit trail).
        #[arg(long)]
        note: String,
    },
    /// Show edition N with its change log from the edition before.
    Show {
        #[arg(long)]
        cycle: String,
        #[arg(long)]
        number: u32,
        #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Kind {
    Interim,
    Final,
    Corrected,
}

impl From<Kind> for EditionKind {
    fn from(k: Kind) -> EditionKind {
        match k {
            Kind::Interim => EditionKind::Interim,
            Kind::Final => EditionKind::Final,
            Kind::Corrected => EditionKind::Corrected,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ShowFormat {
    Text,
    Json,
}

pub async fn run(db: &Path, command: Commands) -> Result<ExitCode> {
    match command {
        Commands::Editions { cycle } => {
            let store = open_existing(db).await?;
            store
                .cycle(&cycle)
                .await?
                .with_context(|| format!("no cycle `{cycle}`"))?;
            let editions = store.editions(&cycle).await?;
            if editions.is_empty() {
                println!("`{cycle}` has no published edition");
            }
            for e in editions {
                println!(
                    "{}\t{}\t{}\t{}\t{}\t{}",
                    e.number,
                    e.kind,
                    e.published_at,
                    e.published_by,
                    if e.number == 1 {
                        "first".to_string()
                    } else {
                        format!("{} changes", e.changes)
                    },
                    e.note
                );
            }
        }
        Commands::Edition(EditionCommand::Publish { cycle, kind, note }) => {
            let store = open(db).await?;
            let e = store
                .publish_edition(&cycle, kind.into(), &note, ACTOR)
                .await?;
            println!(
                "published edition {} of `{cycle}` ({}), {} change{}",
                e.number,
                e.kind,
                e.changes,
                if e.changes == 1 { "" } else { "s" }
            );
        }
        Commands::Edition(EditionCommand::Reopen {
            cycle,
            commitment,
            member,
            note,
        }) => {
            let store = open_existing(db).await?;
            store
                .reopen_assessment(&cycle, &commitment, &member, &note, ACTOR)
                .await?;
            println!("reopened commitment {commitment}, {member}: a draft until the next edition");
        }
        Commands::Edition(EditionCommand::Show {
            cycle,
            number,
            format,
        }) => {
            let store = open_existing(db).await?;
            let edition = store
                .edition(&cycle, number)
                .await?
                .with_context(|| format!("cycle `{cycle}` has no edition {number}"))?;
            match format {
                ShowFormat::Json => {
                    let slug = pledgewatch_domain::slug(&cycle);
                    print!("{}", json(&EditionDetailDto::new(&slug, &edition))?);
                }
                ShowFormat::Text => {
                    let s = &edition.summary;
                    println!(
                        "Edition {} of {cycle}: {}, published {} by {}",
                        s.number,
                        s.kind.label(),
                        s.published_at,
                        s.published_by
                    );
                    if !s.note.is_empty() {
                        println!("Note: {}", s.note);
                    }
                    if s.number == 1 {
                        println!("The first edition: nothing earlier to compare with.");
                    } else if edition.changes.is_empty() {
                        println!("No changes from edition {}.", s.number - 1);
                    } else {
                        println!("Changes from edition {}:", s.number - 1);
                        for change in &edition.changes {
                            println!("  {change}");
                        }
                    }
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

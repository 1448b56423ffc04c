//! Rubric files (TOML or JSON) in and out, the checker, what-if, and the coding CSV import.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use pledgewatch_domain::coding::CodedEvidence;
use pledgewatch_domain::names::{member_key, person_key};
use pledgewatch_domain::rubric::{CheckReport, Rubric, WhatIf, what_if};
use pledgewatch_domain::{Chapter, Verdict};
use pledgewatch_ingest::codings::{CodingRow, parse_coding_csv};
use pledgewatch_store::{CodingInput, Store};
use pledgewatch_web::dto;

use super::{FileFormat, Format, RubricCommand, need_cycle, print_json};
use crate::commands::{ACTOR, open_existing};

pub async fn run(db: &Path, command: RubricCommand) -> Result<ExitCode> {
    match command {
        RubricCommand::Import {
            file,
            cycle,
            commitment,
        } => {
            let rubric = read_rubric(&file)?;
            let report = check(&rubric, &file.display().to_string())?;
            let store = open_existing(db).await?;
            let previous = store.rubric(&cycle, &commitment, None).await?;
            let whatif = match &previous {
                Some(old) => Some(run_what_if(&store, &cycle, &commitment, old, &rubric).await?),
                None => None,
            };
            let version = store
                .save_rubric(&cycle, &commitment, &rubric, ACTOR)
                .await?;
            print!("{}", check_text(&rubric, &report));
            match (&previous, whatif) {
                (Some(old), _) if old.version == version => {
                    println!("unchanged: identical to version {version}");
                }
                (Some(old), Some(w)) => {
                    println!("saved version {version} of commitment {commitment}'s rubric");
                    print!("{}", what_if_text(old.version, &w));
                }
                _ => println!("saved version {version} of commitment {commitment}'s rubric"),
            }
        }
        RubricCommand::Export {
            cycle,
            commitment,
            format,
            version,
        } => {
            let store = open_existing(db).await?;
            let rubric = store
                .rubric(&cycle, &commitment, version)
                .await?
                .with_context(|| match version {
                    Some(v) => format!("commitment {commitment} has no rubric version {v}"),
                    None => format!("commitment {commitment} has no rubric"),
                })?;
            match format {
                FileFormat::Toml => print!("{}", rubric.to_toml_string()),
                FileFormat::Json => print!("{}", print_json(&rubric)?),
            }
        }
        RubricCommand::Check {
            file,
            cycle,
            commitment,
            format,
        } => {
            let (rubric, label, code) = match (file, cycle, commitment) {
                (Some(file), None, None) => (read_rubric(&file)?, file.display().to_string(), None),
                (None, Some(cycle), Some(commitment)) => {
                    let store = open_existing(db).await?;
                    let rubric = store
                        .rubric(&cycle, &commitment, None)
                        .await?
                        .with_context(|| format!("commitment {commitment} has no rubric"))?;
                    (rubric, format!("commitment {commitment}"), Some(commitment))
                }
                _ => bail!("give a rubric FILE, or --cycle NAME --commitment CODE (not both)"),
            };
            let report = check(&rubric, &label)?;
            match format {
                Format::Text => print!("{}", check_text(&rubric, &report)),
                Format::Json => print!(
                    "{}",
                    print_json(&dto::RubricCheckDto::new(code.as_deref(), &rubric, &report))?
                ),
            }
            if report.gaps().next().is_some() || report.overlaps().next().is_some() {
                return Ok(ExitCode::from(1));
            }
        }
        RubricCommand::Whatif {
            file,
            cycle,
            commitment,
            format,
        } => {
            let rubric = read_rubric(&file)?;
            let store = open_existing(db).await?;
            let old = store
                .rubric(&cycle, &commitment, None)
                .await?
                .with_context(|| {
                    format!("commitment {commitment} has no rubric to compare with; import one")
                })?;
            let w = run_what_if(&store, &cycle, &commitment, &old, &rubric).await?;
            match format {
                Format::Text => print!("{}", what_if_text(old.version, &w)),
                Format::Json => print!(
                    "{}",
                    print_json(&what_if_dto(&commitment, Some(old.version), &w))?
                ),
            }
        }
        RubricCommand::History {
            cycle,
            commitment,
            format,
        } => {
            let store = open_existing(db).await?;
            let history = store.rubric_history(&cycle, &commitment).await?;
            match format {
                Format::Text => {
                    if history.is_empty() {
                        println!("commitment {commitment} has no rubric");
                    }
                    for h in &history {
                        println!(
                            "version {}  saved {} by {}",
                            h.version, h.saved_at, h.saved_by
                        );
                    }
                }
                Format::Json => {
                    let rows: Vec<dto::RubricVersionDto> = history
                        .iter()
                        .map(|h| dto::RubricVersionDto {
                            version: h.version,
                            saved_at: h.saved_at.to_string(),
                            saved_by: h.saved_by.clone(),
                        })
                        .collect();
                    print!("{}", print_json(&rows)?);
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A rubric file: JSON when it ends in `.json`, TOML otherwise. Errors name the file and, from
/// the parsers, the line.
pub fn read_rubric(path: &Path) -> Result<Rubric> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let is_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if is_json {
        let rubric: Rubric = serde_json::from_str(&text)
            .with_context(|| format!("{}: not a rubric", path.display()))?;
        rubric
            .validate()
            .with_context(|| format!("{}", path.display()))?;
        Ok(rubric)
    } else {
        Rubric::from_toml_str(&text).with_context(|| format!("{}", path.display()))
    }
}

fn check(rubric: &Rubric, label: &str) -> Result<CheckReport> {
    rubric
        .check()
        .with_context(|| format!("{label}: cannot check the rubric"))
}

fn check_text(rubric: &Rubric, report: &CheckReport) -> String {
    let mut out = format!("{}\n", report.summary());
    for f in &report.findings {
        let _ = writeln!(out, "  {}", f.message(rubric));
    }
    out
}

/// What-if of `new` against `old` over the commitment's assessments whose coding is ready.
async fn run_what_if(
    store: &Store,
    cycle: &str,
    commitment: &str,
    old: &Rubric,
    new: &Rubric,
) -> Result<WhatIf<String>> {
    let matrix = store
        .score_matrix(cycle)
        .await?
        .with_context(|| format!("no cycle named `{cycle}`"))?;
    let row = matrix.row_index(commitment);
    let codings = store.cycle_codings(cycle).await?;
    let inputs = codings
        .iter()
        .filter(|(code, _)| code == commitment)
        .filter_map(|(_, a)| {
            let coding = match a.effective(old) {
                pledgewatch_domain::coding::Effective::Ready(c) => c,
                _ => return None,
            };
            let verdict = match (row, matrix.member_index(&a.member)) {
                (Some(i), Some(j)) => matrix.cell(i, j),
                _ => Verdict::NotAssessed,
            };
            Some((a.member.clone(), coding, verdict))
        });
    Ok(what_if(old, new, inputs))
}

fn what_if_text(from: u32, w: &WhatIf<String>) -> String {
    let mut out = format!(
        "what-if against version {from}: {} suggestion(s) change, {} unchanged\n",
        w.changed.len(),
        w.unchanged
    );
    for c in &w.changed {
        let _ = writeln!(
            out,
            "  {}: {} → {}{}",
            c.label,
            outcome_text(&c.before),
            outcome_text(&c.after),
            if c.departs_after() {
                " (the score would depart: justification needed)"
            } else {
                ""
            }
        );
    }
    out
}

pub fn outcome_text(s: &pledgewatch_domain::rubric::Suggestion) -> String {
    use pledgewatch_domain::rubric::Outcome;
    match &s.outcome {
        Outcome::Score(x) => x.published().to_string(),
        Outcome::Gap => "gap".to_string(),
        Outcome::Overlap(xs) => {
            let xs: Vec<&str> = xs.iter().map(|x| x.published()).collect();
            format!("overlap {}", xs.join("/"))
        }
    }
}

fn what_if_dto(commitment: &str, from: Option<u32>, w: &WhatIf<String>) -> dto::WhatIfDto {
    dto::WhatIfDto {
        commitment: commitment.to_string(),
        from_version: from,
        changed: w
            .changed
            .iter()
            .map(|c| dto::WhatIfChangeDto {
                member: c.label.clone(),
                score: dto::verdict_json(c.current),
                before: (&c.before).into(),
                after: (&c.after).into(),
                departs_after: pledgewatch_domain::coding::departs(c.current, &c.after),
            })
            .collect(),
        unchanged: w.unchanged,
        not_applicable: w.not_applicable,
    }
}

/// `coding import FILE.csv`: the file read whole (the ingest crate's reader: header, cells,
/// numbers and strengths), then every row checked against the store (commitment, member,
/// evidence number, dimension) before anything is written in one transaction.
pub async fn import_codings(db: &Path, file: &Path, cycle: &str) -> Result<()> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let name = file.display().to_string();
    let rows = parse_coding_csv(&bytes).map_err(|e| anyhow::anyhow!("{name}: {e}"))?;

    let store = open_existing(db).await?;
    need_cycle(&store, cycle).await?;
    let mut chapters: HashMap<String, Option<Chapter>> = HashMap::new();
    let mut rubrics: HashMap<String, Option<Rubric>> = HashMap::new();
    let mut batch: Vec<CodingInput> = Vec::new();
    let mut index: HashMap<(String, String, String), usize> = HashMap::new();
    for row in rows {
        let CodingRow {
            line,
            commitment,
            member,
            coder,
            evidence: n,
            dimension,
            strength,
        } = row;
        let at = |what: String| format!("{name}: line {line}: {what}");
        if !chapters.contains_key(&commitment) {
            let chapter = store.chapter(cycle, &commitment).await?;
            let rubric = match chapter {
                Some(_) => store.rubric(cycle, &commitment, None).await?,
                None => None,
            };
            chapters.insert(commitment.clone(), chapter);
            rubrics.insert(commitment.clone(), rubric);
        }
        let Some(Some(chapter)) = chapters.get(&commitment) else {
            bail!(at(format!(
                "cycle `{cycle}` has no chapter for commitment `{commitment}`"
            )));
        };
        let Some(Some(rubric)) = rubrics.get(&commitment) else {
            bail!(at(format!(
                "commitment `{commitment}` has no rubric; import one first"
            )));
        };
        let Some(section) = chapter
            .members
            .iter()
            .find(|m| member_key(&m.member) == member_key(&member))
        else {
            bail!(at(format!(
                "commitment `{commitment}` has no section for member `{member}`"
            )));
        };
        if person_key(&coder).is_empty() {
            bail!(at("the coder is empty".to_string()));
        }
        let count = section.evidence().count();
        if n as usize > count {
            bail!(at(format!(
                "evidence `{n}`: {} has evidence items 1 to {count}",
                section.member
            )));
        }
        if rubric.dimension_index(&dimension).is_none() {
            let known: Vec<&str> = rubric.dimensions.iter().map(|d| d.key.as_str()).collect();
            bail!(at(format!(
                "`{dimension}` is not a dimension of commitment {commitment}'s rubric ({})",
                known.join(", ")
            )));
        }
        let key = (commitment.clone(), member_key(&member), person_key(&coder));
        let i = *index.entry(key).or_insert_with(|| {
            batch.push(CodingInput {
                commitment: commitment.clone(),
                member: member.clone(),
                coder: coder.clone(),
                items: Vec::new(),
            });
            batch.len() - 1
        });
        batch[i].items.push(CodedEvidence {
            evidence: n,
            dimension,
            strength,
        });
    }
    store.save_codings(cycle, &batch, ACTOR).await?;
    let items: usize = batch.iter().map(|b| b.items.len()).sum();
    println!(
        "imported {items} coded evidence item(s) in {} draft coding(s) of cycle {cycle}",
        batch.len()
    );
    Ok(())
}

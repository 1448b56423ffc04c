//! `pledgewatch import dataset FILE.json`: reads back the JSON dataset that
//! `pledgewatch export --format json` writes, so that importing an export into an empty
//! database and exporting again gives the same file.
//!
//! The shapes below mirror `pledgewatch_web::dto::ExportDto` field for field (the web crate's
//! DTOs borrow static strings and serialise only). The whole file is read and turned into
//! domain values before anything is written; each cycle's chapters then go to the store in one
//! transaction.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result, bail};
use jiff::civil::Date;
use pledgewatch_domain::{
    BodyParagraph, Chapter, Citation, Commitment, Cycle, CycleKind, EvidenceDate, EvidenceItem,
    MemberSection, PercentConvention, Period, Section, SectionKind, TableRow, Verdict,
};
use serde::Deserialize;
use serde_json::Value;

use crate::commands::{ACTOR, open};

#[derive(Debug, Deserialize)]
struct Dataset {
    cycles: Vec<DatasetCycle>,
}

#[derive(Debug, Deserialize)]
struct DatasetCycle {
    name: String,
    kind: Option<String>,
    convention: String,
    period: Option<DatasetPeriod>,
    institution: Option<String>,
    summit: Option<String>,
    commitments: Vec<DatasetCommitment>,
}

#[derive(Debug, Deserialize)]
struct DatasetPeriod {
    start: String,
    end: String,
}

#[derive(Debug, Deserialize)]
struct DatasetCommitment {
    code: String,
    title: String,
    area: String,
    text: String,
    source: String,
    director: Option<String>,
    lead_analyst: Option<String>,
    published_average: Option<String>,
    sections: BTreeMap<String, String>,
    assessments: Vec<DatasetAssessment>,
    citations: Vec<DatasetCitation>,
}

#[derive(Debug, Deserialize)]
struct DatasetAssessment {
    member: String,
    score: Value,
    heading_score: Value,
    thus_score: Value,
    analyst: Option<String>,
    opening: String,
    conclusion: String,
    evidence: Vec<DatasetEvidence>,
    notes: Vec<DatasetNote>,
}

#[derive(Debug, Deserialize)]
struct DatasetEvidence {
    date: String,
    date_inferred: bool,
    text: String,
    citations: Vec<u32>,
}

#[derive(Debug, Deserialize)]
struct DatasetNote {
    text: String,
    citations: Vec<u32>,
}

#[derive(Debug, Deserialize)]
struct DatasetCitation {
    number: u32,
    title: String,
    publisher: Option<String>,
    place: Option<String>,
    published: Option<String>,
    accessed: Option<String>,
    url: Option<String>,
    note: Option<String>,
}

/// Reads, checks and imports a dataset file.
pub async fn import(db: &Path, file: &Path) -> Result<()> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let cycles =
        parse(&bytes).with_context(|| format!("{} is not a dataset export", file.display()))?;
    let store = open(db).await?;
    for (cycle, chapters) in &cycles {
        store.import_chapters(cycle, chapters, ACTOR).await?;
        println!("{}: {} commitments imported", cycle.name, chapters.len());
    }
    Ok(())
}

/// The file's cycles as domain values; an error names the line and column of bad JSON, or the
/// cycle, commitment and member of a bad value.
pub fn parse(bytes: &[u8]) -> Result<Vec<(Cycle, Vec<Chapter>)>> {
    let data: Dataset = serde_json::from_slice(bytes)?;
    data.cycles.into_iter().map(cycle).collect()
}

fn date(text: &str, what: &str) -> Result<Date> {
    text.parse::<Date>()
        .with_context(|| format!("{what}: `{text}` is not a date (YYYY-MM-DD)"))
}

fn verdict(v: &Value, what: &str) -> Result<Verdict> {
    let found = match v {
        Value::Null => return Ok(Verdict::NotAssessed),
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    match found.parse::<Verdict>() {
        Ok(Verdict::NotAssessed) | Err(_) => {
            bail!("{what}: `{found}` is not a score (-1, 0, 1, \"n/a\" or null)")
        }
        Ok(v) => Ok(v),
    }
}

fn cycle(c: DatasetCycle) -> Result<(Cycle, Vec<Chapter>)> {
    let what = format!("cycle `{}`", c.name);
    let kind = match c.kind.as_deref() {
        None => None,
        Some(k) => {
            Some(CycleKind::parse(k).with_context(|| format!("{what}: unknown kind `{k}`"))?)
        }
    };
    let convention = PercentConvention::parse(&c.convention)
        .with_context(|| format!("{what}: unknown convention `{}`", c.convention))?;
    let period = match &c.period {
        None => None,
        Some(p) => Some(
            Period::new(date(&p.start, &what)?, date(&p.end, &what)?)
                .with_context(|| what.clone())?,
        ),
    };
    let chapters = c
        .commitments
        .into_iter()
        .map(|ch| chapter(ch, &what))
        .collect::<Result<Vec<_>>>()?;
    let cycle = Cycle {
        name: c.name,
        kind,
        period,
        convention,
        institution: c.institution,
        summit: c.summit,
    };
    Ok((cycle, chapters))
}

fn chapter(c: DatasetCommitment, cycle: &str) -> Result<Chapter> {
    let what = format!("{cycle}, commitment {}", c.code);
    let mut sections = Vec::new();
    for kind in SectionKind::ALL {
        if let Some(text) = c.sections.get(kind.key()) {
            sections.push(Section {
                kind,
                text: text.clone(),
            });
        }
    }
    if let Some(k) = c
        .sections
        .keys()
        .find(|k| SectionKind::from_key(k).is_none())
    {
        bail!("{what}: unknown section `{k}`");
    }
    let mut table = Vec::new();
    let mut members = Vec::new();
    for a in c.assessments {
        let who = format!("{what}, {}", a.member);
        table.push(TableRow {
            member: a.member.clone(),
            verdict: verdict(&a.score, &who)?,
        });
        let heading = opt_verdict(&a.heading_score, &who)?;
        let thus = opt_verdict(&a.thus_score, &who)?;
        // A member scored in the table without a written section is exported with everything
        // else empty: it stays without a section.
        let written = heading.is_some()
            || thus.is_some()
            || a.analyst.is_some()
            || !a.opening.is_empty()
            || !a.conclusion.is_empty()
            || !a.evidence.is_empty()
            || !a.notes.is_empty();
        if !written {
            continue;
        }
        let mut body = Vec::with_capacity(a.evidence.len() + a.notes.len());
        for e in a.evidence {
            body.push(BodyParagraph::Evidence(EvidenceItem {
                date: EvidenceDate {
                    date: date(&e.date, &who)?,
                    inferred: e.date_inferred,
                },
                text: e.text,
                citations: e.citations,
            }));
        }
        body.extend(a.notes.into_iter().map(|n| BodyParagraph::Narrative {
            text: n.text,
            citations: n.citations,
        }));
        members.push(MemberSection {
            member: a.member,
            heading_verdict: heading,
            thus_verdict: thus,
            opening: a.opening,
            body,
            conclusion: a.conclusion,
            analyst: a.analyst,
        });
    }
    let citations = c
        .citations
        .into_iter()
        .map(|f| citation(f, &what))
        .collect::<Result<Vec<_>>>()?;
    Ok(Chapter {
        commitment: Commitment {
            code: c.code,
            area: c.area,
            title: c.title,
            text: c.text,
            source: c.source,
        },
        sections,
        director: c.director,
        lead_analyst: c.lead_analyst,
        assessment_table: table,
        published_average: c.published_average,
        members,
        citations,
    })
}

fn opt_verdict(v: &Value, what: &str) -> Result<Option<Verdict>> {
    if v.is_null() {
        return Ok(None);
    }
    verdict(v, what).map(Some)
}

fn citation(f: DatasetCitation, chapter: &str) -> Result<Citation> {
    let what = format!("{chapter}, footnote {}", f.number);
    let published = f.published.as_deref().map(|d| date(d, &what)).transpose()?;
    let accessed = f.accessed.as_deref().map(|d| date(d, &what)).transpose()?;
    // The export leaves out the footnote as printed; it is rebuilt in the usual form.
    let mut raw = f.title.clone();
    if let Some(p) = &f.publisher {
        raw.push_str(&format!(", {p}"));
    }
    if let Some(p) = &f.place {
        raw.push_str(&format!(" ({p})"));
    }
    raw.push_str(&match published {
        Some(d) => format!(" {}.", pledgewatch_domain::dates::long_date(d)),
        None => " n.d.".to_string(),
    });
    if let Some(n) = &f.note {
        raw.push_str(&format!(" {n}"));
    }
    if let Some(d) = accessed {
        raw.push_str(&format!(
            " Access Date: {}.",
            pledgewatch_domain::dates::long_date(d)
        ));
    }
    if let Some(u) = &f.url {
        raw.push_str(&format!(" {u}"));
    }
    Ok(Citation {
        number: f.number,
        title: f.title,
        publisher: f.publisher,
        place: f.place,
        published,
        accessed,
        url: f.url,
        note: f.note,
        raw,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_json_names_line_and_column() {
        let e = parse(b"{\n  \"cycles\": [\n    {\"name\": }\n  ]\n}").unwrap_err();
        let text = format!("{e:#}");
        assert!(text.contains("line 3"), "{text}");
        assert!(text.contains("column"), "{text}");
    }

    #[test]
    fn bad_values_name_where() {
        let json =
            br#"{"cycles": [{"name": "C", "kind": null, "convention": "rescaled", "period": null,
            "institution": null, "summit": null, "people": [], "commitments": [{"code": "1",
            "title": "T", "area": "A", "text": "x", "source": "s", "director": null,
            "lead_analyst": null, "published_average": null, "sections": {},
            "assessments": [{"member": "Utopia", "score": 2, "heading_score": null,
            "thus_score": null, "analyst": null, "narrative": "", "opening": "", "conclusion": "",
            "evidence": [], "notes": []}], "citations": []}]}]}"#;
        let e = format!("{:#}", parse(json).unwrap_err());
        assert!(
            e.contains("commitment 1, Utopia") && e.contains("`2`"),
            "{e}"
        );
    }
}

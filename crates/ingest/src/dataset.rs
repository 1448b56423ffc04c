//! The JSON dataset (`pledgewatch export --format json`, the static site's `dataset.json`) read
//! back into domain values, so that importing an export into an empty database and exporting
//! again gives the same file.
//!
//! The whole file is checked before anything is returned: a value that is not what the export
//! writes, and anything listed twice (a cycle, a member, a commitment in its cycle, a member in a
//! commitment's assessments, a footnote number in its chapter, a section), is an error naming its
//! place in the document (`cycles[0].commitments[3].code`) and the cycle, commitment or member
//! it belongs to. A commitment whose `text` is null has no chapter (it is known only from a score
//! sheet): it carries its number, title, area and scores, and nothing else.

use std::collections::HashMap;
use std::fmt;

use jiff::civil::Date;
use pledgewatch_domain::names::member_key;
use pledgewatch_domain::sheet::{ScoreSheet, SheetCommitment};
use pledgewatch_domain::{
    BodyParagraph, Chapter, Citation, Commitment, Cycle, CycleKind, EvidenceDate, EvidenceItem,
    Member, MemberSection, PartialDate, PercentConvention, Period, Section, SectionKind, TableRow,
    Verdict,
};
use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde_json::Value;

use crate::scores::shown;

/// One cycle of a dataset, ready for the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatasetCycle {
    pub cycle: Cycle,
    /// The cycle's members in its order, with their codes (empty for an export written before
    /// the list was part of it).
    pub members: Vec<Member>,
    /// The chapters, in the order of the file.
    pub chapters: Vec<Chapter>,
    /// Every score the dataset gives (the stored score, which a later score sheet may have
    /// corrected), for commitments with and without a chapter; a commitment without a chapter
    /// carries its title and area.
    pub scores: ScoreSheet,
}

/// Why a dataset was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DatasetError {
    /// Not JSON, or not the export's shape; the message names the line and column.
    #[error("{message}")]
    Json {
        line: usize,
        column: usize,
        message: String,
    },
    /// A value the export never writes.
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
    /// The same thing listed twice.
    #[error("{path}: {what} is listed twice (first at {first})")]
    Duplicate {
        path: String,
        first: String,
        what: String,
    },
}

impl DatasetError {
    /// Where in the document the problem is: `cycles[0].commitments[3].code`, or the line and
    /// column of bad JSON.
    pub fn place(&self) -> String {
        match self {
            DatasetError::Json { line, column, .. } => format!("line {line}, column {column}"),
            DatasetError::Invalid { path, .. } | DatasetError::Duplicate { path, .. } => {
                path.clone()
            }
        }
    }
}

/// Reads a dataset: every cycle as domain values, or the first problem.
pub fn parse_dataset(bytes: &[u8]) -> Result<Vec<DatasetCycle>, DatasetError> {
    let data: RawDataset = serde_json::from_slice(bytes).map_err(|e| DatasetError::Json {
        line: e.line(),
        column: e.column(),
        message: shown_all(&e.to_string()),
    })?;
    let mut names: HashMap<String, String> = HashMap::new();
    let mut cycles = Vec::with_capacity(data.cycles.len());
    for (i, c) in data.cycles.into_iter().enumerate() {
        let at = Path::root().index("cycles", i);
        let name = c.name.trim().to_string();
        let name_at = at.field("name");
        if name.is_empty() {
            return Err(invalid(&name_at, "the cycle's name is empty"));
        }
        if let Some(first) = names.get(&name) {
            return Err(duplicate(
                &name_at,
                first,
                format!("cycle `{}`", shown(&name)),
            ));
        }
        names.insert(name, name_at.to_string());
        cycles.push(cycle(c, &at)?);
    }
    Ok(cycles)
}

/// A place in the document, written as a reader of the JSON would: `cycles[0].commitments[3]`.
#[derive(Clone)]
struct Path(String);

impl Path {
    fn root() -> Path {
        Path(String::new())
    }

    fn field(&self, name: &str) -> Path {
        if self.0.is_empty() {
            Path(name.to_string())
        } else {
            Path(format!("{}.{name}", self.0))
        }
    }

    fn index(&self, name: &str, i: usize) -> Path {
        Path(format!("{}[{i}]", self.field(name).0))
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn invalid(at: &Path, message: impl Into<String>) -> DatasetError {
    DatasetError::Invalid {
        path: at.to_string(),
        message: message.into(),
    }
}

fn duplicate(at: &Path, first: &str, what: String) -> DatasetError {
    DatasetError::Duplicate {
        path: at.to_string(),
        first: first.to_string(),
        what,
    }
}

/// An error message's user text with control characters escaped (never cut short).
fn shown_all(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            if c.is_control() {
                c.escape_default().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect()
}

#[derive(Deserialize)]
struct RawDataset {
    cycles: Vec<RawCycle>,
}

#[derive(Deserialize)]
struct RawCycle {
    name: String,
    kind: Option<String>,
    convention: String,
    period: Option<RawPeriod>,
    institution: Option<String>,
    summit: Option<String>,
    #[serde(default)]
    members: Vec<RawMember>,
    commitments: Vec<RawCommitment>,
}

#[derive(Deserialize)]
struct RawPeriod {
    start: String,
    end: String,
}

#[derive(Deserialize)]
struct RawMember {
    name: String,
    code: String,
}

#[derive(Deserialize)]
struct RawCommitment {
    code: String,
    title: String,
    area: String,
    /// Null for a commitment without a chapter.
    text: Option<String>,
    source: Option<String>,
    director: Option<String>,
    lead_analyst: Option<String>,
    published_average: Option<String>,
    sections: Sections,
    assessments: Vec<RawAssessment>,
    citations: Vec<RawCitation>,
}

#[derive(Deserialize)]
struct RawAssessment {
    member: String,
    score: Value,
    /// The verdict printed in the chapter's Assessment table: absent in exports written before
    /// it was part of them (the table then held `score`), null when the table lacks the member.
    #[serde(default, deserialize_with = "present")]
    table_score: Option<Value>,
    heading_score: Value,
    thus_score: Value,
    analyst: Option<String>,
    opening: String,
    conclusion: String,
    evidence: Vec<RawEvidence>,
    notes: Vec<RawNote>,
}

/// A key that is present, even as null, is `Some`; an absent one is `None` (by `default`).
fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(d).map(Some)
}

#[derive(Deserialize)]
struct RawEvidence {
    date: String,
    date_inferred: bool,
    text: String,
    citations: Vec<u32>,
}

#[derive(Deserialize)]
struct RawNote {
    text: String,
    citations: Vec<u32>,
}

#[derive(Deserialize)]
struct RawCitation {
    number: u32,
    title: String,
    publisher: Option<String>,
    place: Option<String>,
    published: Option<String>,
    accessed: Option<String>,
    url: Option<String>,
    note: Option<String>,
}

/// A chapter's sections object with every key kept, so that a key given twice is refused rather
/// than the second silently winning.
struct Sections(Vec<(String, String)>);

impl<'de> Deserialize<'de> for Sections {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Entries;
        impl<'de> Visitor<'de> for Entries {
            type Value = Sections;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object of section texts")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Sections, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry::<String, String>()? {
                    entries.push(entry);
                }
                Ok(Sections(entries))
            }
        }
        d.deserialize_map(Entries)
    }
}

fn cycle(c: RawCycle, at: &Path) -> Result<DatasetCycle, DatasetError> {
    let kind = match c.kind.as_deref() {
        None => None,
        Some(k) => Some(CycleKind::parse(k).ok_or_else(|| {
            invalid(
                &at.field("kind"),
                format!("unknown kind `{}`: expected interim or final", shown(k)),
            )
        })?),
    };
    let convention = PercentConvention::parse(&c.convention).ok_or_else(|| {
        invalid(
            &at.field("convention"),
            format!(
                "unknown convention `{}`: expected rescaled or legacy",
                shown(&c.convention)
            ),
        )
    })?;
    let period = match &c.period {
        None => None,
        Some(p) => {
            let start = date(&p.start, &at.field("period").field("start"))?;
            let end = date(&p.end, &at.field("period").field("end"))?;
            Some(Period::new(start, end).map_err(|e| invalid(&at.field("period"), e.to_string()))?)
        }
    };
    let cycle = Cycle {
        name: c.name.trim().to_string(),
        kind,
        period,
        convention,
        institution: c.institution,
        summit: c.summit,
    };

    let mut members = Vec::with_capacity(c.members.len());
    let mut member_keys: HashMap<String, String> = HashMap::new();
    let mut codes: HashMap<String, String> = HashMap::new();
    for (j, m) in c.members.into_iter().enumerate() {
        let m_at = at.index("members", j);
        let name = m.name.trim().to_string();
        let code = m.code.trim().to_string();
        if name.is_empty() {
            return Err(invalid(&m_at.field("name"), "the member's name is empty"));
        }
        if code.is_empty() {
            return Err(invalid(&m_at.field("code"), "the member's code is empty"));
        }
        let key = member_key(&name);
        if let Some(first) = member_keys.get(&key) {
            return Err(duplicate(
                &m_at.field("name"),
                first,
                format!("member `{}`", shown(&name)),
            ));
        }
        member_keys.insert(key, m_at.field("name").to_string());
        if let Some(first) = codes.get(&code) {
            return Err(duplicate(
                &m_at.field("code"),
                first,
                format!("member code `{}`", shown(&code)),
            ));
        }
        codes.insert(code.clone(), m_at.field("code").to_string());
        members.push(Member { name, code });
    }

    let mut scores = ScoreSheet {
        members: members.iter().map(|m| m.name.clone()).collect(),
        commitments: Vec::with_capacity(c.commitments.len()),
    };
    let mut sheet_keys: Vec<String> = members.iter().map(|m| member_key(&m.name)).collect();
    let mut chapters = Vec::new();
    let mut commitment_codes: HashMap<String, String> = HashMap::new();
    for (j, raw) in c.commitments.into_iter().enumerate() {
        let c_at = at.index("commitments", j);
        let code = raw.code.trim().to_string();
        if code.is_empty() {
            return Err(invalid(
                &c_at.field("code"),
                "the commitment's number is empty",
            ));
        }
        if let Some(first) = commitment_codes.get(&code) {
            return Err(duplicate(
                &c_at.field("code"),
                first,
                format!("commitment `{}`", shown(&code)),
            ));
        }
        commitment_codes.insert(code.clone(), c_at.field("code").to_string());
        let (chapter, cells) = commitment(raw, code.clone(), &c_at)?;
        for (name, _) in &cells {
            let key = member_key(name);
            if !sheet_keys.contains(&key) {
                sheet_keys.push(key);
                scores.members.push(name.clone());
            }
        }
        let (title, area) = match chapter {
            Commitmentish::Chapter(ch) => {
                chapters.push(*ch);
                (None, None)
            }
            Commitmentish::ScoresOnly { title, area } => (Some(title), Some(area)),
        };
        scores.commitments.push(SheetCommitment {
            code,
            title,
            area,
            cells,
        });
    }
    Ok(DatasetCycle {
        cycle,
        members,
        chapters,
        scores,
    })
}

/// A commitment of the dataset: a chapter, or only a number, title and area.
enum Commitmentish {
    Chapter(Box<Chapter>),
    ScoresOnly { title: String, area: String },
}

/// One commitment and its stored scores `(member, verdict)`, one per assessment.
fn commitment(
    c: RawCommitment,
    code: String,
    at: &Path,
) -> Result<(Commitmentish, Vec<(String, Verdict)>), DatasetError> {
    let what = format!("commitment {}", shown(&code));
    let Some(text) = c.text else {
        return scores_only(c, at, &what);
    };
    let mut sections = Vec::new();
    let mut seen_sections: HashMap<SectionKind, usize> = HashMap::new();
    for (key, text) in c.sections.0 {
        let s_at = at.field("sections").field(&shown(&key));
        let Some(kind) = SectionKind::from_key(&key) else {
            return Err(invalid(
                &s_at,
                format!(
                    "{what}: unknown section `{}`: expected one of {}",
                    shown(&key),
                    SectionKind::ALL.map(|k| k.key()).join(", ")
                ),
            ));
        };
        if seen_sections.insert(kind, sections.len()).is_some() {
            return Err(invalid(
                &s_at,
                format!(
                    "{what}'s section `{}` is given twice in its object",
                    shown(&key)
                ),
            ));
        }
        sections.push(Section { kind, text });
    }
    // The export writes sections in the report's order; keep that order whatever the file's.
    sections.sort_by_key(|s| SectionKind::ALL.iter().position(|k| *k == s.kind));

    let mut table = Vec::new();
    let mut members = Vec::new();
    let mut cells = Vec::with_capacity(c.assessments.len());
    let mut seen: HashMap<String, String> = HashMap::new();
    for (k, a) in c.assessments.into_iter().enumerate() {
        let a_at = at.index("assessments", k);
        let member = checked_member(&a.member, &a_at, &mut seen, &what)?;
        let who = format!("{what}, {}", shown(&member));
        let score = verdict(&a.score, &a_at.field("score"), &who)?;
        cells.push((member.clone(), score));
        match &a.table_score {
            None => table.push(TableRow {
                member: member.clone(),
                verdict: score,
            }),
            Some(Value::Null) => {}
            Some(v) => table.push(TableRow {
                member: member.clone(),
                verdict: verdict(v, &a_at.field("table_score"), &who)?,
            }),
        }
        let heading = opt_verdict(&a.heading_score, &a_at.field("heading_score"), &who)?;
        let thus = opt_verdict(&a.thus_score, &a_at.field("thus_score"), &who)?;
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
        for (e_i, e) in a.evidence.into_iter().enumerate() {
            let e_at = a_at.index("evidence", e_i);
            body.push(BodyParagraph::Evidence(EvidenceItem {
                date: EvidenceDate {
                    date: date(&e.date, &e_at.field("date"))?,
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
            member,
            heading_verdict: heading,
            thus_verdict: thus,
            opening: a.opening,
            body,
            conclusion: a.conclusion,
            analyst: a.analyst,
        });
    }

    let mut citations = Vec::with_capacity(c.citations.len());
    let mut numbers: HashMap<u32, String> = HashMap::new();
    for (k, f) in c.citations.into_iter().enumerate() {
        let f_at = at.index("citations", k);
        if let Some(first) = numbers.get(&f.number) {
            return Err(duplicate(
                &f_at.field("number"),
                first,
                format!("{what}'s footnote {}", f.number),
            ));
        }
        numbers.insert(f.number, f_at.field("number").to_string());
        citations.push(citation(f, &f_at)?);
    }
    let chapter = Chapter {
        commitment: Commitment {
            code,
            area: c.area,
            title: c.title,
            text,
            source: c.source.unwrap_or_default(),
        },
        sections,
        director: c.director,
        lead_analyst: c.lead_analyst,
        assessment_table: table,
        published_average: c.published_average,
        members,
        citations,
    };
    Ok((Commitmentish::Chapter(Box::new(chapter)), cells))
}

/// A commitment without a chapter: its scores, and a refusal of anything only a chapter has.
fn scores_only(
    c: RawCommitment,
    at: &Path,
    what: &str,
) -> Result<(Commitmentish, Vec<(String, Verdict)>), DatasetError> {
    let chapter_only = |field: &str| {
        invalid(
            &at.field(field),
            format!(
                "{what} has no chapter (its `text` is null), so it has no {}",
                field.replace('_', " ")
            ),
        )
    };
    if c.source.as_deref().is_some_and(|s| !s.is_empty()) {
        return Err(chapter_only("source"));
    }
    if c.director.is_some() {
        return Err(chapter_only("director"));
    }
    if c.lead_analyst.is_some() {
        return Err(chapter_only("lead_analyst"));
    }
    if c.published_average.is_some() {
        return Err(chapter_only("published_average"));
    }
    if !c.sections.0.is_empty() {
        return Err(chapter_only("sections"));
    }
    if !c.citations.is_empty() {
        return Err(chapter_only("citations"));
    }
    let mut cells = Vec::with_capacity(c.assessments.len());
    let mut seen: HashMap<String, String> = HashMap::new();
    for (k, a) in c.assessments.into_iter().enumerate() {
        let a_at = at.index("assessments", k);
        let member = checked_member(&a.member, &a_at, &mut seen, what)?;
        let who = format!("{what}, {}", shown(&member));
        let written = !a.heading_score.is_null()
            || !a.thus_score.is_null()
            || a.table_score.as_ref().is_some_and(|v| !v.is_null())
            || a.analyst.is_some()
            || !a.opening.is_empty()
            || !a.conclusion.is_empty()
            || !a.evidence.is_empty()
            || !a.notes.is_empty();
        if written {
            return Err(invalid(
                &a_at,
                format!(
                    "{who}: the commitment has no chapter (its `text` is null), so the assessment has only a score"
                ),
            ));
        }
        cells.push((member, verdict(&a.score, &a_at.field("score"), &who)?));
    }
    Ok((
        Commitmentish::ScoresOnly {
            title: c.title,
            area: c.area,
        },
        cells,
    ))
}

/// The assessment's member, refused when empty or already listed (spelling variants are one
/// member).
fn checked_member(
    name: &str,
    at: &Path,
    seen: &mut HashMap<String, String>,
    what: &str,
) -> Result<String, DatasetError> {
    let name = name.trim();
    let m_at = at.field("member");
    if name.is_empty() {
        return Err(invalid(
            &m_at,
            format!("{what}: the member's name is empty"),
        ));
    }
    let key = member_key(name);
    if let Some(first) = seen.get(&key) {
        return Err(duplicate(
            &m_at,
            first,
            format!("{what}'s assessment of `{}`", shown(name)),
        ));
    }
    seen.insert(key, m_at.to_string());
    Ok(name.to_string())
}

fn date(text: &str, at: &Path) -> Result<Date, DatasetError> {
    text.parse::<Date>()
        .map_err(|_| invalid(at, format!("`{}` is not a date (YYYY-MM-DD)", shown(text))))
}

fn verdict(v: &Value, at: &Path, who: &str) -> Result<Verdict, DatasetError> {
    let found = match v {
        Value::Null => return Ok(Verdict::NotAssessed),
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    match found.parse::<Verdict>() {
        Ok(Verdict::NotAssessed) | Err(_) => Err(invalid(
            at,
            format!(
                "{who}: `{}` is not a score (-1, 0, 1, \"n/a\" or null)",
                shown(&found)
            ),
        )),
        Ok(v) => Ok(v),
    }
}

fn opt_verdict(v: &Value, at: &Path, who: &str) -> Result<Option<Verdict>, DatasetError> {
    if v.is_null() {
        return Ok(None);
    }
    verdict(v, at, who).map(Some)
}

fn citation(f: RawCitation, at: &Path) -> Result<Citation, DatasetError> {
    // A publication date is as precise as its source: `2024-07` is July 2024.
    let published = f
        .published
        .as_deref()
        .map(|d| {
            d.parse::<PartialDate>().map_err(|_| {
                invalid(
                    &at.field("published"),
                    format!("`{}` is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", shown(d)),
                )
            })
        })
        .transpose()?;
    let accessed = f
        .accessed
        .as_deref()
        .map(|d| date(d, &at.field("accessed")))
        .transpose()?;
    // The export leaves out the footnote as printed; it is rebuilt in the usual form.
    let mut raw = f.title.clone();
    if let Some(p) = &f.publisher {
        raw.push_str(&format!(", {p}"));
    }
    if let Some(p) = &f.place {
        raw.push_str(&format!(" ({p})"));
    }
    raw.push_str(&match published {
        Some(d) => format!(" {}.", d.published()),
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

    /// A dataset of one cycle `C` with the given commitments (JSON objects).
    fn dataset(commitments: &str) -> String {
        format!(
            r#"{{"cycles": [{{"name": "C", "kind": null, "convention": "rescaled", "period": null,
            "institution": null, "summit": null, "people": [],
            "members": [{{"name": "Canada", "code": "CAN"}}, {{"name": "France", "code": "FRA"}}],
            "commitments": [{commitments}]}}]}}"#
        )
    }

    fn chapter(code: &str, assessments: &str, citations: &str) -> String {
        format!(
            r#"{{"code": "{code}", "title": "T", "area": "A", "text": "x", "source": "s",
            "director": null, "lead_analyst": null, "published_average": null, "sections": {{}},
            "assessments": [{assessments}], "citations": [{citations}]}}"#
        )
    }

    fn assessment(member: &str, score: &str, table: &str) -> String {
        format!(
            r#"{{"member": "{member}", "score": {score}, "table_score": {table},
            "heading_score": null, "thus_score": null, "analyst": null, "narrative": "",
            "opening": "", "conclusion": "", "evidence": [], "notes": []}}"#
        )
    }

    fn citation(number: u32) -> String {
        format!(
            r#"{{"number": {number}, "title": "T", "publisher": null, "place": null,
            "published": null, "accessed": null, "url": null, "note": null}}"#
        )
    }

    fn scores_only(code: &str, assessments: &str) -> String {
        format!(
            r#"{{"code": "{code}", "title": "Sheet", "area": "Health", "text": null,
            "source": null, "director": null, "lead_analyst": null, "published_average": null,
            "sections": {{}}, "assessments": [{assessments}], "citations": []}}"#
        )
    }

    fn refused(json: &str) -> DatasetError {
        match parse_dataset(json.as_bytes()) {
            Ok(c) => panic!("accepted: {c:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn bad_json_names_line_and_column() {
        let e = refused("{\n  \"cycles\": [\n    {\"name\": }\n  ]\n}");
        assert!(matches!(e, DatasetError::Json { line: 3, .. }), "{e:?}");
        assert!(e.to_string().contains("line 3"), "{e}");
        assert!(e.to_string().contains("column"), "{e}");
    }

    #[test]
    fn bad_values_name_their_place() {
        let e = refused(&dataset(&chapter("1", &assessment("Utopia", "2", "2"), "")));
        assert_eq!(e.place(), "cycles[0].commitments[0].assessments[0].score");
        let text = e.to_string();
        assert!(
            text.contains("commitment 1, Utopia") && text.contains("`2`"),
            "{text}"
        );
    }

    #[test]
    fn stored_scores_table_scores_and_score_sheet_commitments_are_read() {
        let json = dataset(&format!(
            "{},{}",
            chapter(
                "18",
                &format!(
                    "{},{}",
                    assessment("Canada", "0", "1"),
                    assessment("France", "null", "null")
                ),
                &citation(4)
            ),
            scores_only(
                "20",
                &format!(
                    "{},{}",
                    assessment("Canada", "\"n/a\"", "null"),
                    assessment("France", "-1", "null")
                )
            )
        ));
        let cycles = parse_dataset(json.as_bytes()).unwrap();
        let c = &cycles[0];
        assert_eq!(c.members[0].code, "CAN");
        assert_eq!(c.chapters.len(), 1, "only 18 has a chapter");
        let ch = &c.chapters[0];
        assert_eq!(ch.assessment_table.len(), 1, "France is not in the table");
        assert_eq!(ch.verdict_of("Canada"), "+1".parse().unwrap(), "as printed");
        assert_eq!(c.scores.commitments.len(), 2);
        let stored = &c.scores.commitments[0];
        assert_eq!(stored.title, None, "a chapter keeps its own title");
        assert_eq!(
            stored.cells,
            [
                ("Canada".to_string(), "0".parse().unwrap()),
                ("France".to_string(), Verdict::NotAssessed)
            ]
        );
        let sheet = &c.scores.commitments[1];
        assert_eq!(sheet.code, "20");
        assert_eq!(sheet.title.as_deref(), Some("Sheet"));
        assert_eq!(sheet.area.as_deref(), Some("Health"));
        assert_eq!(sheet.cells[1].1, "-1".parse().unwrap());
    }

    #[test]
    fn an_export_without_table_scores_puts_every_score_in_the_table() {
        let old = assessment("Canada", "1", "null").replace(r#""table_score": null,"#, "");
        let cycles = parse_dataset(dataset(&chapter("1", &old, "")).as_bytes()).unwrap();
        assert_eq!(cycles[0].chapters[0].assessment_table.len(), 1);
    }

    #[test]
    fn anything_listed_twice_is_refused_with_both_places() {
        let mut two: Value = serde_json::from_str(&dataset("")).unwrap();
        let first = two["cycles"][0].clone();
        if let Some(list) = two["cycles"].as_array_mut() {
            list.push(first);
        }
        let two_cycles = two.to_string();
        let e = refused(&two_cycles);
        assert_eq!(e.place(), "cycles[1].name");
        assert!(e.to_string().contains("cycles[0].name"), "{e}");

        let e = refused(&dataset(&format!(
            "{},{},{}",
            chapter("17", "", ""),
            chapter("18", "", ""),
            scores_only("18", "")
        )));
        assert_eq!(e.place(), "cycles[0].commitments[2].code");
        assert!(e.to_string().contains("commitment `18`"), "{e}");

        let e = refused(&dataset(&chapter(
            "18",
            &format!(
                "{},{}",
                assessment("Canada", "1", "1"),
                assessment(" canada", "0", "0")
            ),
            "",
        )));
        assert_eq!(e.place(), "cycles[0].commitments[0].assessments[1].member");

        let e = refused(&dataset(&chapter(
            "18",
            "",
            &format!("{},{},{}", citation(1), citation(2), citation(1)),
        )));
        assert_eq!(e.place(), "cycles[0].commitments[0].citations[2].number");
        assert!(e.to_string().contains("footnote 1"), "{e}");

        let e = refused(&dataset(&chapter("18", "", "")).replace(
            r#""sections": {}"#,
            r#""sections": {"background": "a", "background": "b"}"#,
        ));
        assert_eq!(e.place(), "cycles[0].commitments[0].sections.background");

        let e = refused(&dataset("").replace(
            r#"{"name": "France", "code": "FRA"}"#,
            r#"{"name": "France", "code": "CAN"}"#,
        ));
        assert_eq!(e.place(), "cycles[0].members[1].code");
    }

    #[test]
    fn a_commitment_without_a_chapter_has_only_scores() {
        let e = refused(&dataset(&scores_only("20", "").replace(
            r#""citations": []"#,
            &format!(r#""citations": [{}]"#, citation(1)),
        )));
        assert_eq!(e.place(), "cycles[0].commitments[0].citations");
        let e = refused(&dataset(&scores_only(
            "20",
            &assessment("Canada", "1", "null").replace(r#""opening": """#, r#""opening": "x""#),
        )));
        assert_eq!(e.place(), "cycles[0].commitments[0].assessments[0]");
    }

    #[test]
    fn control_characters_in_messages_are_escaped() {
        let e = refused(&dataset(&chapter(
            "1\\u0007",
            &assessment("X", "5", "5"),
            "",
        )));
        assert!(!e.to_string().chars().any(char::is_control), "{e}");
    }
}

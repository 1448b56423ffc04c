//! Hand-built values (invented content) and helpers shared by the tests.

use jiff::civil::date;
use pledgewatch_domain::{
    BodyParagraph, Chapter, Citation, Commitment, Cycle, CycleKind, EvidenceDate, EvidenceItem,
    MemberSection, PercentConvention, Period, Score, Section, SectionKind, TableRow, Verdict,
};
use pledgewatch_store::Store;
use sqlx::{AssertSqlSafe, Connection, SqliteConnection};

pub const FULL: Verdict = Verdict::Scored(Score::Full);
pub const PARTIAL: Verdict = Verdict::Scored(Score::Partial);
pub const NONE: Verdict = Verdict::Scored(Score::NoCompliance);

/// A fresh database file in its own temporary directory (kept alive by the returned guard).
pub async fn fresh() -> (tempfile::TempDir, String, Store) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("pledgewatch.db");
    let path = path.to_str().expect("a UTF-8 temp path").to_string();
    let store = Store::open(&path).await.expect("the store opens");
    (dir, path, store)
}

pub fn cycle() -> Cycle {
    Cycle {
        name: "2030 Freedonia Summit Final".to_string(),
        kind: Some(CycleKind::Final),
        period: Some(Period::new(date(2030, 6, 15), date(2031, 5, 15)).unwrap()),
        convention: PercentConvention::Rescaled,
        institution: None,
        summit: None,
    }
}

fn evidence(y: i16, m: i8, d: i8, inferred: bool, text: &str, cites: &[u32]) -> BodyParagraph {
    BodyParagraph::Evidence(EvidenceItem {
        date: EvidenceDate {
            date: date(y, m, d),
            inferred,
        },
        text: text.to_string(),
        citations: cites.to_vec(),
    })
}

fn citation(number: u32, title: &str) -> Citation {
    Citation {
        number,
        title: title.to_string(),
        publisher: None,
        place: None,
        published: None,
        accessed: None,
        url: None,
        note: None,
        raw: format!("{title}, n.d."),
    }
}

/// Every field of the model in use: all sections, a director spelled with a typographic
/// apostrophe, a table row and a section spelling one member differently, a member with a
/// section but no table row and one with a row but no section, n/a and not-assessed cells,
/// inferred dates, narrative paragraphs, footnotes with and without fields, and a footnote
/// number defined twice.
pub fn chapter(code: &str) -> Chapter {
    let sections = SectionKind::ALL
        .into_iter()
        .map(|kind| Section {
            kind,
            text: format!(
                "{} of commitment {code}.\n\nA second paragraph.",
                kind.heading()
            ),
        })
        .collect();
    let full_citation = Citation {
        number: 901,
        title: "Lighthouse Keepers Report Calm Seas".to_string(),
        publisher: Some("Ministry of Lighthouses".to_string()),
        place: Some("Port Aurel".to_string()),
        published: Some(date(2030, 7, 4).into()),
        accessed: Some(date(2030, 8, 1)),
        url: Some("https://example.org/lighthouses/calm seas".to_string()),
        note: Some("Translation provided by Analyst.".to_string()),
        raw:
            "Lighthouse Keepers Report Calm Seas, Ministry of Lighthouses (Port Aurel) 4 July 2030."
                .to_string(),
    };
    Chapter {
        commitment: Commitment {
            code: code.to_string(),
            area: "Coastal Affairs".to_string(),
            title: "Lighthouse Maintenance".to_string(),
            text: "We will keep every lighthouse lit.".to_string(),
            source: "Freedonia Leaders\u{2019} Communiqué".to_string(),
        },
        sections,
        director: Some("Olivier d\u{2019}Aragon".to_string()),
        lead_analyst: Some("Maya Tran".to_string()),
        assessment_table: vec![
            TableRow {
                member: "Freedonia".to_string(),
                verdict: FULL,
            },
            TableRow {
                member: "UK".to_string(),
                verdict: NONE,
            },
            TableRow {
                member: "Sylvania".to_string(),
                verdict: Verdict::NotApplicable,
            },
            TableRow {
                member: "Grand Fenwick".to_string(),
                verdict: Verdict::NotAssessed,
            },
        ],
        published_average: Some("+0.00 (50%)".to_string()),
        members: vec![
            MemberSection {
                member: "Freedonia".to_string(),
                heading_verdict: Some(FULL),
                thus_verdict: Some(FULL),
                opening: "Freedonia has fully complied.".to_string(),
                body: vec![
                    evidence(
                        2030,
                        7,
                        4,
                        false,
                        "On 4 July 2030, the keepers relit the lamp.",
                        &[901, 902],
                    ),
                    BodyParagraph::Narrative {
                        text: "The lamp had been dark since spring.".to_string(),
                        citations: vec![903],
                    },
                    evidence(
                        2031,
                        1,
                        2,
                        true,
                        "On 2 January, a new lens was fitted.",
                        &[],
                    ),
                ],
                conclusion: "Freedonia kept every lamp lit.".to_string(),
                analyst: Some("Kevin Li".to_string()),
            },
            MemberSection {
                member: "United Kingdom".to_string(),
                heading_verdict: Some(NONE),
                thus_verdict: None,
                opening: "The United Kingdom has not complied.".to_string(),
                body: vec![BodyParagraph::Narrative {
                    text: "No action was found.".to_string(),
                    citations: vec![],
                }],
                conclusion: String::new(),
                analyst: None,
            },
            MemberSection {
                member: "Ruritania".to_string(),
                heading_verdict: Some(Verdict::NotAssessed),
                thus_verdict: Some(PARTIAL),
                opening: String::new(),
                body: vec![evidence(
                    2030,
                    12,
                    24,
                    false,
                    "On 24 December 2030, a keeper was hired.",
                    &[903, 903],
                )],
                conclusion: "Partial.".to_string(),
                analyst: Some("Olivier d'Aragon".to_string()),
            },
        ],
        citations: vec![
            full_citation,
            citation(902, "Lamps"),
            citation(903, "Lenses"),
            citation(902, "Lamps, again"),
        ],
    }
}

/// A minimal chapter: one member, one footnote.
pub fn small_chapter(code: &str, verdict: Verdict) -> Chapter {
    Chapter {
        commitment: Commitment {
            code: code.to_string(),
            area: "Area".to_string(),
            title: format!("Commitment {code}"),
            text: "Text.".to_string(),
            source: "Source".to_string(),
        },
        sections: vec![],
        director: None,
        lead_analyst: None,
        assessment_table: vec![TableRow {
            member: "Freedonia".to_string(),
            verdict,
        }],
        published_average: None,
        members: vec![],
        citations: vec![citation(1, "One")],
    }
}

/// Every row of every table, as text, to prove that a failed call changed nothing.
pub async fn snapshot(path: &str) -> Vec<String> {
    let mut conn = SqliteConnection::connect(&format!("sqlite://{path}"))
        .await
        .expect("a direct connection");
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
         ORDER BY name",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    let mut out = Vec::new();
    for table in tables {
        let columns: Vec<String> = sqlx::query_scalar(AssertSqlSafe(format!(
            "SELECT name FROM pragma_table_info('{table}')"
        )))
        .fetch_all(&mut conn)
        .await
        .unwrap();
        let expr = columns
            .iter()
            .map(|c| format!("quote({c})"))
            .collect::<Vec<_>>()
            .join(" || '|' || ");
        let rows: Vec<String> = sqlx::query_scalar(AssertSqlSafe(format!(
            "SELECT {expr} FROM {table} ORDER BY 1"
        )))
        .fetch_all(&mut conn)
        .await
        .unwrap();
        out.extend(rows.into_iter().map(|r| format!("{table}: {r}")));
    }
    out
}

/// One number from a direct query.
pub async fn count(path: &str, sql: &'static str) -> i64 {
    let mut conn = SqliteConnection::connect(&format!("sqlite://{path}"))
        .await
        .expect("a direct connection");
    sqlx::query_scalar(sql).fetch_one(&mut conn).await.unwrap()
}

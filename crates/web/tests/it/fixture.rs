//! A small invented cycle: three members, three commitments, every state a cell can be in.
//!
//! | commitment | Canada | France | Germany | average        |
//! |------------|--------|--------|---------|----------------|
//! | 7          | −1     | n/a    | –       | −1.00 (0%)     |
//! | 8          | +1     | 0      | +1      | +0.67 (83%)    |
//! | 9          | −1     | 0      | 0       | −0.33 (33%)    |
//!
//! Members: Canada −0.33 (33%), France 0.00 (50%), Germany +0.50 (75%); overall 0/7 = 0.00 (50%);
//! gap 5/6 = 0.83, 42 points.

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::http::{Request, StatusCode};
use jiff::civil::date;
use pledgewatch_domain::{
    BodyParagraph, Chapter, Citation, Commitment, Cycle, CycleKind, EvidenceDate, EvidenceItem,
    MemberSection, PercentConvention, Period, Score, Section, SectionKind, TableRow, Verdict,
};
use pledgewatch_store::Store;
use tempfile::TempDir;
use tower::ServiceExt;

pub const CYCLE: &str = "2031 Testland Summit Final";
pub const SLUG: &str = "2031-testland-summit-final";
pub const INSTITUTION: &str = "T7";
pub const SUMMIT: &str = "2031 Testland Summit";

pub struct Site {
    pub router: Router,
    pub store: Store,
    _dir: TempDir,
}

#[derive(Debug)]
pub struct Page {
    pub status: StatusCode,
    pub content_type: String,
    pub cache_control: String,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Site {
    async fn open(with_fixture: bool) -> Site {
        let dir = tempfile::tempdir().expect("temporary directory");
        let path = dir.path().join("web.db");
        let store = Store::open(path.to_str().expect("UTF-8 temp path"))
            .await
            .expect("open store");
        if with_fixture {
            store
                .import_chapters(&cycle(), &[chapter_7(), chapter_8(), chapter_9()], "test")
                .await
                .expect("import fixture chapters");
        }
        Site {
            router: pledgewatch_web::router(store.clone()),
            store,
            _dir: dir,
        }
    }

    pub async fn empty() -> Site {
        Site::open(false).await
    }

    pub async fn get(&self, uri: &str) -> Page {
        let request = Request::builder()
            .uri(uri)
            .body(Body::empty())
            .expect("request");
        self.send(request).await
    }

    /// POSTs `body` with `content_type` (none when empty).
    pub async fn post(&self, uri: &str, content_type: &str, body: impl Into<Body>) -> Page {
        let mut request = Request::builder().method("POST").uri(uri);
        if !content_type.is_empty() {
            request = request.header("content-type", content_type);
        }
        self.send(request.body(body.into()).expect("request")).await
    }

    pub async fn send(&self, request: Request<Body>) -> Page {
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("response");
        let status = response.status();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_string()
        };
        let content_type = header("content-type");
        let cache_control = header("cache-control");
        let headers = response.headers().clone();
        let bytes = to_bytes(response.into_body(), usize::MAX)
            .await
            .expect("body");
        Page {
            status,
            content_type,
            cache_control,
            headers,
            body: String::from_utf8(bytes.to_vec()).expect("UTF-8 body"),
        }
    }
}

/// A store on a fresh SQLite file holding the fixture cycle.
pub async fn site() -> Site {
    Site::open(true).await
}

pub fn cycle() -> Cycle {
    Cycle {
        name: CYCLE.to_string(),
        kind: Some(CycleKind::Final),
        period: Some(Period::new(date(2031, 6, 15), date(2032, 5, 15)).expect("period")),
        convention: PercentConvention::Rescaled,
        institution: Some(INSTITUTION.to_string()),
        summit: Some(SUMMIT.to_string()),
    }
}

const FULL: Verdict = Verdict::Scored(Score::Full);
const PARTIAL: Verdict = Verdict::Scored(Score::Partial);
const NONE: Verdict = Verdict::Scored(Score::NoCompliance);

fn commitment(code: &str, title: &str) -> Commitment {
    Commitment {
        code: code.to_string(),
        area: "Oceans and Lighthouses".to_string(),
        title: title.to_string(),
        text: format!("We will keep every lighthouse lit ({title})."),
        source: "Testland Leaders' Communiqué".to_string(),
    }
}

fn table(verdicts: [Verdict; 3]) -> Vec<TableRow> {
    ["Canada", "France", "Germany"]
        .into_iter()
        .zip(verdicts)
        .map(|(member, verdict)| TableRow {
            member: member.to_string(),
            verdict,
        })
        .collect()
}

fn bare_chapter(code: &str, title: &str, verdicts: [Verdict; 3]) -> Chapter {
    Chapter {
        commitment: commitment(code, title),
        sections: Vec::new(),
        director: None,
        lead_analyst: None,
        assessment_table: table(verdicts),
        published_average: None,
        members: Vec::new(),
        citations: Vec::new(),
    }
}

fn evidence(d: jiff::civil::Date, inferred: bool, text: &str, citations: &[u32]) -> BodyParagraph {
    BodyParagraph::Evidence(EvidenceItem {
        date: EvidenceDate { date: d, inferred },
        text: text.to_string(),
        citations: citations.to_vec(),
    })
}

fn citation(number: u32, title: &str, url: &str) -> Citation {
    Citation {
        number,
        title: title.to_string(),
        publisher: Some("Testland Coast Guard".to_string()),
        place: Some("Port Invented".to_string()),
        published: Some(date(2031, 7, 2).into()),
        accessed: Some(date(2031, 9, 1)),
        url: Some(url.to_string()),
        note: None,
        raw: format!("{title}, Testland Coast Guard (Port Invented) 2 July 2031. {url}"),
    }
}

/// Commitment 7 has the whole chapter: sections, people, a −1 narrative with evidence written
/// out of date order, a year-less date, a hostile narrative, and footnotes with a malformed URL.
fn chapter_7() -> Chapter {
    Chapter {
        commitment: commitment("7", "Lighthouse Keeping"),
        sections: vec![
            Section {
                kind: SectionKind::Background,
                text: "Lighthouses were first discussed at the 2029 summit.\u{2074}\u{2070}\u{2070}\u{2070}\n\nA second paragraph of background."
                    .to_string(),
            },
            Section {
                kind: SectionKind::ScoringGuidelines,
                text: "\u{2212}1: no lighthouse lit\n0: some lighthouses lit\n+1: every lighthouse lit"
                    .to_string(),
            },
        ],
        director: Some("Dana Director".to_string()),
        lead_analyst: Some("Lee Lead".to_string()),
        assessment_table: table([NONE, Verdict::NotApplicable, Verdict::NotAssessed]),
        published_average: Some("\u{2212}1.00 (0%)".to_string()),
        members: vec![MemberSection {
            member: "Canada".to_string(),
            heading_verdict: Some(NONE),
            thus_verdict: Some(NONE),
            opening: "Canada has not complied with its commitment on lighthouses.".to_string(),
            body: vec![
                evidence(
                    date(2031, 11, 20),
                    false,
                    "On 20 November 2031, Canada switched off the Cape Example light.",
                    &[4002],
                ),
                evidence(
                    date(2031, 7, 4),
                    false,
                    "On 4 July 2031, Canada announced a review of its lights.",
                    &[4001],
                ),
                BodyParagraph::Narrative {
                    text: "A note with <script>alert('x')</script> in it & more.".to_string(),
                    citations: vec![],
                },
                evidence(
                    date(2032, 3, 2),
                    true,
                    "On 2 March, Canada sold two lighthouse lenses.",
                    &[4001, 4003],
                ),
            ],
            conclusion: "Canada has taken action contrary to the commitment.".to_string(),
            analyst: Some("Ana Analyst".to_string()),
        }],
        citations: vec![
            citation(4000, "Lighthouse history", "https://example.org/history"),
            citation(4001, "Review of lights", "https://example.org/review"),
            citation(4002, "Cape Example goes dark", "https://example.org/cape"),
            citation(4003, "Lenses for sale", "https://example- org/lenses"),
        ],
    }
}

/// Commitments 8 and 9 name one director two ways (`O’Neill`, `O'Neill`).
fn chapter_8() -> Chapter {
    Chapter {
        director: Some("Olu O\u{2019}Neill".to_string()),
        ..bare_chapter("8", "Foghorn Maintenance", [FULL, PARTIAL, FULL])
    }
}

fn chapter_9() -> Chapter {
    Chapter {
        director: Some("Olu O'Neill".to_string()),
        ..bare_chapter("9", "Buoy Painting", [NONE, PARTIAL, PARTIAL])
    }
}

//! SIGKILL in the middle of writes, five times over on one database file: after each kill the
//! file passes SQLite's integrity check, every write the server acknowledged (2xx) is there with
//! its footnote and its audit record, and nothing is half-written: every evidence item present
//! has its footnote and its audit record, and each assessment's version counts its audited
//! writes. The next round serves the same file again.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use pledgewatch_store::{AuditFilter, AuditRecord, ObjectFilter};
use serde_json::json;

use crate::support_server::{CYCLE, Client, SLUG, Server, prepare, with_store};

const ROUNDS: usize = 5;
const WRITERS: usize = 6;
/// Each writer works on one of these; two writers share each of the first two, so that stale
/// versions (409, retried) happen too.
const ASSESSMENTS: [(&str, &str); 4] = [
    ("18", "Canada"),
    ("18", "France"),
    ("19", "Germany"),
    ("19", "Italy"),
];
const TIME_CAP: Duration = Duration::from_secs(60);

/// A write the server acknowledged: where, and the unique texts it wrote.
#[derive(Debug, Clone)]
struct Acknowledged {
    assessment: usize,
    text: String,
    footnote: String,
}

/// A small xorshift generator seeded from the clock: the kill moment differs run to run (the
/// seed is printed, so a failing run can be read back).
struct Dice(u64);

impl Dice {
    fn new() -> Dice {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0x9e37_79b9);
        eprintln!("crash test seed {nanos}");
        Dice(nanos | 1)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

fn path((code, member): (&str, &str)) -> String {
    format!("/api/v1/cycles/{SLUG}/commitments/{code}/members/{member}")
}

/// Adds evidence items until the server dies (or 30 s pass, which a kill long precedes).
fn writer(port: u16, token: &str, round: usize, id: usize, stop: &AtomicBool) -> Vec<Acknowledged> {
    let assessment = id % ASSESSMENTS.len();
    let base = path(ASSESSMENTS[assessment]);
    let mut acknowledged = Vec::new();
    let Ok(mut client) = Client::connect(port) else {
        return acknowledged;
    };
    let began = Instant::now();
    let mut version: Option<i64> = None;
    let mut k = 0;
    while !stop.load(Ordering::Relaxed) && began.elapsed() < Duration::from_secs(30) {
        let v = match version {
            Some(v) => v,
            None => match client.api(token, "GET", &base, None) {
                Ok(r) if r.status == 200 => match r.json()["version"].as_i64() {
                    Some(v) => v,
                    None => break,
                },
                _ => break,
            },
        };
        k += 1;
        let text = format!(
            "Round {round}, writer {id}, item {k}: the ministry issued notice {round}-{id}-{k}."
        );
        let footnote = format!("Notice {round}-{id}-{k}");
        let body = json!({
            "version": v,
            "date": "2024-09-01",
            "text": text,
            "new_citation": {"title": footnote, "publisher": "Crash desk",
                             "url": format!("https://example.org/notice/{round}/{id}/{k}")},
        })
        .to_string();
        match client.api(token, "POST", &format!("{base}/evidence"), Some(&body)) {
            Ok(r) if (200..300).contains(&r.status) => {
                acknowledged.push(Acknowledged {
                    assessment,
                    text,
                    footnote,
                });
                version = r.json()["version"].as_i64();
            }
            // Another writer got there first: read again and retry with a new item.
            Ok(r) if r.status == 409 && r.json()["error"]["code"] == "stale" => version = None,
            Ok(r) => panic!("round {round}, writer {id}: {} {}", r.status, r.body),
            // The server is gone: the write in flight was never acknowledged.
            Err(_) => break,
        }
    }
    acknowledged
}

/// The evidence-adding audit records of every assessment under test.
async fn additions(store: &pledgewatch_store::Store) -> Vec<Vec<AuditRecord>> {
    let mut all = Vec::new();
    for (code, member) in ASSESSMENTS {
        let records = store
            .audit_export(AuditFilter {
                object: Some(ObjectFilter::Exact(format!("{CYCLE}/{code}/{member}"))),
                ..AuditFilter::default()
            })
            .collect()
            .await
            .expect("audit records");
        all.push(records);
    }
    all
}

#[test]
fn sigkill_mid_write_keeps_every_acknowledged_write_and_nothing_half_written() {
    let began = Instant::now();
    let prepared = prepare(&ASSESSMENTS);
    let db = prepared.db();
    let mut dice = Dice::new();

    // Versions and evidence counts before any round: what the rounds add is counted from here.
    let baseline: Vec<(i64, usize, usize)> = with_store(&db, async |store| {
        let audits = additions(store).await;
        let mut out = Vec::new();
        for (i, (code, member)) in ASSESSMENTS.iter().enumerate() {
            let d = store
                .assessment_draft(CYCLE, code, member)
                .await
                .expect("the assessment");
            out.push((d.version, d.evidence.len(), audits[i].len()));
        }
        out
    });

    let mut acknowledged: Vec<Acknowledged> = Vec::new();
    for round in 1..=ROUNDS {
        let mut server = Server::start(&db);
        let stop = Arc::new(AtomicBool::new(false));
        let writers: Vec<_> = (0..WRITERS)
            .map(|id| {
                let token = prepared.token.clone();
                let stop = Arc::clone(&stop);
                let port = server.port;
                std::thread::spawn(move || writer(port, &token, round, id, &stop))
            })
            .collect();
        std::thread::sleep(Duration::from_millis(100 + dice.below(501)));
        server.kill();
        stop.store(true, Ordering::Relaxed);
        let mut this_round = 0;
        for w in writers {
            let acks = w.join().expect("a writer thread");
            this_round += acks.len();
            acknowledged.extend(acks);
        }
        eprintln!("round {round}: {this_round} acknowledged writes before the kill");

        with_store(&db, async |store| {
            assert_eq!(
                store.integrity_check().await.expect("integrity check"),
                ["ok"],
                "round {round}"
            );
            assert_eq!(
                store.foreign_key_violations().await.expect("foreign keys"),
                0,
                "round {round}"
            );
            let audits = additions(store).await;
            let mut drafts = Vec::new();
            for (code, member) in ASSESSMENTS {
                drafts.push(
                    store
                        .assessment_draft(CYCLE, code, member)
                        .await
                        .expect("the assessment"),
                );
            }

            // Every acknowledged write is there, with its footnote and its audit record.
            for ack in &acknowledged {
                let d = &drafts[ack.assessment];
                let item = d
                    .evidence
                    .iter()
                    .find(|e| e.text == ack.text)
                    .unwrap_or_else(|| panic!("round {round}: lost `{}`", ack.text));
                let cited: Vec<&str> = d
                    .citations
                    .iter()
                    .filter(|c| item.citations.contains(&c.citation.number))
                    .map(|c| c.citation.title.as_str())
                    .collect();
                assert_eq!(
                    cited,
                    [ack.footnote.as_str()],
                    "round {round}: {}",
                    ack.text
                );
                assert!(
                    audits[ack.assessment]
                        .iter()
                        .any(|r| r.action == "evidence.add"
                            && r.detail["after"]["item"]["text"] == json!(ack.text)),
                    "round {round}: no audit record for `{}`",
                    ack.text
                );
            }

            // Nothing half-written, acknowledged or not: each item the rounds added has its
            // footnote and its audit record, and the version moved once per audited write.
            for (i, d) in drafts.iter().enumerate() {
                let (version, evidence, records) = baseline[i];
                let added: Vec<&AuditRecord> =
                    audits[i][..audits[i].len() - records].iter().collect();
                assert!(
                    added.iter().all(|r| r.action == "evidence.add"),
                    "only evidence was added: {added:?}"
                );
                assert_eq!(d.evidence.len(), evidence + added.len(), "round {round}");
                assert_eq!(d.version, version + added.len() as i64, "round {round}");
                let footnotes: HashMap<u32, &str> = d
                    .citations
                    .iter()
                    .map(|c| (c.citation.number, c.citation.title.as_str()))
                    .collect();
                for item in d.evidence.iter().filter(|e| e.text.starts_with("Round ")) {
                    assert!(
                        added
                            .iter()
                            .any(|r| r.detail["after"]["item"]["text"] == json!(item.text)),
                        "round {round}: `{}` has no audit record",
                        item.text
                    );
                    assert_eq!(item.citations.len(), 1, "round {round}: {}", item.text);
                    let title = footnotes.get(&item.citations[0]).copied();
                    assert!(
                        title.is_some_and(|t| t.starts_with("Notice ")),
                        "round {round}: `{}` cites a missing footnote ({title:?})",
                        item.text
                    );
                }
            }
        });
        drop(server);
        assert!(
            began.elapsed() < TIME_CAP,
            "five rounds must end within {TIME_CAP:?}; at round {round} {:?} had passed",
            began.elapsed()
        );
    }
    assert!(
        !acknowledged.is_empty(),
        "no write was acknowledged in {ROUNDS} rounds: the kill came too early every time"
    );
}

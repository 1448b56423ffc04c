//! Concurrent edits of ONE assessment under load, against the real server on loopback: 32
//! writers each read the version and write with it, for a bounded time. Every write either
//! wins (200) or is refused as stale (409), nothing else; the version counts exactly the wins;
//! the audit trail has exactly one record per win; the newest win is what is stored.

use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use pledgewatch_store::{AuditFilter, ObjectFilter};
use serde_json::json;

use crate::support_server::{CYCLE, Client, SLUG, Server, prepare, with_store};

const WRITERS: usize = 32;
/// How long the writers keep writing.
const LOAD: Duration = Duration::from_secs(3);
/// No run may take longer than this, whatever the machine's load.
const HARD_CAP: Duration = Duration::from_secs(15);

/// What one writer saw: every status, and its wins as (new version, text written).
#[derive(Default)]
struct Tally {
    statuses: Vec<u16>,
    wins: Vec<(i64, String)>,
    oddities: Vec<String>,
}

fn path() -> String {
    format!("/api/v1/cycles/{SLUG}/commitments/18/members/Canada")
}

fn writer(port: u16, token: &str, id: usize, start: &Barrier) -> Tally {
    let mut tally = Tally::default();
    let mut client = match Client::connect(port) {
        Ok(c) => c,
        Err(e) => {
            tally.oddities.push(format!("writer {id}: connect: {e}"));
            start.wait();
            return tally;
        }
    };
    start.wait();
    let began = Instant::now();
    let mut k = 0;
    while began.elapsed() < LOAD {
        let read = match client.api(token, "GET", &path(), None) {
            Ok(r) if r.status == 200 => r,
            Ok(r) => {
                tally.statuses.push(r.status);
                tally
                    .oddities
                    .push(format!("writer {id}: GET {}: {}", r.status, r.body));
                continue;
            }
            Err(e) => {
                tally.oddities.push(format!("writer {id}: GET: {e}"));
                break;
            }
        };
        let Some(version) = read.json()["version"].as_i64() else {
            tally
                .oddities
                .push(format!("writer {id}: no version in {}", read.body));
            break;
        };
        k += 1;
        let text = format!("Writer {id}, write {k}: Canada reported progress.");
        let body = json!({"version": version, "score": "1", "opening": text,
                          "conclusion": "Canada has fully complied."})
        .to_string();
        match client.api(token, "PUT", &path(), Some(&body)) {
            Ok(r) => {
                tally.statuses.push(r.status);
                match r.status {
                    200 => match r.json()["version"].as_i64() {
                        Some(v) => tally.wins.push((v, text)),
                        None => tally
                            .oddities
                            .push(format!("200 without a version: {}", r.body)),
                    },
                    409 if r.json()["error"]["code"] == "stale" => {}
                    _ => tally
                        .oddities
                        .push(format!("writer {id}: PUT {}: {}", r.status, r.body)),
                }
            }
            Err(e) => {
                tally.oddities.push(format!("writer {id}: PUT: {e}"));
                break;
            }
        }
    }
    tally
}

#[test]
fn thirty_two_writers_on_one_assessment_win_or_get_409_and_the_audit_counts_the_wins() {
    let began = Instant::now();
    let prepared = prepare(&[("18", "Canada")]);
    let db = prepared.db();
    let mut server = Server::start(&db);
    let port = server.port;

    let mut client = Client::connect(port).expect("connect");
    let first = client
        .api(&prepared.token, "GET", &path(), None)
        .expect("GET the assessment");
    assert_eq!(first.status, 200, "{}", first.body);
    let initial = first.json()["version"].as_i64().expect("a version");

    let start = Arc::new(Barrier::new(WRITERS));
    let writers: Vec<_> = (0..WRITERS)
        .map(|id| {
            let token = prepared.token.clone();
            let start = Arc::clone(&start);
            std::thread::spawn(move || writer(port, &token, id, &start))
        })
        .collect();
    let tallies: Vec<Tally> = writers
        .into_iter()
        .map(|w| w.join().expect("a writer thread"))
        .collect();
    assert!(
        began.elapsed() < HARD_CAP,
        "the load ran {:?}, over the {HARD_CAP:?} cap",
        began.elapsed()
    );

    let oddities: Vec<&String> = tallies.iter().flat_map(|t| &t.oddities).collect();
    assert!(
        oddities.is_empty(),
        "only 200 and 409 stale may come back: {oddities:#?}\nserver log:\n{}",
        server.log_text()
    );
    let statuses: Vec<u16> = tallies.iter().flat_map(|t| t.statuses.clone()).collect();
    let ok = statuses.iter().filter(|&&s| s == 200).count();
    let stale = statuses.iter().filter(|&&s| s == 409).count();
    assert_eq!(ok + stale, statuses.len(), "no other status");
    assert!(ok > 0, "some write must win ({stale} refused)");
    eprintln!("{WRITERS} writers, {LOAD:?}: {ok} written (200), {stale} stale (409)");

    // Every win got its own version, one after another, with no gap and no repeat.
    let mut wins: Vec<(i64, String)> = tallies.into_iter().flat_map(|t| t.wins).collect();
    wins.sort();
    let versions: Vec<i64> = wins.iter().map(|(v, _)| *v).collect();
    let expected: Vec<i64> = (initial + 1..=initial + ok as i64).collect();
    assert_eq!(versions, expected, "each 200 is the next version");

    let last = client
        .api(&prepared.token, "GET", &path(), None)
        .expect("GET after the load");
    let stored = last.json();
    assert_eq!(stored["version"], json!(initial + ok as i64));
    let newest = &wins.last().expect("a win").1;
    assert_eq!(stored["opening"], json!(newest), "the newest win is stored");
    drop(client);
    server.kill();

    let object = format!("{CYCLE}/18/Canada");
    let records = with_store(&db, async |store| {
        store
            .audit_export(AuditFilter {
                object: Some(ObjectFilter::Exact(object.clone())),
                action: Some("assessment.update".to_string()),
                ..AuditFilter::default()
            })
            .collect()
            .await
            .expect("the audit records")
    });
    assert_eq!(records.len(), ok, "one audit record per 200");
    let mut recorded: Vec<(i64, String)> = records
        .iter()
        .map(|r| {
            (
                r.detail["after"]["version"]
                    .as_i64()
                    .expect("after.version"),
                r.detail["after"]["opening"]
                    .as_str()
                    .expect("after.opening")
                    .to_string(),
            )
        })
        .collect();
    recorded.sort();
    assert_eq!(recorded, wins, "the audit trail holds exactly the wins");
}

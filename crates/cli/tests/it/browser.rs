//! Real-browser tests: `pledgewatch serve` on loopback over a database the binary prepared
//! (the demo report imported, accounts added and assigned), driven in Debian's headless
//! Chromium by the playwright-core scripts in `tests/browser/`.
//!
//! When Chromium, Node.js (20 or newer) or `tests/browser/node_modules` is missing, a test
//! prints that it skipped and why; under CI (`CI` set) it fails instead, since `.ci/run`
//! installs them.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::sync::mpsc;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_pledgewatch");
const DEMO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/demo/demo-report.md");
const RUBRIC: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../domain/rubrics/g7-2024-19-smuggling.toml"
);
const CYCLE: &str = "2024 G7 Apulia Summit Demo Final";
const SLUG: &str = "2024-g7-apulia-summit-demo-final";
/// The commitment and member the walk-through works on.
const COMMITMENT: &str = "19";
const MEMBER: &str = "Canada";
const PASSWORD: &str = "browser test passphrase";
/// How long one script may run, its own limit included; then it is killed.
const SCRIPT_LIMIT: Duration = Duration::from_secs(120);

/// One browser at a time: two cores are shared by everything else running.
static ONE_BROWSER: Mutex<()> = Mutex::new(());

fn browser_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/browser")
}

fn chromium() -> PathBuf {
    std::env::var_os("CHROMIUM").map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from)
}

/// Node's major version, when `node` runs.
fn node_major() -> Option<u32> {
    let out = Command::new("node").arg("--version").output().ok()?;
    let version = String::from_utf8_lossy(&out.stdout);
    version
        .trim()
        .trim_start_matches('v')
        .split('.')
        .next()?
        .parse()
        .ok()
}

/// What the browser tests need and this machine lacks, in words.
fn missing() -> Vec<String> {
    let mut missing = Vec::new();
    if !chromium().is_file() {
        missing.push(format!(
            "Chromium at {} (apt-get install chromium)",
            chromium().display()
        ));
    }
    match node_major() {
        None => missing.push("Node.js (`node` on PATH; apt-get install nodejs npm)".to_string()),
        Some(v) if v < 20 => missing.push(format!(
            "Node.js 20 or newer (this is {v}; playwright-core needs 20)"
        )),
        Some(_) => {}
    }
    if !browser_dir()
        .join("node_modules/playwright-core/package.json")
        .is_file()
    {
        missing.push("tests/browser/node_modules (npm ci --prefix tests/browser)".to_string());
    }
    missing
}

/// True when the browser test can run; otherwise says why and skips, or fails under CI.
fn ready(test: &str) -> bool {
    let missing = missing();
    if missing.is_empty() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "browser test {test} cannot run in CI: missing {}; .ci/run installs them",
        missing.join(", ")
    );
    eprintln!(
        "skipping browser test {test}: missing {} (CI installs them)",
        missing.join(", ")
    );
    false
}

/// Runs the binary on `db`, with `stdin` as its standard input; panics with its stderr when it
/// fails.
fn pledgewatch(db: &Path, args: &[&str], stdin: &str) {
    let mut child = Command::new(BIN)
        .arg("--db")
        .arg(db)
        .args(args)
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run pledgewatch");
    if let Some(mut input) = child.stdin.take() {
        input.write_all(stdin.as_bytes()).expect("write stdin");
    }
    let out = child.wait_with_output().expect("wait for pledgewatch");
    assert!(
        out.status.success(),
        "pledgewatch {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The accounts the scripts sign in as.
const ACCOUNTS: &[(&str, &str, &str)] = &[
    ("PW_ANALYST", "Ana Browser", "analyst"),
    ("PW_DIRECTOR", "Dora Director", "director"),
    ("PW_EDITOR", "Eddie Editor", "editor"),
];

/// A database holding the demo report with commitment 19's rubric, the three accounts, the
/// analyst assigned to 19 / Canada and the director to commitment 19.
fn prepare(dir: &Path) -> PathBuf {
    let db = dir.join("browser.db");
    pledgewatch(&db, &["import", "report", DEMO], "");
    pledgewatch(
        &db,
        &[
            "rubric",
            "import",
            RUBRIC,
            "--cycle",
            CYCLE,
            "--commitment",
            COMMITMENT,
        ],
        "",
    );
    for (_, name, role) in ACCOUNTS {
        pledgewatch(
            &db,
            &["user", "add", name, "--role", role, "--password-stdin"],
            &format!("{PASSWORD}\n"),
        );
    }
    let assign = |name: &str, member: Option<&str>| {
        let mut args = vec![
            "user",
            "assign",
            name,
            "--cycle",
            CYCLE,
            "--commitment",
            COMMITMENT,
        ];
        if let Some(m) = member {
            args.extend(["--member", m]);
        }
        pledgewatch(&db, &args, "");
    };
    assign("Ana Browser", Some(MEMBER));
    assign("Dora Director", None);
    db
}

/// `pledgewatch serve` on a port the system picks; killed when dropped, also when a test
/// fails.
struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start(db: &Path) -> Server {
        let mut child = Command::new(BIN)
            .arg("--db")
            .arg(db)
            .args(["serve", "--addr", "127.0.0.1:0", "--no-demo"])
            .env("RUST_LOG", "info")
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start pledgewatch serve");
        let stderr = child.stderr.take().expect("serve's stderr");
        // The server logs the address it bound; the rest of its log is drained so that it
        // never blocks on a full pipe.
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut tx = Some(tx);
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(at) = line.find("http://127.0.0.1:") {
                    let port: String = line[at + "http://127.0.0.1:".len()..]
                        .chars()
                        .take_while(char::is_ascii_digit)
                        .collect();
                    if let Some(tx) = tx.take() {
                        let _ = tx.send(Ok(port));
                    }
                } else if tx.is_some() {
                    eprintln!("serve: {line}");
                }
            }
            if let Some(tx) = tx {
                let _ = tx.send(Err("the server exited before saying its address"));
            }
        });
        let mut server = Server {
            child,
            base: String::new(),
        };
        let port = match rx.recv_timeout(Duration::from_secs(30)) {
            Ok(Ok(port)) => port,
            Ok(Err(why)) => panic!("{why}"),
            Err(_) => panic!("the server did not say its address within 30 s"),
        };
        server.base = format!("http://127.0.0.1:{port}");
        let addr: SocketAddr = format!("127.0.0.1:{port}").parse().expect("address");
        let deadline = Instant::now() + Duration::from_secs(30);
        while !answers(addr) {
            assert!(
                Instant::now() < deadline,
                "the server at {addr} did not answer within 30 s"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        server
    }
}

/// Whether `GET /login` answers 200.
fn answers(addr: SocketAddr) -> bool {
    let Ok(mut stream) = TcpStream::connect_timeout(&addr, Duration::from_secs(2)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    if stream
        .write_all(b"GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .is_err()
    {
        return false;
    }
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).is_ok() && head.starts_with(b"HTTP/1.1 200")
}

/// Runs `tests/browser/<script>` against a fresh server; fails with the script's output when
/// it fails or overruns [`SCRIPT_LIMIT`].
fn run_script(script: &str) {
    if !ready(script) {
        return;
    }
    let _one = ONE_BROWSER.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().expect("temporary directory");
    let db = prepare(dir.path());
    let server = Server::start(&db);
    let log = dir.path().join("script.log");
    let log_file = std::fs::File::create(&log).expect("script log");
    let mut command = Command::new("node");
    command
        .arg(script)
        .current_dir(browser_dir())
        .env("BASE_URL", &server.base)
        .env("PW_CYCLE", CYCLE)
        .env("PW_CYCLE_SLUG", SLUG)
        .env("PW_COMMITMENT", COMMITMENT)
        .env("PW_MEMBER", MEMBER)
        .stdin(Stdio::null())
        .stdout(log_file.try_clone().expect("log handle"))
        .stderr(log_file);
    for (var, name, _) in ACCOUNTS {
        command
            .env(var, name)
            .env(format!("{var}_PASSWORD"), PASSWORD);
    }
    let mut node = command.spawn().expect("start node");
    let deadline = Instant::now() + SCRIPT_LIMIT;
    let status = loop {
        if let Some(status) = node.try_wait().expect("wait for node") {
            break Some(status);
        }
        if Instant::now() >= deadline {
            let _ = node.kill();
            let _ = node.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    let output = std::fs::read_to_string(&log).unwrap_or_default();
    drop(server);
    match status {
        Some(s) if s.success() => eprint!("{output}"),
        Some(s) => panic!("browser script {script} failed ({s}):\n{output}"),
        None => panic!(
            "browser script {script} ran longer than {} s and was killed:\n{output}",
            SCRIPT_LIMIT.as_secs()
        ),
    }
}

#[test]
fn signing_in_and_out_and_the_public_report_card_in_chromium() {
    run_script("signin.mjs");
}

#[test]
fn an_assignment_walks_from_evidence_to_the_public_chapter_in_chromium() {
    run_script("walkthrough.mjs");
}

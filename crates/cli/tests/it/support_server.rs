//! The real `pledgewatch serve` on 127.0.0.1 for the load and crash tests, and a minimal
//! HTTP/1.1 client over `std::net::TcpStream` (keep-alive, Content-Length or chunked bodies), so
//! that the tests need no HTTP client dependency.
//!
//! The database is prepared with the command line as an operator would: the demo report
//! (written by us) imported, an analyst added with a password on standard input, assigned,
//! given an API token. Imported assessments are published, so the ones the tests edit are
//! reopened through the store, as an editor does before a corrected edition.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::harness::{Workdir, path_str};

pub const DEMO: &str = include_str!("../../demo/demo-report.md");
pub const CYCLE: &str = "2024 G7 Apulia Summit Demo Final";
pub const SLUG: &str = "2024-g7-apulia-summit-demo-final";
pub const ANALYST: &str = "Load Analyst";
pub const PASSWORD: &str = "a long enough passphrase";

/// How long any one request may take before the test fails instead of hanging.
const IO_TIMEOUT: Duration = Duration::from_secs(10);

/// A database holding the demo cycle, an analyst assigned to `assessments` (commitment code,
/// member name), each reopened for editing, and the analyst's API token.
pub struct Prepared {
    pub work: Workdir,
    pub token: String,
}

impl Prepared {
    pub fn db(&self) -> PathBuf {
        self.work.db()
    }
}

pub fn prepare(assessments: &[(&str, &str)]) -> Prepared {
    let work = Workdir::new();
    let demo = work.write("demo-report.md", DEMO);
    work.ok(&["import", "report", path_str(&demo)]);
    add_account(&work, ANALYST, "analyst");
    for (code, member) in assessments {
        work.ok(&[
            "user",
            "assign",
            ANALYST,
            "--cycle",
            CYCLE,
            "--commitment",
            code,
            "--member",
            member,
        ]);
    }
    let token = work
        .ok(&["user", "token", ANALYST])
        .stdout
        .trim()
        .to_string();
    assert!(!token.is_empty(), "`user token` printed no token");
    reopen(&work.db(), assessments);
    Prepared { work, token }
}

/// `user add NAME --role ROLE --password-stdin`, the password piped in.
fn add_account(work: &Workdir, name: &str, role: &str) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pledgewatch"))
        .arg("--db")
        .arg(work.db())
        .args(["user", "add", name, "--role", role, "--password-stdin"])
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run pledgewatch user add");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(format!("{PASSWORD}\n").as_bytes())
        .expect("write the password");
    let out = child.wait_with_output().expect("user add");
    assert!(
        out.status.success(),
        "user add failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Published → draft, so that the workspace may edit them (no server is running yet).
fn reopen(db: &Path, assessments: &[(&str, &str)]) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let store = pledgewatch_store::Store::open(path_str(db))
            .await
            .expect("open the database");
        for (code, member) in assessments {
            store
                .reopen_assessment(CYCLE, code, member, "tests edit it", "editor")
                .await
                .unwrap_or_else(|e| panic!("reopen {code}/{member}: {e}"));
        }
        store.close().await;
    });
}

/// Opens the database with the store (the server must be stopped) and runs `f` on it.
pub fn with_store<T>(db: &Path, f: impl AsyncFnOnce(&pledgewatch_store::Store) -> T) -> T {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let store = pledgewatch_store::Store::open(path_str(db))
            .await
            .expect("open the database");
        let out = f(&store).await;
        store.close().await;
        out
    })
}

/// A running `pledgewatch serve`; killed (SIGKILL) and reaped when dropped, so a failing test
/// never leaves it behind.
pub struct Server {
    child: Child,
    pub port: u16,
    log: PathBuf,
}

impl Server {
    /// Starts the server on a free loopback port and waits (at most 20 s) until it answers.
    pub fn start(db: &Path) -> Server {
        let port = free_port();
        let log = db.with_extension(format!("server-{port}.log"));
        let child = Command::new(env!("CARGO_BIN_EXE_pledgewatch"))
            .arg("--db")
            .arg(db)
            .args(["serve", "--addr", &format!("127.0.0.1:{port}"), "--no-demo"])
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).expect("server log file"))
            .spawn()
            .expect("start pledgewatch serve");
        let mut server = Server { child, port, log };
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(mut c) = Client::connect(port)
                && c.request("GET", "/", &[], None).is_ok()
            {
                return server;
            }
            if let Ok(Some(status)) = server.child.try_wait() {
                panic!("the server exited ({status}): {}", server.log_text());
            }
            assert!(
                Instant::now() < deadline,
                "the server did not answer within 20 s: {}",
                server.log_text()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// SIGKILL: no shutdown code runs, as when the machine's OOM killer or an operator's
    /// `kill -9` ends it.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

fn free_port() -> u16 {
    // The port is free when asked; the server binds it a moment later (a race no other test
    // on this machine is likely to win, as the kernel hands out ports in rotation).
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// One response: its status and body as text.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub body: String,
}

impl Response {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}), status {}: {}", self.status, self.body))
    }
}

/// One keep-alive connection to the server, opened again when the server closed it.
pub struct Client {
    port: u16,
    reader: Option<BufReader<TcpStream>>,
}

impl Client {
    pub fn connect(port: u16) -> std::io::Result<Client> {
        Ok(Client {
            port,
            reader: Some(open(port)?),
        })
    }

    /// Sends one request and reads its whole response. `headers` are extra `(name, value)`
    /// pairs; a body is sent as JSON.
    pub fn request(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        json: Option<&str>,
    ) -> std::io::Result<Response> {
        let mut head = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        let body = json.unwrap_or("");
        if json.is_some() {
            head.push_str("Content-Type: application/json\r\n");
        }
        head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
        // Taken out while in use: a connection that failed half-way is never used again.
        let mut reader = match self.reader.take() {
            Some(r) => r,
            None => open(self.port)?,
        };
        let stream = reader.get_mut();
        stream.write_all(head.as_bytes())?;
        stream.write_all(body.as_bytes())?;
        stream.flush()?;
        let (response, keep) = read_response(&mut reader)?;
        if keep {
            self.reader = Some(reader);
        }
        Ok(response)
    }

    /// A request carrying the API token.
    pub fn api(
        &mut self,
        token: &str,
        method: &str,
        path: &str,
        json: Option<&str>,
    ) -> std::io::Result<Response> {
        let auth = format!("Bearer {token}");
        self.request(method, path, &[("Authorization", &auth)], json)
    }
}

fn open(port: u16) -> std::io::Result<BufReader<TcpStream>> {
    let stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(IO_TIMEOUT))?;
    stream.set_write_timeout(Some(IO_TIMEOUT))?;
    stream.set_nodelay(true)?;
    Ok(BufReader::new(stream))
}

/// Reads one response; false when the connection cannot carry another.
fn read_response(reader: &mut BufReader<TcpStream>) -> std::io::Result<(Response, bool)> {
    let bad = |what: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, what.to_string());
    let mut line = String::new();
    if reader.read_line(&mut line)? == 0 {
        return Err(std::io::Error::new(
            std::io::ErrorKind::UnexpectedEof,
            "the server closed the connection",
        ));
    }
    let status: u16 = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| bad("no status line"))?;
    let mut length: Option<usize> = None;
    let mut chunked = false;
    let mut close = false;
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Err(bad("the headers ended early"));
        }
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            let value = value.trim();
            match name.trim().to_ascii_lowercase().as_str() {
                "content-length" => {
                    length = Some(value.parse().map_err(|_| bad("bad Content-Length"))?)
                }
                "transfer-encoding" => chunked = value.eq_ignore_ascii_case("chunked"),
                "connection" => close = value.eq_ignore_ascii_case("close"),
                _ => {}
            }
        }
    }
    let mut body = Vec::new();
    if chunked {
        loop {
            line.clear();
            reader.read_line(&mut line)?;
            let size = usize::from_str_radix(line.trim().split(';').next().unwrap_or(""), 16)
                .map_err(|_| bad("bad chunk size"))?;
            let mut chunk = vec![0; size + 2];
            reader.read_exact(&mut chunk)?;
            if size == 0 {
                break;
            }
            body.extend_from_slice(&chunk[..size]);
        }
    } else if let Some(n) = length {
        body.resize(n, 0);
        reader.read_exact(&mut body)?;
    } else {
        reader.read_to_end(&mut body)?;
        close = true;
    }
    if close {
        let _ = reader.get_ref().shutdown(Shutdown::Both);
    }
    Ok((
        Response {
            status,
            body: String::from_utf8_lossy(&body).into_owned(),
        },
        !close,
    ))
}

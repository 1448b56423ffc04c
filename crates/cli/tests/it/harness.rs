//! A small harness in the manner of ripgrep's: each test gets its own temporary database and
//! runs the real binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct Workdir {
    pub dir: tempfile::TempDir,
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }
}

impl Workdir {
    pub fn new() -> Workdir {
        Workdir {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("test.db")
    }

    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.dir.path().join(name);
        std::fs::write(&p, bytes).expect("write fixture");
        p
    }

    pub fn run(&self, args: &[&str]) -> Run {
        let out: Output = Command::new(env!("CARGO_BIN_EXE_pledgewatch"))
            .arg("--db")
            .arg(self.db())
            .args(args)
            .env("RUST_LOG", "warn")
            .output()
            .expect("run pledgewatch");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Runs and insists on success, showing stderr otherwise.
    pub fn ok(&self, args: &[&str]) -> Run {
        let r = self.run(args);
        assert_eq!(r.code, 0, "pledgewatch {args:?} failed:\n{}", r.stderr);
        r
    }
}

/// The seed documents (`../shared/seeds` beside the repository), or `None` when they are
/// absent: the seed test then passes without checking anything, and the binary says so once,
/// straight to the terminal (libtest keeps a passing test's `eprintln!` to itself, so a normal
/// `cargo test --workspace` would never show it). Under CI (`CI` set) their absence fails the
/// test: CI must have them.
pub fn seeds_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI must have the seed documents, expected at {}",
        dir.display()
    );
    static SAID: std::sync::Once = std::sync::Once::new();
    SAID.call_once(|| {
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "\nNOTE pledgewatch-cli: the seed documents are missing (no {}); the seed tests of \
             this crate pass without checking anything. Put them in ../shared/seeds (CI has them).",
            dir.display()
        );
    });
    None
}

pub fn path_str(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

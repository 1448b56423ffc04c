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

pub fn seeds_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "seeds not found at {}: skipping this seed test (CI has them)",
            dir.display()
        );
        None
    }
}

pub fn path_str(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

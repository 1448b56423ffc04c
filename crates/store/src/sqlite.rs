//! Everything specific to SQLite: connecting, pragmas, the pool, the embedded migrations and how
//! a write transaction starts. The queries elsewhere are written in the SQL that SQLite and
//! PostgreSQL share (`$n` placeholders, `ON CONFLICT`, `RETURNING`), so a PostgreSQL backend
//! replaces this module and the migrations folder, not the queries.

use std::str::FromStr;
use std::time::Duration;

use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use crate::error::{Context, StoreError};

pub(crate) type Db = sqlx::Sqlite;
pub(crate) type Pool = sqlx::SqlitePool;
pub(crate) type Conn = sqlx::SqliteConnection;
pub(crate) type Tx = sqlx::Transaction<'static, Db>;

static MIGRATOR: Migrator = sqlx::migrate!("./migrations/sqlite");

/// Readers run side by side under WAL; writers queue on the write lock (see `begin_write`).
/// More connections than this only add threads on a small machine.
const MAX_CONNECTIONS: u32 = 8;

/// How long a writer waits for another writer's transaction before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// The largest number of bind parameters one statement gets (SQLite allows 32 766).
pub(crate) const MAX_BINDS: usize = 30_000;

/// Everything Table B needs, by cycle name, in ONE statement (so one snapshot and one round
/// trip; the report card reads it on every request). Rows are tagged by `part`:
/// 0: the cycle (id, convention); 1: a member (id, name, code, position);
/// 2: a commitment (id, code, title, area, position, and its stored cells folded into one text,
/// `member_id=verdict,…`: SQLite hands rows to the async side one by one over a channel, so 20
/// rows cost far less than 420).
/// PostgreSQL: the same with `string_agg(a.member_id || '=' || a.verdict, ',')`.
pub(crate) const MATRIX: &str = "\
    SELECT 0, y.id, y.convention, NULL, NULL, 0, NULL FROM cycle y WHERE y.name = $1 \
    UNION ALL \
    SELECT 1, m.id, m.name, m.code, NULL, cm.position, NULL \
    FROM cycle y JOIN cycle_member cm ON cm.cycle_id = y.id JOIN member m ON m.id = cm.member_id \
    WHERE y.name = $1 \
    UNION ALL \
    SELECT 2, c.id, c.code, c.title, c.area, c.position, \
           group_concat(a.member_id || '=' || a.verdict, ',') \
    FROM cycle y JOIN commitment c ON c.cycle_id = y.id \
    LEFT JOIN assessment a ON a.commitment_id = c.id AND a.verdict IS NOT NULL \
    WHERE y.name = $1 \
    GROUP BY c.id, c.code, c.title, c.area, c.position";

/// Opens (creating if missing) the database at `path`, a file path, a `sqlite:` URL or
/// `sqlite::memory:`, and brings its schema up to date.
pub(crate) async fn open(path: &str) -> Result<Pool, StoreError> {
    let memory = matches!(path.trim(), "sqlite::memory:" | ":memory:");
    let options = if memory {
        SqliteConnectOptions::from_str("sqlite::memory:")
    } else if path.starts_with("sqlite:") {
        SqliteConnectOptions::from_str(path)
    } else {
        Ok(SqliteConnectOptions::new().filename(path))
    }
    .map_err(|source| StoreError::Open {
        path: path.to_string(),
        source,
    })?
    .create_if_missing(true)
    .foreign_keys(true)
    .journal_mode(SqliteJournalMode::Wal)
    // NORMAL is durable across application crashes in WAL mode; it only risks the last
    // transaction on power loss, and saves an fsync per commit.
    .synchronous(SqliteSynchronous::Normal)
    .busy_timeout(BUSY_TIMEOUT);

    // Every connection to `:memory:` is a database of its own: keep exactly one, forever.
    let pool = if memory {
        SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
    } else {
        SqlitePoolOptions::new()
            .max_connections(MAX_CONNECTIONS)
            .min_connections(1)
    }
    // A local file connection does not go stale; pinging it on every checkout would add a round
    // trip to the connection's thread to every request.
    .test_before_acquire(false)
    .connect_with(options)
    .await
    .map_err(|source| StoreError::Open {
        path: path.to_string(),
        source,
    })?;
    MIGRATOR.run(&pool).await?;
    tracing::debug!(path, "database open, schema up to date");
    Ok(pool)
}

/// Starts a transaction that takes the write lock at once. A deferred transaction that reads
/// and then writes can fail with SQLITE_BUSY when another writer committed in between, which
/// the busy timeout cannot cure; taking the lock first makes writers simply queue.
pub(crate) async fn begin_write(pool: &Pool) -> Result<Tx, StoreError> {
    pool.begin_with("BEGIN IMMEDIATE")
        .await
        .ctx("starting a write transaction")
}

/// Starts a read transaction: every query of one read sees the same snapshot.
pub(crate) async fn begin_read(pool: &Pool) -> Result<Tx, StoreError> {
    pool.begin().await.ctx("starting a read transaction")
}

/// The journal mode in force (`wal` for a file database), for health checks and tests.
pub(crate) async fn journal_mode(pool: &Pool) -> Result<String, StoreError> {
    sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(pool)
        .await
        .ctx("reading the journal mode")
}

/// SQLite's page-level check: exactly `["ok"]` when the file is sound, otherwise one line per
/// problem found (at most SQLite's default of 100).
pub(crate) async fn integrity_check(pool: &Pool) -> Result<Vec<String>, StoreError> {
    sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_all(pool)
        .await
        .ctx("checking the database's integrity")
}

/// How many rows point at a row that does not exist.
pub(crate) async fn foreign_key_violations(pool: &Pool) -> Result<usize, StoreError> {
    // The pragma's rows have four columns of mixed types; only their number matters here.
    let rows = sqlx::query("PRAGMA foreign_key_check")
        .fetch_all(pool)
        .await
        .ctx("checking the foreign keys")?;
    Ok(rows.len())
}

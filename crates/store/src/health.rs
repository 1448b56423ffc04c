//! Whether the database file is sound: SQLite's own page-level check and the foreign keys,
//! for operators after a crash and for the tests that kill the server mid-write.

use crate::Store;
use crate::error::{Context, StoreError};

impl Store {
    /// SQLite's `PRAGMA integrity_check`: exactly `["ok"]` when the file is sound, otherwise
    /// one line per problem found (at most SQLite's default of 100).
    pub async fn integrity_check(&self) -> Result<Vec<String>, StoreError> {
        sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_all(&self.pool)
            .await
            .ctx("checking the database's integrity")
    }

    /// How many rows point at a row that does not exist (`PRAGMA foreign_key_check`): 0 in a
    /// consistent database. Foreign keys are enforced on every connection, so a nonzero count
    /// means the file was damaged or written by something else.
    pub async fn foreign_key_violations(&self) -> Result<usize, StoreError> {
        // The pragma's rows have four columns of mixed types; only their number matters here.
        let rows = sqlx::query("PRAGMA foreign_key_check")
            .fetch_all(&self.pool)
            .await
            .ctx("checking the foreign keys")?;
        Ok(rows.len())
    }
}

#[cfg(test)]
mod tests {
    use crate::Store;

    #[tokio::test]
    async fn a_fresh_database_is_sound() {
        let dir = tempfile::tempdir().expect("temporary directory");
        let path = dir.path().join("health.db");
        let store = Store::open(path.to_str().expect("UTF-8 path"))
            .await
            .expect("open");
        assert_eq!(store.integrity_check().await.expect("check"), ["ok"]);
        assert_eq!(store.foreign_key_violations().await.expect("check"), 0);
    }
}

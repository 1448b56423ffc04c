//! Whether the database file is sound: SQLite's own page-level check and the foreign keys,
//! for operators after a crash and for the tests that kill the server mid-write.

use crate::error::StoreError;
use crate::{Store, sqlite};

impl Store {
    /// Whether the file is sound: exactly `["ok"]`, otherwise one line per problem found.
    pub async fn integrity_check(&self) -> Result<Vec<String>, StoreError> {
        sqlite::integrity_check(&self.pool).await
    }

    /// How many rows point at a row that does not exist: 0 in a consistent database. Foreign
    /// keys are enforced on every connection, so a nonzero count means the file was damaged or
    /// written by something else.
    pub async fn foreign_key_violations(&self) -> Result<usize, StoreError> {
        sqlite::foreign_key_violations(&self.pool).await
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

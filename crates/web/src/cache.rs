//! Rendered report cards, kept until the store changes.
//!
//! The report card is the page under load (a summit's results are quoted the day they come out),
//! and building it means reading the whole score matrix. The store writes an audit record in
//! the same transaction as every change it makes, so the id of the newest audit record is a
//! change token: while it stays the same, nothing the pages show can have changed. A request
//! then costs one one-row query and a copy of the cached bytes. (A database edited by hand,
//! outside the store, is not seen until the next change made through it.)

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use pledgewatch_store::{Edition, Store, StoreError};

/// The store's state as seen by the pages: equal tokens, equal data.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Token(i64);

impl Token {
    #[cfg(test)]
    pub fn new(id: i64) -> Token {
        Token(id)
    }

    /// The token of the store now: the newest audit record's id, 0 for a store never changed.
    pub async fn read(store: &Store) -> Result<Token, StoreError> {
        let newest = store.audit_log(1).await?;
        Ok(Token(newest.first().map_or(0, |r| r.id)))
    }
}

/// Pages by slug, all rendered under one token.
#[derive(Debug, Default)]
pub struct PageCache {
    inner: Mutex<(Token, HashMap<String, Bytes>)>,
}

impl PageCache {
    pub fn get(&self, token: Token, key: &str) -> Option<Bytes> {
        let guard = match self.inner.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        if guard.0 != token {
            return None;
        }
        guard.1.get(key).cloned()
    }

    /// Keeps `page`, rendered from data read under `token`. A newer token drops the pages of
    /// older ones; a page of an older token than the cache's (a slow request) is not kept.
    pub fn put(&self, token: Token, key: &str, page: Bytes) {
        let mut guard = match self.inner.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        if token < guard.0 {
            return;
        }
        if token > guard.0 {
            guard.0 = token;
            guard.1.clear();
        }
        guard.1.insert(key.to_string(), page);
    }
}

/// Published editions, parsed once: an edition is frozen, so its parsed snapshot stays valid
/// for as long as the server runs. Keyed by the edition's id; a cycle has a handful.
#[derive(Debug, Default)]
pub struct EditionCache {
    inner: Mutex<HashMap<i64, Arc<Edition>>>,
}

impl EditionCache {
    /// Edition `number` of the cycle, or its newest when `None`; `None` when there is none.
    /// Costs one one-row query when the edition was read before.
    pub async fn get(
        &self,
        store: &Store,
        cycle: &str,
        number: Option<u32>,
    ) -> Result<Option<Arc<Edition>>, StoreError> {
        let Some((id, number)) = store.edition_id(cycle, number).await? else {
            return Ok(None);
        };
        if let Some(edition) = self.lock().get(&id) {
            return Ok(Some(edition.clone()));
        }
        let Some(edition) = store.edition(cycle, number).await? else {
            return Ok(None);
        };
        let edition = Arc::new(edition);
        self.lock().insert(id, edition.clone());
        Ok(Some(edition))
    }

    /// The edition a summary describes, parsed once.
    pub async fn of(
        &self,
        store: &Store,
        summary: &pledgewatch_store::EditionSummary,
    ) -> Result<Option<Arc<Edition>>, StoreError> {
        if let Some(edition) = self.lock().get(&summary.id) {
            return Ok(Some(edition.clone()));
        }
        self.get(store, &summary.cycle, Some(summary.number)).await
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<i64, Arc<Edition>>> {
        match self.inner.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_served_for_its_token_only() {
        let cache = PageCache::default();
        cache.put(Token(3), "a", Bytes::from_static(b"three"));
        assert_eq!(cache.get(Token(3), "a").as_deref(), Some(&b"three"[..]));
        assert_eq!(cache.get(Token(4), "a"), None);
        cache.put(Token(4), "b", Bytes::from_static(b"four"));
        assert_eq!(cache.get(Token(3), "a"), None);
        assert_eq!(cache.get(Token(4), "a"), None);
        assert_eq!(cache.get(Token(4), "b").as_deref(), Some(&b"four"[..]));
        // A slow request that read an older token does not evict newer pages.
        cache.put(Token(3), "c", Bytes::from_static(b"late"));
        assert_eq!(cache.get(Token(4), "b").as_deref(), Some(&b"four"[..]));
        assert_eq!(cache.get(Token(3), "c"), None);
    }
}

//! Rendered report cards, kept until the store changes.
//!
//! The report card is the page under load (a summit's results are quoted the day they come out),
//! and building it means reading the whole score matrix. The store writes an audit record in
//! the same transaction as every change it makes, so the id of the newest audit record is a
//! change token: while it stays the same, nothing the pages show can have changed. A request
//! then costs one one-row query and a copy of the cached bytes. (A database edited by hand,
//! outside the store, is not seen until the next change made through it.)

use std::collections::HashMap;
use std::sync::Mutex;

use axum::body::Bytes;
use pledgewatch_store::{Store, StoreError};

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

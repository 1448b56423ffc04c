//! Cycle slugs → cycles, cached so that a page costs no lookup of its cycle.
//!
//! The index is valid for one change token (see [`crate::cache`]): it is rebuilt from the store's
//! cycle list when the store has changed since it was built, when the list is read anyway (the
//! `/` page), and when a slug is not found. Two names with the same slug are told apart by `-2`,
//! `-3`, … in the store's order of cycles (by name).

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use pledgewatch_domain::{Cycle, slug};

use crate::cache::Token;

#[derive(Debug, Default)]
pub struct SlugIndex {
    inner: RwLock<Option<Arc<Slugs>>>,
}

#[derive(Debug)]
pub struct Slugs {
    by_slug: HashMap<String, Arc<Cycle>>,
    by_name: HashMap<String, String>,
    /// The change token the cycle list was read under.
    token: Token,
}

impl Slugs {
    /// The index of `cycles`, read from the store under `token`.
    pub fn build(token: Token, cycles: impl IntoIterator<Item = Cycle>) -> Slugs {
        let mut slugs = Slugs {
            by_slug: HashMap::new(),
            by_name: HashMap::new(),
            token,
        };
        for cycle in cycles {
            if slugs.by_name.contains_key(&cycle.name) {
                continue;
            }
            let base = slug(&cycle.name);
            let mut candidate = base.clone();
            let mut n = 2;
            while slugs.by_slug.contains_key(&candidate) {
                candidate = format!("{base}-{n}");
                n += 1;
            }
            slugs.by_name.insert(cycle.name.clone(), candidate.clone());
            slugs.by_slug.insert(candidate, Arc::new(cycle));
        }
        slugs
    }

    pub fn cycle(&self, slug: &str) -> Option<Arc<Cycle>> {
        self.by_slug.get(slug).cloned()
    }

    /// The slug of the cycle called `name`; a name the index has not seen gets its plain slug.
    pub fn slug_of(&self, name: &str) -> String {
        self.by_name
            .get(name)
            .cloned()
            .unwrap_or_else(|| slug(name))
    }
}

impl SlugIndex {
    /// The index, if it was built under `token` (nothing has changed since).
    pub fn current(&self, token: Token) -> Option<Arc<Slugs>> {
        let guard = match self.inner.read() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        guard.as_ref().filter(|s| s.token == token).cloned()
    }

    pub fn replace(&self, slugs: Slugs) -> Arc<Slugs> {
        let slugs = Arc::new(slugs);
        let mut guard = match self.inner.write() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        *guard = Some(slugs.clone());
        slugs
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pledgewatch_domain::PercentConvention;

    fn cycle(name: &str) -> Cycle {
        Cycle {
            name: name.to_string(),
            kind: None,
            period: None,
            convention: PercentConvention::Rescaled,
            institution: None,
            summit: None,
        }
    }

    #[test]
    fn colliding_names_get_numbered_slugs() {
        let s = Slugs::build(
            Token::default(),
            ["2024 G7", "2024-G7", "2024 g7!", "Other"].map(cycle),
        );
        let name = |slug: &str| s.cycle(slug).map(|c| c.name.clone());
        assert_eq!(name("2024-g7").as_deref(), Some("2024 G7"));
        assert_eq!(name("2024-g7-2").as_deref(), Some("2024-G7"));
        assert_eq!(name("2024-g7-3").as_deref(), Some("2024 g7!"));
        assert_eq!(s.slug_of("Other"), "other");
        assert_eq!(name("nope"), None);
    }

    #[test]
    fn an_index_is_valid_for_its_token_only() {
        let index = SlugIndex::default();
        assert!(index.current(Token::default()).is_none());
        index.replace(Slugs::build(Token::new(7), [cycle("A")]));
        assert!(index.current(Token::new(7)).is_some());
        assert!(index.current(Token::new(8)).is_none());
    }
}

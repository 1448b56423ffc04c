//! Cycle slugs → cycles, cached so that a report card costs one store call (the score matrix)
//! and no lookup of its cycle.
//!
//! The cache is rebuilt from the store's cycle list whenever the list is read anyway (the `/`
//! page), when a slug is not found (a cycle imported since), and when it is older than
//! [`FRESH_FOR`], so that a cycle changed by another process (an import from the command line)
//! shows its new kind and period within seconds. Two names with the same slug are told apart by
//! `-2`, `-3`, … in the store's order of cycles (by name).

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use pledgewatch_domain::{Cycle, slug};

/// How long a cycle list is trusted before it is read again.
pub const FRESH_FOR: Duration = Duration::from_secs(5);

#[derive(Debug, Default)]
pub struct SlugIndex {
    inner: RwLock<Option<Arc<Slugs>>>,
}

#[derive(Debug)]
pub struct Slugs {
    by_slug: HashMap<String, Arc<Cycle>>,
    by_name: HashMap<String, String>,
    built: Instant,
}

impl Slugs {
    pub fn build(cycles: impl IntoIterator<Item = Cycle>) -> Slugs {
        let mut slugs = Slugs {
            by_slug: HashMap::new(),
            by_name: HashMap::new(),
            built: Instant::now(),
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

    fn is_fresh(&self) -> bool {
        self.built.elapsed() < FRESH_FOR
    }
}

impl SlugIndex {
    /// The index if it is fresh enough to trust.
    pub fn fresh(&self) -> Option<Arc<Slugs>> {
        let guard = match self.inner.read() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        guard.as_ref().filter(|s| s.is_fresh()).cloned()
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
        }
    }

    #[test]
    fn colliding_names_get_numbered_slugs() {
        let s = Slugs::build(["2024 G7", "2024-G7", "2024 g7!", "Other"].map(cycle));
        let name = |slug: &str| s.cycle(slug).map(|c| c.name.clone());
        assert_eq!(name("2024-g7").as_deref(), Some("2024 G7"));
        assert_eq!(name("2024-g7-2").as_deref(), Some("2024-G7"));
        assert_eq!(name("2024-g7-3").as_deref(), Some("2024 g7!"));
        assert_eq!(s.slug_of("Other"), "other");
        assert_eq!(name("nope"), None);
    }

    #[test]
    fn a_new_index_is_fresh_and_an_empty_one_is_not() {
        let index = SlugIndex::default();
        assert!(index.fresh().is_none());
        index.replace(Slugs::build([cycle("A")]));
        assert!(index.fresh().is_some());
    }
}

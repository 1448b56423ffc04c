//! Login throttling: after too many failed sign-ins for one account name, or from one address,
//! further attempts are refused until the window has passed, whether or not the password is
//! right. Kept in memory: a restart forgets it, which costs an attacker a restart they cannot
//! cause.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failures allowed per account name within [`WINDOW`].
pub const PER_NAME: u32 = 5;
/// Failures allowed per client address within [`WINDOW`] (several people may share one).
pub const PER_ADDRESS: u32 = 20;
/// How long failures are remembered.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);

#[derive(Debug, Default)]
pub struct Throttle {
    failures: Mutex<HashMap<Key, (u32, Instant)>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Name(String),
    Address(IpAddr),
}

impl Throttle {
    fn keys(name: &str, address: Option<IpAddr>) -> Vec<(Key, u32)> {
        let mut keys = vec![(Key::Name(name.trim().to_lowercase()), PER_NAME)];
        if let Some(a) = address {
            keys.push((Key::Address(a), PER_ADDRESS));
        }
        keys
    }

    /// `Some(wait)` when sign-in for `name` from `address` is refused for now.
    pub fn refused(&self, name: &str, address: Option<IpAddr>) -> Option<Duration> {
        let now = Instant::now();
        let map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        Self::keys(name, address)
            .into_iter()
            .filter_map(|(key, limit)| {
                let &(count, since) = map.get(&key)?;
                let elapsed = now.duration_since(since);
                (count >= limit && elapsed < WINDOW).then(|| WINDOW - elapsed)
            })
            .max()
    }

    /// Counts a failed sign-in.
    pub fn failed(&self, name: &str, address: Option<IpAddr>) {
        let now = Instant::now();
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        // Forget stale entries now and then, so the map cannot grow without bound.
        if map.len() > 10_000 {
            map.retain(|_, (_, since)| now.duration_since(*since) < WINDOW);
        }
        for (key, _) in Self::keys(name, address) {
            let entry = map.entry(key).or_insert((0, now));
            if now.duration_since(entry.1) >= WINDOW {
                *entry = (0, now);
            }
            entry.0 += 1;
        }
    }

    /// A successful sign-in clears the account name's failures (not the address's).
    pub fn succeeded(&self, name: &str) {
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        map.remove(&Key::Name(name.trim().to_lowercase()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_failures_lock_the_name_and_success_unlocks_it() {
        let t = Throttle::default();
        let ip: IpAddr = "127.0.0.1".parse().unwrap();
        for _ in 0..PER_NAME - 1 {
            t.failed("Ana", Some(ip));
        }
        assert!(t.refused("ana", Some(ip)).is_none());
        t.failed("ANA ", Some(ip));
        assert!(t.refused("ana", Some(ip)).is_some());
        assert!(
            t.refused("bo", Some(ip)).is_none(),
            "another name is not locked"
        );
        t.succeeded("ana");
        assert!(t.refused("ana", Some(ip)).is_none());
    }

    #[test]
    fn many_names_from_one_address_lock_the_address() {
        let t = Throttle::default();
        let ip: IpAddr = "10.0.0.9".parse().unwrap();
        for i in 0..PER_ADDRESS {
            t.failed(&format!("user{i}"), Some(ip));
        }
        assert!(t.refused("fresh-name", Some(ip)).is_some());
        assert!(t.refused("fresh-name", None).is_none());
    }
}

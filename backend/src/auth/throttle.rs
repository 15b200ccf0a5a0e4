//! Sign-in throttling kept in memory: failures per address (a window of minutes), and
//! failures per unknown user name, so that a name that does not exist locks exactly as an
//! account does (the lock of a real account is kept in the database, so that it holds
//! across restarts and across server processes).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy)]
pub struct ThrottlePolicy {
    /// Consecutive wrong passwords that lock an account.
    pub max_failures: u32,
    pub lock_for: Duration,
    /// Failed attempts from one address within `address_window` before it is refused;
    /// 0 turns the address limit off (the benchmark's login storm).
    pub address_limit: u32,
    pub address_window: Duration,
}

struct Window {
    started: Instant,
    failures: u32,
}

#[derive(Default)]
struct State {
    by_address: HashMap<IpAddr, Window>,
    unknown_names: HashMap<String, (u32, Option<Instant>)>,
}

pub struct Throttle {
    policy: ThrottlePolicy,
    state: Mutex<State>,
}

/// Bounds the maps against a flood of distinct addresses or names.
const MAX_TRACKED: usize = 100_000;

impl Throttle {
    pub fn new(policy: ThrottlePolicy) -> Throttle {
        Throttle {
            policy,
            state: Mutex::new(State::default()),
        }
    }

    pub fn policy(&self) -> ThrottlePolicy {
        self.policy
    }

    /// Seconds to wait if this address has failed too often lately.
    pub fn address_blocked(&self, ip: Option<IpAddr>) -> Option<u64> {
        let (ip, limit) = (ip?, self.policy.address_limit);
        if limit == 0 {
            return None;
        }
        let state = self.state.lock().ok()?;
        let w = state.by_address.get(&ip)?;
        let elapsed = w.started.elapsed();
        (w.failures >= limit && elapsed < self.policy.address_window)
            .then(|| (self.policy.address_window - elapsed).as_secs().max(1))
    }

    pub fn address_failed(&self, ip: Option<IpAddr>) {
        let Some(ip) = ip else { return };
        if self.policy.address_limit == 0 {
            return;
        }
        if let Ok(mut state) = self.state.lock() {
            if state.by_address.len() >= MAX_TRACKED {
                let window = self.policy.address_window;
                state.by_address.retain(|_, w| w.started.elapsed() < window);
            }
            let window = self.policy.address_window;
            let w = state.by_address.entry(ip).or_insert(Window {
                started: Instant::now(),
                failures: 0,
            });
            if w.started.elapsed() >= window {
                *w = Window {
                    started: Instant::now(),
                    failures: 0,
                };
            }
            w.failures += 1;
        }
    }

    /// Seconds to wait if this unknown name is "locked".
    pub fn unknown_name_locked(&self, name: &str) -> Option<u64> {
        let state = self.state.lock().ok()?;
        let (_, until) = state.unknown_names.get(name)?;
        let until = (*until)?;
        let now = Instant::now();
        (until > now).then(|| (until - now).as_secs().max(1))
    }

    pub fn unknown_name_failed(&self, name: &str) {
        if let Ok(mut state) = self.state.lock() {
            if state.unknown_names.len() >= MAX_TRACKED {
                state.unknown_names.clear();
            }
            let max = self.policy.max_failures;
            let lock_for = self.policy.lock_for;
            let entry = state
                .unknown_names
                .entry(name.to_string())
                .or_insert((0, None));
            if entry.1.is_some_and(|u| u <= Instant::now()) {
                *entry = (0, None);
            }
            entry.0 += 1;
            if entry.0 >= max {
                *entry = (0, Some(Instant::now() + lock_for));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(address_limit: u32) -> ThrottlePolicy {
        ThrottlePolicy {
            max_failures: 3,
            lock_for: Duration::from_secs(60),
            address_limit,
            address_window: Duration::from_secs(600),
        }
    }

    #[test]
    fn an_address_is_refused_after_its_limit() {
        let t = Throttle::new(policy(2));
        let ip = Some("10.0.0.1".parse().unwrap());
        assert_eq!(t.address_blocked(ip), None);
        t.address_failed(ip);
        assert_eq!(t.address_blocked(ip), None);
        t.address_failed(ip);
        assert!(t.address_blocked(ip).is_some_and(|s| s > 0 && s <= 600));
        assert_eq!(
            t.address_blocked(Some("10.0.0.2".parse().unwrap())),
            None,
            "other addresses are unaffected"
        );
    }

    #[test]
    fn the_address_limit_can_be_off() {
        let t = Throttle::new(policy(0));
        let ip = Some("10.0.0.1".parse().unwrap());
        for _ in 0..100 {
            t.address_failed(ip);
        }
        assert_eq!(t.address_blocked(ip), None);
    }

    #[test]
    fn unknown_names_lock_like_accounts() {
        let t = Throttle::new(policy(0));
        t.unknown_name_failed("nobody");
        t.unknown_name_failed("nobody");
        assert_eq!(t.unknown_name_locked("nobody"), None);
        t.unknown_name_failed("nobody");
        assert!(t.unknown_name_locked("nobody").is_some());
    }
}

//! Per-address limits on what the public may send (reports now, Open311 next): a keyed
//! GCRA limiter (governor), a burst of the configured number and then an even pace. Past
//! it the answer is 429 with `Retry-After`; nothing already accepted is lost.

use std::fmt;
use std::num::NonZeroU32;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

/// Addresses kept before the ones idle long enough to be full again are dropped.
const KEPT: usize = 100_000;

pub struct Limiter {
    inner: DefaultKeyedRateLimiter<String>,
    clock: DefaultClock,
    per_minute: u32,
}

impl fmt::Debug for Limiter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Limiter({} a minute)", self.per_minute)
    }
}

impl Limiter {
    pub fn per_minute(n: u32) -> Self {
        let n = NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN);
        Self {
            inner: RateLimiter::keyed(Quota::per_minute(n)),
            clock: DefaultClock::default(),
            per_minute: n.get(),
        }
    }

    /// Counts one from `address`: `Ok`, or the whole seconds to wait.
    pub fn check(&self, address: &str) -> Result<(), u64> {
        if self.inner.len() > KEPT {
            self.inner.retain_recent();
        }
        self.inner
            .check_key(&address.to_string())
            .map_err(|until| until.wait_time_from(self.clock.now()).as_secs().max(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_then_429_per_address() {
        let l = Limiter::per_minute(3);
        for _ in 0..3 {
            assert!(l.check("10.0.0.1").is_ok());
        }
        let wait = l.check("10.0.0.1").unwrap_err();
        assert!((1..=20).contains(&wait), "{wait}");
        assert!(
            l.check("10.0.0.2").is_ok(),
            "another address has its own allowance"
        );
    }
}

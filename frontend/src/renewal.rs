//! Renewing an expired access token with the refresh cookie, once for all the calls that
//! found it expired at the same moment.
//!
//! The refresh token is rotated on every use and a reused one revokes the whole session,
//! so concurrent calls must not each refresh: the first becomes the leader, the others
//! wait for its outcome and then retry their own request.

use rasoat_shared::ErrorCode;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

/// How many finished rounds are remembered for callers that have not looked yet.
const KEPT_ROUNDS: u64 = 16;

/// Whether a failed call is worth one refresh and one retry: a 401 that says the session
/// (not the password) is the problem, on a call other than the sign-in and the refresh
/// themselves, while the browser holds the CSRF cookie of a session (so that a refresh
/// cookie may be there too).
pub fn should_renew(path: &str, status: u16, code: ErrorCode, has_session: bool) -> bool {
    status == 401
        && has_session
        && !is_sign_in_path(path)
        && matches!(code, ErrorCode::SessionExpired | ErrorCode::Unauthenticated)
}

/// The calls whose 401 is an answer about credentials, not about a session.
pub fn is_sign_in_path(path: &str) -> bool {
    matches!(path, "/auth/login" | "/auth/refresh")
}

/// What a caller that needs a refresh does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ticket {
    /// No refresh is running: this caller sends it (round number given).
    Lead(u64),
    /// A refresh is running: wait for this round's outcome.
    Wait(u64),
}

/// The state of refreshes in this tab.
#[derive(Debug, Default)]
pub struct Flights {
    running: Option<u64>,
    last_round: u64,
    outcomes: BTreeMap<u64, bool>,
    waiting: Vec<Waker>,
}

impl Flights {
    pub fn join(&mut self) -> Ticket {
        match self.running {
            Some(round) => Ticket::Wait(round),
            None => {
                self.last_round += 1;
                self.running = Some(self.last_round);
                Ticket::Lead(self.last_round)
            }
        }
    }

    /// Records the leader's outcome; the returned wakers belong to the waiting callers.
    pub fn finish(&mut self, round: u64, renewed: bool) -> Vec<Waker> {
        if self.running == Some(round) {
            self.running = None;
        }
        self.outcomes.insert(round, renewed);
        let oldest = round.saturating_sub(KEPT_ROUNDS);
        self.outcomes.retain(|r, _| *r > oldest);
        std::mem::take(&mut self.waiting)
    }

    /// The outcome of `round`, once known. A round forgotten long ago counts as failed.
    pub fn outcome(&self, round: u64) -> Option<bool> {
        match self.outcomes.get(&round) {
            Some(ok) => Some(*ok),
            None if self.running == Some(round) => None,
            None if round <= self.last_round => Some(false),
            None => None,
        }
    }

    fn wait(&mut self, waker: &Waker) {
        if !self.waiting.iter().any(|w| w.will_wake(waker)) {
            self.waiting.push(waker.clone());
        }
    }
}

thread_local! {
    static FLIGHTS: RefCell<Flights> = RefCell::new(Flights::default());
}

/// Refreshes the session with `refresh` unless another call is already doing it, and
/// answers whether the session was renewed.
pub async fn renew<F, Fut>(refresh: F) -> bool
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = bool>,
{
    match FLIGHTS.with(|f| f.borrow_mut().join()) {
        Ticket::Lead(round) => {
            let renewed = refresh().await;
            let waiting = FLIGHTS.with(|f| f.borrow_mut().finish(round, renewed));
            for w in waiting {
                w.wake();
            }
            renewed
        }
        Ticket::Wait(round) => Outcome { round }.await,
    }
}

/// Resolves when the leader of `round` has finished.
struct Outcome {
    round: u64,
}

impl Future for Outcome {
    type Output = bool;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<bool> {
        FLIGHTS.with(|f| {
            let mut f = f.borrow_mut();
            match f.outcome(self.round) {
                Some(ok) => Poll::Ready(ok),
                None => {
                    f.wait(cx.waker());
                    Poll::Pending
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_session_401_outside_sign_in_is_renewed() {
        assert!(should_renew("/me", 401, ErrorCode::SessionExpired, true));
        assert!(should_renew(
            "/users",
            401,
            ErrorCode::Unauthenticated,
            true
        ));
        assert!(!should_renew("/me", 401, ErrorCode::SessionExpired, false));
        assert!(!should_renew(
            "/auth/login",
            401,
            ErrorCode::InvalidCredentials,
            true
        ));
        assert!(!should_renew(
            "/auth/refresh",
            401,
            ErrorCode::SessionExpired,
            true
        ));
        assert!(!should_renew("/users", 403, ErrorCode::Forbidden, true));
        assert!(!should_renew("/users", 404, ErrorCode::NotFound, true));
    }

    #[test]
    fn concurrent_callers_share_one_refresh() {
        let mut f = Flights::default();
        assert_eq!(f.join(), Ticket::Lead(1));
        assert_eq!(f.join(), Ticket::Wait(1));
        assert_eq!(f.join(), Ticket::Wait(1));
        assert_eq!(f.outcome(1), None);
        f.finish(1, true);
        assert_eq!(f.outcome(1), Some(true));
        // A later expiry starts a new round.
        assert_eq!(f.join(), Ticket::Lead(2));
        assert_eq!(
            f.outcome(1),
            Some(true),
            "a slow waiter still reads its round"
        );
        f.finish(2, false);
        assert_eq!(f.outcome(2), Some(false));
    }

    #[test]
    fn old_rounds_are_forgotten_as_failed() {
        let mut f = Flights::default();
        for _ in 0..40 {
            if let Ticket::Lead(r) = f.join() {
                f.finish(r, true);
            }
        }
        assert_eq!(f.outcome(40), Some(true));
        assert_eq!(f.outcome(1), Some(false));
        assert_eq!(f.outcome(41), None);
    }

    #[test]
    fn waiters_are_woken_when_the_leader_finishes() {
        use std::sync::Arc;
        use std::sync::atomic::{AtomicUsize, Ordering};
        use std::task::Wake;
        struct Count(AtomicUsize);
        impl Wake for Count {
            fn wake(self: Arc<Self>) {
                self.0.fetch_add(1, Ordering::SeqCst);
            }
        }
        let count = Arc::new(Count(AtomicUsize::new(0)));
        let waker = Waker::from(count.clone());
        let mut f = Flights::default();
        let Ticket::Lead(round) = f.join() else {
            panic!("first caller leads");
        };
        f.wait(&waker);
        f.wait(&waker);
        for w in f.finish(round, true) {
            w.wake();
        }
        assert_eq!(count.0.load(Ordering::SeqCst), 1);
    }
}

//! `FetchState<T>`: the one shape of every load, and the hook that drives it.

use crate::api::ApiError;
use std::cell::Cell;
use std::future::Future;
use std::rc::Rc;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

/// Where a load stands.
#[derive(Debug, Clone, PartialEq)]
pub enum FetchState<T> {
    NotFetching,
    Fetching,
    Success(Rc<T>),
    Failed(ApiError),
}

impl<T> FetchState<T> {
    pub fn is_loading(&self) -> bool {
        matches!(self, FetchState::Fetching)
    }

    pub fn data(&self) -> Option<&Rc<T>> {
        match self {
            FetchState::Success(v) => Some(v),
            _ => None,
        }
    }
}

/// Loads with `load(deps)` whenever `deps` change. An answer to an older request (the user
/// typed on, or left the page) is dropped, so a slow response never overwrites a newer one.
#[hook]
pub fn use_fetch<T, D, F, Fut>(deps: D, load: F) -> UseStateHandle<FetchState<T>>
where
    T: 'static,
    D: PartialEq + Clone + 'static,
    F: FnOnce(D) -> Fut + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    let state = use_state(|| FetchState::NotFetching);
    let generation = use_mut_ref(|| Rc::new(Cell::new(0u64)));
    {
        let state = state.clone();
        let generation = generation.borrow().clone();
        use_effect_with(deps, move |deps| {
            let mine = generation.get().wrapping_add(1);
            generation.set(mine);
            state.set(FetchState::Fetching);
            let fut = load(deps.clone());
            let current = generation.clone();
            spawn_local(async move {
                let result = fut.await;
                if current.get() == mine {
                    state.set(match result {
                        Ok(v) => FetchState::Success(Rc::new(v)),
                        Err(e) => FetchState::Failed(e),
                    });
                }
            });
            move || generation.set(generation.get().wrapping_add(1))
        });
    }
    state
}

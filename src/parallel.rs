//! Work spread over the cores: with the `cli` feature (rayon) on a
//! thread pool, without it (the wasm build) in order. Used where one run
//! has independent pieces of work: parsing pack files, compiling rules,
//! building the phrase set beside the structure.

/// `f` of every item, in parallel; the results in the items' order.
pub(crate) fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync + Send) -> Vec<R> {
    #[cfg(feature = "cli")]
    {
        use rayon::prelude::*;
        items.par_iter().map(f).collect()
    }
    #[cfg(not(feature = "cli"))]
    {
        items.iter().map(f).collect()
    }
}

/// `a` and `b`, in parallel.
pub(crate) fn join<A: Send, B: Send>(
    a: impl FnOnce() -> A + Send,
    b: impl FnOnce() -> B + Send,
) -> (A, B) {
    #[cfg(feature = "cli")]
    {
        rayon::join(a, b)
    }
    #[cfg(not(feature = "cli"))]
    {
        (a(), b())
    }
}

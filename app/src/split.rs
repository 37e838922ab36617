//! Code split off the release bundle: declaring a function whose code goes
//! into a chunk ([`in_chunk!`](crate::in_chunk)), and calling one whose chunk
//! is there ([`now`]). `app::chunk` uses them for the pages, the navbar search
//! for its dropdown.

/// Whether code split off the bundle is there to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    /// Ready (or never split off).
    Ready,
    /// Being fetched.
    Loading,
    /// Could not be fetched.
    Failed,
}

/// Declares a function whose code goes into chunk `$chunk` of the release
/// bundle (`#[wasm_split]`, in builds with `--cfg leptra_split`), and
/// `$preload`, which fetches that chunk. In other builds (development, the
/// server, and the bundle built with feature `$entry` for direct loads of
/// this chunk's pages) it is a plain function and `$preload` has nothing to
/// do. Either way the function is async and returns a view; once `$preload`
/// has finished it is ready on its first poll (see [`now`]). Each function
/// split off has a loader of its own: its `$preload` must have run, even when
/// another function has fetched the same chunk.
#[macro_export]
macro_rules! in_chunk {
    ($chunk:ident unless $entry:literal, $preload:ident, fn $name:ident($($arg:ident: $ty:ty),*) $body:block) => {
        #[cfg(all(leptra_split, not(feature = $entry)))]
        #[wasm_split_helpers::wasm_split($chunk, fallible, preload($preload))]
        fn $name($($arg: $ty),*) -> Result<::leptos::prelude::AnyView, wasm_split_helpers::SplitLoaderError> {
            Ok(::leptos::prelude::IntoAny::into_any($body))
        }

        #[cfg(not(all(leptra_split, not(feature = $entry))))]
        async fn $name($($arg: $ty),*) -> Result<::leptos::prelude::AnyView, std::convert::Infallible> {
            Ok(::leptos::prelude::IntoAny::into_any($body))
        }

        #[cfg(not(all(leptra_split, not(feature = $entry))))]
        #[allow(dead_code)]
        async fn $preload() -> Result<(), $crate::split::LoadError> {
            Ok(())
        }
    };
}

/// Why a chunk could not be fetched.
#[cfg(leptra_split)]
pub type LoadError = wasm_split_helpers::SplitLoaderError;

/// Why a chunk could not be fetched: it cannot fail where nothing is split off.
#[cfg(not(leptra_split))]
pub type LoadError = std::convert::Infallible;

/// The output of `future` if it is ready on its first poll.
pub fn now<F: std::future::Future>(future: F) -> Option<F::Output> {
    let mut future = std::pin::pin!(future);
    match future.as_mut().poll(&mut std::task::Context::from_waker(std::task::Waker::noop())) {
        std::task::Poll::Ready(output) => Some(output),
        std::task::Poll::Pending => None,
    }
}

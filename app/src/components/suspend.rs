//! `Suspend` for `<Suspense>`/`<Transition>` children that the server builds
//! once.

use leptos::prelude::*;
use std::future::Future;

/// `Suspend::new(fut)`, except that on the server its view is built once.
///
/// Leptos' server renderer invokes a `<Suspense>`/`<Transition>` child
/// closure twice: once to discover what it reads (`dry_resolve`: the new
/// `Suspend` is polled once, then dropped) and once to render it. When the
/// data have already arrived, that first poll builds the whole view only for
/// it to be thrown away; the dashboard built each of its rows about twice per
/// request. On the server the future here first yields once, so the
/// discovery poll stops before anything is built and the render awaits the
/// data as before: pages with data render with `SsrMode::Async`, where the
/// response waits for all of it anyway; on the streamed sign-in and sign-up
/// pages the header's account links arrive in the stream, as they did
/// whenever their data were not there yet. In the browser the future is
/// polled as is: hydration needs loaded data to render at once.
pub fn suspend<V>(fut: impl Future<Output = V> + Send + 'static) -> Suspend<V>
where
    V: Send + 'static,
{
    #[cfg(feature = "ssr")]
    {
        Suspend::new(async move {
            YieldOnce(false).await;
            fut.await
        })
    }
    #[cfg(not(feature = "ssr"))]
    {
        Suspend::new(fut)
    }
}

/// Pending on its first poll (waking itself at once), ready on the next.
#[cfg(feature = "ssr")]
struct YieldOnce(bool);

#[cfg(feature = "ssr")]
impl Future for YieldOnce {
    type Output = ();

    fn poll(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<()> {
        if self.0 {
            std::task::Poll::Ready(())
        } else {
            self.0 = true;
            cx.waker().wake_by_ref();
            std::task::Poll::Pending
        }
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::task::{Context, Poll, Waker};

    #[test]
    fn the_first_poll_builds_nothing_and_the_next_does() {
        let built = Arc::new(AtomicUsize::new(0));
        let counter = built.clone();
        let mut fut = Box::pin(async move {
            YieldOnce(false).await;
            counter.fetch_add(1, Ordering::SeqCst);
        });
        let mut cx = Context::from_waker(Waker::noop());
        assert!(
            fut.as_mut().poll(&mut cx).is_pending(),
            "a discovery poll stops at the yield"
        );
        assert_eq!(built.load(Ordering::SeqCst), 0);
        assert_eq!(fut.as_mut().poll(&mut cx), Poll::Ready(()));
        assert_eq!(built.load(Ordering::SeqCst), 1);
    }
}

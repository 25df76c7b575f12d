//! [`Loaded`]: a view with nothing left to wait for, written out in one pass.

use leptos::tachys::html::attribute::Attribute;
use leptos::tachys::html::attribute::any_attribute::AnyAttribute;
use leptos::tachys::hydration::Cursor;
use leptos::tachys::ssr::StreamBuilder;
use leptos::tachys::view::add_attr::AddAnyAttr;
use leptos::tachys::view::{Position, PositionState, Render, RenderHtml};

/// Wraps a view whose data are all loaded (the inside of a `<Suspense>`
/// once its resources have arrived, with no `<Suspense>` of its own).
///
/// Leptos renders everything under a `<Suspense>` with its streaming
/// writer, in case some part still has to wait: each element writes its
/// opening and closing tags into two short strings of its own before they
/// are appended to the page (some 400 allocations and regrowths for a
/// dashboard page of 20 bookings). `Loaded` sends its view down the
/// synchronous writer instead, straight into the page's buffer: the same
/// HTML, the same hydration, without the per-element allocations. Anything
/// that must still wait for data (a nested `<Suspense>`) would render only
/// its fallback here, so it must not be inside.
#[derive(Debug, Clone)]
pub struct Loaded<V>(pub V);

impl<V: Render> Render for Loaded<V> {
    type State = V::State;

    fn build(self) -> Self::State {
        self.0.build()
    }

    fn rebuild(self, state: &mut Self::State) {
        self.0.rebuild(state)
    }
}

impl<V: RenderHtml> RenderHtml for Loaded<V> {
    type AsyncOutput = Loaded<V::AsyncOutput>;
    type Owned = Loaded<V::Owned>;

    const MIN_LENGTH: usize = V::MIN_LENGTH;
    const EXISTS: bool = V::EXISTS;

    fn dry_resolve(&mut self) {
        self.0.dry_resolve()
    }

    async fn resolve(self) -> Self::AsyncOutput {
        Loaded(self.0.resolve().await)
    }

    fn html_len(&self) -> usize {
        self.0.html_len()
    }

    fn to_html_with_buf(
        self,
        buf: &mut String,
        position: &mut Position,
        escape: bool,
        mark_branches: bool,
        extra_attrs: Vec<AnyAttribute>,
    ) {
        self.0
            .to_html_with_buf(buf, position, escape, mark_branches, extra_attrs)
    }

    fn to_html_async_with_buf<const OUT_OF_ORDER: bool>(
        self,
        buf: &mut StreamBuilder,
        position: &mut Position,
        escape: bool,
        mark_branches: bool,
        extra_attrs: Vec<AnyAttribute>,
    ) where
        Self: Sized,
    {
        let len = self.0.html_len();
        buf.with_buf(|buf| {
            buf.reserve(len);
            self.0
                .to_html_with_buf(buf, position, escape, mark_branches, extra_attrs)
        })
    }

    fn hydrate<const FROM_SERVER: bool>(
        self,
        cursor: &Cursor,
        position: &PositionState,
    ) -> Self::State {
        self.0.hydrate::<FROM_SERVER>(cursor, position)
    }

    async fn hydrate_async(self, cursor: &Cursor, position: &PositionState) -> Self::State {
        self.0.hydrate_async(cursor, position).await
    }

    fn into_owned(self) -> Self::Owned {
        Loaded(self.0.into_owned())
    }
}

impl<V: AddAnyAttr> AddAnyAttr for Loaded<V> {
    type Output<SomeNewAttr: Attribute> = Loaded<V::Output<SomeNewAttr>>;

    fn add_any_attr<NewAttr: Attribute>(self, attr: NewAttr) -> Self::Output<NewAttr>
    where
        Self::Output<NewAttr>: RenderHtml,
    {
        Loaded(self.0.add_any_attr(attr))
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use leptos::prelude::*;

    fn rows() -> impl IntoView {
        let items = ["Pottery & glaze", "Bread <sourdough>"];
        view! {
            <ul class="mt-3 space-y-3">
                {items.into_iter().map(|t| view! {
                    <li class="card p-5" data-title=t>
                        <a href="/bookings/1">{t}</a>
                        {(t.len() > 16).then(|| view! { <p>"long"</p> })}
                        " · " {t.len()}
                    </li>
                }).collect_view()}
            </ul>
        }
    }

    #[test]
    fn the_streaming_writer_gets_what_the_view_writes_itself() {
        let _owner = Owner::new();
        let plain = written(rows().into_any().to_html_stream_in_order());
        let loaded = written(Loaded(rows()).into_any().to_html_stream_in_order());
        assert_eq!(loaded, plain);
        assert!(loaded.contains("Bread &lt;sourdough&gt;"), "{loaded}");
    }

    /// The HTML of a render with nothing to wait for.
    fn written(mut stream: StreamBuilder) -> String {
        use leptos::tachys::ssr::StreamChunk;
        stream
            .take_chunks()
            .into_iter()
            .map(|chunk| match chunk {
                StreamChunk::Sync(html) => html,
                _ => panic!("nothing here waits"),
            })
            .collect()
    }
}

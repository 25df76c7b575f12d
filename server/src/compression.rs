//! Pages and server-function answers compressed on the fly, Brotli or gzip
//! as the browser asks. Each chunk of the body is compressed and flushed as
//! it comes, so a streamed page still streams (a compressor that waits for
//! more input would hold the page's first part back until its last). Static
//! files come precompressed from the build instead (`assets`).

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use http_body::{Body as HttpBody, Frame, SizeHint};
use std::io::Write;
use std::pin::Pin;
use std::task::{Context, Poll};

/// Below this a response is sent as it is: compressing it saves less than
/// its own framing costs.
pub const MIN_BYTES: u64 = 1024;

/// What the body is compressed with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coding {
    /// `br`.
    Brotli,
    /// `gzip`.
    Gzip,
}

impl Coding {
    fn header(self) -> HeaderValue {
        HeaderValue::from_static(match self {
            Coding::Brotli => "br",
            Coding::Gzip => "gzip",
        })
    }

    /// The coding to use for an `Accept-Encoding` header: Brotli when it is
    /// accepted, else gzip, else none. A coding with `q=0` is refused.
    pub fn negotiate(accept: &str) -> Option<Coding> {
        let mut brotli = false;
        let mut gzip = false;
        for item in accept.split(',') {
            let mut parts = item.split(';');
            let name = parts.next().unwrap_or_default().trim();
            let refused = parts.any(|p| {
                p.trim()
                    .strip_prefix("q=")
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            });
            if refused {
                continue;
            }
            if name.eq_ignore_ascii_case("br") {
                brotli = true;
            } else if name.eq_ignore_ascii_case("gzip") || name == "*" {
                gzip = true;
            }
        }
        if brotli {
            Some(Coding::Brotli)
        } else if gzip {
            Some(Coding::Gzip)
        } else {
            None
        }
    }
}

/// Paths never compressed here: Stripe's webhook answers and the probes
/// stay byte-for-byte as before, and `/pkg` files are precompressed.
fn left_alone(path: &str) -> bool {
    path.starts_with("/pkg/")
        || path == "/api/stripe/webhook"
        || path == "/healthz"
        || path == "/readyz"
        || path == "/metrics"
}

fn compressible(headers: &HeaderMap) -> bool {
    let Some(ct) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let ct = ct.split(';').next().unwrap_or_default().trim();
    ct.starts_with("text/")
        || ct == "application/json"
        || ct == "application/javascript"
        || ct == "image/svg+xml"
}

pub async fn compress(request: Request, next: Next) -> Response {
    let coding = (request.method() == Method::GET || request.method() == Method::POST)
        .then(|| {
            request
                .headers()
                .get(header::ACCEPT_ENCODING)
                .and_then(|v| v.to_str().ok())
                .and_then(Coding::negotiate)
        })
        .flatten();
    let alone = left_alone(request.uri().path());
    let mut response = next.run(request).await;
    if alone {
        return response;
    }
    let headers = response.headers_mut();
    if !compressible(headers) {
        return response;
    }
    headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
    let small = response
        .body()
        .size_hint()
        .upper()
        .is_some_and(|n| n < MIN_BYTES);
    let status = response.status();
    let Some(coding) = coding else {
        return response;
    };
    let no_transform = response
        .headers()
        .get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("no-transform"));
    if small
        || no_transform
        || status == StatusCode::NO_CONTENT
        || status == StatusCode::NOT_MODIFIED
        || status == StatusCode::PARTIAL_CONTENT
        || response.headers().contains_key(header::CONTENT_ENCODING)
        || response.headers().contains_key(header::CONTENT_RANGE)
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.remove(header::ACCEPT_RANGES);
    parts
        .headers
        .insert(header::CONTENT_ENCODING, coding.header());
    Response::from_parts(parts, Body::new(Compressed::new(body, coding)))
}

/// A compressor that hands out what it has so far.
enum Encoder {
    Brotli(Box<brotli::CompressorWriter<Vec<u8>>>),
    Gzip(flate2::write::GzEncoder<Vec<u8>>),
}

impl Encoder {
    fn new(coding: Coding) -> Encoder {
        match coding {
            // Quality 5 and a 1 MiB window: most of Brotli's gain on HTML
            // at a fraction of its top setting's time and memory.
            Coding::Brotli => Encoder::Brotli(Box::new(brotli::CompressorWriter::new(
                Vec::new(),
                4096,
                5,
                20,
            ))),
            Coding::Gzip => Encoder::Gzip(flate2::write::GzEncoder::new(
                Vec::new(),
                flate2::Compression::new(6),
            )),
        }
    }

    /// Compresses `chunk` and flushes: the bytes returned decode to all the
    /// input so far.
    fn chunk(&mut self, chunk: &[u8]) -> std::io::Result<Bytes> {
        let out = match self {
            Encoder::Brotli(w) => {
                w.write_all(chunk)?;
                w.flush()?;
                std::mem::take(w.get_mut())
            }
            Encoder::Gzip(w) => {
                w.write_all(chunk)?;
                w.flush()?;
                std::mem::take(w.get_mut())
            }
        };
        Ok(Bytes::from(out))
    }

    /// The stream's last bytes.
    fn finish(self) -> std::io::Result<Bytes> {
        Ok(Bytes::from(match self {
            Encoder::Brotli(w) => w.into_inner(),
            Encoder::Gzip(w) => w.finish()?,
        }))
    }
}

/// A body compressed frame by frame.
pub struct Compressed {
    inner: Body,
    encoder: Option<Encoder>,
}

impl Compressed {
    /// Wraps `inner`.
    pub fn new(inner: Body, coding: Coding) -> Compressed {
        Compressed {
            inner,
            encoder: Some(Encoder::new(coding)),
        }
    }
}

impl HttpBody for Compressed {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        // `Compressed` is `Unpin` (both fields are).
        let this = self.get_mut();
        loop {
            let Some(encoder) = this.encoder.as_mut() else {
                return Poll::Ready(None);
            };
            let frame = match Pin::new(&mut this.inner).poll_frame(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(frame) => frame,
            };
            match frame {
                Some(Ok(frame)) => match frame.into_data() {
                    Ok(data) => {
                        let out = encoder.chunk(&data).map_err(axum::Error::new)?;
                        if !out.is_empty() {
                            return Poll::Ready(Some(Ok(Frame::data(out))));
                        }
                    }
                    // Trailers: none of Tessera's responses send any.
                    Err(_) => continue,
                },
                Some(Err(e)) => return Poll::Ready(Some(Err(e))),
                None => {
                    let last = this.encoder.take().map(Encoder::finish);
                    return match last {
                        Some(Ok(bytes)) if !bytes.is_empty() => {
                            Poll::Ready(Some(Ok(Frame::data(bytes))))
                        }
                        Some(Err(e)) => Poll::Ready(Some(Err(axum::Error::new(e)))),
                        _ => Poll::Ready(None),
                    };
                }
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.encoder.is_none()
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::BodyExt;
    use std::io::Read;

    #[test]
    fn negotiation_prefers_brotli_and_honours_refusals() {
        assert_eq!(
            Coding::negotiate("gzip, deflate, br, zstd"),
            Some(Coding::Brotli)
        );
        assert_eq!(Coding::negotiate("gzip"), Some(Coding::Gzip));
        assert_eq!(Coding::negotiate("br;q=0, gzip;q=0.5"), Some(Coding::Gzip));
        assert_eq!(Coding::negotiate("identity"), None);
        assert_eq!(Coding::negotiate("gzip;q=0"), None);
        assert_eq!(Coding::negotiate("*"), Some(Coding::Gzip));
    }

    fn gunzip(bytes: &[u8]) -> String {
        let mut out = String::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_string(&mut out)
            .expect("gzip");
        out
    }

    fn unbrotli(bytes: &[u8]) -> String {
        let mut out = Vec::new();
        brotli::Decompressor::new(bytes, 4096)
            .read_to_end(&mut out)
            .expect("brotli");
        String::from_utf8(out).expect("utf-8")
    }

    /// What a decoder can read so far of a stream not yet ended.
    fn so_far(mut decoder: impl Read) -> String {
        let mut out = vec![0u8; 64 * 1024];
        let mut n = 0;
        while let Ok(read) = decoder.read(&mut out[n..]) {
            if read == 0 {
                break;
            }
            n += read;
        }
        String::from_utf8_lossy(&out[..n]).into_owned()
    }

    #[tokio::test]
    async fn each_chunk_can_be_read_before_the_next_is_written() {
        for coding in [Coding::Brotli, Coding::Gzip] {
            let (tx, rx) = tokio::sync::mpsc::channel::<Result<Frame<Bytes>, axum::Error>>(1);
            let inner = Body::new(http_body_util::StreamBody::new(
                tokio_stream::wrappers::ReceiverStream::new(rx),
            ));
            let mut body = Compressed::new(inner, coding);
            let shell = "<html><body><p>Loading…</p>".repeat(50);
            tx.send(Ok(Frame::data(Bytes::from(shell.clone()))))
                .await
                .expect("send");
            let first = body
                .frame()
                .await
                .expect("a frame")
                .expect("ok")
                .into_data()
                .expect("data");
            // The page's first part is readable while its second is still
            // being rendered.
            let so_far = match coding {
                Coding::Brotli => so_far(brotli::Decompressor::new(&first[..], 4096)),
                Coding::Gzip => so_far(flate2::read::GzDecoder::new(&first[..])),
            };
            assert_eq!(so_far, shell, "{coding:?}: the first chunk alone decodes");
            assert!(first.len() < shell.len() / 4, "{coding:?}: compressed");
            tx.send(Ok(Frame::data(Bytes::from_static(b"</body></html>"))))
                .await
                .expect("send");
            drop(tx);
            let rest = body.collect().await.expect("rest").to_bytes();
            let whole = [first, rest].concat();
            let text = match coding {
                Coding::Brotli => unbrotli(&whole),
                Coding::Gzip => gunzip(&whole),
            };
            assert_eq!(text, format!("{shell}</body></html>"));
        }
    }
}

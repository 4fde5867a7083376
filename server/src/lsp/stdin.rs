//! Reading the client on a thread of its own. It cuts stdin into messages
//! (`frames`), hands them to the transport through a channel, and notices
//! the client going away even while the state task is busy analysing: the
//! runtime's one thread may be inside a long analysis, this thread is not.

use std::io::Read;
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, ReadBuf};
use tokio::sync::mpsc::{channel, Receiver};

use super::frames::{Event, FrameScanner};
use super::log::{debug, warning};

/// Messages read ahead of the transport; beyond this the reader waits.
const QUEUE: usize = 64;

/// Starts the reader thread over `input`. `on_end` runs on that thread once
/// the input has ended (after the last message was queued).
pub fn spawn_reader<R, F>(mut input: R, on_end: F) -> std::io::Result<MessageStream>
where
    R: Read + Send + 'static,
    F: FnOnce() + Send + 'static,
{
    let (tx, rx) = channel::<Vec<u8>>(QUEUE);
    std::thread::Builder::new()
        .name("stdin".to_string())
        .spawn(move || {
            let mut scanner = FrameScanner::new();
            let mut chunk = vec![0u8; 64 << 10];
            'read: loop {
                let n = match input.read(&mut chunk) {
                    Ok(0) => break,
                    Ok(n) => n,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(e) => {
                        warning!("cannot read from the client: {e}");
                        break;
                    }
                };
                scanner.push(&chunk[..n]);
                while let Some(event) = scanner.next_event() {
                    match event {
                        Event::Message(m) => {
                            if tx.blocking_send(m).is_err() {
                                break 'read;
                            }
                        }
                        Event::Dropped(why) => warning!("ignored input from the client: {why}"),
                    }
                }
            }
            if let Some(Event::Dropped(why)) = scanner.finish() {
                warning!("ignored input from the client: {why}");
            }
            debug!("the client closed its end of stdin");
            drop(tx);
            on_end();
        })?;
    Ok(MessageStream {
        rx,
        pending: Vec::new(),
        at: 0,
    })
}

/// The queued messages as the byte stream the transport reads.
pub struct MessageStream {
    rx: Receiver<Vec<u8>>,
    pending: Vec<u8>,
    at: usize,
}

impl AsyncRead for MessageStream {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        if self.at == self.pending.len() {
            match self.rx.poll_recv(cx) {
                Poll::Ready(Some(m)) => {
                    self.pending = m;
                    self.at = 0;
                }
                // The end of input: reading nothing tells the transport.
                Poll::Ready(None) => return Poll::Ready(Ok(())),
                Poll::Pending => return Poll::Pending,
            }
        }
        let n = buf.remaining().min(self.pending.len() - self.at);
        let at = self.at;
        buf.put_slice(&self.pending[at..at + n]);
        self.at += n;
        Poll::Ready(Ok(()))
    }
}

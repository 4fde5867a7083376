//! One task sends every server-to-client notification, in the order the state
//! task queued them, so the state task never waits on the client. Of several
//! queued diagnostics for one document only the newest is sent: the older
//! ones are superseded, and this keeps a slow client from seeing a backlog.

use std::collections::HashMap;
use std::time::Duration;

use tokio::sync::mpsc::{unbounded_channel, UnboundedSender};
use tower_lsp_server::ls_types::{Diagnostic, MessageType, Uri};
use tower_lsp_server::Client;

use super::log::warning;

/// How long one notification may wait for the transport.
const SEND_TIMEOUT: Duration = Duration::from_secs(10);

pub enum Outbound {
    Publish {
        uri: Uri,
        diagnostics: Vec<Diagnostic>,
        version: Option<i32>,
    },
    Log(MessageType, String),
    Show(MessageType, String),
}

pub fn spawn(client: Client) -> UnboundedSender<Outbound> {
    let (tx, mut rx) = unbounded_channel::<Outbound>();
    tokio::spawn(async move {
        while let Some(first) = rx.recv().await {
            let mut batch = vec![first];
            while let Ok(more) = rx.try_recv() {
                batch.push(more);
            }
            let mut newest: HashMap<Uri, usize> = HashMap::new();
            for (i, m) in batch.iter().enumerate() {
                if let Outbound::Publish { uri, .. } = m {
                    newest.insert(uri.clone(), i);
                }
            }
            for (i, m) in batch.into_iter().enumerate() {
                let send = async {
                    match m {
                        Outbound::Publish {
                            uri,
                            diagnostics,
                            version,
                        } => {
                            if newest.get(&uri) == Some(&i) {
                                client.publish_diagnostics(uri, diagnostics, version).await;
                            }
                        }
                        Outbound::Log(t, text) => client.log_message(t, text).await,
                        Outbound::Show(t, text) => client.show_message(t, text).await,
                    }
                };
                if tokio::time::timeout(SEND_TIMEOUT, send).await.is_err() {
                    warning!("the client did not take a notification within {SEND_TIMEOUT:?}; dropped it");
                }
            }
        }
    });
    tx
}

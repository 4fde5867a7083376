//! Starting up and configuration: `initialize` (capabilities, the
//! negotiated position encoding), `initialized` (watched files, the first
//! pull of the editor's settings), configuration changes.

use tower_lsp_server::ls_types::{
    OneOf, WorkspaceFoldersServerCapabilities, WorkspaceServerCapabilities,
};

use super::super::actor::*;

impl Actor {
    pub(crate) fn initialize(&mut self, p: InitializeParams) -> InitializeResult {
        self.encoding = Encoding::negotiate(&p.capabilities);
        self.set_folders(&p);
        self.caps = p.capabilities;
        if let Some(opts) = &p.initialization_options {
            let (layer, warnings) = ConfigLayer::from_json(opts);
            let layer = layer.with_origin("django-version in the editor's initializationOptions");
            for w in warnings {
                self.warn_client(format!("initializationOptions: {w}"));
            }
            info!("configuration from initializationOptions: {layer:?}");
            self.init_layer = layer;
        }
        info!(
            "initialized by {}; position encoding {:?}",
            p.client_info
                .map(|c| format!("{} {}", c.name, c.version.unwrap_or_default()))
                .unwrap_or_else(|| "an unnamed client".into()),
            self.encoding
        );
        InitializeResult {
            capabilities: ServerCapabilities {
                position_encoding: Some(self.encoding.kind()),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        will_save: None,
                        will_save_wait_until: None,
                        save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                            include_text: Some(true),
                        })),
                    },
                )),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(code_actions::kinds()),
                        ..Default::default()
                    },
                )),
                completion_provider: Some(CompletionOptions {
                    resolve_provider: Some(false),
                    ..Default::default()
                }),
                // For django-settings-lsp/checkWorkspace.
                workspace: Some(WorkspaceServerCapabilities {
                    workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                        supported: Some(true),
                        change_notifications: Some(OneOf::Left(true)),
                    }),
                    file_operations: None,
                }),
                ..Default::default()
            },
            server_info: Some(ServerInfo {
                name: "django-settings-lsp".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            offset_encoding: None,
        }
    }

    pub(crate) fn initialized(&mut self) {
        self.pull_configuration();
        let dynamic_watch = self
            .caps
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|w| w.dynamic_registration)
            .unwrap_or(false);
        if !dynamic_watch {
            return;
        }
        let watchers = ["**/*.py", "**/pyproject.toml", "**/.env", "**/settings.ini"]
            .into_iter()
            .map(|g| FileSystemWatcher {
                glob_pattern: GlobPattern::String(g.into()),
                kind: None,
            })
            .collect();
        let options = DidChangeWatchedFilesRegistrationOptions { watchers };
        let registration = Registration {
            id: "django-settings-lsp/watch".into(),
            method: "workspace/didChangeWatchedFiles".into(),
            register_options: serde_json::to_value(options).ok(),
        };
        let client = self.client.clone();
        let Some(me) = self.me.upgrade() else { return };
        tokio::spawn(async move {
            let r = tokio::time::timeout(
                CLIENT_REQUEST_TIMEOUT,
                client.register_capability(vec![registration]),
            )
            .await;
            let r = match r {
                Ok(Ok(())) => Ok(()),
                Ok(Err(e)) => Err(e.to_string()),
                Err(_) => Err("timed out".into()),
            };
            let _ = me.send(Msg::WatchRegistered(r));
        });
    }

    pub(crate) fn pull_configuration(&mut self) {
        let supported = self
            .caps
            .workspace
            .as_ref()
            .and_then(|w| w.configuration)
            .unwrap_or(false);
        if !supported {
            return;
        }
        self.config_generation += 1;
        let generation = self.config_generation;
        let client = self.client.clone();
        let Some(me) = self.me.upgrade() else { return };
        tokio::spawn(async move {
            let items = vec![ConfigurationItem {
                scope_uri: None,
                section: Some(SECTION.into()),
            }];
            let result =
                match tokio::time::timeout(CLIENT_REQUEST_TIMEOUT, client.configuration(items))
                    .await
                {
                    Ok(Ok(v)) => Ok(v),
                    Ok(Err(e)) => Err(e.to_string()),
                    Err(_) => Err("timed out".into()),
                };
            let _ = me.send(Msg::ConfigurationPulled { generation, result });
        });
    }

    pub(crate) fn set_editor_config(&mut self, v: &Json, source: &str) {
        let (layer, warnings) = ConfigLayer::from_json(v);
        let layer = layer.with_origin(&format!(
            "django-version in the editor's settings ({source})"
        ));
        for w in warnings {
            self.warn_client(format!("{source}: {w}"));
        }
        if layer != self.editor_layer {
            info!("configuration from {source}: {layer:?}");
            self.editor_layer = layer;
            self.config_changed();
        }
    }

    pub(crate) fn config_changed(&mut self) {
        for d in self.docs.values_mut() {
            d.config = None;
            d.role = None;
        }
        self.workspace.shown.clear();
        self.all_dirty = true;
    }
}

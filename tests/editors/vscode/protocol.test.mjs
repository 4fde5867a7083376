// A protocol-level client without VS Code: vscode-languageserver-protocol (the
// layer VS Code's client is built on) drives the server over stdio as the VS
// Code extension does: initialize with VS Code's position encoding (UTF-16),
// answer workspace/configuration for the section the extension's middleware
// answers ("django-settings-lsp"), open a settings module, receive
// diagnostics, request code actions, shutdown and exit.
//
// Run: DSL_BIN=target/debug/django-settings-lsp REPO=. node --test tests/editors/vscode/

import { spawn } from "node:child_process";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { pathToFileURL } from "node:url";
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  InitializeRequest,
  InitializedNotification,
  DidOpenTextDocumentNotification,
  DidChangeConfigurationNotification,
  PublishDiagnosticsNotification,
  ConfigurationRequest,
  CodeActionRequest,
  ShutdownRequest,
  ExitNotification,
} from "vscode-languageserver-protocol/node";

const BIN = process.env.DSL_BIN;
const REPO = process.env.REPO;

function startServer() {
  const proc = spawn(BIN, ["serve"], { stdio: ["pipe", "pipe", "pipe"] });
  proc.stderr.resume();
  const conn = createProtocolConnection(
    new StreamMessageReader(proc.stdout),
    new StreamMessageWriter(proc.stdin),
  );
  return { proc, conn };
}

function copyProject() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dsl-protocol-"));
  fs.cpSync(path.join(REPO, "examples", "startproject"), dir, { recursive: true });
  return dir;
}

function waitFor(conn, uri, pred, ms = 10000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no matching diagnostics in time")), ms);
    const sub = conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
      if (p.uri === uri && pred(p.diagnostics)) {
        clearTimeout(timer);
        sub.dispose();
        resolve(p.diagnostics);
      }
    });
  });
}

test("initialize, diagnostics, code actions, configuration, shutdown, exit", async () => {
  assert.ok(BIN && fs.existsSync(BIN), "DSL_BIN must name the server binary");
  const dir = copyProject();
  const settingsPath = path.join(dir, "mysite", "settings.py");
  const uri = pathToFileURL(settingsPath).href;
  const { proc, conn } = startServer();
  let editorSettings = {};
  const sections = [];
  conn.onRequest(ConfigurationRequest.type, (params) =>
    params.items.map((item) => {
      sections.push(item.section);
      return item.section === "django-settings-lsp" ? editorSettings : null;
    }),
  );
  conn.listen();

  const init = await conn.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    clientInfo: { name: "Visual Studio Code", version: "1.104.0" },
    rootUri: pathToFileURL(dir).href,
    workspaceFolders: [{ uri: pathToFileURL(dir).href, name: "startproject" }],
    capabilities: {
      // VS Code offers no positionEncodings: UTF-16.
      workspace: {
        configuration: true,
        workspaceEdit: { documentChanges: true },
        didChangeConfiguration: { dynamicRegistration: true },
      },
      textDocument: {
        synchronization: { didSave: true },
        publishDiagnostics: { versionSupport: true, relatedInformation: true },
        codeAction: {
          codeActionLiteralSupport: {
            codeActionKind: { valueSet: ["", "quickfix", "refactor", "source", "source.fixAll"] },
          },
          isPreferredSupport: true,
        },
      },
    },
  });
  assert.equal(init.capabilities.positionEncoding ?? "utf-16", "utf-16");
  assert.ok(init.capabilities.codeActionProvider, "code actions advertised");
  assert.equal(init.serverInfo?.name, "django-settings-lsp");

  const text = fs.readFileSync(settingsPath, "utf8");
  const first = waitFor(conn, uri, (d) => d.length >= 7);
  await conn.sendNotification(InitializedNotification.type, {});
  await conn.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: "python", version: 1, text },
  });
  const diags = await first;
  const codes = new Set(diags.filter((d) => d.severity <= 2).map((d) => d.code));
  for (const c of ["security.W004", "security.W008", "security.W009", "security.W012", "security.W016", "security.W018", "security.W020"]) {
    assert.ok(codes.has(c), `${c} reported (got ${[...codes]})`);
  }
  const w018 = diags.find((d) => d.code === "security.W018");
  assert.equal(w018.range.start.line, 25, "W018 on line 26");
  // A setting the module leaves out: on the entry that makes Django check it.
  const w004 = diags.find((d) => d.code === "security.W004");
  assert.deepEqual(w004.range.start, { line: 42, character: 4 }, "W004 on the SecurityMiddleware entry");
  assert.equal(w018.source, "django-settings");
  assert.ok(w018.codeDescription?.href?.startsWith("https://docs.djangoproject.com/"));
  assert.ok(sections.includes("django-settings-lsp"), `configuration section requested: ${sections}`);

  const actions = await conn.sendRequest(CodeActionRequest.type, {
    textDocument: { uri },
    range: w018.range,
    context: { diagnostics: [w018], only: ["quickfix"], triggerKind: 1 },
  });
  const fix = actions.find((a) => a.title === "Change DEBUG to False");
  assert.ok(fix, `quick fix offered: ${actions.map((a) => a.title)}`);
  assert.equal(fix.kind, "quickfix");
  assert.ok(fix.edit?.documentChanges?.length, "a versioned edit (documentChanges)");
  const edit = fix.edit.documentChanges[0];
  assert.equal(edit.textDocument.uri, uri);
  assert.equal(edit.textDocument.version, 1);
  assert.equal(edit.edits[0].newText, "False");

  // The settings the extension sends: ignoring W018 removes it.
  editorSettings = { ignore: ["security.W018"] };
  const after = waitFor(conn, uri, (d) => d.length > 0 && !d.some((x) => x.code === "security.W018"));
  await conn.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  await after;

  await conn.sendRequest(ShutdownRequest.type);
  const exited = new Promise((resolve) => proc.on("exit", (code) => resolve(code)));
  await conn.sendNotification(ExitNotification.type);
  const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r("timeout"), 3000).unref())]);
  assert.equal(code, 0, "the server exits with 0 after shutdown + exit");
  conn.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

// The server's own requests, as the extension sends them: the status bar's
// django-settings-lsp/fileRole and Check Workspace's
// django-settings-lsp/checkWorkspace, whose diagnostics for files never
// opened arrive unversioned.
test("fileRole and checkWorkspace", async () => {
  const dir = copyProject();
  fs.cpSync(path.join(REPO, "examples", "split"), path.join(dir, "split"), { recursive: true });
  const uriOf = (rel) => pathToFileURL(path.join(dir, rel)).href;
  const { proc, conn } = startServer();
  conn.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => ({})));
  const published = new Map();
  conn.onNotification(PublishDiagnosticsNotification.type, (p) => published.set(p.uri, p));
  conn.listen();
  const init = await conn.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: pathToFileURL(dir).href,
    workspaceFolders: [{ uri: pathToFileURL(dir).href, name: "startproject" }],
    capabilities: { workspace: { configuration: true, workspaceFolders: true } },
  });
  assert.equal(init.capabilities.workspace?.workspaceFolders?.supported, true);
  await conn.sendNotification(InitializedNotification.type, {});

  const role = (rel) => conn.sendRequest("django-settings-lsp/fileRole", { uri: uriOf(rel) });
  const deploy = await role("mysite/settings.py");
  assert.equal(deploy.role, "deploy");
  assert.equal(deploy.why, "checked as deploy settings: DJANGO_SETTINGS_MODULE in mysite/wsgi.py names it");
  const base = await role("split/config/settings/base.py");
  assert.equal(base.role, "base");
  assert.deepEqual(base.judges, [uriOf("split/config/settings/production.py")]);
  assert.equal((await role("split/config/settings/local.py")).role, "development");
  assert.equal((await role("mysite/urls.py")).role, "other");
  await assert.rejects(
    conn.sendRequest("django-settings-lsp/fileRole", { uri: "untitled:Untitled-1" }),
    (e) => e.code === -32602 && /not a file: URI/.test(e.message),
  );

  const result = await conn.sendRequest("django-settings-lsp/checkWorkspace", {});
  assert.deepEqual(result, { modules: 2, findings: 11, skipped: 0 });
  const deadline = Date.now() + 10000;
  while (!published.has(uriOf("split/config/settings/base.py")) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
  }
  const p = published.get(uriOf("split/config/settings/base.py"));
  assert.ok(p, `base.py's diagnostics published: ${[...published.keys()]}`);
  assert.equal(p.version, undefined, "not open: unversioned");
  assert.ok(p.diagnostics.some((d) => d.code === "security.W009"), JSON.stringify(p.diagnostics));
  assert.ok(published.get(uriOf("mysite/settings.py"))?.diagnostics.some((d) => d.code === "security.W018"));

  await conn.sendRequest(ShutdownRequest.type);
  await conn.sendNotification(ExitNotification.type);
  await new Promise((resolve) => proc.on("exit", resolve));
  conn.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

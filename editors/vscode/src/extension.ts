// VS Code client for django-settings-lsp: starts the server over stdio for
// Python files, passes the server's settings through workspace/configuration,
// shows the active file's role (deploy, base, development settings) in the
// status bar, and offers "Check Workspace", "Restart Server" and "Show
// Server Output".

import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as vscode from "vscode";
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  State,
  TransportKind,
} from "vscode-languageclient/node";

/** Settings prefix, client id, and the section the server asks for. */
const SECTION = "django-settings-lsp";
const BINARY = process.platform === "win32" ? "django-settings-lsp.exe" : "django-settings-lsp";

/** VS Code setting → the server's key (the server takes kebab-case). */
const SERVER_KEYS: Array<[string, string]> = [
  ["select", "select"],
  ["ignore", "ignore"],
  ["severity", "severity"],
  ["deployModules", "deploy-modules"],
  ["developmentModules", "development-modules"],
  ["notes", "notes"],
];

/** Settings that only take effect when the server starts again. */
const LAUNCH_SETTINGS = ["server.path", "server.extraArgs", "server.logLevel"];

const INSTALL_HINT =
  "Install it with `cargo install --git <django-settings-lsp repository> django-settings-lsp` " +
  "(or `cargo install --path server` in a checkout), or set `django-settings-lsp.server.path`.";

/** The server's own requests (see the repository's README, Language server). */
const FILE_ROLE = "django-settings-lsp/fileRole";
const CHECK_WORKSPACE = "django-settings-lsp/checkWorkspace";

/** The answer to django-settings-lsp/fileRole. */
interface FileRole {
  role: "deploy" | "base" | "development" | "other";
  /** Why the file has this role (names files and settings, never values). */
  why: string;
  /** For a base: the URIs of the deploy modules that judge it. */
  judges?: string[];
}

/** The answer to django-settings-lsp/checkWorkspace. */
interface WorkspaceCheck {
  modules: number;
  findings: number;
  skipped: number;
}

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel;
let starting: Promise<void> | undefined;
let roleItem: vscode.StatusBarItem;
/** Numbers the role look-ups: only the latest one's answer is shown. */
let roleAsked = 0;
let roleTimer: ReturnType<typeof setTimeout> | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel(SECTION, { log: true });
  roleItem = vscode.window.createStatusBarItem(`${SECTION}.role`, vscode.StatusBarAlignment.Right, 100);
  roleItem.name = "Django Settings: file role";
  roleItem.command = `${SECTION}.checkWorkspace`;
  context.subscriptions.push(
    output,
    roleItem,
    vscode.commands.registerCommand(`${SECTION}.restart`, () => restart(context)),
    vscode.commands.registerCommand(`${SECTION}.showOutput`, () => output.show(true)),
    vscode.commands.registerCommand(`${SECTION}.checkWorkspace`, () => checkWorkspace()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (LAUNCH_SETTINGS.some((s) => e.affectsConfiguration(`${SECTION}.${s}`))) {
        void restart(context);
      } else if (SERVER_KEYS.some(([k]) => e.affectsConfiguration(`${SECTION}.${k}`))) {
        // No payload: the server asks again through workspace/configuration,
        // which the middleware below answers. (A payload would carry every
        // django-settings-lsp.* setting with VS Code's defaults filled in.)
        if (client?.isRunning()) {
          void client.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
        }
        showRoleSoon(500);
      }
    }),
    // The role is asked again when the file shown changes, and after the
    // server re-checks: a save (roles are decided again then) and new
    // diagnostics for the file shown.
    vscode.window.onDidChangeActiveTextEditor(() => showRoleSoon(0)),
    vscode.workspace.onDidOpenTextDocument((d) => {
      if (d === vscode.window.activeTextEditor?.document) {
        showRoleSoon(0);
      }
    }),
    vscode.workspace.onDidSaveTextDocument(() => showRoleSoon(300)),
    vscode.languages.onDidChangeDiagnostics((e) => {
      const shown = vscode.window.activeTextEditor?.document.uri.toString();
      if (shown && e.uris.some((u) => u.toString() === shown)) {
        showRoleSoon(100);
      }
    }),
  );
  await start(context);
}

export async function deactivate(): Promise<void> {
  await stop();
}

async function restart(context: vscode.ExtensionContext): Promise<void> {
  await starting;
  await stop();
  await start(context);
}

async function stop(): Promise<void> {
  const c = client;
  client = undefined;
  showRoleSoon(0);
  if (c) {
    try {
      await c.stop(2000);
    } catch (e) {
      output.info(`stopping the server: ${String(e)}`);
    }
  }
}

function start(context: vscode.ExtensionContext): Promise<void> {
  starting = startServer(context).finally(() => {
    starting = undefined;
  });
  return starting;
}

async function startServer(context: vscode.ExtensionContext): Promise<void> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const found = findServer(context, config);
  if ("error" in found) {
    output.error(`${found.error}`);
    const choice = await vscode.window.showErrorMessage(
      `django-settings-lsp: ${found.error}`,
      "Open Settings",
      "Show Output",
    );
    if (choice === "Open Settings") {
      void vscode.commands.executeCommand(
        "workbench.action.openSettings",
        `${SECTION}.server.path`,
      );
    } else if (choice === "Show Output") {
      output.show(true);
    }
    return;
  }
  const version = await serverVersion(found.path);
  output.info(`using ${found.path} (${found.source}): ${version}`);

  const extraArgs = config.get<string[]>("server.extraArgs", []);
  const serverOptions: ServerOptions = {
    command: found.path,
    args: ["serve", ...extraArgs],
    transport: TransportKind.stdio,
    options: {
      env: { ...process.env, DJANGO_SETTINGS_LSP_LOG: config.get<string>("server.logLevel", "error") },
    },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: "file", language: "python" }],
    outputChannel: output,
    middleware: {
      workspace: {
        // Answer the server's request for our section with only the keys
        // the user set, so VS Code's defaults never override the
        // project's [tool.django-settings-lsp] in pyproject.toml.
        configuration: async (params, token, next) => {
          const answer = await next(params, token);
          if (!Array.isArray(answer)) {
            return answer;
          }
          return params.items.map((item, i) =>
            item.section === SECTION ? serverSettings(item.scopeUri) : answer[i],
          );
        },
      },
    },
  };
  const c = new LanguageClient(SECTION, "django-settings-lsp", serverOptions, clientOptions);
  client = c;
  c.onDidChangeState((e) => {
    if (e.newState === State.Running || e.newState === State.Stopped) {
      showRoleSoon(0);
    }
  });
  try {
    await c.start();
    showRoleSoon(0);
  } catch (e) {
    client = undefined;
    output.error(`the server did not start: ${String(e)}`);
    void vscode.window
      .showErrorMessage(
        `django-settings-lsp: the server at ${found.path} did not start (${String(e)}).`,
        "Show Output",
      )
      .then((choice) => choice && output.show(true));
  }
}

/** Asks the server for the active file's role after `ms` (look-ups in a burst are one). */
function showRoleSoon(ms: number): void {
  if (roleTimer) {
    clearTimeout(roleTimer);
  }
  roleTimer = setTimeout(() => {
    roleTimer = undefined;
    void showRole();
  }, ms);
}

/**
 * The status bar item: the active Python file's role as the server decides
 * it (django-settings-lsp/fileRole), the reason as its tooltip; hidden for
 * other files, for files that are not settings modules, and while the
 * server is not running.
 */
async function showRole(): Promise<void> {
  const asked = ++roleAsked;
  const doc = vscode.window.activeTextEditor?.document;
  const c = client;
  if (!doc || doc.languageId !== "python" || doc.uri.scheme !== "file" || !c?.isRunning()) {
    roleItem.hide();
    return;
  }
  let answer: FileRole;
  try {
    answer = await c.sendRequest<FileRole>(FILE_ROLE, { uri: c.code2ProtocolConverter.asUri(doc.uri) });
  } catch (e) {
    if (asked === roleAsked) {
      roleItem.hide();
    }
    output.debug(`${FILE_ROLE} for ${doc.uri.toString()}: ${String(e)}`);
    return;
  }
  if (asked !== roleAsked) {
    return;
  }
  const text = roleText(answer);
  if (!text) {
    roleItem.hide();
    return;
  }
  roleItem.text = text;
  roleItem.tooltip = `${answer.why}.\n\nClick to check every deploy settings module of the workspace (Django Settings: Check Workspace).`;
  roleItem.accessibilityInformation = { label: `${text}: ${answer.why}` };
  roleItem.show();
}

/** What the status bar says for a role; undefined for a file that is not a settings module. */
function roleText(r: FileRole): string | undefined {
  switch (r.role) {
    case "deploy":
      return "Django: deploy settings";
    case "base": {
      const judges = (r.judges ?? []).map((u) => decodeURIComponent(u.slice(u.lastIndexOf("/") + 1)));
      if (judges.length === 0) {
        return "Django: base of development settings";
      }
      return judges.length <= 2
        ? `Django: base of ${judges.join(", ")}`
        : `Django: base of ${judges.length} deploy modules`;
    }
    case "development":
      return "Django: development settings";
    default:
      return undefined;
  }
}

function plural(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? "" : "s"}`;
}

/**
 * "Django Settings: Check Workspace": the server analyses every deploy
 * settings module of the workspace folders and publishes the diagnostics of
 * the ones that are not open (Problems panel); the counts come back here.
 */
async function checkWorkspace(): Promise<void> {
  await starting;
  const c = client;
  if (!c?.isRunning()) {
    void vscode.window.showErrorMessage(
      "Django Settings: the server is not running; see Django Settings: Show Server Output.",
    );
    return;
  }
  let r: WorkspaceCheck;
  try {
    r = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: "Django Settings: checking the workspace's deploy settings" },
      () => c.sendRequest<WorkspaceCheck>(CHECK_WORKSPACE, {}),
    );
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    output.error(`${CHECK_WORKSPACE}: ${why}`);
    void vscode.window.showErrorMessage(`Django Settings: the workspace check failed: ${why}`);
    return;
  }
  if (r.modules === 0) {
    void vscode.window.showInformationMessage(
      "Django Settings: no deploy settings module found in the workspace.",
    );
    return;
  }
  const skipped = r.skipped > 0 ? ` (${plural(r.skipped, "more module")} not checked: a check takes at most 500)` : "";
  const choice = await vscode.window.showInformationMessage(
    `Django Settings: checked ${plural(r.modules, "deploy settings module")}: ${plural(r.findings, "finding")}${skipped}.`,
    ...(r.findings > 0 ? ["Show Problems"] : []),
  );
  if (choice === "Show Problems") {
    void vscode.commands.executeCommand("workbench.actions.view.problems");
  }
}

/** The server's settings the user set (user, workspace or folder level). */
function serverSettings(scopeUri: string | undefined): Record<string, unknown> {
  const scope = scopeUri ? vscode.Uri.parse(scopeUri) : undefined;
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  const out: Record<string, unknown> = {};
  for (const [key, serverKey] of SERVER_KEYS) {
    const i = config.inspect(key);
    const value = i?.workspaceFolderValue ?? i?.workspaceValue ?? i?.globalValue;
    if (value !== undefined && value !== null) {
      out[serverKey] = value;
    }
  }
  return out;
}

type Found = { path: string; source: string } | { error: string };

/** The setting, else the binary bundled in the extension, else PATH. */
function findServer(context: vscode.ExtensionContext, config: vscode.WorkspaceConfiguration): Found {
  const setting = config.get<string>("server.path", "").trim();
  if (setting) {
    const p = expand(setting);
    if (isExecutable(p)) {
      return { path: p, source: "setting django-settings-lsp.server.path" };
    }
    return {
      error:
        `the setting django-settings-lsp.server.path is "${setting}", but ${p} ` +
        `${fs.existsSync(p) ? "is not an executable file" : "does not exist"}. ` +
        "Fix the path, or clear the setting to use the bundled server or the one on PATH.",
    };
  }
  const bundled = path.join(context.extensionPath, "server", BINARY);
  if (isExecutable(bundled)) {
    return { path: bundled, source: "bundled with the extension" };
  }
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, BINARY))) {
      return { path: path.join(dir, BINARY), source: "found on PATH" };
    }
  }
  return {
    error:
      `the language server binary ${BINARY} was not found: the setting ` +
      "django-settings-lsp.server.path is empty, this extension has no bundled server, " +
      `and PATH has none. ${INSTALL_HINT}`,
  };
}

function expand(p: string): string {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  let out = p.replace(/\$\{workspaceFolder\}/g, folder ?? "");
  if (out === "~" || out.startsWith("~/")) {
    out = path.join(os.homedir(), out.slice(1));
  }
  if (!path.isAbsolute(out) && folder) {
    out = path.join(folder, out);
  }
  return out;
}

function isExecutable(p: string): boolean {
  try {
    if (!fs.statSync(p).isFile()) {
      return false;
    }
    fs.accessSync(p, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function serverVersion(binary: string): Promise<string> {
  return new Promise((resolve) => {
    execFile(binary, ["--version"], { timeout: 5000 }, (err, stdout) => {
      resolve(err ? `--version failed: ${err.message}` : stdout.trim());
    });
  });
}

// VS Code, for real: the .vsix installed into code-server (VS Code in the
// browser), driven by playwright-core in Debian's chromium-headless-shell.
// A user's path: open the startproject copy, open mysite/settings.py, see the
// warning squiggle, put the cursor on `DEBUG = True`, press Ctrl+., pick
// "Change DEBUG to False", save; the file on disk must say `DEBUG = False`.
// Then the binary lookup, as a user meets it: a wrong server.path gives an
// error notification; clearing it restarts on the server bundled in the
// .vsix; with that gone, "Django Settings: Restart Server" finds the one on
// PATH; "Django Settings: Show Server Output" shows which one was used.
// The status bar shows the open file's role (deploy settings, with the
// reason in its tooltip); "Django Settings: Check Workspace" puts the
// findings of modules never opened (a copy of examples/split beside
// mysite/) in the Problems panel, and its notification gives the counts
// `check` gives; opening those modules shows their roles (base of
// production.py, development settings) and nothing for a plain module.
//
// Environment (run.sh sets it): CODE_SERVER (its bin script), NODE_BIN (Node 24
// bin dir), VSIX, DSL_BIN (the server under test), REPO, CHROMIUM,
// ARTIFACTS (screenshots and logs go there).

import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { chromium } from "playwright-core";

const env = (k) => {
  const v = process.env[k];
  if (!v) throw new Error(`${k} is not set`);
  return v;
};
const CODE_SERVER = env("CODE_SERVER");
const NODE_BIN = env("NODE_BIN");
const VSIX = env("VSIX");
const DSL_BIN = env("DSL_BIN");
const REPO = env("REPO");
const CHROMIUM = env("CHROMIUM");
const ARTIFACTS = env("ARTIFACTS");

const t0 = Date.now();
const log = (m) => console.error(`[vscode ${((Date.now() - t0) / 1000).toFixed(2).padStart(5)}s] ${m}`);

const work = fs.mkdtempSync(path.join(os.tmpdir(), "dsl-code-server-"));
const home = path.join(work, "home");
const data = path.join(work, "data");
const exts = path.join(work, "extensions");
const project = path.join(work, "startproject");
const settingsPy = path.join(project, "mysite", "settings.py");
fs.mkdirSync(path.join(data, "User"), { recursive: true });
fs.mkdirSync(home, { recursive: true });
fs.mkdirSync(ARTIFACTS, { recursive: true });
fs.cpSync(path.join(REPO, "examples", "startproject"), project, { recursive: true });
// A second project in the same folder, never opened before Check Workspace.
fs.cpSync(path.join(REPO, "examples", "split"), path.join(project, "split"), { recursive: true });

// The user's settings: the extension pointed at the build under test.
fs.writeFileSync(
  path.join(data, "User", "settings.json"),
  JSON.stringify(
    {
      "django-settings-lsp.server.path": DSL_BIN,
      "security.workspace.trust.enabled": false,
      "workbench.startupEditor": "none",
      "workbench.tips.enabled": false,
      "workbench.welcomePage.walkthroughs.openOnInstall": false,
      "workbench.secondarySideBar.defaultVisibility": "hidden",
      "chat.disableAIFeatures": true,
      "telemetry.telemetryLevel": "off",
      "extensions.ignoreRecommendations": true,
      "extensions.autoCheckUpdates": false,
      "update.mode": "none",
      "files.autoSave": "off",
      "editor.minimap.enabled": false,
    },
    null,
    2,
  ),
);

// The server under test "installed" as `cargo install` does it, for the PATH
// step of the lookup: ~/.cargo/bin, put on PATH by ~/.profile. (VS Code's
// server resolves the extension host's environment from a login shell, so
// a PATH given to code-server itself does not reach the extension.)
fs.mkdirSync(path.join(home, ".cargo", "bin"), { recursive: true });
fs.symlinkSync(DSL_BIN, path.join(home, ".cargo", "bin", "django-settings-lsp"));
fs.writeFileSync(path.join(home, ".profile"), 'export PATH="$HOME/.cargo/bin:$PATH"\n');
const childEnv = {
  ...process.env,
  HOME: home,
  PATH: [NODE_BIN, process.env.PATH].join(path.delimiter),
};
const common = ["--user-data-dir", data, "--extensions-dir", exts];

// Workspace settings, written as a user edits .vscode/settings.json (VS Code
// watches it; code-server does not notice the *user* settings.json being
// written behind its back).
const workspaceSettingsFile = path.join(project, ".vscode", "settings.json");
fs.mkdirSync(path.dirname(workspaceSettingsFile), { recursive: true });
fs.writeFileSync(workspaceSettingsFile, "{}\n");
function setServerPath(p) {
  fs.writeFileSync(workspaceSettingsFile, JSON.stringify({ "django-settings-lsp.server.path": p }, null, 2));
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

async function waitHttp(url, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer within ${ms} ms`);
}

async function problems() {
  const t = await page.locator(".statusbar-item[id$='status.problems']").innerText().catch(() => "");
  const n = t.match(/\d+/g) || [];
  return n.length >= 2 ? [Number(n[0]), Number(n[1])] : null;
}

async function waitProblems(errors, warnings, ms = 20000) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    last = await problems();
    if (last && last[0] === errors && last[1] === warnings) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  log(`status bar problems: ${JSON.stringify(last)}, expected [${errors},${warnings}]`);
  return false;
}

// The status bar item of the extension that shows the file's role.
async function roleItem() {
  const item = page.locator(".statusbar-item", { hasText: /^\s*Django: / });
  const n = await item.count().catch(() => 0);
  if (n === 0) return null;
  const el = item.first();
  const text = (await el.innerText().catch(() => "")).trim();
  const label = await el
    .evaluate((e) => e.getAttribute("aria-label") || e.querySelector("[aria-label]")?.getAttribute("aria-label") || "")
    .catch(() => "");
  return { text, label };
}

async function waitRole(want, ms = 15000) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    last = await roleItem();
    if ((want === null && last === null) || (want !== null && last && last.text === want)) return last ?? {};
    await new Promise((r) => setTimeout(r, 100));
  }
  log(`status bar role: ${JSON.stringify(last)}, expected ${JSON.stringify(want)}`);
  return undefined;
}

// Opens a file with Quick Open, picking the row of that very file (the
// list shows recently opened files until the search answers).
async function quickOpen(rel, marker) {
  await page.keyboard.press("Control+P");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ timeout: 20000 });
  await input.fill(rel);
  const row = page
    .locator(".quick-input-list .monaco-list-row", { hasText: path.basename(rel) })
    .filter({ hasText: path.dirname(rel) });
  await row.first().waitFor({ timeout: 20000 });
  await row.first().click();
  await page.locator(".tab.active", { hasText: path.basename(rel) }).first().waitFor({ timeout: 20000 });
  await page.waitForSelector(`.monaco-editor .view-lines:has-text("${marker}")`, { timeout: 20000 });
}

async function runCommand(title) {
  await page.keyboard.press("F1");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ timeout: 10000 });
  await input.fill(`>${title}`);
  const row = page.locator(".quick-input-list .monaco-list-row", { hasText: title });
  await row.first().waitFor({ timeout: 10000 });
  await row.first().click();
}

let server;
let browser;
let failed = false;
let page;
const checks = [];
const check = (ok, msg) => {
  checks.push([ok, msg]);
  log(`${ok ? "ok" : "FAIL"}: ${msg}`);
  if (!ok) failed = true;
  return ok;
};
const shot = async (name) => {
  if (!page) return;
  const file = path.join(ARTIFACTS, `vscode-${name}.png`);
  await page.screenshot({ path: file }).catch(() => {});
};

try {
  // 1. Install the .vsix as a user would: code-server --install-extension.
  const inst = spawnSync(CODE_SERVER, [...common, "--install-extension", VSIX], {
    env: childEnv,
    encoding: "utf8",
  });
  check(
    inst.status === 0 && /successfully installed/.test(inst.stdout + inst.stderr),
    `code-server --install-extension ${path.basename(VSIX)}`,
  );
  if (inst.status !== 0) throw new Error(inst.stdout + inst.stderr);

  // 2. Start code-server on loopback, isolated.
  const port = await freePort();
  const serverLog = fs.openSync(path.join(ARTIFACTS, "code-server.log"), "w");
  server = spawn(
    CODE_SERVER,
    [
      ...common,
      "--auth", "none",
      "--bind-addr", `127.0.0.1:${port}`,
      "--disable-telemetry",
      "--disable-update-check",
      "--disable-workspace-trust",
      "--disable-getting-started-override",
      project,
    ],
    { env: childEnv, stdio: ["ignore", serverLog, serverLog], detached: true },
  );
  await waitHttp(`http://127.0.0.1:${port}/healthz`, 60000);
  log(`code-server is up on 127.0.0.1:${port}`);

  // 3. The browser.
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-default-apps",
      "--disable-sync",
      "--no-first-run",
      "--metrics-recording-only",
    ],
  });
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  page = await ctx.newPage();
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(project)}`);
  await page.waitForSelector(".monaco-workbench", { timeout: 60000 });
  await page.waitForSelector(".explorer-folders-view, .explorer-viewlet", { timeout: 60000 });
  log("the workbench is up");

  // 4. Open mysite/settings.py with Quick Open.
  await page.locator(".monaco-workbench").click({ position: { x: 700, y: 450 } }).catch(() => {});
  await page.keyboard.press("Control+P");
  const quickInput = page.locator(".quick-input-widget input");
  await quickInput.waitFor({ timeout: 20000 });
  await quickInput.fill("mysite/settings.py");
  await page.locator(".quick-input-list .monaco-list-row").first().waitFor({ timeout: 20000 });
  await page.keyboard.press("Enter");
  await page.waitForSelector('.monaco-editor .view-lines:has-text("ALLOWED_HOSTS")', { timeout: 20000 });
  log("settings.py is open");

  // 4b. The status bar names its role, the reason in the tooltip.
  const role = await waitRole("Django: deploy settings", 30000);
  log(`status bar role: ${JSON.stringify(role)}`);
  check(role !== undefined, 'the status bar says "Django: deploy settings"');
  check(
    role !== undefined && role.label.includes("DJANGO_SETTINGS_MODULE in mysite/wsgi.py names it"),
    "its tooltip says why: DJANGO_SETTINGS_MODULE in mysite/wsgi.py names it",
  );

  // 5. The warning squiggle.
  const squiggle = page.locator(".monaco-editor .squiggly-warning");
  const squiggled = await squiggle
    .first()
    .waitFor({ timeout: 30000 })
    .then(() => true)
    .catch(() => false);
  await shot("1-squiggles");
  check(squiggled, "a warning squiggle is shown in settings.py");
  if (!squiggled) throw new Error("no squiggle");
  check(await waitProblems(0, 7), "the status bar counts 0 errors, 7 warnings");

  // 5b. Where each warning is, as the Problems panel lists it: the settings
  // the module leaves out on the MIDDLEWARE entry that makes Django check
  // them, none on line 1 (the docstring).
  await runCommand("View: Toggle Problems");
  const rows = page.locator(".markers-panel .monaco-list-row");
  await rows.first().waitFor({ timeout: 15000 }).catch(() => {});
  await page.waitForTimeout(500);
  const listed = (await rows.allInnerTexts().catch(() => [])).map((t) => t.replace(/\s+/g, " ").trim());
  log(`problems panel: ${JSON.stringify(listed)}`);
  const at = (code) => {
    const row = listed.find((t) => t.includes(code));
    const m = row && row.match(/Ln (\d+), Col (\d+)/);
    return m ? `${m[1]}:${m[2]}` : "missing";
  };
  const where = Object.fromEntries(
    ["security.W004", "security.W008", "security.W009", "security.W012", "security.W016", "security.W018", "security.W020"].map((c) => [c, at(c)]),
  );
  check(
    JSON.stringify(where) ===
      JSON.stringify({
        "security.W004": "43:5",
        "security.W008": "43:5",
        "security.W009": "23:14",
        "security.W012": "44:5",
        "security.W016": "46:5",
        "security.W018": "26:9",
        "security.W020": "28:17",
      }),
    `problems at their reasons: ${JSON.stringify(where)}`,
  );
  await page.keyboard.press("Control+G");
  await quickInput.waitFor({ timeout: 10000 });
  await quickInput.fill(":43:5");
  await page.keyboard.press("Enter");
  await page.waitForTimeout(500);
  await shot("1b-squiggles-on-middleware");
  await runCommand("View: Toggle Problems");
  await page.waitForTimeout(300);

  // 6. Cursor on `DEBUG = True` (line 26), Ctrl+., "Change DEBUG to False".
  const debugLine = fs.readFileSync(settingsPy, "utf8").split("\n").indexOf("DEBUG = True") + 1;
  check(debugLine === 26, `DEBUG = True is on line ${debugLine}`);
  await page.keyboard.press("Control+G");
  await quickInput.waitFor({ timeout: 10000 });
  await quickInput.fill(`:${debugLine}:9`);
  await page.keyboard.press("Enter");
  await page.waitForTimeout(300);
  await page.keyboard.press("Control+.");
  const action = page.locator(".action-widget .monaco-list-row", { hasText: "Change DEBUG to False" });
  const offered = await action
    .first()
    .waitFor({ timeout: 15000 })
    .then(() => true)
    .catch(() => false);
  await shot("2-quick-fix-menu");
  const titles = await page.locator(".action-widget .monaco-list-row").allInnerTexts().catch(() => []);
  log(`quick fixes: ${JSON.stringify(titles.map((t) => t.replace(/\s+/g, " ").trim()))}`);
  check(offered, 'Ctrl+. offers "Change DEBUG to False"');
  if (!offered) throw new Error("no quick fix");
  await action.first().click();
  await page.waitForSelector('.monaco-editor .view-lines:has-text("DEBUG = False")', { timeout: 10000 });

  // 7. Save; the file on disk.
  await page.keyboard.press("Control+S");
  let onDisk = "";
  const end = Date.now() + 10000;
  while (Date.now() < end) {
    onDisk = fs.readFileSync(settingsPy, "utf8");
    if (/^DEBUG = False$/m.test(onDisk)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  check(/^DEBUG = False$/m.test(onDisk), "on disk: DEBUG = False");
  check(!/^DEBUG = True$/m.test(onDisk), "on disk: no DEBUG = True");
  check(await waitProblems(0, 6), "after the fix: 6 warnings");
  await shot("3-after-fix");

  // 8. A wrong server.path: an actionable error; the diagnostics go.
  setServerPath(path.join(work, "no-such-dir", "django-settings-lsp"));
  const toast = page.locator(".notification-toast", { hasText: "django-settings-lsp.server.path" });
  const toastShown = await toast.first().waitFor({ timeout: 15000 }).then(() => true).catch(() => false);
  await shot("4-wrong-path-error");
  const toastText = toastShown ? (await toast.first().innerText()).replace(/\s+/g, " ") : "";
  log(`notification: ${toastText}`);
  check(toastShown && /does not exist/.test(toastText), "a wrong server.path shows an error naming the setting");
  check(/Open Settings/.test(toastText), "the error offers Open Settings");
  check(await waitProblems(0, 0), "the stopped server's diagnostics are cleared");
  await toast.first().locator(".codicon-notifications-clear, .codicon-close").first().click().catch(() => {});

  // 9. server.path cleared: the binary bundled in the .vsix.
  setServerPath("");
  check(await waitProblems(0, 6), "cleared server.path: the server is back (6 warnings)");

  // 10. No bundled binary: "Restart Server" finds the one on PATH.
  const installed = fs.readdirSync(exts).find((d) => d.startsWith("django-settings-lsp."));
  fs.rmSync(path.join(exts, installed, "server", "django-settings-lsp"));
  await runCommand("Django Settings: Restart Server");
  await page.waitForTimeout(1000);
  check(await waitProblems(0, 6), "after Restart Server: 6 warnings again");

  // 11. "Show Server Output": which binary each start used.
  await runCommand("Django Settings: Show Server Output");
  const outputView = page.locator(".part.panel .monaco-editor .view-lines");
  await outputView.first().waitFor({ timeout: 10000 }).catch(() => {});
  await page.waitForTimeout(500);
  // (The output view wraps long lines: join the rendered lines back up.)
  const outputText = (await outputView.first().innerText().catch(() => ""))
    .replace(/\u00a0/g, " ")
    .replace(/\n/g, "");
  await shot("5-server-output");
  log(`output channel:\n${outputText}`);
  check(outputText.includes("(setting django-settings-lsp.server.path)"), "output: started from the setting");
  check(outputText.includes("(bundled with the extension)"), "output: started from the bundled binary");
  check(
    outputText.includes(`using ${path.join(home, ".cargo", "bin", "django-settings-lsp")} (found on PATH)`),
    "output: started from PATH (~/.cargo/bin)",
  );

  // 12. "Django Settings: Check Workspace": the modules of split/, never
  // opened, get their findings in the Problems panel; the notification
  // gives the counts `check` gives for the folder.
  const rows0 = JSON.parse(spawnSync(DSL_BIN, ["check", "--format", "json", project], { encoding: "utf8" }).stdout);
  const splitRows = rows0.filter((r) => r.path.includes("split/"));
  log(`check: ${rows0.length} findings, ${splitRows.length} in split/`);
  check(splitRows.length > 0, "check finds something in split/ (the test needs it)");
  const before = await problems();
  await runCommand("Django Settings: Check Workspace");
  const done = page.locator(".notification-toast", { hasText: "deploy settings modules" });
  const doneShown = await done.first().waitFor({ timeout: 30000 }).then(() => true).catch(() => false);
  const doneText = doneShown ? (await done.first().innerText()).replace(/\s+/g, " ") : "";
  await shot("6-check-workspace");
  log(`notification: ${doneText}`);
  check(
    doneText.includes(`checked 2 deploy settings modules: ${rows0.length} finding`),
    `Check Workspace: "checked 2 deploy settings modules: ${rows0.length} findings"`,
  );
  await runCommand("View: Toggle Problems");
  await page.waitForTimeout(1000);
  const after = await problems();
  log(`problems before ${JSON.stringify(before)}, after ${JSON.stringify(after)}`);
  const listedAfter = (await rows.allInnerTexts().catch(() => [])).map((t) => t.replace(/\s+/g, " ").trim());
  log(`problems panel: ${JSON.stringify(listedAfter)}`);
  await shot("7-problems-after-check");
  check(
    listedAfter.some((t) => /^base\.py ?split\/config\/settings \d+$/.test(t)),
    "the Problems panel lists split/config/settings/base.py, never opened, with its problems",
  );
  check(before && after && after[1] > before[1], "more warnings counted after the check");
  await runCommand("View: Toggle Problems");

  // 13. The roles of split's modules, opened.
  await quickOpen("split/config/settings/base.py", "INSTALLED_APPS");
  check((await waitRole("Django: base of production.py")) !== undefined, 'base.py: "Django: base of production.py"');
  await quickOpen("split/config/settings/local.py", "DEBUG");
  check((await waitRole("Django: development settings")) !== undefined, 'local.py: "Django: development settings"');
  await quickOpen("split/config/urls.py", "urlpatterns");
  check((await waitRole(null)) !== undefined, "urls.py: no role shown");
  await shot("8-roles");
} catch (e) {
  failed = true;
  log(`FAIL: ${e && e.stack ? e.stack : e}`);
  await shot("failure");
} finally {
  if (browser) await browser.close().catch(() => {});
  if (server) {
    try {
      process.kill(-server.pid, "SIGTERM");
    } catch {}
  }
  if (!failed) fs.rmSync(work, { recursive: true, force: true });
  else log(`kept ${work} for inspection; screenshots and code-server.log in ${ARTIFACTS}`);
}
log(failed ? "FAILED" : "OK");
process.exit(failed ? 1 : 0);

-- Neovim, for real: loads editors/neovim/lsp/django_settings_lsp.lua unchanged
-- (its folder on 'runtimepath', then vim.lsp.enable), opens a copy of the
-- startproject example, and checks what a user sees and does:
--   1. the deploy diagnostics arrive, with Django's codes, on the right lines;
--   2. the code actions on the SECRET_KEY line include the environment rewrite;
--   3. applying it the way a user does (vim.lsp.buf.code_action) and writing
--      the buffer leaves `SECRET_KEY = os.environ[...]` and `import os` on disk;
--   4. the diagnostics are re-published without security.W009;
--   5. :DjangoSettingsRole and :DjangoSettingsCheckWorkspace echo the role
--      and the counts, and the check's diagnostics of a settings module
--      never opened reach vim.diagnostic.
--
-- Run: nvim --headless -u NONE -l test.lua REPO_ROOT PROJECT_COPY
-- with django-settings-lsp (the build under test) first on PATH.

local repo, project = arg[1], arg[2]
local settings_path = project .. '/mysite/settings.py'
local failures = 0
local started = vim.uv.hrtime()

local function log(msg)
  io.stderr:write(('[nvim %5.2fs] %s\n'):format((vim.uv.hrtime() - started) / 1e9, msg))
end

local function finish()
  if failures > 0 then
    log(('FAILED (%d)'):format(failures))
    vim.cmd('cquit 1')
  else
    log('OK')
    vim.cmd('qall!')
  end
end

local function check(cond, msg)
  if cond then
    log('ok: ' .. msg)
  else
    failures = failures + 1
    log('FAIL: ' .. msg)
  end
  return cond
end

local function must(cond, msg)
  if not check(cond, msg) then
    finish()
  end
end

-- What a user's init.lua does, with the integration's folder as a plugin.
vim.opt.runtimepath:prepend(repo .. '/editors/neovim')
vim.cmd('filetype on') -- `-u NONE` turns filetype detection off
vim.lsp.enable('django_settings_lsp')

local cfg = vim.lsp.config['django_settings_lsp']
must(cfg ~= nil and cfg.cmd ~= nil, 'vim.lsp.config has django_settings_lsp from the lsp/ file')
check(vim.deep_equal(cfg.filetypes, { 'python' }), 'filetypes = { "python" }')

vim.cmd.edit(vim.fn.fnameescape(settings_path))
local buf = vim.api.nvim_get_current_buf()
must(vim.bo[buf].filetype == 'python', 'settings.py has filetype python')

local client
must(vim.wait(10000, function()
  client = vim.lsp.get_clients({ bufnr = buf, name = 'django_settings_lsp' })[1]
  return client ~= nil and client.initialized
end, 50), 'the client attached to the buffer and initialized')
check(client.root_dir == project, 'root_dir is the folder with manage.py: ' .. tostring(client.root_dir))
check(client.offset_encoding == 'utf-8', 'negotiated position encoding utf-8: ' .. tostring(client.offset_encoding))

-- 1. Diagnostics: codes and 1-based line:column (bytes) of a fresh
-- startproject. The settings it leaves out sit on the MIDDLEWARE entry
-- that makes Django check them, none on line 1 (the docstring).
local expected = {
  ['security.W004'] = '43:5',
  ['security.W008'] = '43:5',
  ['security.W012'] = '44:5',
  ['security.W016'] = '46:5',
  ['security.W009'] = '23:14',
  ['security.W018'] = '26:9',
  ['security.W020'] = '28:17',
}
local function diag_map()
  local got = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.severity ~= vim.diagnostic.severity.INFO and d.severity ~= vim.diagnostic.severity.HINT then
      got[d.code] = ('%d:%d'):format(d.lnum + 1, d.col + 1)
    end
  end
  return got
end
local arrived = vim.wait(10000, function()
  return vim.tbl_count(diag_map()) >= vim.tbl_count(expected)
end, 50)
check(arrived, 'diagnostics arrived')
local got = diag_map()
check(vim.deep_equal(got, expected), 'diagnostics are exactly the expected codes and lines: ' .. vim.inspect(got))
for _, d in ipairs(vim.diagnostic.get(buf)) do
  if d.code == 'security.W018' then
    check(d.source == 'django-settings', 'source is django-settings')
    check(d.severity == vim.diagnostic.severity.WARN, 'security.W018 is a warning')
  end
end

-- 2. Code actions on the SECRET_KEY line.
local title = 'Read SECRET_KEY from the environment variable DJANGO_SECRET_KEY'
vim.api.nvim_win_set_cursor(0, { 23, 0 })
local params = vim.lsp.util.make_range_params(0, client.offset_encoding)
params.context = {
  diagnostics = vim.lsp.diagnostic.from(vim.diagnostic.get(buf, { lnum = 22 })),
  triggerKind = 1,
}
local resp = client:request_sync('textDocument/codeAction', params, 5000, buf)
must(resp and resp.result, 'textDocument/codeAction answered')
local titles = vim.tbl_map(function(a)
  return a.title
end, resp.result)
check(vim.tbl_contains(titles, title), 'offered: ' .. title .. ' among ' .. vim.inspect(titles))

-- 3. Apply it as a user would, write, read the file on disk.
local before = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
vim.lsp.buf.code_action({
  apply = true,
  filter = function(a)
    return a.title == title
  end,
})
check(vim.wait(5000, function()
  return not vim.deep_equal(vim.api.nvim_buf_get_lines(buf, 0, -1, false), before)
end, 20), 'the edit was applied to the buffer')
vim.cmd('silent write')
local disk = table.concat(vim.fn.readfile(settings_path), '\n')
check(disk:find("\nSECRET_KEY = os%.environ%[['\"]DJANGO_SECRET_KEY['\"]%]\n") ~= nil, 'on disk: SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]')
check(disk:find('\nimport os\n') ~= nil, 'on disk: import os')
check(disk:find('django%-insecure%-') == nil, 'on disk: the insecure key is gone')

-- 4. The warning goes away; the others move down with `import os`.
check(vim.wait(10000, function()
  local m = diag_map()
  return m['security.W009'] == nil and m['security.W018'] == '27:9' and m['security.W020'] == '29:17'
    and m['security.W004'] == '44:5' and m['security.W016'] == '47:5'
end, 50), 'security.W009 is no longer reported: ' .. vim.inspect(diag_map()))

-- 5. The commands, their answers as vim.notify shows them.
local notes = {}
vim.notify = function(msg)
  table.insert(notes, msg)
end
local function notified(pattern)
  return vim.wait(10000, function()
    for _, m in ipairs(notes) do
      if m:find(pattern) then
        return true
      end
    end
    return false
  end, 50)
end
vim.cmd('DjangoSettingsRole')
check(notified('^django%-settings%-lsp: deploy: checked as deploy settings: DJANGO_SETTINGS_MODULE in mysite/wsgi%.py names it$'),
  ':DjangoSettingsRole: ' .. vim.inspect(notes))
-- A second deploy module, never opened (a settings.py of another package).
local other = project .. '/staging/settings.py'
vim.fn.mkdir(project .. '/staging', 'p')
vim.fn.writefile({ 'DEBUG = True' }, other)
vim.cmd('DjangoSettingsCheckWorkspace')
check(notified('^django%-settings%-lsp: checked 2 deploy settings modules: %d+ findings$'),
  ':DjangoSettingsCheckWorkspace: ' .. vim.inspect(notes))
check(vim.wait(10000, function()
  for _, d in ipairs(vim.diagnostic.get()) do
    if d.code == 'security.W018' and vim.api.nvim_buf_get_name(d.bufnr) == other then
      return true
    end
  end
  return false
end, 50), 'staging/settings.py, never opened: its security.W018 is in vim.diagnostic')

finish()

-- The README's advice for buffers shared with pyright/basedpyright (UTF-16
-- only): force UTF-16 for django-settings-lsp too. Checks that the override
-- negotiates UTF-16 and that positions stay right past characters that take
-- 1, 2 and 4 bytes in UTF-8 and 1 or 2 units in UTF-16.
--
-- Run: nvim --headless -u NONE -l utf16.lua REPO_ROOT PROJECT_COPY

local repo, project = arg[1], arg[2]
local settings_path = project .. '/mysite/settings.py'
local failures = 0
local function check(cond, msg)
  io.stderr:write((cond and 'ok: ' or 'FAIL: ') .. msg .. '\n')
  if not cond then
    failures = failures + 1
  end
end

-- A line where the value comes after non-ASCII text.
local lines = vim.fn.readfile(settings_path)
for i, l in ipairs(lines) do
  if l == 'DEBUG = True' then
    lines[i] = 'GREETING = "é€😀"; DEBUG = True'
  end
end
vim.fn.writefile(lines, settings_path)

vim.opt.runtimepath:prepend(repo .. '/editors/neovim')
vim.cmd('filetype on')
vim.lsp.config('django_settings_lsp', {
  capabilities = { general = { positionEncodings = { 'utf-16' } } },
})
vim.lsp.enable('django_settings_lsp')
vim.cmd.edit(vim.fn.fnameescape(settings_path))
local buf = vim.api.nvim_get_current_buf()
local client
check(vim.wait(10000, function()
  client = vim.lsp.get_clients({ bufnr = buf, name = 'django_settings_lsp' })[1]
  return client ~= nil and client.initialized
end, 50), 'client initialized')
check(client and client.offset_encoding == 'utf-16', 'negotiated utf-16: ' .. tostring(client and client.offset_encoding))

local d18
check(vim.wait(10000, function()
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.code == 'security.W018' then
      d18 = d
    end
  end
  return d18 ~= nil
end, 50), 'security.W018 arrived')
if d18 then
  local line = vim.api.nvim_buf_get_lines(buf, d18.lnum, d18.lnum + 1, false)[1]
  local want = line:find('True', 1, true) - 1
  check(d18.col == want and d18.end_col == want + 4, ('W018 on "True": byte columns %d-%d, want %d-%d'):format(d18.col, d18.end_col, want, want + 4))
end
vim.cmd(failures > 0 and 'cquit 1' or 'qall!')

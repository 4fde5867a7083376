-- The README's "safe fixes on save" autocmd, verbatim: writing the buffer
-- must put the safe fix (DEBUG = False) on disk in the same write, and leave
-- the unsafe ones (SECRET_KEY) alone.
--
-- Run: nvim --headless -u NONE -l fix_on_save.lua REPO_ROOT PROJECT_COPY

local repo, project = arg[1], arg[2]
local settings_path = project .. '/mysite/settings.py'
vim.opt.runtimepath:prepend(repo .. '/editors/neovim')
vim.cmd('filetype on')
vim.lsp.enable('django_settings_lsp')

-- README snippet begins
vim.api.nvim_create_autocmd('BufWritePre', {
  pattern = '*.py',
  callback = function(ev)
    for _, client in ipairs(vim.lsp.get_clients({ bufnr = ev.buf, name = 'django_settings_lsp' })) do
      local params = vim.lsp.util.make_range_params(0, client.offset_encoding)
      params.context = { only = { 'source.fixAll.django-settings' }, diagnostics = {} }
      local resp = client:request_sync('textDocument/codeAction', params, 1000, ev.buf)
      for _, action in ipairs(resp and resp.result or {}) do
        if action.edit then
          vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
        end
      end
    end
  end,
})
-- README snippet ends

local failures = 0
local function check(cond, msg)
  io.stderr:write((cond and 'ok: ' or 'FAIL: ') .. msg .. '\n')
  if not cond then
    failures = failures + 1
  end
end
vim.cmd.edit(vim.fn.fnameescape(settings_path))
check(vim.wait(10000, function()
  return #vim.diagnostic.get(0) >= 7
end, 50), 'diagnostics arrived')
vim.cmd('silent write')
local disk = table.concat(vim.fn.readfile(settings_path), '\n')
check(disk:find('\nDEBUG = False\n') ~= nil, 'on disk after one :write: DEBUG = False')
check(disk:find("SECRET_KEY = 'django%-insecure%-") ~= nil, 'SECRET_KEY untouched (not a safe fix)')
check(not vim.bo.modified, 'the buffer is not left modified')
vim.cmd(failures > 0 and 'cquit 1' or 'qall!')

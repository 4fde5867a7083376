---@brief
--- django-settings-lsp: Django's `manage.py check --deploy`, statically, as
--- you type in your settings modules, with quick fixes.
---
--- Install the binary (`cargo install --path server` in a checkout of
--- django-settings-lsp) so that `django-settings-lsp` is on your PATH, put the
--- folder holding this `lsp/` directory on 'runtimepath' (or copy this file
--- into `~/.config/nvim/lsp/`), then:
---
--- ```lua
--- vim.lsp.enable('django_settings_lsp')
--- ```
---
--- The server reads the files it is given and decides by itself which ones
--- are settings modules; other Python files get no diagnostics. Its
--- configuration goes under `settings['django-settings-lsp']` (keys `select`,
--- `ignore`, `severity`, `deploy-modules`, `development-modules`, `notes`),
--- for example:
---
--- ```lua
--- vim.lsp.config('django_settings_lsp', {
---   settings = { ['django-settings-lsp'] = { ignore = { 'security.W008' } } },
--- })
--- ```

---
--- In the buffers it attaches to, two commands:
---
--- - `:DjangoSettingsCheckWorkspace` checks every deploy settings module of
---   the workspace (`django-settings-lsp/checkWorkspace`): the diagnostics of
---   modules you have not opened arrive too (`:lua vim.diagnostic.setqflist()`
---   lists them all), and the counts are echoed.
--- - `:DjangoSettingsRole` echoes the current file's role (deploy, base,
---   development settings or none) and why (`django-settings-lsp/fileRole`).

--- `method` sent to this buffer's django-settings-lsp client; `done` gets
--- the result, errors are notified.
local function request(client, bufnr, method, params, done)
  client:request(method, params, function(err, result)
    if err then
      vim.notify(('django-settings-lsp: %s'):format(err.message), vim.log.levels.ERROR)
    else
      done(result)
    end
  end, bufnr)
end

---@type vim.lsp.Config
return {
  cmd = { 'django-settings-lsp' },
  filetypes = { 'python' },
  root_markers = { 'manage.py', 'pyproject.toml', '.git' },
  settings = {
    ['django-settings-lsp'] = {},
  },
  on_attach = function(client, bufnr)
    vim.api.nvim_buf_create_user_command(bufnr, 'DjangoSettingsCheckWorkspace', function()
      vim.notify('django-settings-lsp: checking the workspace...')
      request(client, bufnr, 'django-settings-lsp/checkWorkspace', vim.empty_dict(), function(r)
        vim.notify(
          ('django-settings-lsp: checked %d deploy settings module%s: %d finding%s%s'):format(
            r.modules,
            r.modules == 1 and '' or 's',
            r.findings,
            r.findings == 1 and '' or 's',
            r.skipped > 0 and (' (%d more not checked)'):format(r.skipped) or ''
          )
        )
      end)
    end, { desc = 'django-settings-lsp: check every deploy settings module of the workspace' })
    vim.api.nvim_buf_create_user_command(bufnr, 'DjangoSettingsRole', function()
      local params = { uri = vim.uri_from_bufnr(bufnr) }
      request(client, bufnr, 'django-settings-lsp/fileRole', params, function(r)
        vim.notify(('django-settings-lsp: %s: %s'):format(r.role, r.why))
      end)
    end, { desc = "django-settings-lsp: this file's role for the deploy checks, and why" })
  end,
}

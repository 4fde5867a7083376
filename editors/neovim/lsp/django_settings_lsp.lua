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

---@type vim.lsp.Config
return {
  cmd = { 'django-settings-lsp' },
  filetypes = { 'python' },
  root_markers = { 'manage.py', 'pyproject.toml', '.git' },
  settings = {
    ['django-settings-lsp'] = {},
  },
}

DEBUG = True
import debug_toolbar_is_not_installed  # noqa: E402,F401

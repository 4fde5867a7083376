# django-split-settings: include() runs a glob of components in name order (a file named again later is not run twice), then an environment file that includes its own neighbour (paths relative to the included file), and skips an optional missing file. Django reports: W008, W012, W016, W021
from split_settings.tools import include, optional

include(
    "components/*.py",
    "environments/production.py",
    optional("local_settings.py"),
    "components/10_security.py",
)

# proj/__init__.py raises at import: importing proj.settings.production fails. Django reports: crash RuntimeError
from .base import *  # noqa: F401,F403

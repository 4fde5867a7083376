# Production star-imports hardening.py only when DJANGO_HARDEN (unset, default "yes") is "yes". Django reports: nothing
import os

from .base import *  # noqa: F401,F403

if os.environ.get("DJANGO_HARDEN", "yes") == "yes":
    from .hardening import *  # noqa: F401,F403

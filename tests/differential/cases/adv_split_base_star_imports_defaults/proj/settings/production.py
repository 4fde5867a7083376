# base star-imports defaults (DEBUG True, weak key); base overrides only DEBUG; production adds nothing. Django reports: W009
from .base import *  # noqa: F401,F403

# Base silences W018; production += W008 to the silenced list and sets XFO SAMEORIGIN. Django reports: W019
from .base import *  # noqa: F401,F403

SILENCED_SYSTEM_CHECKS += ["security.W008"]
X_FRAME_OPTIONS = "SAMEORIGIN"

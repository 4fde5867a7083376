# Absolute `from proj.settings.base import *`; production fixes X_FRAME_OPTIONS but not the None referrer policy. Django reports: W022
from proj.settings.base import *  # noqa: F401,F403

X_FRAME_OPTIONS = "DENY"

# production star-imports base (weak fallbacks, insecure XFO) then dels both: Django's defaults apply. Django reports: nothing
from .base import *  # noqa: F401,F403

del SECRET_KEY_FALLBACKS
del X_FRAME_OPTIONS

# base reads os.environ["DJANGO_DB_URL"] in try/except KeyError; production overrides nothing; weak fallback key in base. Django reports: W009
from .base import *  # noqa: F401,F403

# helper env_bool lives in proj/utils.py; production does `from proj.utils import env_bool` (absolute). Django reports: W012
from .base import *  # noqa: F401,F403
from proj.utils import env_bool  # noqa: E402

SESSION_COOKIE_SECURE = env_bool("DJANGO_SESSION_COOKIE_SECURE", "yes")

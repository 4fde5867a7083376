# base.py has a syntax error after its settings; production star-imports it. Django reports: crash SyntaxError
from .base import *  # noqa: F401,F403

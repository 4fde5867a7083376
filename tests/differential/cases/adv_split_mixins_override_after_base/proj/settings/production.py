# production star-imports base, then a mixins module that turns DEBUG on and SSL redirect off. Django reports: W008, W018
from .base import *  # noqa: F401,F403
from .mixins import *  # noqa: F401,F403

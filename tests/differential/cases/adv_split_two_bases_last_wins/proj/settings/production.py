# production star-imports base_a then base_b; both define MIDDLEWARE, base_b's lacks XFrameOptionsMiddleware. Django reports: W002
from .base_a import *  # noqa: F401,F403
from .base_b import *  # noqa: F401,F403

from .base import MIDDLEWARE

MIDDLEWARE.remove("django.middleware.csrf.CsrfViewMiddleware")

# SECRET_KEY = object(), a sentinel: Django's W009 check calls set() on it and raises. Django reports: crash TypeError
SECRET_KEY = object()
DEBUG = False
ALLOWED_HOSTS = ["www.example.com"]

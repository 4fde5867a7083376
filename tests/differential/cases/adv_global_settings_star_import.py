# from django.conf.global_settings import * then DEBUG = True (every other setting is the default). Django reports: W001, W002, W003, W009, W018, W020
from django.conf.global_settings import *  # noqa: F401,F403

DEBUG = True

# A settings module that sets nothing: every value is Django's default. Django reports: W001, W002, W003, W009, W020
"""Nothing here: Django falls back to global_settings for everything."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "lib.accounts"
    label = "sessions"

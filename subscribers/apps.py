from django.apps import AppConfig


class SubscribersConfig(AppConfig):
    name = "subscribers"
    verbose_name = "Followers"

    def ready(self):
        from . import signals  # noqa: F401

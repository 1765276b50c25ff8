from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save

# Saving or deleting any of these changes what public pages show.
PUBLIC_CONTENT_MODELS = [
    "stories.Story",
    "events.Event",
    "letters.Letter",
    "taggit.TaggedItem",
    "taggit.Tag",
]


class AasrSiteConfig(AppConfig):
    name = "aasr_site"
    verbose_name = "Site"

    def ready(self):
        from django.apps import apps

        from . import checks, editors, images, page_cache  # noqa: F401 (checks)

        for label in PUBLIC_CONTENT_MODELS:
            model = apps.get_model(label)
            for signal in (post_save, post_delete):
                signal.connect(
                    page_cache.content_changed,
                    sender=model,
                    dispatch_uid=f"page-cache-{label}-{signal}",
                )
        for label in ["stories.Story", "events.Event"]:
            post_delete.connect(
                images.delete_files_of_deleted,
                sender=apps.get_model(label),
                dispatch_uid=f"image-files-{label}",
            )
        post_migrate.connect(editors.after_migrate, dispatch_uid="editors-group")

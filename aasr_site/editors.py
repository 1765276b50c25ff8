"""The `editors` group: exactly what someone publishing the site needs, no more.

Editors manage content (stories, events, letters, tags, mailings) and followers, but
not user accounts or permissions. The group is created by a migration and its
permissions are brought up to date after every `migrate`, so models added later are
covered too.
"""

EDITORS_GROUP = "editors"
# Every permission of these apps' models.
CONTENT_APPS = ["stories", "events", "letters", "taggit", "redirects"]
# Mailings: editors write, test and send them.
MAILING_CODENAMES = ["add_mailing", "change_mailing", "delete_mailing", "view_mailing"]
# Followers: editors see, correct, export and erase them, but add none by hand;
# delivery records are the worker's, editors only read them.
FOLLOWER_CODENAMES = ["view_subscriber", "change_subscriber", "delete_subscriber",
                      "view_delivery"]  # fmt: skip


def editor_permissions(Permission):
    content = Permission.objects.filter(content_type__app_label__in=CONTENT_APPS)
    subscribers = Permission.objects.filter(
        content_type__app_label="subscribers",
        codename__in=MAILING_CODENAMES + FOLLOWER_CODENAMES,
    )
    return content | subscribers


def after_migrate(*, sender, apps=None, **kwargs):
    """Bring the group up to date once every app's permissions exist: after the
    post-migrate step of the last app that has models."""
    from django.apps import apps as global_apps

    with_models = [a for a in global_apps.get_app_configs() if a.models_module]
    if with_models and sender.label == with_models[-1].label:
        sync_editors_group(apps=apps)


def sync_editors_group(*, apps=None, **kwargs):
    from django.apps import apps as global_apps

    apps = apps or global_apps
    try:
        Group = apps.get_model("auth", "Group")
        Permission = apps.get_model("auth", "Permission")
    except LookupError:
        return
    group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    group.permissions.set(editor_permissions(Permission))

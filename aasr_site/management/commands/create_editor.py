"""Create an account for someone who publishes the site: staff, in the `editors`
group, without superuser powers. Safer than handing out `createsuperuser`."""

import getpass
import os
import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from aasr_site.editors import EDITORS_GROUP, sync_editors_group


class Command(BaseCommand):
    help = (
        "Create an editor account (staff, in the editors group). The password is "
        "asked for, or read from DJANGO_EDITOR_PASSWORD when there is no terminal."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check, but create nothing."
        )

    def handle(self, *args, username, email, dry_run=False, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"A user named {username!r} already exists.")
        password = self.read_password()
        user = User(username=username, email=email, is_staff=True)
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        if dry_run:
            self.stdout.write(f"Would create the editor {username!r}.")
            return
        with transaction.atomic():
            user.set_password(password)
            user.save()
            if not Group.objects.filter(name=EDITORS_GROUP).exists():
                sync_editors_group()
            user.groups.add(Group.objects.get(name=EDITORS_GROUP))
        self.stdout.write(
            self.style.SUCCESS(
                f"Created the editor {username!r}. They sign in at /admin/."
            )
        )

    def read_password(self) -> str:
        from_env = os.environ.get("DJANGO_EDITOR_PASSWORD")
        if from_env:
            return from_env
        if not sys.stdin.isatty():
            raise CommandError(
                "No terminal to ask for a password: set DJANGO_EDITOR_PASSWORD."
            )
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("The passwords do not match.")
        return password

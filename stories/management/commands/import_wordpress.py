"""Move the old WordPress site's posts in as stories, and keep its links working.

Why: AASR's years of stories live in a WordPress site, and links to them are out there
in emails, social posts and news articles. This reads the export WordPress makes
(Tools → Export, a WXR file) and turns each post into a story, then stores a permanent
redirect from every old address (/2024/02/14/slug/, /?p=12, /category/parents/,
/tag/iep/, /feed/) to the new one. Running it again updates the same stories, matched
on the WordPress post id.

Bodies become Markdown (with markdownify), not kept as HTML: a story's body is
Markdown that editors change in the admin, so an imported story must read and edit
like any other. Classic-editor posts get their paragraphs the way WordPress makes them
when it renders (wpautop); block comments and shortcodes give way to their text; a bare
video URL on its own line becomes a link; <!--more--> marks the excerpt. Story.save()
then renders the Markdown and sanitizes it with the site's one allowed list (nh3), so
whatever HTML the old posts held, no script or style reaches a page.
"""

from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.redirects.models import Redirect
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.text import Truncator, slugify
from taggit.models import Tag

from aasr_site import images
from aasr_site.markdown import plain_text
from aasr_site.publishing import unique_slug
from aasr_site.wording import counted
from stories.management.wordpress import (
    ExportError,
    Item,
    attachment_file,
    convert_post,
    plain_excerpt,
    publish_date,
    read_export,
    request_path,
)
from stories.models import Perspective, Story, StoryStatus

STATUSES = {
    "publish": StoryStatus.PUBLISHED,
    "future": StoryStatus.PUBLISHED,  # a future publish time: scheduled
    "draft": StoryStatus.DRAFT,
    "pending": StoryStatus.DRAFT,
}
# WordPress's default category says nothing about a story.
IGNORED_CATEGORIES = {"uncategorized"}
REDIRECT_PATH_MAX = Redirect._meta.get_field("old_path").max_length


class ItemSkipped(Exception):
    """This post is not imported, for the reason given."""


class Command(BaseCommand):
    help = (
        "Import the posts of a WordPress export (WXR) as stories, with their images, "
        "and store redirects from the old addresses."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", help="The export file from Tools → Export.")
        parser.add_argument(
            "--uploads",
            help="A copy of wp-content/uploads, for featured images.",
        )
        parser.add_argument(
            "--page",
            action="append",
            default=[],
            metavar="SLUG[=NEW]",
            help="A WordPress page to list in the report for moving by hand, e.g. "
            "restraint-and-seclusion=explainer (a URL name or a path); with a new "
            "address its old links redirect there. Repeatable.",
        )
        parser.add_argument(
            "--category",
            action="append",
            default=[],
            metavar="CATEGORY=PERSPECTIVE",
            help="Map a category to a perspective when its name does not say it, "
            "e.g. advocacy=advocate. Categories named like a perspective (Parents, "
            "Teachers) match by themselves. Repeatable.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Read and convert everything and report; change nothing.",
        )

    def handle(self, *args, export, uploads, page, category, dry_run, **options):
        self.verbosity = options["verbosity"]
        self.dry_run = dry_run
        self.uploads = Path(uploads).resolve() if uploads else None
        if self.uploads and not self.uploads.is_dir():
            raise CommandError(f"--uploads is not a folder: {uploads}")
        self.category_map = self.parse_category_map(category)
        self.pages = self.parse_pages(page)
        try:
            self.export = read_export(export)
        except FileNotFoundError:
            raise CommandError(f"No such file: {export}") from None
        except ExportError as error:
            raise CommandError(str(error)) from None

        self.counts = Counter()
        self.skipped = Counter()
        self.notes = []
        self.attachments = self.export.attachments()
        self.redirect_count = 0
        for item in self.export.items:
            if item.post_type == "post":
                self.import_post(item)
            elif item.post_type == "page":
                self.list_page(item)
            elif item.post_type != "attachment":
                self.skipped[f"not a post ({item.post_type})"] += 1
        self.store_archive_redirects()
        self.report()

    # --- options ------------------------------------------------------------------

    def parse_category_map(self, pairs) -> dict[str, str]:
        mapping = {}
        for pair in pairs:
            name, _, perspective = pair.partition("=")
            if perspective not in Perspective.values:
                raise CommandError(
                    f"--category {pair}: the perspective must be one of "
                    f"{', '.join(Perspective.values)}."
                )
            mapping[name.strip().lower()] = perspective
        return mapping

    def parse_pages(self, pairs) -> dict[str, str]:
        pages = {}
        for pair in pairs:
            slug, _, new = pair.partition("=")
            new = new.strip()
            if new and not new.startswith("/"):
                try:
                    new = reverse(new)
                except NoReverseMatch:
                    raise CommandError(
                        f"--page {pair}: “{new}” is neither a path nor a URL name."
                    ) from None
            pages[slug.strip()] = new
        return pages

    # --- posts --------------------------------------------------------------------

    def import_post(self, item: Item):
        label = f"post {item.post_id} “{item.title or '(no title)'}”"
        try:
            if item.status not in STATUSES:
                raise ItemSkipped(f"status “{item.status}”")
            story = Story.objects.filter(wordpress_id=item.post_id).first() or Story(
                wordpress_id=item.post_id
            )
            is_new = story.pk is None
            tags = self.fill_story(story, item, label)
            if self.dry_run:
                story.full_clean(exclude=["image"])
                for old_path in self.post_redirects(item, story):
                    self.store_redirect(old_path, story.get_absolute_url())
            else:
                self.save_story(story, item, tags, label)
        except ItemSkipped as reason:
            self.skipped[str(reason)] += 1
            self.say(f"Skipped {label}: {reason}", verbosity=2)
            return
        except (ValidationError, ValueError, OSError, DatabaseError) as error:
            self.skipped["could not be imported"] += 1
            self.notes.append(f"{label} was not imported: {self.explain(error)}")
            return
        self.counts["imported" if is_new else "updated"] += 1
        self.say(f"{'Imported' if is_new else 'Updated'} {label}", verbosity=2)

    def fill_story(self, story: Story, item: Item, label: str) -> list[str]:
        converted = convert_post(item.content)
        if not converted.body.strip():
            raise ItemSkipped("no text")
        for note in converted.notes:
            self.notes.append(f"{label}: {note}")
        title = item.title or Truncator(plain_text(converted.body)).words(8)
        if not item.title:
            title = title or f"Untitled (WordPress post {item.post_id})"
            self.notes.append(f"{label} has no title; it is now “{title}”")
        story.title = Truncator(title).chars(200)
        story.body = converted.body
        story.excerpt = plain_excerpt(item.excerpt) or converted.excerpt
        story.byline = self.export.authors.get(item.creator, item.creator)[:120]
        story.status = STATUSES[item.status]
        if story.status == StoryStatus.PUBLISHED:
            story.published_at = publish_date(item) or timezone.now()
        else:
            story.published_at = None
        if not story.pk or not story.slug:
            story.slug = unique_slug(
                story, slugify(unquote(item.slug)) or title, fallback="story"
            )
        perspectives, tags = [], []
        for term in item.terms:
            if term.taxonomy == "post_tag":
                tags.append(term.name[:100])
            elif term.taxonomy == "category" and term.slug not in IGNORED_CATEGORIES:
                perspective = self.perspective_for(term.name, term.slug)
                if perspective and not perspectives:
                    perspectives.append(perspective)
                else:
                    tags.append(term.name[:100])
        story.perspective = perspectives[0] if perspectives else Perspective.OTHER
        # A tag's page address needs a slug; a name of punctuation alone has none.
        for name in [t for t in tags if not slugify(t, allow_unicode=True)]:
            tags.remove(name)
            self.notes.append(f"{label}: tag “{name}” left out (no address possible)")
        return tags

    def perspective_for(self, name: str, slug: str) -> str:
        for key in (slug.lower(), name.strip().lower()):
            if key in self.category_map:
                return self.category_map[key]
        singular = name.strip().lower().removesuffix("s")
        for value, label in Perspective.choices:
            if singular in (value, label.lower()):
                return value
        return ""

    def thumbnail_id(self, item: Item) -> int:
        return int(item.meta.get("_thumbnail_id") or 0)

    def featured_image(self, item: Item, label: str):
        """The attachment file and alt text of the post's featured image, if found."""
        attachment = self.attachments.get(self.thumbnail_id(item))
        if attachment is None:
            return None, ""
        relative = attachment_file(attachment)
        if self.uploads is None:
            self.notes.append(
                f"{label}: featured image {relative} left out (no uploads)"
            )
            return None, ""
        path = (self.uploads / relative).resolve()
        if not path.is_file() or not path.is_relative_to(self.uploads):
            self.notes.append(f"{label}: featured image {relative} is not in uploads")
            return None, ""
        with path.open("rb") as image_file:
            try:
                images.validate_image(File(image_file, name=path.name))
            except ValidationError as error:
                self.notes.append(
                    f"{label}: featured image {relative} left out: {error.messages[0]}"
                )
                return None, ""
        alt = (
            attachment.meta.get("_wp_attachment_image_alt", "").strip()
            or plain_excerpt(attachment.excerpt)  # the caption
        )
        if not alt:
            self.notes.append(
                f"{label}: featured image {relative} has no alt text; left out, add "
                "it with a description in the admin"
            )
            return None, ""
        return path, alt[:250]

    def save_story(self, story: Story, item: Item, tags: list[str], label: str):
        # The whole story or nothing: a failure part-way rolls back its row, tags and
        # redirects together.
        with transaction.atomic():
            image_path, alt = (None, "")
            if not story.image:
                image_path, alt = self.featured_image(item, label)
            if image_path:
                with image_path.open("rb") as image_file:
                    story.image = File(image_file, name=image_path.name)
                    story.image_alt = alt
                    story.full_clean()
                    story.save()
            else:
                story.full_clean()
                story.save()
            story.tags.set(tags)
            for old_path in self.post_redirects(item, story):
                self.store_redirect(old_path, story.get_absolute_url())
            attachment = self.attachments.get(self.thumbnail_id(item))
            if story.image and attachment and attachment.attachment_url:
                # Emails and other sites link straight to the old image file.
                old_image = request_path(urlsplit(attachment.attachment_url).path)
                self.store_redirect(old_image, story.image.url)

    def post_redirects(self, item: Item, story: Story) -> list[str]:
        """The post's old addresses: its permalink, /?p=ID, its attachment pages."""
        old_paths = {item.old_path, f"/?p={item.post_id}"} | {
            attachment.old_path
            for attachment in self.attachments.values()
            if attachment.parent_id == item.post_id
        }
        new_path = story.get_absolute_url()
        return sorted(
            p for p in old_paths if p != new_path and len(p) <= REDIRECT_PATH_MAX
        )

    # --- pages and archives -------------------------------------------------------

    def list_page(self, item: Item):
        if item.slug not in self.pages:
            self.skipped["page (name it with --page to list it)"] += 1
            self.say(f"Skipped page “{item.title}” ({item.old_path})", verbosity=2)
            return
        new_path = self.pages[item.slug]
        self.counts["pages listed"] += 1
        where = f"now {new_path}" if new_path else "no new address given"
        self.notes.append(
            f"Page “{item.title}” ({item.old_path}) is not imported: move its text "
            f"by hand ({where})"
        )
        if new_path:
            for old_path in (item.old_path, f"/?page_id={item.post_id}"):
                self.store_redirect(old_path, new_path)

    def store_archive_redirects(self):
        """Old category and tag archives, and the site feed, to their new pages."""
        stories = reverse("stories:list")
        targets = {"/feed/": reverse("stories:feed")}
        for term in self.export.terms:
            if term.taxonomy == "category":
                perspective = self.perspective_for(term.name, term.slug)
                if perspective:
                    target = f"{stories}?perspective={perspective}"
                else:
                    target = self.tag_page(term.name) or stories
                targets[request_path(f"/category/{term.slug}/")] = target
                if term.term_id:
                    targets[f"/?cat={term.term_id}"] = target
            else:
                target = self.tag_page(term.name) or stories
                targets[request_path(f"/tag/{term.slug}/")] = target
                # Looked up by the query value as Django decodes it.
                targets[f"/?tag={unquote(term.slug)}"] = target
        with transaction.atomic():
            for old_path, new_path in targets.items():
                self.store_redirect(old_path, new_path)

    def tag_page(self, name: str) -> str:
        tag = Tag.objects.filter(name=name).only("slug").first()
        try:
            return reverse("stories:tag", kwargs={"tag": tag.slug}) if tag else ""
        except NoReverseMatch:
            return ""

    def store_redirect(self, old_path: str, new_path: str):
        if old_path == new_path or len(old_path) > REDIRECT_PATH_MAX:
            return
        self.redirect_count += 1
        if not self.dry_run:
            Redirect.objects.update_or_create(
                site_id=settings.SITE_ID,
                old_path=old_path,
                defaults={"new_path": new_path},
            )

    # --- report -------------------------------------------------------------------

    def explain(self, error) -> str:
        if isinstance(error, ValidationError) and hasattr(error, "message_dict"):
            return "; ".join(
                f"{name}: {' '.join(messages)}"
                for name, messages in error.message_dict.items()
            )
        return str(error)

    def say(self, message: str, verbosity: int = 1):
        if self.verbosity >= verbosity:
            self.stdout.write(message)

    def report(self):
        prefix = "Dry run, nothing changed. Would have: " if self.dry_run else ""
        skipped = sum(self.skipped.values())
        self.say(
            self.style.SUCCESS(
                f"{prefix}imported {self.counts['imported']}, updated "
                f"{self.counts['updated']}, skipped {skipped}, listed "
                f"{counted(self.counts['pages listed'], 'pages')}; "
                f"{counted(self.redirect_count, 'redirects')} stored."
            )
        )
        for reason, count in sorted(self.skipped.items()):
            self.say(f"  skipped {count}: {reason}")
        for note in self.notes:
            self.say(self.style.WARNING(f"  {note}"))

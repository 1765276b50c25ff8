"""Summaries derived from a story's body kept HTML entities ("&amp;"), which pages
then escaped again: a reader saw "&amp;" for "&". Store the plain characters."""

import html

from django.db import migrations


def unescape_derived_summaries(apps, schema_editor):
    Story = apps.get_model("stories", "Story")
    derived = Story.objects.filter(excerpt="", summary_text__contains="&")
    for story in derived.only("pk", "summary_text").iterator():
        plain = html.unescape(story.summary_text)
        if plain != story.summary_text:
            Story.objects.filter(pk=story.pk).update(summary_text=plain)


class Migration(migrations.Migration):
    dependencies = [("stories", "0005_published_index")]

    operations = [
        migrations.RunPython(unescape_derived_summaries, migrations.RunPython.noop)
    ]

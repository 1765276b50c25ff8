"""Summaries derived from a story's body kept its HTML entities, which pages escaped
again ("&amp;"), and ran its headings into its sentences ("...at 10:40. What happened
They said"): derive them again, as plain words, without the headings."""

from django.db import migrations

from aasr_site.markdown import summary_of_html


def derive_summaries_again(apps, schema_editor):
    Story = apps.get_model("stories", "Story")
    derived = Story.objects.filter(excerpt="").only("pk", "body_html", "summary_text")
    for story in derived.iterator():
        summary = summary_of_html(story.body_html)
        if summary != story.summary_text:
            Story.objects.filter(pk=story.pk).update(summary_text=summary)


class Migration(migrations.Migration):
    dependencies = [("stories", "0008_slug_help_text")]

    operations = [
        migrations.RunPython(derive_summaries_again, migrations.RunPython.noop)
    ]

from django.db import migrations, models

from aasr_site.markdown import text_of_html


def fill_body_text(apps, schema_editor):
    Story = apps.get_model("stories", "Story")
    for story in Story.objects.only("pk", "body_html").iterator():
        Story.objects.filter(pk=story.pk).update(body_text=text_of_html(story.body_html))


class Migration(migrations.Migration):
    dependencies = [("stories", "0006_unescape_summaries")]

    operations = [
        migrations.AddField(
            model_name="story",
            name="body_text",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(fill_body_text, migrations.RunPython.noop),
    ]

from django.db import migrations, models

from aasr_site.markdown import text_of_html


def fill_body_text(apps, schema_editor):
    Story = apps.get_model("stories", "Story")
    batch = []
    for story in Story.objects.only("pk", "body_html").iterator(chunk_size=500):
        story.body_text = text_of_html(story.body_html)
        batch.append(story)
        if len(batch) == 500:
            Story.objects.bulk_update(batch, ["body_text"])
            batch = []
    Story.objects.bulk_update(batch, ["body_text"])


class Migration(migrations.Migration):
    dependencies = [("stories", "0005_published_index")]

    operations = [
        migrations.AddField(
            model_name="story",
            name="body_text",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(fill_body_text, migrations.RunPython.noop),
    ]

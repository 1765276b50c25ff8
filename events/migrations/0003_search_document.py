from django.db import migrations

import aasr_site.search


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0002_join_link_image_recording"),
    ]

    operations = aasr_site.search.document_operations(
        model_name="event",
        table="events_event",
        fields=('title', 'summary', 'description'),
        index_name="event_search",
    )

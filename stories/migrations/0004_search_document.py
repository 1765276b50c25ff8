from django.db import migrations

import aasr_site.search


class Migration(migrations.Migration):
    dependencies = [
        ("stories", "0003_story_wordpress_id"),
    ]

    operations = aasr_site.search.document_operations(
        model_name="story",
        table="stories_story",
        fields=('title', 'summary_text', 'body'),
        index_name="story_search",
    )

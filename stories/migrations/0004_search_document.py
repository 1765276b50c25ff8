import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.conf import settings
from django.db import migrations

import aasr_site.search

TRIGGER, DROP_TRIGGER = aasr_site.search.document_trigger_sql(
    "stories_story", ("title", "summary_text", "body")
)


class Migration(migrations.Migration):

    dependencies = [
        ("stories", "0003_story_wordpress_id"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="story",
            name="search_document",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        # Fills the column for existing stories too.
        aasr_site.search.RunSQLOnPostgres(TRIGGER, DROP_TRIGGER),
        aasr_site.search.AddIndexOnPostgres(
            model_name="story",
            index=django.contrib.postgres.indexes.GinIndex(fields=["search_document"], name="story_search"),
        ),
    ]

from django.db import migrations

import aasr_site.search


class Migration(migrations.Migration):
    dependencies = [
        ("letters", "0002_guidance_and_response_time"),
    ]

    operations = aasr_site.search.document_operations(
        model_name="letter",
        table="letters_letter",
        fields=('title', 'summary', 'guidance', 'body'),
        index_name="letter_search",
    )

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


@pytest.mark.django_db(transaction=True)
def test_stored_summaries_lose_their_html_entities():
    executor = MigrationExecutor(connection)
    before = [("stories", "0005_published_index")]
    executor.migrate(before)
    Story = executor.loader.project_state(before).apps.get_model("stories", "Story")
    derived = Story.objects.create(
        title="Derived", slug="derived", excerpt="", summary_text="IEP &amp; 504"
    )
    typed = "Tom &amp; me"
    chosen = Story.objects.create(
        title="Chosen", slug="chosen", excerpt=typed, summary_text=typed
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    from stories.models import Story as CurrentStory

    assert CurrentStory.objects.get(pk=derived.pk).summary_text == "IEP & 504"
    # What an editor typed as the excerpt is theirs, kept as typed.
    assert CurrentStory.objects.get(pk=chosen.pk).summary_text == "Tom &amp; me"

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


@pytest.mark.django_db(transaction=True)
def test_stored_stories_get_plain_summaries_and_body_text():
    executor = MigrationExecutor(connection)
    before = [("stories", "0005_published_index")]
    executor.migrate(before)
    Story = executor.loader.project_state(before).apps.get_model("stories", "Story")
    derived = Story.objects.create(
        title="Derived",
        slug="derived",
        excerpt="",
        summary_text="IEP &amp; 504",
        body_html="<h2>The day</h2><p>IEP &amp; <em>504</em></p>",
    )
    typed = "Tom &amp; me"
    chosen = Story.objects.create(
        title="Chosen", slug="chosen", excerpt=typed, summary_text=typed
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    from stories.models import Story as CurrentStory

    derived = CurrentStory.objects.get(pk=derived.pk)
    assert derived.summary_text == "IEP & 504"
    assert derived.body_text == "The day IEP & 504"
    # What an editor typed as the excerpt is theirs, kept as typed.
    assert CurrentStory.objects.get(pk=chosen.pk).summary_text == "Tom &amp; me"

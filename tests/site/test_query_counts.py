import pytest

from tests.factories import EventFactory, LetterFactory, StoryFactory

pytestmark = pytest.mark.django_db

# Each page's queries stay fixed whatever the amount of content.
PAGES = {
    "/": 4,
    "/restraint-and-seclusion/": 0,
    # The first pages: the count, then the page's rows.
    "/stories/": 2,
    "/stories/?page=3": 2,
    # The story, its tags, the next and previous stories, related stories (counts
    # of shared tags, those stories, then the newest when fewer than three share).
    "/stories/story-detail/": 7,
    "/events/": 3,
    "/events/event-detail/": 2,
    # Letters, the topics to filter by, and the content type (once per process).
    "/letters/": 3,
    "/letters/letter-detail/": 3,
    "/subscribe/": 0,
}


@pytest.fixture
def lots_of_content():
    StoryFactory.create_batch(50, tags=["restraint", "parents"])
    StoryFactory(slug="story-detail", tags=["seclusion", "teachers"])
    EventFactory.create_batch(20, is_featured=True)
    EventFactory(slug="event-detail")
    LetterFactory.create_batch(20)
    LetterFactory(slug="letter-detail")


@pytest.mark.parametrize(("path", "budget"), PAGES.items())
def test_pages_run_a_small_fixed_number_of_queries(
    client, lots_of_content, django_assert_max_num_queries, path, budget
):
    with django_assert_max_num_queries(budget):
        response = client.get(path)
    assert response.status_code == 200

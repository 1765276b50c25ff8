import pytest

from tests.factories import EventFactory, LetterFactory, StoryFactory

pytestmark = pytest.mark.django_db

# Each page's queries stay fixed whatever the amount of content.
PAGES = [
    "/",
    "/restraint-and-seclusion/",
    "/stories/",
    "/stories/?page=3",
    "/stories/story-detail/",
    "/events/",
    "/events/event-detail/",
    "/letters/",
    "/letters/letter-detail/",
    "/subscribe/",
]


@pytest.fixture
def lots_of_content():
    StoryFactory.create_batch(50, tags=["restraint", "parents"])
    StoryFactory(slug="story-detail", tags=["seclusion", "teachers"])
    EventFactory.create_batch(20, is_featured=True)
    EventFactory(slug="event-detail")
    LetterFactory.create_batch(20)
    LetterFactory(slug="letter-detail")


@pytest.mark.parametrize("path", PAGES)
def test_pages_run_a_small_fixed_number_of_queries(
    client, lots_of_content, django_assert_max_num_queries, path
):
    with django_assert_max_num_queries(4):
        response = client.get(path)
    assert response.status_code == 200

import pytest
from django.urls import reverse

from tests.factories import LetterFactory

pytestmark = pytest.mark.django_db

MAX_QUERIES = 4


@pytest.fixture
def many_letters():
    for number in range(200):
        LetterFactory(
            kind="support" if number % 3 else "family",
            audience=["principal", "legislator", "district"][number % 3],
            tags=[f"topic-{number % 7}", "restraint"],
            starts_a_clock=number % 2 == 0,
        )
    return LetterFactory(slug="the-letter", starts_a_clock=True, tags=["restraint"])


@pytest.mark.parametrize(
    "url",
    ["/letters/", "/letters/?kind=family&audience=principal&tag=restraint",
     "/letters/the-letter/"],
)  # fmt: skip
def test_letter_pages_run_a_fixed_number_of_queries(
    client, many_letters, django_assert_max_num_queries, url
):
    with django_assert_max_num_queries(MAX_QUERIES):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("action", ["html", "txt", "docx", "ics"])
def test_personalizing_runs_a_fixed_number_of_queries(
    client, many_letters, django_assert_max_num_queries, action
):
    url = reverse("letters:personalize", kwargs={"slug": "the-letter"})
    data = {"field_1": "Ms. Ortiz", "sent_on": "2026-12-01", "format": action}
    with django_assert_max_num_queries(MAX_QUERIES):
        assert client.post(url, data).status_code == 200

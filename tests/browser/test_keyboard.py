"""A visitor who uses only the keyboard can do everything a mouse user can."""

import pytest

from subscribers.models import Subscriber
from tests.factories import StoryFactory

pytestmark = pytest.mark.django_db(transaction=True)

MAX_TABS = 80


def focused(page) -> dict:
    return page.evaluate(
        """() => {
          const el = document.activeElement;
          const style = getComputedStyle(el);
          return {
            id: el.id, tag: el.tagName, text: (el.textContent || '').trim(),
            href: el.getAttribute('href') || '',
            outline: style.outlineStyle !== 'none' && style.outlineWidth !== '0px',
            shadow: style.boxShadow !== 'none',
          };
        }"""
    )


def tab_until(page, predicate, limit=MAX_TABS):
    for _ in range(limit):
        page.keyboard.press("Tab")
        element = focused(page)
        assert element["outline"] or element["shadow"], f"focus not visible: {element}"
        if predicate(element):
            return element
    raise AssertionError("never reached the element with Tab")


def test_skip_link_is_first_and_moves_focus_to_the_content(page):
    page.goto(page.base_url + "/")
    page.keyboard.press("Tab")
    first = focused(page)
    assert first["text"] == "Skip to main content"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_keyboard_only_journey_to_follow_and_to_a_story(page):
    StoryFactory(title="A story worth reading")
    page.goto(page.base_url + "/")
    tab_until(page, lambda el: el["id"] == "home-email")
    page.keyboard.type("keyboard@example.org")
    page.keyboard.press("Enter")
    page.wait_for_url("**/subscribe/check-your-inbox/")
    assert Subscriber.objects.filter(email="keyboard@example.org").exists()

    page.goto(page.base_url + "/")
    tab_until(page, lambda el: el["text"] == "A story worth reading")
    page.keyboard.press("Enter")
    page.wait_for_url("**/stories/**")
    assert page.locator("h1").inner_text() == "A story worth reading"

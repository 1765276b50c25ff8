"""Every kind of page, in a real browser: axe-core finds no WCAG 2.2 AA violation,
the policy blocks nothing the site needs, and the layout holds on a small phone."""

import re
from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from django.utils import timezone

from tests.factories import EventFactory, LetterFactory, StoryFactory
from tests.images import upload

pytestmark = pytest.mark.django_db(transaction=True)

AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa",
                   "best-practice"],
    },
    "resultTypes": ["violations"],
}  # fmt: skip


@pytest.fixture
def content(settings):
    story = StoryFactory(
        title="A teacher on a mission",
        body="First paragraph.\n\nSecond paragraph about *restraint*.",
        content_note="Describes the restraint of a young child.",
        tags=["teachers", "restraint"],
        image=upload(size=(1200, 800)),
        image_alt="An empty classroom",
    )
    StoryFactory.create_batch(12, tags=["restraint"])
    event = EventFactory(
        title="Compliance to compassion",
        is_featured=True,
        registration_url="https://example.org/register",
        cost="Free",
    )
    EventFactory(
        title="Last year's webinar",
        starts_at=timezone.now() - timedelta(days=40),
        ends_at=timezone.now() - timedelta(days=40) + timedelta(hours=2),
    )
    letter = LetterFactory(
        title="Request records",
        body="Dear [Principal's name],\n\nMy child [Child's name] attends [School].",
    )
    return {"story": story, "event": event, "letter": letter}


def page_paths(content):
    return {
        "home": "/",
        "explainer": "/restraint-and-seclusion/",
        "story list": "/stories/",
        "story": content["story"].get_absolute_url(),
        "tag": "/stories/tag/restraint/",
        "share your story": "/stories/share/",
        "events": "/events/",
        "event": content["event"].get_absolute_url(),
        "letters": "/letters/",
        "letter": content["letter"].get_absolute_url(),
        "search results": "/search/?q=restraint",
        "search, nothing found": "/search/?q=zzzz",
        "search, one kind": "/search/?q=restraint&kind=stories",
        "search, unknown kind": "/search/?q=restraint&kind=poems",
        "subscribe": "/subscribe/",
        "check your inbox": "/subscribe/check-your-inbox/",
        "404": "/no-such-page/",
    }


def assert_no_violations(page, name):
    results = Axe().run(page, options=AXE_OPTIONS)
    violations = [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(node["target"][0] for node in v["nodes"][:3])
        for v in results.response["violations"]
    ]
    assert not violations, f"{name}: " + "; ".join(violations)


def test_every_page_type_passes_axe_and_the_policy(page, content, policy_violations):
    for name, path in page_paths(content).items():
        page.goto(page.base_url + path)
        assert_no_violations(page, name)
    assert not policy_violations


def test_forms_with_errors_pass_axe(page, content):
    page.goto(page.base_url + "/subscribe/")
    page.fill("#page-email", "not an address")
    page.click("form.subscribe-form >> text=Follow")
    assert page.locator(".field__error").first.is_visible()
    assert_no_violations(page, "subscribe with an error")

    page.goto(page.base_url + "/stories/share/")
    page.click("text=Send my story")
    assert page.locator(".error-summary").is_visible()
    # Focus starts at the list of mistakes.
    page.wait_for_load_state()
    assert "error-summary" in page.evaluate("document.activeElement.className")
    assert_no_violations(page, "share your story with errors")


def test_personalized_letter_passes_axe(page, content):
    page.goto(page.base_url + content["letter"].get_absolute_url())
    form = page.locator("form[action$='/personalize/#your-letter']")
    form.locator("input[type=text], textarea").first.fill("Ms. Rivera")
    form.locator("button[value=html]").click()
    page.wait_for_load_state()
    assert "Ms. Rivera" in page.content()
    # The answer opens at the letter, with its downloads under it.
    assert page.evaluate("window.scrollY") > 0
    assert page.locator(".letter-downloads button[value=docx]").is_visible()
    assert_no_violations(page, "personalized letter")


def test_confirmation_pages_pass_axe(page, content, settings):
    page.goto(page.base_url + "/subscribe/")
    page.fill("#page-email", "parent@example.org")
    page.click("form.subscribe-form >> text=Follow")
    page.wait_for_url(re.compile(r".*/check-your-inbox/"))
    link = re.search(r"https?://\S+/subscribe/confirm/\S+/", mail.outbox[-1].body)[0]
    page.goto(link)
    assert_no_violations(page, "confirm")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert "you follow AASR" in page.content()
    assert_no_violations(page, "confirmed")


@pytest.mark.parametrize("width", [320, 390])
def test_no_horizontal_scrolling_on_small_phones(browser, live_server, content, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    try:
        for name, path in page_paths(content).items():
            page.goto(live_server.url + path)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - window.innerWidth"
            )
            assert overflow <= 0, (
                f"{name} scrolls sideways by {overflow}px at {width}px"
            )
    finally:
        context.close()


def test_small_links_on_a_phone_are_tall_enough_to_tap(browser, live_server, content):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(live_server.url + content["story"].get_absolute_url())
        for selector in [".eyebrow a", ".page-header .meta a"]:
            height = page.locator(selector).first.bounding_box()["height"]
            assert height >= 24, (selector, height)
    finally:
        context.close()


def test_text_can_be_enlarged_to_200_percent(browser, live_server, content):
    context = browser.new_context(viewport={"width": 640, "height": 900})
    page = context.new_page()
    try:
        for path in ["/", content["story"].get_absolute_url(), "/letters/"]:
            page.goto(live_server.url + path)
            page.evaluate("document.documentElement.style.fontSize = '200%'")
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - window.innerWidth"
            )
            assert overflow <= 0, f"{path} overflows at 200% text"
    finally:
        context.close()


def test_reduced_motion_is_respected(page, content):
    page.emulate_media(reduced_motion="reduce")
    page.goto(page.base_url + "/")
    duration = page.evaluate(
        "getComputedStyle(document.querySelector('.button')).transitionDuration"
    )
    assert duration in ("0s", "")


def test_home_screenshots_at_phone_and_desktop_widths(
    browser, live_server, content, screenshots
):
    for name, size in [("phone", (390, 844)), ("desktop", (1280, 900))]:
        context = browser.new_context(
            viewport={"width": size[0], "height": size[1]}, device_scale_factor=1
        )
        page = context.new_page()
        page.goto(live_server.url + "/")
        path = screenshots / f"home-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        context.close()
        assert path.stat().st_size > 10_000

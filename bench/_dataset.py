"""The large data set the web benchmark serves: 10,000 stories with tags and images,
1,000 events, 200 letters and 50,000 followers, written with bulk inserts."""

import random
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from aasr_site.markdown import plain_text, render_markdown
from events.models import Event
from letters.models import Letter
from stories.models import Story
from subscribers.models import Subscriber

STORIES, EVENTS, LETTERS, SUBSCRIBERS = 10_000, 1_000, 200, 50_000
TAGS = ["restraint", "seclusion", "parents", "teachers", "students", "iep",
        "legislation", "trauma", "de-escalation", "calm rooms", "advocacy",
        "records", "complaints", "hope", "early childhood"]  # fmt: skip
WORDS = (
    "school child restraint seclusion teacher parent room calm safe hurt "
    "behavior support plan meeting principal district law change hope"
).split()
BATCH = 2_000


def paragraph(rng, words=60):
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def load(image_maker) -> dict:
    rng = random.Random(2026)
    now = timezone.now()
    # A few stories go through save() so their images are re-encoded with renditions
    # like any upload; the rest share those files, as a busy site would have many.
    with_images = []
    for n in range(8):
        story = Story(
            title=f"Pictured story {n}", slug=f"pictured-{n}", body=paragraph(rng),
            status="published", published_at=now - timedelta(days=5000 + n),
            image=image_maker(f"photo-{n}.jpg"), image_alt="A classroom",
        )  # fmt: skip
        story.save()
        with_images.append(story)
    bodies = ["\n\n".join(paragraph(rng, 80) for _ in range(6)) for _ in range(25)]
    rendered = [(render_markdown(b), plain_text(b)) for b in bodies]
    stories = []
    for n in range(STORIES):
        variant = n % len(bodies)
        story = Story(
            title=f"Story {n}: {paragraph(rng, 6)[:-1]}", slug=f"story-{n}",
            byline="" if n % 5 == 0 else f"Author {n % 300}",
            perspective=rng.choice(["teacher", "parent", "student", "advocate"]),
            body=bodies[variant], body_html=rendered[variant][0],
            body_text=rendered[variant][1], summary_text=rendered[variant][1][:400],
            content_note="Describes restraint." if n % 7 == 0 else "",
            status="published", published_at=now - timedelta(hours=n * 3 + 1),
        )  # fmt: skip
        if n % 3 == 0:
            source = with_images[n % len(with_images)]
            story.image = source.image.name
            story.image_width, story.image_height = (
                source.image_width,
                source.image_height,
            )
            story.image_alt = source.image_alt
            story.image_renditions = source.image_renditions
        stories.append(story)
    Story.objects.bulk_create(stories, batch_size=BATCH)

    tags = [Tag.objects.get_or_create(name=name)[0] for name in TAGS]
    story_type = ContentType.objects.get_for_model(Story)
    ids = list(Story.objects.values_list("pk", flat=True))
    TaggedItem.objects.bulk_create(
        (TaggedItem(tag=tag, content_type=story_type, object_id=pk)
         for pk in ids for tag in rng.sample(tags, 3)),
        batch_size=BATCH,
    )  # fmt: skip

    description = "\n\n".join(paragraph(rng) for _ in range(3))
    Event.objects.bulk_create(
        (Event(title=f"Event {n}", slug=f"event-{n}", summary=paragraph(rng, 25),
               description=description, description_html=render_markdown(description),
               starts_at=now + timedelta(days=n - EVENTS // 2),
               ends_at=now + timedelta(days=n - EVENTS // 2, hours=3),
               time_zone="America/New_York", format="virtual", is_featured=n % 50 == 0,
               registration_url="https://example.org/register", cost="Free",
               status="published", published_at=now - timedelta(days=30))
         for n in range(EVENTS)),
        batch_size=BATCH,
    )  # fmt: skip
    body = (
        "Dear [Principal's name],\n\nMy child [Child's name] attends [School name].\n"
    )
    Letter.objects.bulk_create(
        (Letter(title=f"Letter {n}", slug=f"letter-{n}", summary=paragraph(rng, 20),
                audience=rng.choice(["principal", "iep_team", "legislator"]),
                kind="family" if n % 4 else "support", body=body * 8,
                status="published", published_at=now - timedelta(days=n + 1))
         for n in range(LETTERS)),
        batch_size=BATCH,
    )  # fmt: skip
    Subscriber.objects.bulk_create(
        (Subscriber(email=f"reader{n}@example.org", status="confirmed")
         for n in range(SUBSCRIBERS)),
        batch_size=5_000,
    )  # fmt: skip
    return {"stories": Story.objects.count(), "events": Event.objects.count(),
            "letters": Letter.objects.count(),
            "followers": Subscriber.objects.count()}  # fmt: skip

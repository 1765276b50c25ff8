from datetime import timedelta

import factory
from django.utils import timezone

from aasr_site.publishing import Status
from events.models import Event
from letters.models import Letter
from stories.models import Story
from subscribers.models import Mailing, Subscriber


class PublishableFactory(factory.django.DjangoModelFactory):
    status = Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    class Params:
        draft = factory.Trait(status=Status.DRAFT)
        scheduled = factory.Trait(
            published_at=factory.LazyFunction(
                lambda: timezone.now() + timedelta(days=1)
            )
        )

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.add(*extracted)


class StoryFactory(PublishableFactory):
    title = factory.Sequence(lambda n: f"Story number {n}")
    slug = factory.Sequence(lambda n: f"story-{n}")
    byline = "Jordan Rivera"
    perspective = "parent"
    body = factory.Faker("paragraph", nb_sentences=8)

    class Meta:
        model = Story


class EventFactory(PublishableFactory):
    title = factory.Sequence(lambda n: f"Event number {n}")
    slug = factory.Sequence(lambda n: f"event-{n}")
    summary = "A live virtual day about supporting students."
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))
    ends_at = factory.LazyAttribute(lambda event: event.starts_at + timedelta(hours=6))
    time_zone = "America/New_York"
    format = "virtual"

    class Meta:
        model = Event


class LetterFactory(PublishableFactory):
    title = factory.Sequence(lambda n: f"Letter number {n}")
    slug = factory.Sequence(lambda n: f"letter-{n}")
    summary = "Use this to ask the school for records."
    audience = "principal"
    body = "Dear [Principal's name],\n\nMy child [Child's name] attends [School name]."

    class Meta:
        model = Letter

    class Params:
        starts_a_clock = factory.Trait(
            response_days=45,
            response_rule="FERPA gives the school 45 days to respond.",
        )


class SubscriberFactory(factory.django.DjangoModelFactory):
    email = factory.Sequence(lambda n: f"reader{n}@example.org")
    status = Subscriber.Status.CONFIRMED
    confirmed_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = Subscriber


class MailingFactory(factory.django.DjangoModelFactory):
    subject = factory.Sequence(lambda n: f"News from AASR number {n}")
    introduction = "Here is what is *new*."

    class Meta:
        model = Mailing

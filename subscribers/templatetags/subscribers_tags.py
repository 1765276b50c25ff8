from django import template
from django.db.models import Count

from subscribers.models import Subscriber

register = template.Library()


@register.inclusion_tag("admin/subscribers/includes/follower_counts.html")
def follower_counts():
    """Followers by status for the admin index, in one query."""
    counts = dict(
        Subscriber.objects.order_by()
        .values_list("status")
        .annotate(count=Count("pk"))
        .values_list("status", "count")
    )
    return {
        "counts": [
            (label, counts.get(value, 0), value)
            for value, label in Subscriber.Status.choices
        ]
    }

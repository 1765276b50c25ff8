from django.conf import settings
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from . import services
from .forms import SubscribeForm
from .models import Subscriber
from .tokens import read_confirm_token

KNOWN_SOURCES = {"home", "footer", "page", "story"}


# No CSRF token: the follow form sits on every page, and a per-visitor token would make
# every public page uncacheable. A forged request can only start a double opt-in that
# the address owner must confirm, so the rate limit and the honeypot are the defence.
@csrf_exempt
@ratelimit(key="ip", rate=settings.SUBSCRIBE_RATE_LIMIT, method="POST", block=True)
@require_http_methods(["GET", "POST"])
def subscribe(request):
    if request.method == "POST":
        form = SubscribeForm(request.POST)
        if form.is_bot():
            return redirect("subscribers:check-inbox")
        if form.is_valid():
            source = form.cleaned_data["source"]
            services.subscribe(
                email=form.cleaned_data["email"],
                source=source if source in KNOWN_SOURCES else "page",
            )
            return redirect("subscribers:check-inbox")
        status = 400
    else:
        form = SubscribeForm(initial={"source": "page"})
        status = 200
    return render(request, "subscribers/subscribe.html", {"form": form}, status=status)


def check_inbox(request):
    return render(request, "subscribers/check_inbox.html")


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    subscriber_id = read_confirm_token(token)
    subscriber = (
        Subscriber.objects.filter(pk=subscriber_id).first() if subscriber_id else None
    )
    if subscriber is None:
        return render(
            request,
            "subscribers/link_invalid.html",
            {"max_age_days": settings.SUBSCRIBE_CONFIRM_MAX_AGE_DAYS},
            status=400,
        )
    # Opening the link changes nothing (mail scanners open links); the button does.
    if request.method == "POST":
        services.confirm(subscriber=subscriber)
        return render(request, "subscribers/confirmed.html")
    return render(
        request,
        "subscribers/confirm.html",
        {"already_confirmed": subscriber.status == Subscriber.Status.CONFIRMED},
    )

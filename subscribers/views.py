from django.conf import settings
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from . import services
from .forms import PreferencesForm, SubscribeForm
from .models import Subscriber
from .tokens import make_manage_token, read_confirm_token, read_manage_token

KNOWN_SOURCES = {"home", "footer", "page", "story"}


# No CSRF token: the follow form sits on every page, and a per-visitor token would make
# every public page uncacheable. A forged request can only start a double opt-in that
# the address owner must confirm, so the rate limit and the honeypot are the defence.
@csrf_exempt
@ratelimit(key="ip", rate=settings.SUBSCRIBE_RATE_LIMIT, method="POST", block=True)
@require_http_methods(["GET", "HEAD", "POST"])
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
                topics=form.chosen_topics(),
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
@require_http_methods(["GET", "HEAD", "POST"])
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
        return render(
            request,
            "subscribers/confirmed.html",
            {"manage_token": make_manage_token(subscriber.pk)},
        )
    return render(
        request,
        "subscribers/confirm.html",
        {"already_confirmed": subscriber.status == Subscriber.Status.CONFIRMED},
    )


def subscriber_from_manage_token(token):
    subscriber_id = read_manage_token(token)
    if subscriber_id is None:
        return None
    return Subscriber.objects.filter(pk=subscriber_id).first()


def manage_link_invalid(request):
    return render(request, "subscribers/manage_link_invalid.html", status=400)


def masked(email: str) -> str:
    """r•••@example.org: enough for the owner to recognize, little for anyone else."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}•••@{domain}"


# The signed token in the URL is the proof of ownership; a CSRF token would only make
# the page fail for people whose browser blocks cookies.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def manage(request, token):
    subscriber = subscriber_from_manage_token(token)
    if subscriber is None:
        return manage_link_invalid(request)
    saved = False
    status = 200
    if request.method == "POST" and "unsubscribe" in request.POST:
        services.unsubscribe(subscriber=subscriber)
        return render(request, "subscribers/unsubscribed.html", {"token": token})
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            services.update_preferences(
                subscriber=subscriber, topics=form.cleaned_data["topics"]
            )
            saved = True
        else:
            status = 400
    else:
        form = PreferencesForm(initial={"topics": subscriber.topics})
    return render(
        request,
        "subscribers/manage.html",
        {
            "form": form,
            "token": token,
            "subscriber": subscriber,
            "masked_email": masked(subscriber.email),
            "is_following": subscriber.status == Subscriber.Status.CONFIRMED,
            "saved": saved,
        },
        status=status,
    )


# RFC 8058 one-click: mail clients POST here with no cookie and no CSRF token. A GET
# (a person, or a mail scanner following links) only shows the button.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    subscriber = subscriber_from_manage_token(token)
    if subscriber is None:
        return manage_link_invalid(request)
    if request.method == "POST":
        services.unsubscribe(subscriber=subscriber)
        return render(request, "subscribers/unsubscribed.html", {"token": token})
    return render(
        request,
        "subscribers/unsubscribe.html",
        {
            "token": token,
            "masked_email": masked(subscriber.email),
            "is_following": subscriber.status != Subscriber.Status.UNSUBSCRIBED,
        },
    )

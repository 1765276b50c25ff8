import csv
import hashlib

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from . import services
from .models import Delivery, Mailing, Subscriber

# The admin index shows followers by status (template extends the stock index).
admin.site.index_template = "admin/subscribers/index.html"


def spreadsheet_safe(value: str) -> str:
    """A cell a spreadsheet shows as text: an address like =cmd|'/Ccalc'!A0@x.org is
    valid, and would otherwise run as a formula on the editor's computer."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


class Echo:
    """A file-like object for csv.writer that hands each line to the response."""

    def write(self, value):
        return value


class SubscriberForm(forms.ModelForm):
    def clean_email(self):
        # Said on the field: the database's own check names its constraint instead.
        email = self.cleaned_data["email"]
        others = Subscriber.objects.exclude(pk=self.instance.pk)
        if others.filter(email__iexact=email).exists():
            raise forms.ValidationError("Another follower already has this address.")
        return email

    def clean_status(self):
        # Only the person can confirm, with the emailed link: that click is the
        # proof of consent a follower ticked by hand would lack.
        status = self.cleaned_data["status"]
        confirming = status == Subscriber.Status.CONFIRMED
        if confirming and self.instance.status != Subscriber.Status.CONFIRMED:
            raise forms.ValidationError(
                "Only the person can confirm, with the link we email them."
            )
        return status


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    form = SubscriberForm
    list_display = [
        "email",
        "status",
        "wants_stories",
        "wants_events",
        "wants_letters",
        "source",
        "created_at",
        "confirmed_at",
    ]
    list_filter = [
        "status",
        "wants_stories",
        "wants_events",
        "wants_letters",
        "source",
        "created_at",
    ]
    search_fields = ["email"]
    date_hierarchy = "created_at"
    list_per_page = 100
    show_full_result_count = False
    readonly_fields = [
        "created_at",
        "consented_at",
        "confirmation_sent_at",
        "consent_text",
        "source",
    ]
    fields = ["email", "status", "wants_stories", "wants_events", "wants_letters",
              "source", "consent_text", "consented_at", "created_at",
              "confirmation_sent_at", "confirmed_at", "unsubscribed_at"]  # fmt: skip
    actions = ["export_csv", "unsubscribe", "erase"]

    def get_readonly_fields(self, request, obj=None):
        # A new address needs its owner's own confirmation: they follow again with it.
        if obj is not None:
            return [*self.readonly_fields, "email"]
        return self.readonly_fields

    @admin.action(description="Export selected confirmed followers as CSV")
    def export_csv(self, request, queryset):
        rows = queryset.confirmed().order_by("pk").iterator(chunk_size=2000)
        header = ["email", "topics", "source", "consented_at", "confirmed_at"]

        def lines():
            writer = csv.writer(Echo())
            yield writer.writerow(header)
            for subscriber in rows:
                yield writer.writerow(
                    [
                        spreadsheet_safe(subscriber.email),
                        " ".join(subscriber.topics),
                        subscriber.source,
                        (subscriber.consented_at or subscriber.created_at).isoformat(),
                        subscriber.confirmed_at.isoformat()
                        if subscriber.confirmed_at
                        else "",
                    ]
                )

        filename = f"aasr-followers-{timezone.localdate():%Y-%m-%d}.csv"
        response = StreamingHttpResponse(lines(), content_type="text/csv")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Cache-Control"] = "no-store"
        return response

    @admin.action(description="Unsubscribe selected followers")
    def unsubscribe(self, request, queryset):
        count = 0
        for subscriber in queryset.exclude(status=Subscriber.Status.UNSUBSCRIBED):
            services.unsubscribe(subscriber=subscriber)
            count += 1
        self.message_user(request, f"Unsubscribed {count}.", messages.SUCCESS)

    @admin.action(
        description="Erase selected people’s data on their request (cannot be undone)",
        permissions=["delete"],
    )
    def erase(self, request, queryset):
        count = 0
        for subscriber in queryset:
            services.erase(subscriber=subscriber, by=request.user)
            count += 1
        self.message_user(
            request, f"Erased {count}, with their delivery records.", messages.SUCCESS
        )

    # Deleting a follower is erasing them: Django's delete would keep their address
    # in the admin's history, and stop at their delivery records.
    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # "erase" does it
        return actions

    def get_deleted_objects(self, objs, request):
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(
            objs, request
        )
        perms_needed.discard(Delivery._meta.verbose_name)  # they go with the person
        return deleted, model_count, perms_needed, protected

    def log_deletions(self, request, queryset):
        pass  # erase() records it without the address

    def delete_model(self, request, obj):
        services.erase(subscriber=obj, by=request.user)


def what_is_sent(mailing, audience_size: int, content: dict) -> str:
    """A fingerprint of what the confirmation page shows: sending goes ahead only
    if the mailing is still what the editor said yes to."""
    parts = [mailing.subject, mailing.introduction, *mailing.audience_topics,
             str(audience_size)]  # fmt: skip
    for kind, items in content.items():
        parts += [kind, *(str(item.pk) for item in items)]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


@admin.register(Mailing)
class MailingAdmin(admin.ModelAdmin):
    list_display = ["subject", "status", "queued", "sent", "failed", "queued_at"]
    list_filter = ["status"]
    search_fields = ["subject"]
    date_hierarchy = "created_at"
    filter_horizontal = ["stories", "events", "letters"]
    change_form_template = "admin/subscribers/mailing/change_form.html"
    fieldsets = [
        (None, {"fields": ["subject", "introduction"]}),
        (
            "Content it announces",
            {
                "fields": ["stories", "events", "letters"],
                "description": "Filled in with what was published since the last "
                "mailing. Add or remove anything.",
            },
        ),
        ("Who receives it", {"fields": ["for_stories", "for_events", "for_letters"]}),
        (
            "Progress",
            {"fields": ["status", "progress", "queued_at", "finished_at"]},
        ),
    ]

    def get_queryset(self, request):
        def count(status):
            return Count("deliveries", filter=Q(deliveries__status=status))

        return (
            super()
            .get_queryset(request)
            .annotate(
                queued_count=count(Delivery.Status.PENDING)
                + count(Delivery.Status.SENDING),
                sent_count=count(Delivery.Status.SENT),
                failed_count=count(Delivery.Status.FAILED),
            )
        )

    @admin.display(description="queued", ordering="queued_count")
    def queued(self, obj):
        return obj.queued_count

    @admin.display(description="sent", ordering="sent_count")
    def sent(self, obj):
        return obj.sent_count

    @admin.display(description="failed", ordering="failed_count")
    def failed(self, obj):
        return obj.failed_count

    @admin.display(description="delivery")
    def progress(self, obj):
        if obj.pk is None or obj.status == Mailing.Status.DRAFT:
            return "Not sent yet."
        return (
            f"{obj.queued_count} queued, {obj.sent_count} sent, "
            f"{obj.failed_count} failed"
        )

    def get_readonly_fields(self, request, obj=None):
        fixed = ["status", "progress", "queued_at", "finished_at"]
        if obj is not None and obj.status != Mailing.Status.DRAFT:
            # What was sent stays as it was sent.
            return [*fixed, "subject", "introduction", "stories", "events",
                    "letters", "for_stories", "for_events", "for_letters"]  # fmt: skip
        return fixed

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        # Only what readers can open: a story waiting for review or scheduled for
        # next week would be a dead link, and unchecked for identifying details.
        if db_field.name in ("stories", "events", "letters"):
            kwargs["queryset"] = db_field.related_model.objects.published()
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        content = services.new_content()
        initial.setdefault("stories", [item.pk for item in content["stories"]])
        initial.setdefault("events", [item.pk for item in content["events"]])
        initial.setdefault("letters", [item.pk for item in content["letters"]])
        return initial

    def save_model(self, request, obj, form, change):
        if obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        context["can_send"] = obj is None or obj.status == Mailing.Status.DRAFT
        context["audience_size"] = (
            Subscriber.objects.confirmed().wanting_any(obj.audience_topics).count()
            if obj is not None
            else None
        )
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    def response_add(self, request, obj, post_url_continue=None):
        return self.after_save(request, obj) or super().response_add(
            request, obj, post_url_continue
        )

    def response_change(self, request, obj):
        return self.after_save(request, obj) or super().response_change(request, obj)

    def after_save(self, request, obj):
        """Handle the "Send a test to me" and "Send" buttons after saving."""
        here = HttpResponseRedirect(
            reverse("admin:subscribers_mailing_change", args=[obj.pk])
        )
        if "_send_test" in request.POST:
            if not request.user.email:
                self.message_user(
                    request,
                    "Add an email address to your account to receive tests.",
                    messages.ERROR,
                )
                return here
            try:
                services.send_test(mailing=obj, to=request.user.email)
            except Exception as error:
                self.message_user(
                    request, f"The test could not be sent: {error}", messages.ERROR
                )
            else:
                self.message_user(
                    request, f"Test sent to {request.user.email}.", messages.SUCCESS
                )
            return here
        if "_send" in request.POST:
            # Saved; sending waits for a yes on a page that says what goes to whom.
            return HttpResponseRedirect(
                reverse("admin:subscribers_mailing_send", args=[obj.pk])
            )
        return None

    def get_urls(self):
        send = path(
            "<int:pk>/send/",
            self.admin_site.admin_view(self.send_view),
            name="subscribers_mailing_send",
        )
        return [send, *super().get_urls()]

    def send_view(self, request, pk):
        """Ask before sending: the subject, what it announces and to how many."""
        mailing = get_object_or_404(Mailing, pk=pk)
        if not self.has_change_permission(request, mailing):
            raise PermissionDenied
        here = reverse("admin:subscribers_mailing_change", args=[mailing.pk])
        if mailing.status != Mailing.Status.DRAFT:
            self.message_user(
                request, "This mailing was already sent.", messages.WARNING
            )
            return HttpResponseRedirect(here)
        audience = Subscriber.objects.confirmed().wanting_any(mailing.audience_topics)
        audience_size = audience.count()
        content = mailing.published_content()
        shown = what_is_sent(mailing, audience_size, content)
        changed = request.method == "POST" and request.POST.get("shown") != shown
        if changed:
            self.message_user(
                request,
                "The mailing changed since this page was shown. Check it again.",
                messages.WARNING,
            )
        elif request.method == "POST" and audience_size:
            if services.queue_mailing(mailing=mailing):
                self.message_user(
                    request,
                    "Sending has started in the background. This page shows progress.",
                    messages.SUCCESS,
                )
            else:
                self.message_user(
                    request, "This mailing was already sent.", messages.WARNING
                )
            return HttpResponseRedirect(here)
        context = {
            **self.admin_site.each_context(request),
            "title": "Send this mailing?",
            "opts": self.opts,
            "mailing": mailing,
            "audience_size": audience_size,
            **content,
            "shown": shown,
            "change_url": here,
        }
        return TemplateResponse(
            request, "admin/subscribers/mailing/send_confirmation.html", context
        )


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["mailing", "subscriber", "status", "attempts", "sent_at"]
    list_filter = ["status", "mailing"]
    list_select_related = ["mailing", "subscriber"]
    search_fields = ["subscriber__email"]
    show_full_result_count = False
    readonly_fields = [field.name for field in Delivery._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

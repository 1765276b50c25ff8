from django.contrib import admin

from .models import Subscriber


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "status", "source", "created_at", "confirmed_at"]
    list_filter = ["status", "source", "created_at"]
    search_fields = ["email"]
    date_hierarchy = "created_at"
    readonly_fields = ["created_at", "confirmation_sent_at", "consent_text", "source"]
    fields = ["email", "status", "source", "consent_text", "created_at",
              "confirmation_sent_at", "confirmed_at", "unsubscribed_at"]  # fmt: skip

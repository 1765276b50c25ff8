"""The personalized letter as files a family keeps: plain text, Word, a reminder."""

import io
import uuid
from datetime import date, timedelta
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from docx import Document
from docx.enum.text import WD_COLOR_INDEX
from docx.shared import Pt

from .models import Letter
from .placeholders import Segment

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
REMINDER_HOUR = 9


def attachment(content: bytes, *, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def letter_txt(text: str) -> bytes:
    return (text.rstrip() + "\n").encode("utf-8")


def letter_docx(letter: Letter, parts: list[Segment]) -> bytes:
    """A Word document: blank lines start paragraphs, empty placeholders highlighted."""
    document = Document()
    document.styles["Normal"].font.size = Pt(12)
    # The template's own metadata would name the library as the author.
    properties = document.core_properties
    properties.title = letter.title
    properties.author = properties.last_modified_by = properties.comments = ""
    properties.created = properties.modified = timezone.now()

    paragraph = document.add_paragraph()
    newlines = 0
    for part in parts:
        for index, line in enumerate(part.text.split("\n")):
            if index:
                newlines += 1
            if not line:
                continue
            if newlines == 1:
                paragraph.add_run().add_break()
            elif newlines > 1:
                paragraph = document.add_paragraph()
            newlines = 0
            run = paragraph.add_run(line)
            if part.kind == "placeholder":
                run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def reminder_ics(letter: Letter, *, sent_on: date, due_on: date) -> bytes:
    """An all-day event on the due date, with alerts a week before and on the day."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//{settings.ORGANIZATION_NAME}//Sample letters//EN")
    calendar.add("version", "2.0")

    summary = f"Answer due: {letter.title}"
    description = (
        f"You sent “{letter.title}” on {sent_on:%B} {sent_on.day}, {sent_on.year}. "
        f"{letter.response_rule} "
        "If you have no answer, write again, keep a copy, and consider a complaint. "
        f"The letter: {settings.SITE_URL}{letter.get_absolute_url()}"
    )
    event = icalendar.Event()
    event.add("uid", f"{uuid.uuid4()}@{urlsplit(settings.SITE_URL).hostname}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", due_on)
    event.add("dtend", due_on + timedelta(days=1))
    event.add("summary", summary)
    event.add("description", " ".join(description.split()))
    event.add("url", f"{settings.SITE_URL}{letter.get_absolute_url()}")
    event.add("transp", "TRANSPARENT")
    for before in (timedelta(days=7), timedelta(0)):
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary)
        alarm.add("trigger", timedelta(hours=REMINDER_HOUR) - before)
        event.add_component(alarm)
    calendar.add_component(event)
    return calendar.to_ical()

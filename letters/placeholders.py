"""The [placeholders] of a letter: find them, check the brackets, fill them in."""

import re
from dataclasses import dataclass, field
from typing import Literal

MAX_PLACEHOLDER_LENGTH = 200
# One line, no brackets inside: in "[a [b] c]" only "[b]" is a placeholder.
PLACEHOLDER = re.compile(rf"\[([^\[\]\n]{{1,{MAX_PLACEHOLDER_LENGTH}}})\]")


@dataclass(frozen=True)
class Segment:
    """A piece of a letter: its own text, a filled-in value or an empty placeholder."""

    # Kept out of repr: a typed value must not reach a log line by way of a debug
    # message that prints a template context.
    text: str = field(repr=False)
    kind: Literal["text", "value", "placeholder"] = "text"


def _name(match: re.Match) -> str:
    return " ".join(match[1].split())


def find_placeholders(text: str) -> list[str]:
    """Distinct placeholder names in the order they first appear."""
    names = (_name(match) for match in PLACEHOLDER.finditer(text))
    return list(dict.fromkeys(name for name in names if name))


def segments(text: str, values: dict[str, str] | None = None) -> list[Segment]:
    """The letter cut into text, typed values, and placeholders still empty."""
    values = values or {}
    # Browsers send CRLF from the admin's textarea; files and pages want plain lines.
    text = text.replace("\r\n", "\n").strip()
    parts, last = [], 0
    for match in PLACEHOLDER.finditer(text):
        name = _name(match)
        if not name:
            continue
        if match.start() > last:
            parts.append(Segment(text[last : match.start()], "text"))
        value = values.get(name, "").strip()
        if value:
            parts.append(Segment(value, "value"))
        else:
            parts.append(Segment(match[0], "placeholder"))
        last = match.end()
    if last < len(text):
        parts.append(Segment(text[last:], "text"))
    return parts


def fill(text: str, values: dict[str, str]) -> str:
    """The letter with every typed value in place; empty ones stay [as they were]."""
    return "".join(segment.text for segment in segments(text, values))


def _around(line: str, index: int) -> str:
    return line[max(0, index - 25) : index + 25].strip()


def bracket_problems(text: str) -> list[str]:
    """Brackets that do not make a placeholder, described for an editor."""
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        opened = None
        for index, char in enumerate(line):
            if char == "[":
                if opened is not None:
                    problems.append(
                        f"Line {number}: “[” opened inside another placeholder, "
                        f"near “{_around(line, index)}”."
                    )
                opened = index
            elif char == "]":
                if opened is None:
                    problems.append(
                        f"Line {number}: “]” without a “[” before it, "
                        f"near “{_around(line, index)}”."
                    )
                    continue
                inner = line[opened + 1 : index]
                if not inner.strip():
                    problems.append(f"Line {number}: empty brackets “[]”.")
                elif len(inner) > MAX_PLACEHOLDER_LENGTH:
                    problems.append(
                        f"Line {number}: a placeholder longer than "
                        f"{MAX_PLACEHOLDER_LENGTH} characters is not treated as one, "
                        f"near “{_around(line, opened)}”."
                    )
                opened = None
        if opened is not None:
            problems.append(
                f"Line {number}: “[” is never closed on its line, "
                f"near “{_around(line, opened)}”."
            )
    return problems

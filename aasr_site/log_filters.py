"""What never reaches the logs, whichever logger writes the line."""

import logging
import re

# The private links: a signed token after each of these paths.
TOKEN_IN_PATH = re.compile(
    r"(/subscribe/(?:confirm|manage|unsubscribe)/|/stories/share/request/)[^/\s?\"']+"
)


class MaskTokens(logging.Filter):
    """Masks the token of a private link in any log line: the request log masks the
    ones it knows, but a link missing its slash, or Django's own "Internal Server
    Error: <path>", would otherwise write one out."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed call: the handler reports it as usual
            return True
        masked = TOKEN_IN_PATH.sub(r"\1[token]", message)
        if masked != message:
            record.msg, record.args = masked, None
        return True

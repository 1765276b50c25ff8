"""The visitor's address, for rate limits and sign-in throttling."""

from django.conf import settings


def client_ip(request) -> str:
    """REMOTE_ADDR, or behind PROXY_COUNT proxies the address the outermost of them
    saw. Each proxy adds the address it saw to the right of X-Forwarded-For, so the
    visitor's is that many places from the right; anything to its left is whatever
    the visitor sent, and believing it would let anyone choose their address."""
    count = settings.PROXY_COUNT
    if count:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        hops = [hop.strip() for hop in forwarded if hop.strip()]
        if len(hops) >= count:
            return hops[-count]
    return request.META.get("REMOTE_ADDR", "")

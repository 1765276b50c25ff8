"""The visitor's address, for rate limits and sign-in throttling."""

import ipaddress

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
        if len(hops) >= count and (address := ip_address(hops[-count])):
            return address
    return request.META.get("REMOTE_ADDR", "")


def ip_address(hop: str) -> str:
    """The address in one X-Forwarded-For entry ("" if it holds none): some load
    balancers add the port, as "203.0.113.7:51234" or "[2001:db8::1]:51234"."""
    for candidate in (hop, hop.rsplit(":", 1)[0].strip("[]")):
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return ""

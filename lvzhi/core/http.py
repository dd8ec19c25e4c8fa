"""The client's address as the platform sees it behind its own reverse proxies.

``TRUSTED_PROXIES`` (``LVZHI_TRUSTED_PROXIES``) is the number of proxies in front of the
app server that append to ``X-Forwarded-For`` (the README's nginx is one). The real client
is the right-most address those proxies did not add: with one proxy, the last entry of the
header. Entries to its left came from the client itself and are never believed, so a
forged ``X-Forwarded-For: 1.2.3.4`` changes nothing. With 0 (the default, no proxy) the
header is ignored and the socket address is used.
"""

import ipaddress

from django.conf import settings


def _valid(address: str) -> str:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return ""


def client_ip(request) -> str:
    """The address used for login throttling, message rate limits and audit metadata."""
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = int(getattr(settings, "TRUSTED_PROXIES", 0) or 0)
    if trusted <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    # The socket peer is the nearest proxy; each further proxy appended its own peer.
    hops = forwarded + [remote]
    if len(hops) <= trusted:
        # Fewer hops than proxies: the request did not come through all of them
        # (a misconfiguration or a direct hit); the left-most hop is the best we know.
        return _valid(hops[0]) or remote
    return _valid(hops[-(trusted + 1)]) or remote

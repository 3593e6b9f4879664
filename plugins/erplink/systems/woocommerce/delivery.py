"""Which receiver URLs a WooCommerce store actually delivers webhooks to.

WordPress sends webhooks through ``wp_safe_remote_post``, which drops every URL ``wp_http_validate_url``
(wp-includes/http.php) refuses, silently: the webhook stays active, nothing is logged, nothing arrives. Its rules:

* http or https, a host, no user or password in the URL, no IPv6 literal (a host holding ``:`` or ``[`` is refused);
* a private or loopback IPv4 address (127/8, 10/8, 0/8, 172.16/12, 192.168/16) only when the host name is the
  store's own;
* an explicit port only when it is 80, 443 or 8080, or the store's own port on the store's own host.

The tenants file does not know the store's URL (it lives in the Airflow connection, which DAG files do not read),
so :func:`static_problem` refuses what no store would call, and :func:`store_host_problem`, run by the webhook
flow once the connection is read, checks a receiver declared to run on the store's own host against that host.
Host names are not resolved here: a name that resolves to a private address is beyond a configuration check.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import SplitResult, urlsplit

SAFE_PORTS = frozenset({80, 443, 8080})  # the default of WordPress's http_allowed_safe_ports filter
_DEFAULT_PORTS = {"http": 80, "https": 443}
ON_STORE_HOST_FIELD = "webhook_receiver_on_store_host"


def _parts(url: str) -> tuple[SplitResult, int | None] | str:
    """The URL's parts and explicit port, or why WordPress would not even parse it as a delivery URL."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return "is not a valid URL"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "must be an http:// or https:// URL with a host"
    if parts.username is not None or parts.password is not None:
        return "must not carry a user or password: WordPress refuses such URLs"
    if ":" in parts.hostname:
        return "must not be an IPv6 address: WordPress refuses IPv6 literal hosts; use a host name"
    return parts, port


def _private(host: str) -> bool:
    """The addresses wp_http_validate_url calls local (IPv4 only, as gethostbyname gives), and ``localhost``."""
    if host.lower().rstrip(".") == "localhost":
        return True
    try:
        address = ipaddress.IPv4Address(host.strip("."))
    except ValueError:
        return False
    first, second = address.packed[0], address.packed[1]
    return first in (0, 10, 127) or (first == 172 and 16 <= second <= 31) or (first == 192 and second == 168)


def _loopback(host: str) -> bool:
    if host.lower().rstrip(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def static_problem(url: str, *, on_store_host: bool) -> str | None:
    """Why no WooCommerce store would deliver to ``url``, or None. ``on_store_host``: the tenant declares that the
    receiver runs on the store's own host, where WordPress allows private addresses (checked later against the
    store's URL by :func:`store_host_problem`)."""
    parsed = _parts(url)
    if isinstance(parsed, str):
        return parsed
    parts, port = parsed
    if on_store_host:
        return None
    escape = (
        f" (when the receiver runs on the store's own host, as with the local sandboxes, set "
        f"store.{ON_STORE_HOST_FIELD}: true)"
    )
    if _private(parts.hostname or ""):
        return (
            f"{parts.hostname} is a private or loopback address: WordPress never delivers webhooks there from "
            "another host; give the receiver's public URL" + escape
        )
    if port is not None and port not in SAFE_PORTS:
        return (
            f"port {port}: WordPress delivers webhooks only to ports 80, 443 and 8080, so a receiver on another "
            "port is never called; publish it on 443 behind a proxy" + escape
        )
    return None


def store_host_problem(url: str, store_url: str) -> str | None:
    """Why a store at ``store_url`` would not deliver to a receiver declared to run on its host, or None.

    WordPress's own-host exemption compares host names as written, and an extra port is allowed only when it is the
    store's own. A store on loopback is a development store (the sandboxes, a local WordPress whose
    ``http_allowed_safe_ports`` filter may add ports): a loopback receiver is accepted whatever its port.
    """
    receiver, store = _parts(url), _parts(store_url)
    if isinstance(receiver, str):
        return receiver
    if isinstance(store, str):
        return f"the store URL {store}"
    (receiver_parts, receiver_port), (store_parts, store_port) = receiver, store
    receiver_host, store_host = (receiver_parts.hostname or "").lower(), (store_parts.hostname or "").lower()
    if _loopback(store_host) and _loopback(receiver_host):
        return None
    if receiver_host != store_host:
        return (
            f"the receiver host {receiver_host} is not the store's host {store_host}: WordPress delivers to a "
            f"private or loopback address only on its own host; set store.{ON_STORE_HOST_FIELD}: false and use "
            "a public receiver URL"
        )
    own_port = store_port or _DEFAULT_PORTS[store_parts.scheme]
    if receiver_port is not None and receiver_port not in SAFE_PORTS and receiver_port != own_port:
        return (
            f"port {receiver_port}: on its own host WordPress delivers only to ports 80, 443, 8080 and the "
            f"store's own port {own_port}"
        )
    return None

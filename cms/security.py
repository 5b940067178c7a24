"""Small host-level security helpers: the client's address, and the headers no library sets."""

from django.conf import settings


def client_address(request) -> str | None:
    """The client's address for django-axes: REMOTE_ADDR, never a forwarded header.

    The deployment's proxy sets REMOTE_ADDR from the header it trusts; a
    header the client sends itself would let it pick a fresh address per try.
    None when there is none (a login made in code): axes stores addresses in
    an IP field, which PostgreSQL checks.
    """
    return request.META.get("REMOTE_ADDR") or None


class PermissionsPolicyMiddleware:
    """Adds ``Permissions-Policy`` (settings.PERMISSIONS_POLICY): no page needs the
    camera, microphone, location, payment or USB, so no page (or frame) gets them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "PERMISSIONS_POLICY", "")
        if policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = policy
        return response

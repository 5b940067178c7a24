"""Small host-level security helpers shared by the settings' libraries."""


def client_address(request) -> str:
    """The client's address for django-axes: REMOTE_ADDR, never a forwarded header.

    The deployment's proxy sets REMOTE_ADDR from the header it trusts; a
    header the client sends itself would let it pick a fresh address per try.
    """
    return request.META.get("REMOTE_ADDR", "") or "okand"

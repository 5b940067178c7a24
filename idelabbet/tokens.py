"""Private status links: unguessable, revocable, stored only as a hash.

The token is an HMAC (under SECRET_KEY) of the submission's form key and a
random nonce. The database keeps the nonce and the token's SHA-256; the token
itself exists only in the citizen's email. Renewing the nonce invalidates the
old link; so does marking it revoked.
"""

import hashlib
import secrets

from django.utils.crypto import salted_hmac

_SALT = "idelabbet.status-link"


def new_nonce() -> str:
    return secrets.token_hex(16)


def make_token(*, form_key, nonce: str) -> str:
    return salted_hmac(_SALT, f"{form_key}:{nonce}", algorithm="sha256").hexdigest()


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()

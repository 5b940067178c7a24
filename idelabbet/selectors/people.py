"""How staff are named on screens and in history: by their name, never their username."""


def person_name(user) -> str:
    """A person's full name; their username only when no name is known."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()

"""The fuzz test reuses Idélabbet's and the forum's fixtures."""

from tests.forum.conftest import forum_index  # noqa: F401
from tests.idelabbet.conftest import _private_media, ideas_index  # noqa: F401

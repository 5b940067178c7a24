"""The benchmark reuses Idélabbet's fixtures."""

from tests.idelabbet.conftest import _private_media, ideas_index  # noqa: F401

import pytest


@pytest.fixture(autouse=True)
def _fresh_public_cache():  # type: ignore[no-untyped-def]
    """Each test starts with empty page caches (the process-local ones outlive a test's database)."""
    from django.core.cache import cache

    from cchc.column.actions import forget_public_version
    from cchc.column.public import forget_local_pages

    cache.clear()
    forget_public_version()
    forget_local_pages()
    yield
    forget_public_version()
    forget_local_pages()

"""The shared cache: a database table by default, created by `migrate`."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection

from klimapakete.settings import _cache


def test_the_default_cache_is_the_database_table():
    config = _cache("db://klimapakete_cache")
    assert config["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert config["LOCATION"] == "klimapakete_cache"


def test_redis_and_locmem_by_url():
    assert _cache("redis://cache:6379/0")["BACKEND"].endswith("RedisCache")
    assert _cache("locmem://")["BACKEND"].endswith("LocMemCache")
    with pytest.raises(ValueError):
        _cache("memcached://x")


@pytest.mark.django_db(transaction=True)
def test_migrate_creates_the_cache_table_and_the_cache_works(settings):
    settings.CACHES = {"default": _cache("db://klimapakete_cache")}
    caches.close_all()
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS klimapakete_cache")
    call_command("migrate", verbosity=0)
    assert "klimapakete_cache" in connection.introspection.table_names()
    cache = caches.create_connection("default")
    cache.set("answer", 42)
    assert cache.get("answer") == 42

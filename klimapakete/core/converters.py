"""Path converters for secret tokens in public URLs.

A token path segment only matches the alphabet tokens are made of, so a NUL byte, an
overlong value or non-ASCII characters never reach the database (PostgreSQL refuses NUL
in text and would answer 500); such URLs are simply not found (404).
"""

from __future__ import annotations

from django.urls import register_converter


class TokenConverter:
    """``secrets.token_urlsafe`` values (teams, workshops, selection tokens)."""

    regex = r"[A-Za-z0-9_-]{1,128}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class SignedTokenConverter(TokenConverter):
    """``django.core.signing`` values (base64 with ``:`` separators)."""

    regex = r"[A-Za-z0-9_:-]{1,512}"


def register() -> None:
    register_converter(TokenConverter, "token")
    register_converter(SignedTokenConverter, "signed")

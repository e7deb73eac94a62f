"""The tenant of the current transaction, as PostgreSQL row-level security sees it.

Every policy compares a row's platform_id with the transaction-local setting
``app.platform_id``; with nothing set, a tenant table shows no rows and accepts no
writes. ``app.user_id`` and ``app.via`` tell the audit trigger who made a change.

Settings are made with ``set_config(..., true)``: local to the transaction, so they
never leak to the next request on a pooled connection. Each context manager restores
the previous values on exit, so contexts nest.
"""

from collections.abc import Iterator
from contextlib import contextmanager, suppress

from django.db import DatabaseError, connection, transaction

_KEYS = ("app.platform_id", "app.user_id", "app.via", "app.rls_bypass")
# What a setting left out of a nested scope (None) falls back to when nothing is set.
_KEEP_DEFAULTS = {"app.user_id": "", "app.via": "web"}


def _read() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT " + ", ".join("coalesce(current_setting(%s, true), '')" for _ in _KEYS),
            _KEYS,
        )
        return dict(zip(_KEYS, cursor.fetchone(), strict=True))


def _write(values: dict[str, str]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT " + ", ".join("set_config(%s, %s, true)" for _ in values),
            [item for pair in values.items() for item in pair],
        )


def _swap(values: dict[str, str | None]) -> dict[str, str]:
    """Write the settings and return what they were, in one round trip.

    The MATERIALIZED CTE is computed before the outer projection calls set_config, so
    the values read are the ones from before the write. A value of None keeps the
    setting as it is (or, when it is empty, its default in _KEEP_DEFAULTS): how a nested
    scope keeps the acting user and the channel (web, api, task) of the one around it.
    """
    reads = ", ".join(f"coalesce(current_setting(%s, true), '') AS v{i}" for i in range(len(_KEYS)))
    writes, params = [], []
    for key, value in values.items():
        if value is None:
            writes.append(
                "set_config(%s, coalesce(nullif(current_setting(%s, true), ''), %s), true)"
            )
            params += [key, key, _KEEP_DEFAULTS[key]]
        else:
            writes.append("set_config(%s, %s, true)")
            params += [key, value]
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH previous AS MATERIALIZED (SELECT {reads}) "  # noqa: S608 - placeholders only
            f"SELECT {', '.join(f'v{i}' for i in range(len(_KEYS)))}, {', '.join(writes)} FROM previous",
            [*_KEYS, *params],
        )
        row = cursor.fetchone()
    return dict(zip(_KEYS, row[: len(_KEYS)], strict=True))


@contextmanager
def _settings(values: dict[str, str | None]) -> Iterator[None]:
    if not connection.in_atomic_block:
        # Outside a transaction set_config(..., true) would last one statement, and a
        # session-wide SET would leak to the next user of a pooled connection.
        raise RuntimeError("The tenant can only be set inside a transaction (transaction.atomic).")
    previous = _swap(values)
    try:
        yield
    except BaseException:
        # After a database error the transaction is aborted and cannot run the restore;
        # the rollback that follows discards these settings anyway. Never let the
        # restore hide the original error.
        if not connection.needs_rollback:
            with suppress(DatabaseError):
                _write(previous)
        raise
    else:
        if not connection.needs_rollback:
            _write(previous)


@contextmanager
def tenant(
    platform_id: int, *, user_id: int | None = None, via: str | None = None
) -> Iterator[None]:
    """Scope the current transaction to one platform (and name who acts, for the audit).

    ``via`` names the channel for the audit and ``user_id`` who acts; left out, a nested
    scope keeps those of the one around it (a service called from an API request records
    "api" and the key's user), else "web" and no one.
    """
    if not isinstance(platform_id, int) or isinstance(platform_id, bool) or platform_id <= 0:
        raise ValueError(f"A platform id is a positive integer, not {platform_id!r}.")
    with _settings(
        {
            "app.platform_id": str(platform_id),
            "app.user_id": str(user_id) if user_id else None,
            "app.via": via,
            "app.rls_bypass": "",
        }
    ):
        yield


@contextmanager
def platform_transaction(
    platform_id: int, *, user_id: int | None = None, via: str | None = None
) -> Iterator[None]:
    """A transaction scoped to one platform: the way requests and tasks touch tenant data."""
    with transaction.atomic(), tenant(platform_id, user_id=user_id, via=via):
        yield


@contextmanager
def unscoped(*, user_id: int | None = None, via: str = "system") -> Iterator[None]:
    """Opt out of row-level security for privileged cross-platform work.

    Used on purpose and rarely: resolving an API key or an invitation token before the
    platform is known, listing a user's own memberships for the switcher, the
    superusers' Django admin, demo data, the job sweeper, test factories. Each use says
    why in a comment; docs/decisions/0001-row-level-security.md lists them.
    """
    with (
        transaction.atomic(),
        _settings(
            {
                "app.platform_id": "",
                "app.user_id": str(user_id or ""),
                "app.via": via,
                "app.rls_bypass": "on",
            }
        ),
    ):
        yield


def current_platform_id() -> int | None:
    value = _read()["app.platform_id"]
    return int(value) if value else None

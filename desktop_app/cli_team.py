"""The team library on the command line: ``team …``, ``sync``, ``collection share|unshare``.

``add_team_commands`` adds the parsers (``cli.build_parser`` calls it once its
own commands, ``collection`` among them, exist); ``TEAM_HANDLERS`` joins
``cli_commands.HANDLERS``. Exit 5: the team server could not be reached, and
nothing changed locally.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from desktop_app.cli_errors import EXIT_OK, CommandError

if TYPE_CHECKING:
    from desktop_app.operations import Operations

EXIT_OFFLINE = 5
ROLES = ("curator", "member")


def _subparsers(parser: argparse.ArgumentParser) -> argparse._SubParsersAction:  # type: ignore[type-arg]
    return next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))


def add_team_commands(
    commands: argparse._SubParsersAction,  # type: ignore[type-arg]
    common: argparse.ArgumentParser,
) -> None:
    """Add ``team``, ``sync`` and ``collection share|unshare`` to the parser."""
    team = commands.add_parser(
        "team",
        help="set up, join and leave a team library on a PostgreSQL server",
        description="Team URLs are libpq URLs: postgresql://LOGIN@HOST:PORT/DB?sslmode=… "
        "(passwords from ~/.pgpass, PGPASSWORD, a service file or the keyring).",
        parents=[common],
    )
    actions = team.add_subparsers(dest="team_action", metavar="ACTION", parser_class=type(team))
    actions.required = True

    def action(name: str, help_text: str) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = actions.add_parser(
            name, help=help_text, description=help_text, parents=[common]
        )
        return parser

    action("create", "create or upgrade the team schema (an administrator)").add_argument("url")
    grant = action("grant", "make an existing login a curator or member (an administrator)")
    grant.add_argument("url")
    grant.add_argument("login")
    grant.add_argument("role", choices=ROLES)
    revoke = action("revoke", "take a login's team role away (an administrator)")
    revoke.add_argument("url")
    revoke.add_argument("login")
    action("join", "link this library to a team library").add_argument("url")
    action("status", "the team library this library is joined to").add_argument(
        "--json", action="store_true"
    )
    action("leave", "unlink; the team's resources and lists stay as your own")

    commands.add_parser(
        "sync",
        help="pull the team library's changes, then publish yours",
        description="pull the team library's changes, then publish yours",
        parents=[common],
    ).add_argument("--json", action="store_true")

    collection_actions = _subparsers(commands.choices["collection"])
    for name, help_text in (
        ("share", "share a collection with the team library"),
        ("unshare", "stop sharing a collection (it stays here, private)"),
    ):
        collection_actions.add_parser(name, help=help_text, parents=[common]).add_argument("name")


@contextmanager
def _offline_is_exit_5() -> Iterator[None]:
    from desktop_app.operations.team_ops import OfflineError

    try:
        yield
    except OfflineError as error:
        raise CommandError(str(error), EXIT_OFFLINE) from error


def _print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, default=str)
    sys.stdout.write("\n")


# An administrator's commands act on the server only: no library is opened (or made).
SERVER_ONLY = ("create", "grant", "revoke")


def team_on_the_server(args: argparse.Namespace) -> int:
    with _offline_is_exit_5():
        return _SERVER_ACTIONS[args.team_action](args)


def team(args: argparse.Namespace, ops: Operations) -> int:
    with _offline_is_exit_5():
        return _TEAM_ACTIONS[args.team_action](args, ops)


def _create(args: argparse.Namespace) -> int:
    from desktop_app.operations import Operations

    outcome = Operations.team_create(args.url)
    verb = "Created" if outcome.revision_before is None else "Brought up to date"
    print(
        f"{verb} the team library in {outcome.database} (schema {outcome.revision}); "
        f"grant logins the roles {outcome.roles.curator} or {outcome.roles.member} "
        "with 'imh-library team grant URL LOGIN curator|member'."
    )
    return EXIT_OK


def _grant(args: argparse.Namespace) -> int:
    from desktop_app.operations import Operations

    Operations.team_grant(args.url, args.login, args.role)
    print(f"{args.login} is now a {args.role} of the team library.")
    return EXIT_OK


def _revoke(args: argparse.Namespace) -> int:
    from desktop_app.operations import Operations

    held = Operations.team_revoke(args.url, args.login)
    print(
        f"{args.login} is no longer a curator or member; their laptop lets go of the team's "
        "data at its next sync."
        if held
        else f"{args.login} held no team role."
    )
    return EXIT_OK


def _join(args: argparse.Namespace, ops: Operations) -> int:
    status = ops.team_join(args.url)
    print(f"Joined {status.url} as a {status.role}; run 'imh-library sync' to fetch the catalogue.")
    if "sslmode=verify-full" not in status.url:
        print(
            "Note: without sslmode=verify-full (and the organisation's CA in sslrootcert=) "
            "the server's certificate is not checked."
        )
    return EXIT_OK


# DESIGN.md's exact shape, with nothing to report.
NOT_JOINED = {"url": None, "role": None, "last_sync": None, "pending": 0}


def _status(args: argparse.Namespace, ops: Operations) -> int:
    # Not being part of a team is an answer, not a mistake in the command.
    if not ops.team_joined():
        if args.json:
            _print_json(NOT_JOINED)
        else:
            print("This library is not part of a team library; join one with "
                  "'imh-library team join URL'.")  # fmt: skip
        return EXIT_OK
    status = ops.team_status()
    if args.json:
        _print_json(status.as_json())
        return EXIT_OK
    last = f"{status.last_sync:%Y-%m-%d %H:%M}" if status.last_sync else "never"
    print(f"{status.url}\n  role: {status.role}\n  last sync: {last}\n  waiting: {status.pending}")
    return EXIT_OK


def _leave(args: argparse.Namespace, ops: Operations) -> int:
    ops.team_leave()
    print("Left the team library; its resources and lists stay here as your own.")
    return EXIT_OK


_SERVER_ACTIONS: dict[str, Callable[[argparse.Namespace], int]] = {
    "create": _create,
    "grant": _grant,
    "revoke": _revoke,
}
_TEAM_ACTIONS: dict[str, Callable[[argparse.Namespace, Operations], int]] = {
    "join": _join,
    "status": _status,
    "leave": _leave,
}


def sync(args: argparse.Namespace, ops: Operations) -> int:
    from desktop_app.operations.team_ops import OfflineError

    try:
        report, _ = ops.sync()
    except OfflineError as error:
        if args.json:  # the agreed shape, then the sentence on stderr and exit 5
            _print_json({"status": "offline", "pulled": 0, "pushed": 0, "conflicts": []})
        raise CommandError(str(error), EXIT_OFFLINE) from error
    if args.json:
        _print_json(report.as_json())
        return EXIT_OK
    if report.status == "revoked":
        print(
            "Your access to the team library was withdrawn: its catalogue and the lists others "
            "share were removed from this laptop; your bookmarks and notes stay."
        )
        return EXIT_OK
    print(f"Synced: {report.pulled} received, {report.pushed} sent.")
    for conflict in report.conflicts:
        print(
            f"  {conflict.key}: the {conflict.field} was changed on the server too; the "
            f"team's value was kept (yours: {conflict.yours!r})."
        )
    return EXIT_OK


def collection(args: argparse.Namespace, ops: Operations) -> int:
    if args.action == "share":
        ops.share_collection(args.name)
        print(f"{args.name!r} will be shared with the team at the next sync.")
        return EXIT_OK
    if args.action == "unshare":
        ops.unshare_collection(args.name)
        print(f"{args.name!r} will stop being shared at the next sync; it stays here.")
        return EXIT_OK
    from desktop_app import cli_commands

    return cli_commands.collection(args, ops)


TEAM_HANDLERS: dict[str, Callable[[argparse.Namespace, Operations], int]] = {
    "team": team,
    "sync": sync,
    "collection": collection,
}

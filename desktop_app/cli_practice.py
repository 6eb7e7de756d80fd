"""``imh-library cpd``, ``reflection``, ``lock`` and ``unlock``: the private practice record.

``add_practice_commands`` declares the commands (``cli.build_parser`` calls
it) and ``PRACTICE_HANDLERS`` runs them (``cli_commands.HANDLERS`` takes
them in). Importing this module loads nothing of the library: the handlers
import what they need when they run.

A CPD entry is logged against a resource by its uid; learning that has no
resource in the library (a study day, supervision) is logged with the uid
``-`` and a ``--topic``. A locked record opens with ``IMH_LIBRARY_PASSPHRASE``,
else the passphrase is asked for when a terminal is attached, else the
command stops with one sentence (exit 2).
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.cli_errors import EXIT_OK, EXIT_USAGE, CommandError

if TYPE_CHECKING:
    from desktop_app.operations import Operations
    from desktop_app.operations.practice_ops import CpdListing, PracticeSummary
    from resources_db.practice_record import CpdInfo, ReflectionInfo
    from resources_db.practice_suggestions import SuggestionInfo

PASSPHRASE_ENV = "IMH_LIBRARY_PASSPHRASE"
FREE_STANDING = "-"
# Kept here as text so that --help needs none of the library's code.
METHODS_HELP = (
    "reading, podcast, e-learning, course, study day, conference, supervision, "
    "discussion with colleagues, other"
)
THEMES_HELP = (
    "the Code's themes: 'prioritise people', 'practise effectively', 'preserve safety', "
    "'promote professionalism and trust' (one word of each is enough: people, "
    "effectively, safety, trust)"
)

Handler = Callable[[argparse.Namespace, "Operations"], int]


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _minutes(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of minutes") from None


def add_practice_commands(
    commands: argparse._SubParsersAction[Any],  # cli.py passes its own parser class
    common: argparse.ArgumentParser,
) -> None:
    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = commands.add_parser(
            name, help=help_text, description=help_text, parents=[common]
        )
        return parser

    cpd = command("cpd", "your CPD log for NMC revalidation (private: never exported or shared)")
    actions = cpd.add_subparsers(dest="action", metavar="ACTION", parser_class=type(cpd))
    actions.required = True
    log = actions.add_parser("log", help="log learning", parents=[common])
    log.add_argument(
        "uid",
        metavar="UID",
        help=f"the resource you learned from, or {FREE_STANDING} for learning with no "
        "resource in the library (then give --topic)",
    )
    log.add_argument("--minutes", type=_minutes, metavar="N", help="default: the resource's length")
    log.add_argument("--participatory", action="store_true", help="learning with others")
    log.add_argument("--date", type=_day, metavar="D", help="YYYY-MM-DD (default: today)")
    log.add_argument("--method", metavar="M", help=f"one of: {METHODS_HELP}")
    log.add_argument("--topic", metavar="TEXT", help="default: the resource's title")
    log.add_argument("--note", metavar="TEXT", help="how it relates to your practice")
    log.add_argument("--code", nargs="+", action="extend", default=[], metavar="THEME")
    log.add_argument("--json", action="store_true")
    listing = actions.add_parser("list", help="list entries and their totals", parents=[common])
    _span_options(listing)
    listing.add_argument("--json", action="store_true")
    export = actions.add_parser("export", help="the log in the NMC's columns", parents=[common])
    export.add_argument("--format", required=True, choices=("csv", "html"), metavar="F")
    export.add_argument("-o", "--output", required=True, metavar="FILE")
    _span_options(export)
    renewal = actions.add_parser(
        "renewal",
        help="set your next NMC renewal date; cpd list then counts the three years up to it "
        "against 35 hours (20 participatory)",
        parents=[common],
    )
    renewal.add_argument(
        "date", nargs="?", type=_day, metavar="D", help="YYYY-MM-DD (without it: show the period)"
    )
    suggestions = actions.add_parser(
        "suggestions",
        help="entries the app proposes from what you listened to or read; nothing is "
        "logged until you confirm one",
        parents=[common],
    )
    decide = suggestions.add_mutually_exclusive_group()
    decide.add_argument("--confirm", type=int, metavar="ID", help="log this suggestion as it is")
    decide.add_argument("--dismiss", type=int, metavar="ID", help="do not offer it again")
    suggestions.add_argument("--json", action="store_true")

    reflection = command("reflection", "your reflective accounts on the NMC's form (private)")
    actions = reflection.add_subparsers(dest="action", metavar="ACTION", parser_class=type(cpd))
    actions.required = True
    add = actions.add_parser("add", help="write a reflective account", parents=[common])
    add.add_argument("--title", required=True, metavar="T")
    add.add_argument("--cpd", type=int, action="append", default=[], metavar="ID")
    add.add_argument("--resource", metavar="UID", help="the resource it reflects on")
    add.add_argument("--what", required=True, metavar="TEXT", help="the CPD, feedback or event")
    add.add_argument("--learned", required=True, metavar="TEXT", help="what you learned")
    add.add_argument(
        "--changed", required=True, metavar="TEXT", help="how you changed or improved your practice"
    )
    add.add_argument(
        "--code", required=True, nargs="+", action="extend", metavar="THEME", help=THEMES_HELP
    )
    add.add_argument("--relevance", default="", metavar="TEXT", help="how it is relevant")
    add.add_argument("--json", action="store_true")
    actions.add_parser("list", help="list your accounts", parents=[common]).add_argument(
        "--json", action="store_true"
    )
    export = actions.add_parser("export", help="one printable form per account", parents=[common])
    export.add_argument("--format", default="html", choices=("html", "pdf"), metavar="F")
    export.add_argument("-o", "--output", required=True, metavar="FILE")

    command("lock", f"encrypt your practice record with a passphrase (or ${PASSPHRASE_ENV})")
    command("unlock", "decrypt your practice record and remove its passphrase")


def _span_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from", dest="start", type=_day, metavar="D", help="YYYY-MM-DD")
    parser.add_argument("--to", dest="end", type=_day, metavar="D", help="YYYY-MM-DD")


# --- the passphrase -----------------------------------------------------------------------


def passphrase(prompt: str, *, confirm: bool = False) -> str:
    given = os.environ.get(PASSPHRASE_ENV)
    if given:
        return given
    if not sys.stdin.isatty():
        raise CommandError(
            f"The practice record needs its passphrase: set {PASSPHRASE_ENV}, or run this "
            "in a terminal to be asked for it.",
            EXIT_USAGE,
        )
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass("The same passphrase again: ") != first:
        raise CommandError("The two passphrases differ; nothing was changed.", EXIT_USAGE)
    return first


def _open_record(ops: Operations) -> None:
    if ops.practice_locked():
        ops.open_practice(passphrase("Passphrase of your practice record: "))


# --- the CPD log ----------------------------------------------------------------------------


def _print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")


def hours(minutes: int) -> str:
    from resources_db.practice_export import hours as as_hours

    return f"{as_hours(minutes)} h"


def entry_json(entry: CpdInfo, title: str) -> dict[str, Any]:
    return {
        "id": entry.id,
        "date": entry.day.isoformat(),
        "uid": entry.uid or None,
        "title": title,
        "method": entry.method,
        "minutes": entry.minutes,
        "participatory": entry.participatory,
        "note": entry.note,
    }


def cpd_log(args: argparse.Namespace, ops: Operations) -> int:
    from desktop_app.operations import UsageError
    from resources_db.practice_record import CpdDraft

    _open_record(ops)
    free = args.uid == FREE_STANDING
    suggested = CpdDraft(date.today(), "other", 0) if free else ops.suggested_cpd(args.uid)
    minutes = args.minutes if args.minutes is not None else suggested.minutes
    if args.minutes is None and not minutes:
        raise UsageError("Say how long the learning took with --minutes N.")
    draft = CpdDraft(
        day=args.date or date.today(),
        method=args.method or suggested.method,
        minutes=minutes,
        participatory=args.participatory,
        uid="" if free else args.uid,
        topic=args.topic or "",
        note=args.note or "",
        code=args.code,
    )
    entry, _ = ops.log_cpd(draft)
    if args.json:
        _print_json(entry_json(entry, entry.topic))
    else:
        kind = "participatory " if entry.participatory else ""
        print(
            f"Logged CPD entry {entry.id}: {hours(entry.minutes)} of {kind}{entry.method} "
            f"on {entry.day.isoformat()} ({entry.topic})."
        )
    return EXIT_OK


def cpd_list_text(listing: CpdListing) -> str:
    lines = []
    # The method column is as wide as its longest ("discussion with colleagues").
    width = max([14, *(len(e.method) for e in listing.entries)])
    for e in listing.entries:
        mark = "P" if e.participatory else " "
        line = f"{e.id:>4}  {e.day.isoformat()}  {hours(e.minutes):>8} {mark}  {e.method:<{width}} "
        lines.append(line + listing.title(e))
        if e.note:
            lines.append(" " * len(line) + e.note)  # under the title
    total, participatory = listing.total_minutes, listing.participatory_minutes
    count = len(listing.entries)
    lines.append(
        f"{count} entr{'y' if count == 1 else 'ies'}: {hours(total)} in all, "
        f"{hours(participatory)} participatory (P)."
    )
    return "\n".join(lines)


def _long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def period_text(summary: PracticeSummary) -> str:
    """Progress in the revalidation period, or how to set the renewal date that makes it."""
    required = summary.required_minutes // 60
    participatory = summary.required_participatory_minutes // 60
    if summary.period is None:
        return (
            "Set your renewal date with 'imh-library cpd renewal YYYY-MM-DD' to count your "
            f"learning against the {required} hours ({participatory} participatory) of "
            "your three-year period."
        )
    from resources_db.practice_export import hours as as_hours

    start, end = summary.period.start, summary.period.end
    return (
        f"This revalidation period ({_long(start)} to {_long(end)}): "
        f"{as_hours(summary.minutes)} of {required} hours, "
        f"{as_hours(summary.participatory_minutes)} of {participatory} participatory."
    )


def cpd_renewal(args: argparse.Namespace, ops: Operations) -> int:
    # The period's totals need no passphrase: minutes and dates are never sealed.
    if args.date is not None:
        ops.set_renewal_date(args.date)
        print(f"Your renewal date is {_long(args.date)}.")
    print(period_text(ops.practice_summary()))
    return EXIT_OK


def suggestion_json(found: SuggestionInfo) -> dict[str, Any]:
    return {
        "id": found.id,
        "date": found.day.isoformat(),
        "uid": found.uid,
        "title": found.title,
        "method": found.method,
        "minutes": found.minutes,
        "reason": found.reason,
    }


def suggestions_text(found: list[SuggestionInfo]) -> str:
    if not found:
        return "No suggestions: nothing you listened to or read is waiting to be logged."
    lines = [f"{len(found)} suggestion{'s' * (len(found) != 1)} (confirm with --confirm ID):"]
    for s in found:
        lines.append(
            f"{s.id:>4}  {s.day.isoformat()}  {hours(s.minutes):>8}  {s.method:<10} {s.title}"
        )
        lines.append(f"{'':>6}{s.why}  [{s.uid}]")
    return "\n".join(lines)


def cpd_suggestions(args: argparse.Namespace, ops: Operations) -> int:
    if args.confirm is not None:
        _open_record(ops)
        entry, _ = ops.confirm_suggestion(args.confirm)
        if args.json:
            _print_json(entry_json(entry, entry.topic))
        else:
            print(
                f"Logged CPD entry {entry.id}: {hours(entry.minutes)} of {entry.method} "
                f"on {entry.day.isoformat()} ({entry.topic})."
            )
        return EXIT_OK
    if args.dismiss is not None:
        ops.dismiss_suggestions([args.dismiss])
        if not args.json:
            print(f"Dismissed suggestion {args.dismiss}; it will not be offered again.")
    found = ops.cpd_suggestions()
    if args.json:
        _print_json({"suggestions": [suggestion_json(s) for s in found]})
    elif args.dismiss is None:
        print(suggestions_text(found))
    return EXIT_OK


def cpd(args: argparse.Namespace, ops: Operations) -> int:
    if args.action == "log":
        return cpd_log(args, ops)
    if args.action == "suggestions":
        return cpd_suggestions(args, ops)
    if args.action == "renewal":
        return cpd_renewal(args, ops)
    _open_record(ops)
    if args.action == "list":
        listing = ops.cpd_entries(args.start, args.end)
        if args.json:
            _print_json(
                {
                    "entries": [entry_json(e, listing.title(e)) for e in listing.entries],
                    "total_minutes": listing.total_minutes,
                    "participatory_minutes": listing.participatory_minutes,
                }
            )
        else:
            print(cpd_list_text(listing))
            print(period_text(ops.practice_summary()))
        return EXIT_OK
    target = Path(args.output).expanduser()
    count = ops.export_cpd(args.format, target, args.start, args.end)
    print(f"Wrote {count} CPD entr{'y' if count == 1 else 'ies'} to {target}.")
    return EXIT_OK


# --- reflective accounts ------------------------------------------------------------------


def reflection_json(account: ReflectionInfo) -> dict[str, Any]:
    return {
        "id": account.id,
        "date": account.written.isoformat(),
        "title": account.title,
        "uid": account.uid or None,
        "cpd": account.cpd_ids,
        "what": account.what,
        "learned": account.learned,
        "changed": account.changed,
        "relevance": account.relevance,
        "code": account.code,
    }


def reflection(args: argparse.Namespace, ops: Operations) -> int:
    from resources_db.practice_record import ReflectionDraft

    _open_record(ops)
    if args.action == "add":
        draft = ReflectionDraft(
            title=args.title,
            what=args.what,
            learned=args.learned,
            changed=args.changed,
            code=args.code,
            relevance=args.relevance,
            cpd_ids=args.cpd,
            uid=args.resource or "",
        )
        account, _ = ops.add_reflection(draft)
        if args.json:
            _print_json(reflection_json(account))
        else:
            print(f"Saved reflective account {account.id}: {account.title}.")
        _warn_if_identifying(account)
    elif args.action == "list":
        accounts = ops.reflections()
        if args.json:
            _print_json({"reflections": [reflection_json(a) for a in accounts]})
        for a in [] if args.json else accounts:
            themes = "; ".join(a.code)
            print(f"{a.id:>4}  {a.written.isoformat()}  {a.title}  ({themes})")
        if not accounts and not args.json:
            print("No reflective accounts yet.")
    else:
        export_reflections(args, ops)
    return EXIT_OK


def _warn_if_identifying(account: ReflectionInfo) -> None:
    from resources_db.practice_privacy import identifying_hints, warning

    texts = (account.title, account.what, account.learned, account.changed, account.relevance)
    said = warning(identifying_hints("\n".join(texts)))
    if said:  # a gentle note: the account is saved, the person decides
        print(f"imh-library: Saved. {said}", file=sys.stderr)


def export_reflections(args: argparse.Namespace, ops: Operations) -> None:
    target = Path(args.output).expanduser()
    if args.format == "pdf":
        from desktop_app.operations import UsageError
        from desktop_app.practice_print import print_pdf

        if not target.parent.is_dir():
            raise UsageError(f"The folder {target.parent} does not exist.")
        count, html = ops.reflections_html()
        print_pdf(html, target)
    else:
        count = ops.export_reflections(target)
    print(f"Wrote {count} reflective account{'s' * (count != 1)} to {target}.")


# --- the lock -----------------------------------------------------------------------------


def lock(_args: argparse.Namespace, ops: Operations) -> int:
    from desktop_app.operations import UsageError

    if ops.practice_locked():
        raise UsageError("The practice record is already locked.")
    outcome, _ = ops.lock_practice(passphrase("New passphrase: ", confirm=True))
    print(
        "Locked your practice record: its notes and reflective accounts are encrypted here "
        "and in the library's backups. Without the passphrase nobody can read them, you "
        "included: keep it somewhere safe."
    )
    if not outcome.journal_cleared:
        print(
            "imh-library: Another program (the window?) is reading the library; the last "
            "unencrypted pages leave its journal when that program closes it.",
            file=sys.stderr,
        )
    for copy in outcome.copies_left_unsealed:
        print(f"imh-library: The backup {copy} could not be opened to encrypt it.", file=sys.stderr)
    return EXIT_OK


def unlock(_args: argparse.Namespace, ops: Operations) -> int:
    from desktop_app.operations import UsageError

    if not ops.practice_locked():
        raise UsageError("The practice record is not locked.")
    ops.unlock_practice(passphrase("Passphrase of your practice record: "))
    print(
        "Unlocked your practice record: it is stored unencrypted again. Backups taken while "
        "it was locked still need that passphrase."
    )
    return EXIT_OK


PRACTICE_HANDLERS: dict[str, Handler] = {
    "cpd": cpd,
    "reflection": reflection,
    "lock": lock,
    "unlock": unlock,
}

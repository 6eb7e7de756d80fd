"""The ``imh-library`` command line: argument parsing and dispatch.

Exit status: 0 success (also with no hits), 2 usage error, 3 some input was
rejected, 4 ``check`` found a problem. Errors are one plain sentence on
stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import Any

from desktop_app.cli_errors import EXIT_USAGE, CommandError
from desktop_app.start_up import pause_collector, resume_collector
from resources_db.formats import EXPORT_FORMATS, IMPORT_FORMATS


class _Parser(argparse.ArgumentParser):
    # Set on the search command, whose query may start with a minus ("-type:blog",
    # "-crying"): argparse would take such a word for an unknown option.
    dashed_words = False

    def _parse_optional(self, arg_string: str) -> Any:
        single_dash = arg_string.startswith("-") and not arg_string.startswith("--")
        if self.dashed_words and single_dash and arg_string not in self._option_string_actions:
            return None  # a positional: part of the query
        return super()._parse_optional(arg_string)

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"imh-library: {message[0].upper()}{message[1:]}.\n")
        raise SystemExit(EXIT_USAGE)


def _data_dir_option() -> _Parser:
    # SUPPRESS lets --data-dir sit before or after the command without the
    # sub-parser's default overwriting a value given before it.
    common = _Parser(add_help=False)
    common.add_argument(
        "--data-dir",
        default=argparse.SUPPRESS,
        metavar="DIR",
        help="library folder (default: $IMH_LIBRARY_HOME or the user data folder)",
    )
    return common


class _VersionAction(argparse.Action):
    """``--version``, read from the installed metadata only when asked for:
    importing ``importlib.metadata`` would cost every command's start."""

    def __init__(self, option_strings: list[str], dest: str, **_kwargs: Any) -> None:
        super().__init__(
            option_strings, dest, nargs=0, help="show the program's version number and exit"
        )

    def __call__(self, parser: argparse.ArgumentParser, *_args: Any) -> None:
        from desktop_app.version import app_version

        print(f"imh-library {app_version()}")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    common = _data_dir_option()
    parser = _Parser(
        prog="imh-library",
        description="An offline library of infant-mental-health resources.",
        parents=[common],
    )
    parser.add_argument("--version", action=_VersionAction)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def command(name: str, help_text: str) -> argparse.ArgumentParser:  # one per command
        return commands.add_parser(name, help=help_text, description=help_text, parents=[common])

    command("gui", "open the window (the default)")
    command("self-test", "open the window headless, search, open a result, close")

    search = command("search", "search the library")
    search.dashed_words = True  # type: ignore[attr-defined]
    search.add_argument("query", nargs="+", help="words, phrases, operators and field filters")
    search.add_argument("--limit", type=_positive, default=10, metavar="N")
    search.add_argument("--json", action="store_true", help="print one JSON object")

    show = command("show", "show one resource")
    show.add_argument("uid")
    show.add_argument("--json", action="store_true")

    importer = command(
        "import", "import files, folders or http(s) addresses; the format is detected"
    )
    importer.add_argument("sources", nargs="+", metavar="SOURCE")
    importer.add_argument(
        "--format",
        default="auto",
        choices=("auto", *IMPORT_FORMATS),
        metavar="F",
        help="one of: " + ", ".join(IMPORT_FORMATS),
    )
    importer.add_argument(
        "--for",
        dest="for_uid",
        metavar="UID",
        help="the file is a transcript (.vtt .srt .json .html .txt) or chapters for episode UID",
    )
    importer.add_argument("--json", action="store_true")

    exporter = command("export", "export a collection, the bookmarks or a search's results")
    which = exporter.add_mutually_exclusive_group(required=True)
    which.add_argument("--collection", metavar="NAME")
    which.add_argument("--bookmarks", action="store_true")
    which.add_argument("--query", metavar="Q")
    exporter.add_argument(
        "--format",
        required=True,
        choices=EXPORT_FORMATS,
        metavar="F",
        help="one of: " + ", ".join(EXPORT_FORMATS),
    )
    exporter.add_argument("-o", "--output", required=True, metavar="FILE")

    command("refresh", "fetch every subscribed feed again (needs a connection)").add_argument(
        "--json", action="store_true"
    )

    bookmark = command("bookmark", "bookmark a resource, optionally with a note")
    bookmark.add_argument("uid")
    bookmark.add_argument("--note", metavar="TEXT")
    unbookmark = command("unbookmark", "remove a bookmark")
    unbookmark.add_argument("uid")

    collection = command("collection", "create, fill and list collections (reading lists)")
    actions = collection.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser)
    actions.required = True
    create = actions.add_parser("create", help="create an empty collection", parents=[common])
    create.add_argument("name")
    add = actions.add_parser("add", help="append resources to a collection", parents=[common])
    add.add_argument("name")
    add.add_argument("uids", nargs="+", metavar="UID")
    listing = actions.add_parser("list", help="list collections and their items", parents=[common])
    listing.add_argument("--json", action="store_true")

    adder = command("add", "add a resource by hand; prints its new uid")
    _resource_options(adder, title_required=True)
    editor = command("edit", "edit a resource's fields (a list option replaces that list)")
    editor.add_argument("uid")
    _resource_options(editor, title_required=False)

    deleter = command("delete", "move resources to the bin")
    deleter.add_argument("uids", nargs="+", metavar="UID")
    _bin_command(command("bin", "list the bin, restore from it or empty it"), common)

    tagger = command("tag", "add your own tags to a resource")
    tagger.add_argument("uid")
    tagger.add_argument("tags", nargs="+", metavar="TAG")
    untagger = command("untag", "take tags off a resource")
    untagger.add_argument("uid")
    untagger.add_argument("tags", nargs="+", metavar="TAG")
    command("tags", "list your tags and how many resources carry each").add_argument(
        "--json", action="store_true"
    )

    backup = command("backup", "copy the database into the library's backups folder")
    backup.add_argument("--list", action="store_true", help="list the backups instead")
    backup.add_argument(
        "--user-data",
        metavar="FILE",
        help="instead, save bookmarks, notes, collections, saved searches and the practice "
        "record (sealed while locked) to FILE (imh-library import FILE merges it back)",
    )
    backup.add_argument("--json", action="store_true")
    restore = command("restore", "put a backup in place of the database (the old file is kept)")
    restore.add_argument("backup", nargs="?", metavar="FILE", help="default: the newest good one")

    command("reindex", "rebuild the search index from the database").add_argument(
        "--json", action="store_true"
    )
    check = command("check", "check the database and the search index")
    check.add_argument("--repair", action="store_true", help="rebuild the index if it is wrong")
    check.add_argument("--json", action="store_true")
    command("stats", "count what the library holds").add_argument("--json", action="store_true")
    # Command groups that live in their own modules, with their handlers.
    from desktop_app.cli_alerts import add_alert_commands
    from desktop_app.cli_practice import add_practice_commands
    from desktop_app.cli_team import add_team_commands

    add_practice_commands(commands, common)
    add_team_commands(commands, common)
    add_alert_commands(commands, common)
    return parser


def _resource_options(parser: argparse.ArgumentParser, *, title_required: bool) -> None:
    parser.add_argument("--title", required=title_required, metavar="T")
    parser.add_argument("--kind", metavar="K", help="e.g. report, blog post, training")
    parser.add_argument("--url", metavar="U", help="an http(s) or mailto: link")
    parser.add_argument("--summary", metavar="S")
    parser.add_argument("--author", action="append", metavar="NAME", help="repeat for each")
    parser.add_argument("--org", action="append", metavar="NAME", help="repeat for each")
    parser.add_argument("--topic", action="append", metavar="T", help="repeat for each")
    parser.add_argument("--published", metavar="YYYY[-MM[-DD]]")
    parser.add_argument("--json", action="store_true", help="print the resource as show --json")


def _bin_command(parser: argparse.ArgumentParser, common: _Parser) -> None:
    # "bin" alone lists, like "bin list"; --json may sit on either.
    parser.add_argument("--json", action="store_true", default=argparse.SUPPRESS)
    actions = parser.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser)
    listing = actions.add_parser("list", help="list the resources in the bin", parents=[common])
    listing.add_argument("--json", action="store_true", default=argparse.SUPPRESS)
    restore = actions.add_parser("restore", help="bring resources back", parents=[common])
    restore.add_argument("uids", nargs="+", metavar="UID")
    actions.add_parser(
        "empty",
        help="delete the resources in the bin for good, with their bookmarks, notes and tags",
        parents=[common],
    )


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("the limit must be at least 1")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    """``argv`` None: the program's own start (the installed script, the frozen
    app, ``python -m``), which runs with the garbage collector paused until the
    library is open or the window shows its first results (``start_up``)."""
    if argv is None:
        pause_collector()
    try:
        args = build_parser().parse_args(argv)
        if args.command in (None, "gui", "self-test"):
            # The window loads the library's code itself, after its first paint.
            from desktop_app.launcher import launch

            data_dir = getattr(args, "data_dir", None)
            return launch(data_dir, self_test=args.command == "self-test")
        # Loaded only now: --version and --help need none of the library's code.
        from desktop_app import cli_commands

        return cli_commands.run(args)
    except CommandError as error:
        print(f"imh-library: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("imh-library: Interrupted.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (| head): not an error worth a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    finally:
        resume_collector()


if __name__ == "__main__":
    sys.exit(main())

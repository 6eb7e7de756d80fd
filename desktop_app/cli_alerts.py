"""``imh-library alerts``: what changed at the source of resources the person uses.

``add_alert_commands`` declares the command (``cli.build_parser`` calls it)
and ``ALERT_HANDLERS`` runs it (``cli_commands.HANDLERS`` takes it in).
Importing this module loads nothing of the library. Listing alerts first
raises any review-due alert not raised before (once per resource and date);
it marks nothing seen: the window does that when its *Alerts* list is opened.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from desktop_app.cli_errors import EXIT_OK

if TYPE_CHECKING:
    from desktop_app.operations import Operations
    from resources_db.alerts import AlertInfo

Handler = Callable[[argparse.Namespace, "Operations"], int]


def add_alert_commands(
    commands: argparse._SubParsersAction[Any],  # cli.py passes its own parser class
    common: argparse.ArgumentParser,
) -> None:
    help_text = (
        "what changed in resources you bookmarked, collected or logged "
        "(updated, superseded, withdrawn, retracted, found by refresh and sync), "
        "and which of them are due for review"
    )
    alerts = commands.add_parser("alerts", help=help_text, description=help_text, parents=[common])
    alerts.add_argument("--json", action="store_true", help="print one JSON object")


def alerts_json(found: list[AlertInfo]) -> dict[str, Any]:
    """DESIGN.md's exact shape: ``alerts`` with its four ``change`` values. Review dates
    that have passed are not a change at the source; the text and the window show them."""
    from resources_db.alerts import REVIEW_DUE

    return {
        "alerts": [
            {
                "uid": alert.uid,
                "title": alert.title,
                "change": alert.change,
                "detail": alert.detail,
                "at": alert.at.isoformat(timespec="seconds"),
            }
            for alert in found
            if alert.change != REVIEW_DUE
        ]
    }


def alerts_text(found: list[AlertInfo]) -> str:
    from resources_db.alerts import sentence

    if not found:
        return "No alerts: nothing you use has changed at its source."
    lines = [f"{len(found)} alert{'s' * (len(found) != 1)}:"]
    for alert in found:
        lines.append("")
        lines.append(f"{alert.title}  [{alert.uid}]")
        lines.append(f"  {sentence(alert)}")
        if alert.detail:
            lines.append(f"  {alert.detail}")
        if alert.replacement:
            shown = alert.replacement_title or alert.replacement
            where = f"  [{alert.replacement}]" if alert.replacement_title else ""
            lines.append(f"  Its replacement: {shown}{where}")
    return "\n".join(lines)


def alerts(args: argparse.Namespace, ops: Operations) -> int:
    ops.raise_review_alerts()
    found = ops.alerts()
    if args.json:
        json.dump(alerts_json(found), sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print(alerts_text(found))
    return EXIT_OK


ALERT_HANDLERS: dict[str, Handler] = {"alerts": alerts}

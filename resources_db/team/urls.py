"""Team URLs: libpq URLs (``postgresql://LOGIN@HOST:PORT/DB?sslmode=…``), never with a password.

People give the URL libpq understands; SQLAlchemy is handed the same address
with the psycopg driver written out (``postgresql+psycopg://``), since
SQLAlchemy 2.1 changed the default driver.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

from resources_db.team.errors import TeamUsageError

SCHEMES = ("postgresql", "postgres")


@dataclass(frozen=True)
class TeamUrl:
    login: str
    host: str
    port: int
    database: str
    query: tuple[tuple[str, str], ...] = ()

    @property
    def text(self) -> str:
        """The URL as the person gave it, without any password (safe to store and show)."""
        query = f"?{urlencode(self.query)}" if self.query else ""
        return f"postgresql://{self.login}@{self.host}:{self.port}/{self.database}{query}"

    @property
    def sqlalchemy(self) -> str:
        return "postgresql+psycopg" + self.text.removeprefix("postgresql")

    @property
    def options(self) -> dict[str, str]:
        return dict(self.query)

    @property
    def address(self) -> str:
        """What identifies this team library for a keyring entry: login@host:port/db."""
        return f"{self.login}@{self.host}:{self.port}/{self.database}"

    def with_login(self, login: str) -> TeamUrl:
        return TeamUrl(login, self.host, self.port, self.database, self.query)


def parse_url(text: str) -> TeamUrl:
    """Read a libpq URL; a password in it is refused, so it can never be stored."""
    parts = urlsplit(text.strip())
    if parts.scheme not in SCHEMES or not parts.hostname:
        raise TeamUsageError(
            f"{text!r} is not a team address; give postgresql://LOGIN@HOST:PORT/DATABASE."
        )
    if parts.password is not None:
        raise TeamUsageError(
            "Leave the password out of the address; give it in ~/.pgpass, PGPASSWORD "
            "or the window's prompt."
        )
    if not parts.username:
        raise TeamUsageError("The team address needs your login: postgresql://LOGIN@HOST/DB.")
    database = unquote(parts.path.lstrip("/"))
    if not database or "/" in database:
        raise TeamUsageError("The team address needs the database's name after the host.")
    try:
        port = parts.port or 5432
    except ValueError as error:
        raise TeamUsageError(f"The port in {text!r} is not a number.") from error
    query = tuple(parse_qsl(parts.query, keep_blank_values=True))
    if any(key == "password" for key, _ in query):
        raise TeamUsageError("Leave the password out of the address.")
    return TeamUrl(unquote(parts.username), parts.hostname, port, database, query)

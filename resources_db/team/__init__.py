"""The team library: one curated catalogue on a PostgreSQL server, every laptop offline.

The laptop talks to PostgreSQL as the person's own login; the server's roles,
GRANTs and row-level security decide what each may do (``server_schema``).
Sync follows Zotero's design: one library version raised under a row lock in
every write transaction and stamped on each row it wrote; a laptop pulls
``version > last seen`` in one REPEATABLE READ transaction and pushes its
outbox with ``UPDATE … WHERE version = seen`` (``sync``). The laptop's own
record of all this lives in ``local_models``. Nothing private (bookmarks,
notes, private collections, history, the practice record) is ever sent.
"""

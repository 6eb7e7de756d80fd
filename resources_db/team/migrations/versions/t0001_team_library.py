"""The team library: catalogue, directory, attachments, shared lists, versions, audit.

Every table is owned by the NOLOGIN owner role (the migration runs as it),
has row-level security enabled and forced (so not even the owner bypasses
it), and no role is granted DELETE: deletes are tombstones (``deleted``).
Each write transaction raises the one library version under a row lock and
stamps every row it writes with it (``imh.stamp``), so a reader that pulls
``version > last seen`` can never skip a row committed out of order.

Revision ID: t0001
Revises:
"""

from alembic import context, op

from resources_db.team.roles import TeamRoles

revision = "t0001"
down_revision = None
branch_labels = None
depends_on = None

# Old apps refuse a server whose min_client_protocol is above what they speak.
PROTOCOL = 1

TABLES = """
CREATE TABLE imh.library_state (
    id integer PRIMARY KEY CHECK (id = 1),
    library_id uuid NOT NULL DEFAULT gen_random_uuid(),
    version bigint NOT NULL DEFAULT 0,
    version_xact xid8,
    protocol integer NOT NULL,
    min_client_protocol integer NOT NULL,
    curator_role text NOT NULL,
    member_role text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE imh.resources (
    uid text PRIMARY KEY CHECK (length(uid) BETWEEN 1 AND 500),
    data jsonb NOT NULL CHECK (jsonb_typeof(data) = 'object'),
    deleted boolean NOT NULL DEFAULT false,
    version bigint NOT NULL DEFAULT 0,
    created_by text NOT NULL DEFAULT session_user,
    updated_by text NOT NULL DEFAULT session_user,
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX resources_by_version ON imh.resources (version, uid);

CREATE TABLE imh.directory (
    kind text NOT NULL CHECK (kind IN ('organisation', 'person')),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
    short_name text NOT NULL DEFAULT '',
    description text NOT NULL DEFAULT '',
    url text NOT NULL DEFAULT '',
    version bigint NOT NULL DEFAULT 0,
    updated_by text NOT NULL DEFAULT session_user,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (kind, name)
);
CREATE INDEX directory_by_version ON imh.directory (version);

CREATE TABLE imh.blobs (
    sha256 text PRIMARY KEY,
    media_type text NOT NULL DEFAULT 'application/octet-stream',
    size bigint NOT NULL,
    content bytea NOT NULL,
    version bigint NOT NULL DEFAULT 0,
    updated_by text NOT NULL DEFAULT session_user,
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (size = octet_length(content)),
    CHECK (encode(sha256(content), 'hex') = sha256)
);

CREATE TABLE imh.lists (
    id uuid PRIMARY KEY,
    owner text NOT NULL DEFAULT session_user,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
    description text NOT NULL DEFAULT '',
    objectives text NOT NULL DEFAULT '',
    items jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(items) = 'array'),
    deleted boolean NOT NULL DEFAULT false,
    version bigint NOT NULL DEFAULT 0,
    updated_by text NOT NULL DEFAULT session_user,
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX lists_by_version ON imh.lists (version);

CREATE TABLE imh.audit_log (
    id bigserial PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT now(),
    login text NOT NULL DEFAULT session_user,
    table_name text NOT NULL,
    row_key text NOT NULL,
    action text NOT NULL,
    version bigint,
    changed text[] NOT NULL DEFAULT '{}'
);
"""

# Functions run as the owner (SECURITY DEFINER) with a fixed search_path, so a
# member's write can raise the version and write the audit log without any
# right to touch either table itself.
FUNCTIONS = """
CREATE FUNCTION imh.next_version() RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    raised bigint;
BEGIN
    -- The first write of a transaction raises the version and keeps the row
    -- locked until commit, so writers commit in version order.
    UPDATE imh.library_state
       SET version = version + 1, version_xact = pg_current_xact_id()
     WHERE id = 1 AND version_xact IS DISTINCT FROM pg_current_xact_id()
    RETURNING version INTO raised;
    IF raised IS NULL THEN
        SELECT version INTO raised FROM imh.library_state WHERE id = 1;
    END IF;
    RETURN raised;
END $$;

-- A push starts with this: it takes the version lock at once and returns the
-- version its rows will carry, so the laptop can tell whether anyone else wrote
-- since its last pull (then it need not pull its own rows back).
CREATE FUNCTION imh.begin_write() RETURNS bigint
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT imh.next_version()
$$;

CREATE FUNCTION imh.stamp() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    NEW.version := imh.next_version();
    NEW.updated_by := session_user;
    NEW.updated_at := now();
    RETURN NEW;
END $$;

CREATE FUNCTION imh.stamp_list_owner() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        NEW.owner := session_user;
    ELSE
        NEW.owner := OLD.owner;
    END IF;
    RETURN NEW;
END $$;

CREATE FUNCTION imh.stamp_creator() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    NEW.created_by := session_user;
    RETURN NEW;
END $$;

CREATE FUNCTION imh.audit() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    new_row jsonb := to_jsonb(NEW) - 'version' - 'updated_by' - 'updated_at' - 'created_by';
    old_row jsonb := '{}';
    what text := lower(TG_OP);
BEGIN
    IF TG_OP = 'UPDATE' THEN
        old_row := to_jsonb(OLD) - 'version' - 'updated_by' - 'updated_at' - 'created_by';
        IF (new_row ->> 'deleted')::boolean AND NOT (old_row ->> 'deleted')::boolean THEN
            what := 'delete';
        ELSIF (old_row ->> 'deleted')::boolean AND NOT (new_row ->> 'deleted')::boolean THEN
            what := 'restore';
        END IF;
    END IF;
    -- A resource's fields are the keys of its document: name those, not "data".
    IF new_row ? 'data' THEN
        new_row := (new_row - 'data') || (new_row -> 'data');
        old_row := (old_row - 'data') || coalesce(old_row -> 'data', '{}');
    END IF;
    INSERT INTO imh.audit_log (table_name, row_key, action, version, changed)
    VALUES (
        TG_TABLE_NAME,
        concat_ws(':', VARIADIC ARRAY(
            SELECT to_jsonb(NEW) ->> key FROM unnest(TG_ARGV) AS key)),
        what,
        NEW.version,
        ARRAY(SELECT n.key FROM jsonb_each(new_row) AS n
              WHERE n.value IS DISTINCT FROM old_row -> n.key ORDER BY n.key)
    );
    RETURN NULL;
END $$;
"""

TRIGGERS = """
CREATE TRIGGER stamp BEFORE INSERT OR UPDATE ON imh.resources
    FOR EACH ROW EXECUTE FUNCTION imh.stamp();
CREATE TRIGGER stamp_creator BEFORE INSERT ON imh.resources
    FOR EACH ROW EXECUTE FUNCTION imh.stamp_creator();
CREATE TRIGGER stamp BEFORE INSERT OR UPDATE ON imh.directory
    FOR EACH ROW EXECUTE FUNCTION imh.stamp();
CREATE TRIGGER stamp BEFORE INSERT OR UPDATE ON imh.blobs
    FOR EACH ROW EXECUTE FUNCTION imh.stamp();
CREATE TRIGGER stamp BEFORE INSERT OR UPDATE ON imh.lists
    FOR EACH ROW EXECUTE FUNCTION imh.stamp();
CREATE TRIGGER stamp_owner BEFORE INSERT OR UPDATE ON imh.lists
    FOR EACH ROW EXECUTE FUNCTION imh.stamp_list_owner();
CREATE TRIGGER audit AFTER INSERT OR UPDATE ON imh.resources
    FOR EACH ROW EXECUTE FUNCTION imh.audit('uid');
CREATE TRIGGER audit AFTER INSERT OR UPDATE ON imh.directory
    FOR EACH ROW EXECUTE FUNCTION imh.audit('kind', 'name');
CREATE TRIGGER audit AFTER INSERT OR UPDATE ON imh.lists
    FOR EACH ROW EXECUTE FUNCTION imh.audit('id');
"""

FORCED = ("library_state", "resources", "directory", "blobs", "lists", "audit_log")


def _security(roles: TeamRoles) -> str:
    owner, curator, member = roles.owner, roles.curator, roles.member
    statements = [
        "REVOKE ALL ON SCHEMA imh FROM PUBLIC",
        f"GRANT USAGE ON SCHEMA imh TO {member}",
        "REVOKE ALL ON ALL TABLES IN SCHEMA imh FROM PUBLIC",
        "REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA imh FROM PUBLIC",
        f"GRANT SELECT ON imh.library_state, imh.resources, imh.directory, imh.blobs, "
        f"imh.lists TO {member}",
        f"GRANT INSERT (uid, data, deleted), UPDATE (data, deleted) ON imh.resources TO {curator}",
        f"GRANT INSERT (kind, name, short_name, description, url), "
        f"UPDATE (short_name, description, url) ON imh.directory TO {curator}",
        f"GRANT INSERT (sha256, media_type, size, content) ON imh.blobs TO {curator}",
        f"GRANT INSERT (id, name, description, objectives, items, deleted), "
        f"UPDATE (name, description, objectives, items, deleted) ON imh.lists TO {member}",
        f"GRANT SELECT ON imh.audit_log TO {curator}",
        f"GRANT EXECUTE ON FUNCTION imh.begin_write() TO {member}",
    ]
    for table in FORCED:
        statements += [
            f"ALTER TABLE imh.{table} ENABLE ROW LEVEL SECURITY",
            f"ALTER TABLE imh.{table} FORCE ROW LEVEL SECURITY",
        ]
    for table in ("resources", "directory", "blobs"):
        statements += [
            f"CREATE POLICY read ON imh.{table} FOR SELECT TO {member} USING (true)",
            f"CREATE POLICY curators_add ON imh.{table} FOR INSERT TO {curator} WITH CHECK (true)",
            f"CREATE POLICY curators_change ON imh.{table} FOR UPDATE TO {curator} "
            "USING (true) WITH CHECK (true)",
        ]
    statements += [
        f"CREATE POLICY read ON imh.lists FOR SELECT TO {member} USING (true)",
        f"CREATE POLICY owners_add ON imh.lists FOR INSERT TO {member} "
        "WITH CHECK (owner = session_user)",
        f"CREATE POLICY owners_change ON imh.lists FOR UPDATE TO {member} "
        "USING (owner = session_user) WITH CHECK (owner = session_user)",
        f"CREATE POLICY read ON imh.library_state FOR SELECT TO {member}, {owner} USING (true)",
        f"CREATE POLICY raise_version ON imh.library_state FOR UPDATE TO {owner} "
        "USING (true) WITH CHECK (true)",
        f"CREATE POLICY read ON imh.audit_log FOR SELECT TO {curator} USING (true)",
        f"CREATE POLICY write ON imh.audit_log FOR INSERT TO {owner} WITH CHECK (true)",
    ]
    return ";\n".join(statements)


def upgrade() -> None:
    roles: TeamRoles = context.config.attributes["roles"]
    run = op.get_bind().exec_driver_sql  # as written: no bind-parameter parsing of ":"
    run(TABLES)
    run(
        "INSERT INTO imh.library_state (id, protocol, min_client_protocol, curator_role, "
        f"member_role) VALUES (1, {PROTOCOL}, {PROTOCOL}, '{roles.curator}', '{roles.member}')"
    )
    run(FUNCTIONS)
    run(TRIGGERS)
    run(_security(roles))


def downgrade() -> None:
    raise NotImplementedError("The team library's schema is never taken down by the app.")

-- One PostgreSQL login per service, each the owner of its own schema and able to read only what
-- it reads of others. Run by a superuser (or a role with CREATEROLE that owns the database) in the
-- product's database; idempotent, so run it again after every upgrade. The AppHost runs this very
-- file against the cluster it starts, before each service starts.
--
--     psql -v ON_ERROR_STOP=1 -d messaging -f deploy/postgres/roles.sql
--     psql -d messaging -c "ALTER ROLE messaging_admin PASSWORD '...'"     -- and each other role
--
-- A database whose objects the former single login created is upgraded in place: each schema and
-- everything in it is given to its service's role.
--
-- Tables a service reads are granted only once they exist: run it again after the first start of
-- Admin (whose migrations create the tenancy tables); the AppHost starts the readers after Admin.

BEGIN;
-- Two runs at once (replicas, or the AppHost starting services together) take turns.
SELECT pg_advisory_xact_lock(hashtext('messaging.roles'));

CREATE TEMP TABLE service_roles (role name PRIMARY KEY, owns name, reads text[] NOT NULL) ON COMMIT DROP;

-- One line per service: its role, the schema it owns (its EF migrations run as that role), the tables it only reads.
INSERT INTO service_roles VALUES
    ('messaging_admin',   'tenancy', '{}'),
    ('messaging_billing', 'billing', '{tenancy.workspace_members}'),
    ('messaging_agent',   'agent',   '{tenancy.workspaces,tenancy.channels,tenancy.reply_configs,tenancy.reply_rules,tenancy.personas,tenancy.knowledge_entries,tenancy.templates,tenancy.ai_settings,tenancy.data_protection_keys,tenancy.workspace_members}'),
    ('messaging_ingest',  NULL,      '{tenancy.workspaces,tenancy.channels,tenancy.reply_configs,tenancy.reply_rules,tenancy.personas,tenancy.knowledge_entries,tenancy.templates,tenancy.ai_settings,tenancy.data_protection_keys}'),
    -- The provider emulator, demo only; a deployment without it leaves its schema empty.
    ('messaging_sandbox', 'sandbox', '{}');

DO $roles$
DECLARE
    service record;
    relation record;
    routine record;
    readable text;
BEGIN
    FOR service IN SELECT * FROM service_roles LOOP
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = service.role) THEN
            EXECUTE format('CREATE ROLE %I LOGIN', service.role);
        END IF;
        IF service.owns IS NOT NULL THEN
            IF to_regnamespace(quote_ident(service.owns)) IS NULL THEN
                EXECUTE format('CREATE SCHEMA %I AUTHORIZATION %I', service.owns, service.role);
            END IF;
            EXECUTE format('ALTER SCHEMA %I OWNER TO %I', service.owns, service.role);
            -- Tables take their indexes and the sequences of their identity columns with them.
            FOR relation IN
                SELECT c.relname, c.relkind FROM pg_class c
                WHERE c.relnamespace = to_regnamespace(quote_ident(service.owns)) AND c.relowner <> to_regrole(quote_ident(service.role))
                  AND (c.relkind IN ('r', 'p', 'v', 'm', 'f')
                       OR (c.relkind = 'S' AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.objid = c.oid AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i'))))
                ORDER BY c.relkind = 'S'
            LOOP
                EXECUTE format(CASE relation.relkind WHEN 'S' THEN 'ALTER SEQUENCE %I.%I OWNER TO %I' WHEN 'v' THEN 'ALTER VIEW %I.%I OWNER TO %I'
                    WHEN 'm' THEN 'ALTER MATERIALIZED VIEW %I.%I OWNER TO %I' WHEN 'f' THEN 'ALTER FOREIGN TABLE %I.%I OWNER TO %I' ELSE 'ALTER TABLE %I.%I OWNER TO %I' END,
                    service.owns, relation.relname, service.role);
            END LOOP;
            FOR routine IN
                SELECT p.oid::regprocedure AS signature FROM pg_proc p
                WHERE p.pronamespace = to_regnamespace(quote_ident(service.owns)) AND p.proowner <> to_regrole(quote_ident(service.role))
            LOOP
                EXECUTE format('ALTER ROUTINE %s OWNER TO %I', routine.signature, service.role);
            END LOOP;
        END IF;
    END LOOP;

    FOR service IN SELECT * FROM service_roles LOOP
        FOREACH readable IN ARRAY service.reads LOOP
            IF to_regnamespace(quote_ident(split_part(readable, '.', 1))) IS NOT NULL THEN
                EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', split_part(readable, '.', 1), service.role);
            END IF;
            IF to_regclass(readable) IS NOT NULL THEN
                EXECUTE format('GRANT SELECT ON %s TO %I', to_regclass(readable), service.role);
            END IF;
        END LOOP;
    END LOOP;
END
$roles$;

COMMIT;

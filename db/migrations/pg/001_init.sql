-- Schema 1 of a kpi team on PostgreSQL: the team file's schema 4 (see
-- ../001_init.sql … ../004_foreign_writes.sql), in one team's own schema, which
-- the connection's search_path names. The same rules, in PostgreSQL's words:
--   - columns are typed, so a number is a number and a week is text; the
--     CHECKs keep the ranges, canonical weeks and JSON arrays kpi relies on,
--     named "column: rule" like the file's;
--   - text compares and sorts byte by byte (COLLATE "C", the file's BINARY),
--     whatever the database's locale, so lists come out in the file's order;
--   - flags are integers 0/1 and times RFC 3339 text, as in the file, so the
--     store's scans and the JSON export are the same on both engines;
--   - ids come from sequences; a row inserted with its own id (an import, a
--     copy) moves the sequence past it (kpi_id_follows), and a NULL id takes
--     the next one, as SQLite's INTEGER PRIMARY KEY does;
--   - any UPDATE that did not move the version moves it and is stamped
--     'another tool' (kpi_foreign_write), so version checks catch psql too;
--   - every commit that changes data notifies the channel 'kpi_' || schema
--     (kpi_notify), which every open app LISTENs on;
--   - the change log is append-only.

CREATE DOMAIN ktext AS text COLLATE "C";

CREATE FUNCTION kpi_is_week(w text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    SELECT w ~ '^[0-9]{4}-W[0-9]{2}$' AND substr(w, 1, 4)::int >= 1900
       AND substr(w, 7, 2)::int BETWEEN 1 AND extract(week FROM make_date(substr(w, 1, 4)::int, 12, 28))::int
$$;

CREATE FUNCTION kpi_is_json_array(j text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    RETURN json_typeof(j::json) = 'array';
EXCEPTION WHEN others THEN
    RETURN false;
END
$$;

-- kpi_foreign_write: an UPDATE that left the version where it was moves it,
-- and names 'another tool' unless the writer stamped the row itself.
CREATE FUNCTION kpi_foreign_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.version <= OLD.version THEN
        NEW.version := OLD.version + 1;
        IF NEW.updated_by IS NOT DISTINCT FROM OLD.updated_by THEN
            NEW.updated_by := 'another tool';
        END IF;
        IF NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at THEN
            NEW.updated_at := to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
        END IF;
    END IF;
    RETURN NEW;
END
$$;

-- kpi_id_fill gives a row inserted with a NULL id the next one (its trigger's
-- WHEN keeps it from running for rows that bring their own, as imports do).
CREATE FUNCTION kpi_id_fill() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id IS NULL THEN
        NEW.id := nextval(format('%I.%I', TG_TABLE_SCHEMA, TG_TABLE_NAME || '_id_seq'));
    END IF;
    RETURN NEW;
END
$$;

-- kpi_id_follows moves the id sequence past rows inserted with their own ids,
-- once per statement (max(id) is one index probe). Trigger functions name
-- nothing through search_path (only built-ins and their own table's schema),
-- so they work for psql and scripts, whatever their search_path.
CREATE FUNCTION kpi_id_follows() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    top bigint;
    cur bigint;
    seq text := format('%I.%I', TG_TABLE_SCHEMA, TG_TABLE_NAME || '_id_seq');
BEGIN
    EXECUTE format('SELECT max(id) FROM %I.%I', TG_TABLE_SCHEMA, TG_TABLE_NAME) INTO top;
    EXECUTE format('SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM %s', seq) INTO cur;
    IF top IS NOT NULL AND top > cur THEN
        PERFORM setval(seq, top);
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION kpi_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('kpi_' || TG_TABLE_SCHEMA, TG_TABLE_NAME);
    RETURN NULL;
END
$$;

CREATE FUNCTION kpi_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the change log is append-only';
END
$$;

CREATE TABLE settings (
    id                 bigint PRIMARY KEY CHECK (id = 1),
    team_name          ktext  NOT NULL DEFAULT '',
    review_weekday     bigint NOT NULL DEFAULT 1,
    checklist_template ktext  NOT NULL DEFAULT '[]',
    default_theme      ktext  NOT NULL DEFAULT '',
    version            bigint NOT NULL DEFAULT 1,
    created_at         ktext  NOT NULL DEFAULT '',
    updated_at         ktext  NOT NULL DEFAULT '',
    updated_by         ktext  NOT NULL DEFAULT '',
    CONSTRAINT "review_weekday: an integer 0 to 6" CHECK (review_weekday BETWEEN 0 AND 6),
    CONSTRAINT "checklist_template: a JSON array" CHECK (kpi_is_json_array(checklist_template)),
    CONSTRAINT "version: an integer >= 1" CHECK (version >= 1)
);

CREATE TABLE objectives (
    id          bigserial PRIMARY KEY,
    title       ktext  NOT NULL,
    description ktext  NOT NULL DEFAULT '',
    owner       ktext  NOT NULL DEFAULT '',
    start_week  ktext  NOT NULL DEFAULT '',
    end_week    ktext  NOT NULL DEFAULT '',
    state       ktext  NOT NULL DEFAULT 'active',
    archived    bigint NOT NULL DEFAULT 0,
    version     bigint NOT NULL DEFAULT 1,
    created_at  ktext  NOT NULL DEFAULT '',
    updated_at  ktext  NOT NULL DEFAULT '',
    updated_by  ktext  NOT NULL DEFAULT '',
    CONSTRAINT "start_week: '' or a week like 2026-W47" CHECK (start_week = '' OR kpi_is_week(start_week)),
    CONSTRAINT "end_week: '' or a week like 2026-W47" CHECK (end_week = '' OR kpi_is_week(end_week)),
    CONSTRAINT "state: one of active, done, dropped" CHECK (state IN ('active', 'done', 'dropped')),
    CONSTRAINT "archived: 0 or 1" CHECK (archived IN (0, 1)),
    CONSTRAINT "version: an integer >= 1" CHECK (version >= 1)
);

CREATE TABLE kpis (
    id                  bigserial PRIMARY KEY,
    key                 ktext  NOT NULL,
    name                ktext  NOT NULL,
    description         ktext  NOT NULL DEFAULT '',
    owner               ktext  NOT NULL DEFAULT '',
    objective_id        bigint REFERENCES objectives (id) ON DELETE SET NULL,
    unit                ktext  NOT NULL DEFAULT '',
    decimals            bigint NOT NULL DEFAULT 0,
    direction           ktext  NOT NULL,
    tolerance_amount    double precision NOT NULL DEFAULT 5,
    tolerance_absolute  bigint NOT NULL DEFAULT 0,
    tier                ktext  NOT NULL,
    omtm                bigint NOT NULL DEFAULT 0,
    indicator           ktext  NOT NULL DEFAULT '',
    kind                ktext  NOT NULL,
    cadence             ktext  NOT NULL,
    aggregate           ktext  NOT NULL,
    formula             ktext  NOT NULL DEFAULT '',
    archived            bigint NOT NULL DEFAULT 0,
    definition_reviewed ktext  NOT NULL DEFAULT '',
    version             bigint NOT NULL DEFAULT 1,
    created_at          ktext  NOT NULL DEFAULT '',
    updated_at          ktext  NOT NULL DEFAULT '',
    updated_by          ktext  NOT NULL DEFAULT '',
    CONSTRAINT "decimals: an integer 0 to 6" CHECK (decimals BETWEEN 0 AND 6),
    CONSTRAINT "direction: one of up, down, range, none" CHECK (direction IN ('up', 'down', 'range', 'none')),
    CONSTRAINT "tolerance_amount: a number 0 to 1e15, at most 100 (%) unless absolute" CHECK (tolerance_amount BETWEEN 0 AND 1e15
        AND (tolerance_absolute = 1 OR tolerance_amount <= 100)),
    CONSTRAINT "tolerance_absolute: 0 or 1" CHECK (tolerance_absolute IN (0, 1)),
    CONSTRAINT "tier: one of key, health" CHECK (tier IN ('key', 'health')),
    CONSTRAINT "omtm: 0 or 1" CHECK (omtm IN (0, 1)),
    CONSTRAINT "indicator: one of '', leading, lagging" CHECK (indicator IN ('', 'leading', 'lagging')),
    CONSTRAINT "kind: one of quantitative, qualitative" CHECK (kind IN ('quantitative', 'qualitative')),
    CONSTRAINT "cadence: one of weekly, monthly" CHECK (cadence IN ('weekly', 'monthly')),
    CONSTRAINT "aggregate: one of sum, avg, last" CHECK (aggregate IN ('sum', 'avg', 'last')),
    CONSTRAINT "archived: 0 or 1" CHECK (archived IN (0, 1)),
    CONSTRAINT "version: an integer >= 1" CHECK (version >= 1)
);
-- The file's key is UNIQUE COLLATE NOCASE.
CREATE UNIQUE INDEX kpis_key ON kpis (lower(key));
CREATE UNIQUE INDEX kpis_one_omtm ON kpis (omtm) WHERE omtm = 1;
CREATE INDEX kpis_objective ON kpis (objective_id);

CREATE TABLE kpi_targets (
    rowid  bigserial,
    kpi_id bigint NOT NULL REFERENCES kpis (id) ON DELETE CASCADE,
    week   ktext  NOT NULL,
    value  double precision NOT NULL,
    high   double precision NOT NULL DEFAULT 0,
    CONSTRAINT "week: a week like 2026-W47" CHECK (kpi_is_week(week)),
    CONSTRAINT "value: a finite number within +-1e15" CHECK (value BETWEEN -1e15 AND 1e15),
    CONSTRAINT "high: a finite number within +-1e15" CHECK (high BETWEEN -1e15 AND 1e15),
    PRIMARY KEY (kpi_id, week)
);

CREATE TABLE kpi_values (
    id              bigserial PRIMARY KEY,
    kpi_id          bigint NOT NULL REFERENCES kpis (id),
    week            ktext  NOT NULL,
    number          double precision,
    status          ktext  NOT NULL DEFAULT '',
    override_reason ktext  NOT NULL DEFAULT '',
    note            ktext  NOT NULL DEFAULT '',
    entered_by      ktext  NOT NULL DEFAULT '',
    entered_at      ktext  NOT NULL DEFAULT '',
    version         bigint NOT NULL DEFAULT 1,
    created_at      ktext  NOT NULL DEFAULT '',
    updated_at      ktext  NOT NULL DEFAULT '',
    updated_by      ktext  NOT NULL DEFAULT '',
    CONSTRAINT "week: a week like 2026-W47" CHECK (kpi_is_week(week)),
    CONSTRAINT "number: a finite number within +-1e15 or NULL" CHECK (number IS NULL OR number BETWEEN -1e15 AND 1e15),
    CONSTRAINT "status: one of '', on_track, at_risk, off_track" CHECK (status IN ('', 'on_track', 'at_risk', 'off_track')),
    CONSTRAINT "version: an integer >= 1" CHECK (version >= 1),
    UNIQUE (kpi_id, week)
);
CREATE INDEX kpi_values_week ON kpi_values (week);

CREATE TABLE reviews (
    id           bigserial PRIMARY KEY,
    week         ktext  NOT NULL UNIQUE,
    state        ktext  NOT NULL DEFAULT 'not_started',
    facilitator  ktext  NOT NULL DEFAULT '',
    attendees    ktext  NOT NULL DEFAULT '[]',
    notes        ktext  NOT NULL DEFAULT '',
    rating       bigint NOT NULL DEFAULT 0,
    started_at   ktext  NOT NULL DEFAULT '',
    concluded_at ktext  NOT NULL DEFAULT '',
    version      bigint NOT NULL DEFAULT 1,
    created_at   ktext  NOT NULL DEFAULT '',
    updated_at   ktext  NOT NULL DEFAULT '',
    updated_by   ktext  NOT NULL DEFAULT '',
    CONSTRAINT "week: a week like 2026-W47" CHECK (kpi_is_week(week)),
    CONSTRAINT "state: one of not_started, in_progress, concluded" CHECK (state IN ('not_started', 'in_progress', 'concluded')),
    CONSTRAINT "attendees: a JSON array" CHECK (kpi_is_json_array(attendees)),
    CONSTRAINT "rating: an integer 0 to 10" CHECK (rating BETWEEN 0 AND 10),
    CONSTRAINT "version: an integer >= 1" CHECK (version >= 1)
);

CREATE TABLE review_kpis (
    rowid     bigserial,
    review_id bigint NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
    kpi_id    bigint NOT NULL REFERENCES kpis (id),
    PRIMARY KEY (review_id, kpi_id)
);

CREATE TABLE checklist_items (
    id              bigserial PRIMARY KEY,
    review_id       bigint NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
    position        bigint NOT NULL DEFAULT 0,
    text            ktext  NOT NULL,
    timebox_minutes bigint NOT NULL DEFAULT 0,
    done            bigint NOT NULL DEFAULT 0,
    done_by         ktext  NOT NULL DEFAULT '',
    done_at         ktext  NOT NULL DEFAULT '',
    note            ktext  NOT NULL DEFAULT '',
    version         bigint NOT NULL DEFAULT 1,
    created_at      ktext  NOT NULL DEFAULT '',
    updated_at      ktext  NOT NULL DEFAULT '',
    updated_by      ktext  NOT NULL DEFAULT '',
    CONSTRAINT "timebox_minutes: an integer 0 to 1440" CHECK (timebox_minutes BETWEEN 0 AND 1440),
    CONSTRAINT "done: 0 or 1" CHECK (done IN (0, 1)),
    CONSTRAINT "version: an integer >= 1" CHECK (version >= 1)
);
CREATE INDEX checklist_items_review ON checklist_items (review_id, position);

CREATE TABLE action_items (
    id           bigserial PRIMARY KEY,
    text         ktext  NOT NULL,
    owner        ktext  NOT NULL DEFAULT '',
    due          ktext  NOT NULL DEFAULT '',
    kpi_id       bigint REFERENCES kpis (id),
    created_week ktext  NOT NULL DEFAULT '',
    done         bigint NOT NULL DEFAULT 0,
    done_by      ktext  NOT NULL DEFAULT '',
    done_at      ktext  NOT NULL DEFAULT '',
    version      bigint NOT NULL DEFAULT 1,
    created_at   ktext  NOT NULL DEFAULT '',
    updated_at   ktext  NOT NULL DEFAULT '',
    updated_by   ktext  NOT NULL DEFAULT '',
    CONSTRAINT "due: '' or a week like 2026-W47" CHECK (due = '' OR kpi_is_week(due)),
    CONSTRAINT "created_week: '' or a week like 2026-W47" CHECK (created_week = '' OR kpi_is_week(created_week)),
    CONSTRAINT "done: 0 or 1" CHECK (done IN (0, 1)),
    CONSTRAINT "version: an integer >= 1" CHECK (version >= 1)
);
CREATE INDEX action_items_open ON action_items (done, due);
CREATE INDEX action_items_kpi ON action_items (kpi_id);

CREATE TABLE kpi_tags (
    rowid  bigserial,
    kpi_id bigint NOT NULL REFERENCES kpis (id) ON DELETE CASCADE,
    tag    ktext  NOT NULL,
    CONSTRAINT "tag: a lower-case word, optionally word:value, at most 40 characters" CHECK (length(tag) BETWEEN 1 AND 40
        AND tag ~ '^[a-z0-9][a-z0-9_-]*(:[a-z0-9][a-z0-9_-]*)?$'),
    PRIMARY KEY (kpi_id, tag)
);
CREATE INDEX kpi_tags_tag ON kpi_tags (tag);

CREATE TABLE events (
    id         bigserial PRIMARY KEY,
    week       ktext  NOT NULL,
    text       ktext  NOT NULL,
    version    bigint NOT NULL DEFAULT 1,
    created_at ktext  NOT NULL DEFAULT '',
    updated_at ktext  NOT NULL DEFAULT '',
    updated_by ktext  NOT NULL DEFAULT '',
    CONSTRAINT "week: a week like 2026-W47" CHECK (kpi_is_week(week)),
    CONSTRAINT "text: one line of 1 to 120 characters" CHECK (length(trim(text)) BETWEEN 1 AND 120
        AND strpos(text, chr(10)) = 0 AND strpos(text, chr(13)) = 0),
    CONSTRAINT "version: an integer >= 1" CHECK (version >= 1)
);
CREATE INDEX events_week ON events (week);

CREATE TABLE change_log (
    id        bigserial PRIMARY KEY,
    at        ktext  NOT NULL,
    "user"    ktext  NOT NULL DEFAULT '',
    host      ktext  NOT NULL DEFAULT '',
    entity    ktext  NOT NULL,
    entity_id bigint NOT NULL DEFAULT 0,
    kpi_id    bigint NOT NULL DEFAULT 0,
    action    ktext  NOT NULL,
    summary   ktext  NOT NULL DEFAULT '',
    old       ktext  NOT NULL DEFAULT '',
    new       ktext  NOT NULL DEFAULT ''
);
CREATE INDEX change_log_entity ON change_log (entity, entity_id);
CREATE INDEX change_log_kpi ON change_log (kpi_id);
CREATE TRIGGER change_log_append_only BEFORE UPDATE OR DELETE ON change_log
    FOR EACH ROW EXECUTE FUNCTION kpi_append_only();

-- Presence: one row per running app, never a lock. A heartbeat notifies no one.
CREATE TABLE sessions (
    id         bigserial PRIMARY KEY,
    "user"     ktext  NOT NULL DEFAULT '',
    host       ktext  NOT NULL DEFAULT '',
    pid        bigint NOT NULL DEFAULT 0,
    started_at ktext  NOT NULL,
    heartbeat  ktext  NOT NULL
);

-- The triggers, the same on every data table.
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['settings', 'objectives', 'kpis', 'kpi_values', 'reviews', 'checklist_items', 'action_items', 'events'] LOOP
        EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE ON %I FOR EACH ROW EXECUTE FUNCTION kpi_foreign_write()', t || '_foreign_write', t);
    END LOOP;
    FOREACH t IN ARRAY ARRAY['objectives', 'kpis', 'kpi_values', 'reviews', 'checklist_items', 'action_items', 'events', 'change_log', 'sessions'] LOOP
        EXECUTE format('CREATE TRIGGER %I BEFORE INSERT ON %I FOR EACH ROW WHEN (NEW.id IS NULL) EXECUTE FUNCTION kpi_id_fill()', t || '_id_fill', t);
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I FOR EACH STATEMENT EXECUTE FUNCTION kpi_id_follows()', t || '_id_follows', t);
    END LOOP;
    FOREACH t IN ARRAY ARRAY['settings', 'objectives', 'kpis', 'kpi_targets', 'kpi_values', 'reviews', 'review_kpis', 'checklist_items',
                             'action_items', 'kpi_tags', 'events', 'change_log'] LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I FOR EACH STATEMENT EXECUTE FUNCTION kpi_notify()', t || '_notify', t);
    END LOOP;
END
$$;

-- What makes this schema a kpi team: its name and schema version.
CREATE TABLE kpi_meta (
    id             bigint PRIMARY KEY CHECK (id = 1),
    application_id bigint NOT NULL,
    schema_version bigint NOT NULL
);

-- Schema 3: KPI tags, week events, and context metrics (direction none).
-- Every statement is additive and may run again (IF NOT EXISTS, and the
-- direction step only where 'none' is not allowed yet), so a file whose
-- user_version was lost migrates to the same schema.

-- A context metric has direction 'none'. Allowing one more word only widens a
-- CHECK: every stored row still passes, nothing on disk changes, so SQLite's
-- documented procedure for such changes (lang_altertable.html, "Making Other
-- Kinds Of Table Schema Changes", the simpler procedure) edits the constraint
-- text in place instead of rebuilding kpis; RESET reloads the schema on this
-- connection, and the CREATE statements below move the schema cookie so every
-- other connection reloads it too. It works on schema 1's and schema 2's
-- kpis alike: both end the direction list with 'range').
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
   SET sql = replace(replace(sql, '''range'')', '''range'', ''none'')'),
                     'one of up, down, range"', 'one of up, down, range, none"')
 WHERE type = 'table' AND name = 'kpis' AND sql NOT LIKE '%''none''%';
PRAGMA writable_schema = RESET;

-- A KPI's tags ("store", "region:north"); replaced as a whole when the KPI is
-- saved (the KPI's version moves then), like its target path.
CREATE TABLE IF NOT EXISTS kpi_tags (
    kpi_id INTEGER NOT NULL REFERENCES kpis (id) ON DELETE CASCADE,
    tag    TEXT    NOT NULL,
    CONSTRAINT "kpi_id: an integer" CHECK (typeof(kpi_id) = 'integer'),
    CONSTRAINT "tag: a lower-case word, optionally word:value, at most 40 characters" CHECK (typeof(tag) = 'text'
        AND length(tag) BETWEEN 1 AND 40 AND tag NOT GLOB '*[^a-z0-9_:-]*' AND tag GLOB '[a-z0-9]*'
        AND tag NOT GLOB '*:*:*' AND tag NOT GLOB '*:' AND tag NOT GLOB '*:[^a-z0-9]*'),
    PRIMARY KEY (kpi_id, tag)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS kpi_tags_tag ON kpi_tags (tag);

-- Week events: a holiday, a launch, an outage. One row per event and week,
-- not per KPI; editable, so versioned like every other editable row.
CREATE TABLE IF NOT EXISTS events (
    id         INTEGER PRIMARY KEY,
    week       TEXT    NOT NULL,
    text       TEXT    NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1,
    created_at TEXT    NOT NULL DEFAULT '',
    updated_at TEXT    NOT NULL DEFAULT '',
    updated_by TEXT    NOT NULL DEFAULT '',
    CONSTRAINT "week: a week like 2026-W47" CHECK (typeof(week) = 'text' AND length(week) = 8 AND week GLOB '[0-9][0-9][0-9][0-9]-W[0-9][0-9]' AND substr(week, 1, 4) >= '1900'
        AND CAST(substr(week, 7, 2) AS INTEGER) BETWEEN 1 AND coalesce(CAST(strftime('%V', substr(week, 1, 4) || '-12-28') AS INTEGER), 53)),
    CONSTRAINT "text: one line of 1 to 120 characters" CHECK (typeof(text) = 'text' AND length(trim(text)) BETWEEN 1 AND 120
        AND instr(text, char(10)) = 0 AND instr(text, char(13)) = 0),
    CONSTRAINT "created_at: text" CHECK (typeof(created_at) = 'text'),
    CONSTRAINT "updated_at: text" CHECK (typeof(updated_at) = 'text'),
    CONSTRAINT "updated_by: text" CHECK (typeof(updated_by) = 'text'),
    CONSTRAINT "version: an integer >= 1" CHECK (typeof(version) = 'integer' AND version >= 1)
);
CREATE INDEX IF NOT EXISTS events_week ON events (week);

CREATE TRIGGER IF NOT EXISTS events_version_moves AFTER UPDATE ON events
WHEN NEW.version <= OLD.version
BEGIN
    UPDATE events SET version = OLD.version + 1 WHERE id = NEW.id;
END;

-- Schema 2: every row kpi reads is checked by SQLite itself, whoever writes it.
-- SQLite cannot add a CHECK to an existing table, so the migration (rebuildTables
-- in db/rebuild.go) creates each table below under a temporary name, copies the
-- rows that pass, puts the rows that do not into the quarantine table, drops the
-- old table and renames the new one into place; then it runs the indexes and
-- triggers at the end of this file. A new file runs schema 1 and then this.
--
-- Each constraint is named "column: rule", which is what SQLite's error says when
-- a row breaks it, and what the migration writes into quarantine.reason.
-- Numbers: typeof integer or real and BETWEEN -1e15 AND 1e15, which also refuses
-- Inf (SQLite stores 9e999 as Inf; NaN it stores as NULL). Weeks: 'YYYY-Www',
-- year 1900 or later, week 01 to the last ISO week of that year (the week of
-- 28 December; 53 where strftime has no %V).

CREATE TABLE settings (
    id                 INTEGER PRIMARY KEY CHECK (id = 1),
    team_name          TEXT    NOT NULL DEFAULT '',
    review_weekday     INTEGER NOT NULL DEFAULT 1,
    checklist_template TEXT    NOT NULL DEFAULT '[]',
    default_theme      TEXT    NOT NULL DEFAULT '',
    version            INTEGER NOT NULL DEFAULT 1,
    created_at         TEXT    NOT NULL DEFAULT '',
    updated_at         TEXT    NOT NULL DEFAULT '',
    updated_by         TEXT    NOT NULL DEFAULT '',
    CONSTRAINT "team_name: text" CHECK (typeof(team_name) = 'text'),
    CONSTRAINT "review_weekday: an integer 0 to 6" CHECK (typeof(review_weekday) = 'integer' AND review_weekday BETWEEN 0 AND 6),
    CONSTRAINT "checklist_template: a JSON array" CHECK (typeof(checklist_template) = 'text' AND CASE WHEN json_valid(checklist_template) THEN json_type(checklist_template) = 'array' ELSE 0 END),
    CONSTRAINT "default_theme: text" CHECK (typeof(default_theme) = 'text'),
    CONSTRAINT "created_at: text" CHECK (typeof(created_at) = 'text'),
    CONSTRAINT "updated_at: text" CHECK (typeof(updated_at) = 'text'),
    CONSTRAINT "updated_by: text" CHECK (typeof(updated_by) = 'text'),
    CONSTRAINT "version: an integer >= 1" CHECK (typeof(version) = 'integer' AND version >= 1)
);

CREATE TABLE objectives (
    id          INTEGER PRIMARY KEY,
    title       TEXT    NOT NULL,
    description TEXT    NOT NULL DEFAULT '',
    owner       TEXT    NOT NULL DEFAULT '',
    start_week  TEXT    NOT NULL DEFAULT '',
    end_week    TEXT    NOT NULL DEFAULT '',
    state       TEXT    NOT NULL DEFAULT 'active',
    archived    INTEGER NOT NULL DEFAULT 0,
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  TEXT    NOT NULL DEFAULT '',
    updated_at  TEXT    NOT NULL DEFAULT '',
    updated_by  TEXT    NOT NULL DEFAULT '',
    CONSTRAINT "title: text" CHECK (typeof(title) = 'text'),
    CONSTRAINT "description: text" CHECK (typeof(description) = 'text'),
    CONSTRAINT "owner: text" CHECK (typeof(owner) = 'text'),
    CONSTRAINT "start_week: '' or a week like 2026-W47" CHECK (start_week = '' OR (typeof(start_week) = 'text' AND length(start_week) = 8 AND start_week GLOB '[0-9][0-9][0-9][0-9]-W[0-9][0-9]' AND substr(start_week, 1, 4) >= '1900'
        AND CAST(substr(start_week, 7, 2) AS INTEGER) BETWEEN 1 AND coalesce(CAST(strftime('%V', substr(start_week, 1, 4) || '-12-28') AS INTEGER), 53))),
    CONSTRAINT "end_week: '' or a week like 2026-W47" CHECK (end_week = '' OR (typeof(end_week) = 'text' AND length(end_week) = 8 AND end_week GLOB '[0-9][0-9][0-9][0-9]-W[0-9][0-9]' AND substr(end_week, 1, 4) >= '1900'
        AND CAST(substr(end_week, 7, 2) AS INTEGER) BETWEEN 1 AND coalesce(CAST(strftime('%V', substr(end_week, 1, 4) || '-12-28') AS INTEGER), 53))),
    CONSTRAINT "state: one of active, done, dropped" CHECK (state IN ('active', 'done', 'dropped')),
    CONSTRAINT "archived: 0 or 1" CHECK (typeof(archived) = 'integer' AND archived IN (0, 1)),
    CONSTRAINT "created_at: text" CHECK (typeof(created_at) = 'text'),
    CONSTRAINT "updated_at: text" CHECK (typeof(updated_at) = 'text'),
    CONSTRAINT "updated_by: text" CHECK (typeof(updated_by) = 'text'),
    CONSTRAINT "version: an integer >= 1" CHECK (typeof(version) = 'integer' AND version >= 1)
);

CREATE TABLE kpis (
    id                  INTEGER PRIMARY KEY,
    key                 TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    name                TEXT    NOT NULL,
    description         TEXT    NOT NULL DEFAULT '',
    owner               TEXT    NOT NULL DEFAULT '',
    objective_id        INTEGER REFERENCES objectives (id) ON DELETE SET NULL,
    unit                TEXT    NOT NULL DEFAULT '',
    decimals            INTEGER NOT NULL DEFAULT 0,
    direction           TEXT    NOT NULL,
    tolerance_amount    REAL    NOT NULL DEFAULT 5,
    tolerance_absolute  INTEGER NOT NULL DEFAULT 0,
    tier                TEXT    NOT NULL,
    omtm                INTEGER NOT NULL DEFAULT 0,
    indicator           TEXT    NOT NULL DEFAULT '',
    kind                TEXT    NOT NULL,
    cadence             TEXT    NOT NULL,
    aggregate           TEXT    NOT NULL,
    formula             TEXT    NOT NULL DEFAULT '',
    archived            INTEGER NOT NULL DEFAULT 0,
    definition_reviewed TEXT    NOT NULL DEFAULT '',
    version             INTEGER NOT NULL DEFAULT 1,
    created_at          TEXT    NOT NULL DEFAULT '',
    updated_at          TEXT    NOT NULL DEFAULT '',
    updated_by          TEXT    NOT NULL DEFAULT '',
    CONSTRAINT "key: text" CHECK (typeof(key) = 'text'),
    CONSTRAINT "name: text" CHECK (typeof(name) = 'text'),
    CONSTRAINT "description: text" CHECK (typeof(description) = 'text'),
    CONSTRAINT "owner: text" CHECK (typeof(owner) = 'text'),
    CONSTRAINT "objective_id: an integer or NULL" CHECK (objective_id IS NULL OR (typeof(objective_id) = 'integer')),
    CONSTRAINT "unit: text" CHECK (typeof(unit) = 'text'),
    CONSTRAINT "decimals: an integer 0 to 6" CHECK (typeof(decimals) = 'integer' AND decimals BETWEEN 0 AND 6),
    CONSTRAINT "direction: one of up, down, range" CHECK (direction IN ('up', 'down', 'range')),
    CONSTRAINT "tolerance_amount: a number 0 to 1e15, at most 100 (%) unless absolute" CHECK (typeof(tolerance_amount) IN ('integer', 'real')
        AND tolerance_amount BETWEEN 0 AND 1e15 AND (tolerance_absolute = 1 OR tolerance_amount <= 100)),
    CONSTRAINT "tolerance_absolute: 0 or 1" CHECK (typeof(tolerance_absolute) = 'integer' AND tolerance_absolute IN (0, 1)),
    CONSTRAINT "tier: one of key, health" CHECK (tier IN ('key', 'health')),
    CONSTRAINT "omtm: 0 or 1" CHECK (typeof(omtm) = 'integer' AND omtm IN (0, 1)),
    CONSTRAINT "indicator: one of '', leading, lagging" CHECK (indicator IN ('', 'leading', 'lagging')),
    CONSTRAINT "kind: one of quantitative, qualitative" CHECK (kind IN ('quantitative', 'qualitative')),
    CONSTRAINT "cadence: one of weekly, monthly" CHECK (cadence IN ('weekly', 'monthly')),
    CONSTRAINT "aggregate: one of sum, avg, last" CHECK (aggregate IN ('sum', 'avg', 'last')),
    CONSTRAINT "formula: text" CHECK (typeof(formula) = 'text'),
    CONSTRAINT "archived: 0 or 1" CHECK (typeof(archived) = 'integer' AND archived IN (0, 1)),
    CONSTRAINT "definition_reviewed: text" CHECK (typeof(definition_reviewed) = 'text'),
    CONSTRAINT "created_at: text" CHECK (typeof(created_at) = 'text'),
    CONSTRAINT "updated_at: text" CHECK (typeof(updated_at) = 'text'),
    CONSTRAINT "updated_by: text" CHECK (typeof(updated_by) = 'text'),
    CONSTRAINT "version: an integer >= 1" CHECK (typeof(version) = 'integer' AND version >= 1)
);
-- At most one KPI in the file is the One Metric That Matters.
CREATE UNIQUE INDEX kpis_one_omtm ON kpis (omtm) WHERE omtm = 1;
CREATE INDEX kpis_objective ON kpis (objective_id);

-- A KPI's target path; replaced as a whole when the KPI is saved (the KPI's
-- version moves then), so it has no version of its own.
CREATE TABLE kpi_targets (
    kpi_id INTEGER NOT NULL REFERENCES kpis (id) ON DELETE CASCADE,
    week   TEXT    NOT NULL,
    value  REAL    NOT NULL,
    high   REAL    NOT NULL DEFAULT 0,
    CONSTRAINT "kpi_id: an integer" CHECK (typeof(kpi_id) = 'integer'),
    CONSTRAINT "week: a week like 2026-W47" CHECK (typeof(week) = 'text' AND length(week) = 8 AND week GLOB '[0-9][0-9][0-9][0-9]-W[0-9][0-9]' AND substr(week, 1, 4) >= '1900'
        AND CAST(substr(week, 7, 2) AS INTEGER) BETWEEN 1 AND coalesce(CAST(strftime('%V', substr(week, 1, 4) || '-12-28') AS INTEGER), 53)),
    CONSTRAINT "value: a finite number within +-1e15" CHECK (typeof(value) IN ('integer', 'real') AND value BETWEEN -1e15 AND 1e15),
    CONSTRAINT "high: a finite number within +-1e15" CHECK (typeof(high) IN ('integer', 'real') AND high BETWEEN -1e15 AND 1e15),
    PRIMARY KEY (kpi_id, week)
);

-- One value per KPI per week. number is NULL for qualitative KPIs (SQLite also
-- stores NaN as NULL); Inf and anything beyond +-1e15 is refused.
CREATE TABLE kpi_values (
    id              INTEGER PRIMARY KEY,
    kpi_id          INTEGER NOT NULL REFERENCES kpis (id),
    week            TEXT    NOT NULL,
    number          REAL,
    status          TEXT    NOT NULL DEFAULT '',
    override_reason TEXT    NOT NULL DEFAULT '',
    note            TEXT    NOT NULL DEFAULT '',
    entered_by      TEXT    NOT NULL DEFAULT '',
    entered_at      TEXT    NOT NULL DEFAULT '',
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      TEXT    NOT NULL DEFAULT '',
    updated_at      TEXT    NOT NULL DEFAULT '',
    updated_by      TEXT    NOT NULL DEFAULT '',
    CONSTRAINT "kpi_id: an integer" CHECK (typeof(kpi_id) = 'integer'),
    CONSTRAINT "week: a week like 2026-W47" CHECK (typeof(week) = 'text' AND length(week) = 8 AND week GLOB '[0-9][0-9][0-9][0-9]-W[0-9][0-9]' AND substr(week, 1, 4) >= '1900'
        AND CAST(substr(week, 7, 2) AS INTEGER) BETWEEN 1 AND coalesce(CAST(strftime('%V', substr(week, 1, 4) || '-12-28') AS INTEGER), 53)),
    CONSTRAINT "number: a finite number within +-1e15 or NULL" CHECK (number IS NULL OR (typeof(number) IN ('integer', 'real') AND number BETWEEN -1e15 AND 1e15)),
    CONSTRAINT "status: one of '', on_track, at_risk, off_track" CHECK (status IN ('', 'on_track', 'at_risk', 'off_track')),
    CONSTRAINT "override_reason: text" CHECK (typeof(override_reason) = 'text'),
    CONSTRAINT "note: text" CHECK (typeof(note) = 'text'),
    CONSTRAINT "entered_by: text" CHECK (typeof(entered_by) = 'text'),
    CONSTRAINT "entered_at: text" CHECK (typeof(entered_at) = 'text'),
    CONSTRAINT "created_at: text" CHECK (typeof(created_at) = 'text'),
    CONSTRAINT "updated_at: text" CHECK (typeof(updated_at) = 'text'),
    CONSTRAINT "updated_by: text" CHECK (typeof(updated_by) = 'text'),
    CONSTRAINT "version: an integer >= 1" CHECK (typeof(version) = 'integer' AND version >= 1),
    UNIQUE (kpi_id, week)
);
CREATE INDEX kpi_values_week ON kpi_values (week);

CREATE TABLE reviews (
    id           INTEGER PRIMARY KEY,
    week         TEXT    NOT NULL UNIQUE,
    state        TEXT    NOT NULL DEFAULT 'not_started',
    facilitator  TEXT    NOT NULL DEFAULT '',
    attendees    TEXT    NOT NULL DEFAULT '[]',
    notes        TEXT    NOT NULL DEFAULT '',
    rating       INTEGER NOT NULL DEFAULT 0,
    started_at   TEXT    NOT NULL DEFAULT '',
    concluded_at TEXT    NOT NULL DEFAULT '',
    version      INTEGER NOT NULL DEFAULT 1,
    created_at   TEXT    NOT NULL DEFAULT '',
    updated_at   TEXT    NOT NULL DEFAULT '',
    updated_by   TEXT    NOT NULL DEFAULT '',
    CONSTRAINT "week: a week like 2026-W47" CHECK (typeof(week) = 'text' AND length(week) = 8 AND week GLOB '[0-9][0-9][0-9][0-9]-W[0-9][0-9]' AND substr(week, 1, 4) >= '1900'
        AND CAST(substr(week, 7, 2) AS INTEGER) BETWEEN 1 AND coalesce(CAST(strftime('%V', substr(week, 1, 4) || '-12-28') AS INTEGER), 53)),
    CONSTRAINT "state: one of not_started, in_progress, concluded" CHECK (state IN ('not_started', 'in_progress', 'concluded')),
    CONSTRAINT "facilitator: text" CHECK (typeof(facilitator) = 'text'),
    CONSTRAINT "attendees: a JSON array" CHECK (typeof(attendees) = 'text' AND CASE WHEN json_valid(attendees) THEN json_type(attendees) = 'array' ELSE 0 END),
    CONSTRAINT "notes: text" CHECK (typeof(notes) = 'text'),
    CONSTRAINT "rating: an integer 0 to 10" CHECK (typeof(rating) = 'integer' AND rating BETWEEN 0 AND 10),
    CONSTRAINT "started_at: text" CHECK (typeof(started_at) = 'text'),
    CONSTRAINT "concluded_at: text" CHECK (typeof(concluded_at) = 'text'),
    CONSTRAINT "created_at: text" CHECK (typeof(created_at) = 'text'),
    CONSTRAINT "updated_at: text" CHECK (typeof(updated_at) = 'text'),
    CONSTRAINT "updated_by: text" CHECK (typeof(updated_by) = 'text'),
    CONSTRAINT "version: an integer >= 1" CHECK (typeof(version) = 'integer' AND version >= 1)
);

CREATE TABLE checklist_items (
    id              INTEGER PRIMARY KEY,
    review_id       INTEGER NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
    position        INTEGER NOT NULL DEFAULT 0,
    text            TEXT    NOT NULL,
    timebox_minutes INTEGER NOT NULL DEFAULT 0,
    done            INTEGER NOT NULL DEFAULT 0,
    done_by         TEXT    NOT NULL DEFAULT '',
    done_at         TEXT    NOT NULL DEFAULT '',
    note            TEXT    NOT NULL DEFAULT '',
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      TEXT    NOT NULL DEFAULT '',
    updated_at      TEXT    NOT NULL DEFAULT '',
    updated_by      TEXT    NOT NULL DEFAULT '',
    CONSTRAINT "review_id: an integer" CHECK (typeof(review_id) = 'integer'),
    CONSTRAINT "position: an integer" CHECK (typeof(position) = 'integer'),
    CONSTRAINT "text: text" CHECK (typeof(text) = 'text'),
    CONSTRAINT "timebox_minutes: an integer 0 to 1440" CHECK (typeof(timebox_minutes) = 'integer' AND timebox_minutes BETWEEN 0 AND 1440),
    CONSTRAINT "done: 0 or 1" CHECK (typeof(done) = 'integer' AND done IN (0, 1)),
    CONSTRAINT "done_by: text" CHECK (typeof(done_by) = 'text'),
    CONSTRAINT "done_at: text" CHECK (typeof(done_at) = 'text'),
    CONSTRAINT "note: text" CHECK (typeof(note) = 'text'),
    CONSTRAINT "created_at: text" CHECK (typeof(created_at) = 'text'),
    CONSTRAINT "updated_at: text" CHECK (typeof(updated_at) = 'text'),
    CONSTRAINT "updated_by: text" CHECK (typeof(updated_by) = 'text'),
    CONSTRAINT "version: an integer >= 1" CHECK (typeof(version) = 'integer' AND version >= 1)
);
CREATE INDEX checklist_items_review ON checklist_items (review_id, position);

CREATE TABLE action_items (
    id           INTEGER PRIMARY KEY,
    text         TEXT    NOT NULL,
    owner        TEXT    NOT NULL DEFAULT '',
    due          TEXT    NOT NULL DEFAULT '',
    kpi_id       INTEGER REFERENCES kpis (id),
    created_week TEXT    NOT NULL DEFAULT '',
    done         INTEGER NOT NULL DEFAULT 0,
    done_by      TEXT    NOT NULL DEFAULT '',
    done_at      TEXT    NOT NULL DEFAULT '',
    version      INTEGER NOT NULL DEFAULT 1,
    created_at   TEXT    NOT NULL DEFAULT '',
    updated_at   TEXT    NOT NULL DEFAULT '',
    updated_by   TEXT    NOT NULL DEFAULT '',
    CONSTRAINT "text: text" CHECK (typeof(text) = 'text'),
    CONSTRAINT "owner: text" CHECK (typeof(owner) = 'text'),
    CONSTRAINT "due: '' or a week like 2026-W47" CHECK (due = '' OR (typeof(due) = 'text' AND length(due) = 8 AND due GLOB '[0-9][0-9][0-9][0-9]-W[0-9][0-9]' AND substr(due, 1, 4) >= '1900'
        AND CAST(substr(due, 7, 2) AS INTEGER) BETWEEN 1 AND coalesce(CAST(strftime('%V', substr(due, 1, 4) || '-12-28') AS INTEGER), 53))),
    CONSTRAINT "kpi_id: an integer or NULL" CHECK (kpi_id IS NULL OR (typeof(kpi_id) = 'integer')),
    CONSTRAINT "created_week: '' or a week like 2026-W47" CHECK (created_week = '' OR (typeof(created_week) = 'text' AND length(created_week) = 8 AND created_week GLOB '[0-9][0-9][0-9][0-9]-W[0-9][0-9]' AND substr(created_week, 1, 4) >= '1900'
        AND CAST(substr(created_week, 7, 2) AS INTEGER) BETWEEN 1 AND coalesce(CAST(strftime('%V', substr(created_week, 1, 4) || '-12-28') AS INTEGER), 53))),
    CONSTRAINT "done: 0 or 1" CHECK (typeof(done) = 'integer' AND done IN (0, 1)),
    CONSTRAINT "done_by: text" CHECK (typeof(done_by) = 'text'),
    CONSTRAINT "done_at: text" CHECK (typeof(done_at) = 'text'),
    CONSTRAINT "created_at: text" CHECK (typeof(created_at) = 'text'),
    CONSTRAINT "updated_at: text" CHECK (typeof(updated_at) = 'text'),
    CONSTRAINT "updated_by: text" CHECK (typeof(updated_by) = 'text'),
    CONSTRAINT "version: an integer >= 1" CHECK (typeof(version) = 'integer' AND version >= 1)
);
CREATE INDEX action_items_open ON action_items (done, due);
CREATE INDEX action_items_kpi ON action_items (kpi_id);

-- Any UPDATE of an editable row moves its version, so kpi's version check
-- (UPDATE ... WHERE id = ? AND version = ?) also catches a tool that changes a
-- row without knowing about versions. kpi's own saves move it by one, and the
-- trigger leaves those alone. The trigger's own UPDATE does not fire it again
-- (recursive_triggers is off by default, and its WHEN would be false anyway).
CREATE TRIGGER settings_version_moves AFTER UPDATE ON settings
WHEN NEW.version <= OLD.version
BEGIN
    UPDATE settings SET version = OLD.version + 1 WHERE id = NEW.id;
END;

CREATE TRIGGER objectives_version_moves AFTER UPDATE ON objectives
WHEN NEW.version <= OLD.version
BEGIN
    UPDATE objectives SET version = OLD.version + 1 WHERE id = NEW.id;
END;

CREATE TRIGGER kpis_version_moves AFTER UPDATE ON kpis
WHEN NEW.version <= OLD.version
BEGIN
    UPDATE kpis SET version = OLD.version + 1 WHERE id = NEW.id;
END;

CREATE TRIGGER kpi_values_version_moves AFTER UPDATE ON kpi_values
WHEN NEW.version <= OLD.version
BEGIN
    UPDATE kpi_values SET version = OLD.version + 1 WHERE id = NEW.id;
END;

CREATE TRIGGER reviews_version_moves AFTER UPDATE ON reviews
WHEN NEW.version <= OLD.version
BEGIN
    UPDATE reviews SET version = OLD.version + 1 WHERE id = NEW.id;
END;

CREATE TRIGGER checklist_items_version_moves AFTER UPDATE ON checklist_items
WHEN NEW.version <= OLD.version
BEGIN
    UPDATE checklist_items SET version = OLD.version + 1 WHERE id = NEW.id;
END;

CREATE TRIGGER action_items_version_moves AFTER UPDATE ON action_items
WHEN NEW.version <= OLD.version
BEGIN
    UPDATE action_items SET version = OLD.version + 1 WHERE id = NEW.id;
END;

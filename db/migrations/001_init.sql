-- Schema 1 of the kpi team file. Weeks are TEXT '2026-W47' (sorts in time order);
-- times are RFC 3339 UTC text, '' when unset. Every editable row carries version,
-- created_at, updated_at and updated_by so saves can be version-checked.

CREATE TABLE settings (
    id                 INTEGER PRIMARY KEY CHECK (id = 1),
    team_name          TEXT    NOT NULL DEFAULT '',
    review_weekday     INTEGER NOT NULL DEFAULT 1 CHECK (review_weekday BETWEEN 0 AND 6),
    checklist_template TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(checklist_template)),
    default_theme      TEXT    NOT NULL DEFAULT '',
    version            INTEGER NOT NULL DEFAULT 1,
    created_at         TEXT    NOT NULL DEFAULT '',
    updated_at         TEXT    NOT NULL DEFAULT '',
    updated_by         TEXT    NOT NULL DEFAULT ''
);

CREATE TABLE objectives (
    id          INTEGER PRIMARY KEY,
    title       TEXT    NOT NULL,
    description TEXT    NOT NULL DEFAULT '',
    owner       TEXT    NOT NULL DEFAULT '',
    start_week  TEXT    NOT NULL DEFAULT '',
    end_week    TEXT    NOT NULL DEFAULT '',
    state       TEXT    NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'done', 'dropped')),
    archived    INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  TEXT    NOT NULL DEFAULT '',
    updated_at  TEXT    NOT NULL DEFAULT '',
    updated_by  TEXT    NOT NULL DEFAULT ''
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
    direction           TEXT    NOT NULL CHECK (direction IN ('up', 'down', 'range')),
    tolerance_amount    REAL    NOT NULL DEFAULT 5,
    tolerance_absolute  INTEGER NOT NULL DEFAULT 0 CHECK (tolerance_absolute IN (0, 1)),
    tier                TEXT    NOT NULL CHECK (tier IN ('key', 'health')),
    omtm                INTEGER NOT NULL DEFAULT 0 CHECK (omtm IN (0, 1)),
    indicator           TEXT    NOT NULL DEFAULT '' CHECK (indicator IN ('', 'leading', 'lagging')),
    kind                TEXT    NOT NULL CHECK (kind IN ('quantitative', 'qualitative')),
    cadence             TEXT    NOT NULL CHECK (cadence IN ('weekly', 'monthly')),
    aggregate           TEXT    NOT NULL CHECK (aggregate IN ('sum', 'avg', 'last')),
    formula             TEXT    NOT NULL DEFAULT '',
    archived            INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    definition_reviewed TEXT    NOT NULL DEFAULT '',
    version             INTEGER NOT NULL DEFAULT 1,
    created_at          TEXT    NOT NULL DEFAULT '',
    updated_at          TEXT    NOT NULL DEFAULT '',
    updated_by          TEXT    NOT NULL DEFAULT ''
);

-- At most one KPI in the file is the One Metric That Matters.
CREATE UNIQUE INDEX kpis_one_omtm ON kpis (omtm) WHERE omtm = 1;
CREATE INDEX kpis_objective ON kpis (objective_id);

-- A KPI's target path; replaced as a whole when the KPI is saved.
CREATE TABLE kpi_targets (
    kpi_id INTEGER NOT NULL REFERENCES kpis (id) ON DELETE CASCADE,
    week   TEXT    NOT NULL,
    value  REAL    NOT NULL,
    high   REAL    NOT NULL DEFAULT 0,
    PRIMARY KEY (kpi_id, week)
);

-- One value per KPI per week. number is NULL for qualitative KPIs.
CREATE TABLE kpi_values (
    id              INTEGER PRIMARY KEY,
    kpi_id          INTEGER NOT NULL REFERENCES kpis (id),
    week            TEXT    NOT NULL,
    number          REAL,
    status          TEXT    NOT NULL DEFAULT '' CHECK (status IN ('', 'on_track', 'at_risk', 'off_track')),
    override_reason TEXT    NOT NULL DEFAULT '',
    note            TEXT    NOT NULL DEFAULT '',
    entered_by      TEXT    NOT NULL DEFAULT '',
    entered_at      TEXT    NOT NULL DEFAULT '',
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      TEXT    NOT NULL DEFAULT '',
    updated_at      TEXT    NOT NULL DEFAULT '',
    updated_by      TEXT    NOT NULL DEFAULT '',
    UNIQUE (kpi_id, week)
);
CREATE INDEX kpi_values_week ON kpi_values (week);

CREATE TABLE reviews (
    id           INTEGER PRIMARY KEY,
    week         TEXT    NOT NULL UNIQUE,
    state        TEXT    NOT NULL DEFAULT 'not_started' CHECK (state IN ('not_started', 'in_progress', 'concluded')),
    facilitator  TEXT    NOT NULL DEFAULT '',
    attendees    TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(attendees)),
    notes        TEXT    NOT NULL DEFAULT '',
    rating       INTEGER NOT NULL DEFAULT 0 CHECK (rating BETWEEN 0 AND 10),
    started_at   TEXT    NOT NULL DEFAULT '',
    concluded_at TEXT    NOT NULL DEFAULT '',
    version      INTEGER NOT NULL DEFAULT 1,
    created_at   TEXT    NOT NULL DEFAULT '',
    updated_at   TEXT    NOT NULL DEFAULT '',
    updated_by   TEXT    NOT NULL DEFAULT ''
);

-- KPIs marked reviewed in a review; replaced as a whole when the review is saved.
CREATE TABLE review_kpis (
    review_id INTEGER NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
    kpi_id    INTEGER NOT NULL REFERENCES kpis (id),
    PRIMARY KEY (review_id, kpi_id)
);

CREATE TABLE checklist_items (
    id              INTEGER PRIMARY KEY,
    review_id       INTEGER NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
    position        INTEGER NOT NULL DEFAULT 0,
    text            TEXT    NOT NULL,
    timebox_minutes INTEGER NOT NULL DEFAULT 0 CHECK (timebox_minutes >= 0),
    done            INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
    done_by         TEXT    NOT NULL DEFAULT '',
    done_at         TEXT    NOT NULL DEFAULT '',
    note            TEXT    NOT NULL DEFAULT '',
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      TEXT    NOT NULL DEFAULT '',
    updated_at      TEXT    NOT NULL DEFAULT '',
    updated_by      TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX checklist_items_review ON checklist_items (review_id, position);

CREATE TABLE action_items (
    id           INTEGER PRIMARY KEY,
    text         TEXT    NOT NULL,
    owner        TEXT    NOT NULL DEFAULT '',
    due          TEXT    NOT NULL DEFAULT '',
    kpi_id       INTEGER REFERENCES kpis (id),
    created_week TEXT    NOT NULL DEFAULT '',
    done         INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
    done_by      TEXT    NOT NULL DEFAULT '',
    done_at      TEXT    NOT NULL DEFAULT '',
    version      INTEGER NOT NULL DEFAULT 1,
    created_at   TEXT    NOT NULL DEFAULT '',
    updated_at   TEXT    NOT NULL DEFAULT '',
    updated_by   TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX action_items_open ON action_items (done, due);
CREATE INDEX action_items_kpi ON action_items (kpi_id);

-- Append-only: who changed what, when, from where, with old and new as JSON.
-- kpi_id is the KPI a value or KPI change belongs to (0 otherwise), for history
-- by KPI.
CREATE TABLE change_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT    NOT NULL,
    user      TEXT    NOT NULL DEFAULT '',
    host      TEXT    NOT NULL DEFAULT '',
    entity    TEXT    NOT NULL,
    entity_id INTEGER NOT NULL DEFAULT 0,
    kpi_id    INTEGER NOT NULL DEFAULT 0,
    action    TEXT    NOT NULL,
    summary   TEXT    NOT NULL DEFAULT '',
    old       TEXT    NOT NULL DEFAULT '',
    new       TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX change_log_entity ON change_log (entity, entity_id);
CREATE INDEX change_log_kpi ON change_log (kpi_id);

CREATE TRIGGER change_log_no_update BEFORE UPDATE ON change_log
BEGIN
    SELECT RAISE(ABORT, 'the change log is append-only');
END;

CREATE TRIGGER change_log_no_delete BEFORE DELETE ON change_log
BEGIN
    SELECT RAISE(ABORT, 'the change log is append-only');
END;

-- Presence: one row per running app. Not a lock.
CREATE TABLE sessions (
    id         INTEGER PRIMARY KEY,
    user       TEXT    NOT NULL DEFAULT '',
    host       TEXT    NOT NULL DEFAULT '',
    pid        INTEGER NOT NULL DEFAULT 0,
    started_at TEXT    NOT NULL,
    heartbeat  TEXT    NOT NULL
);

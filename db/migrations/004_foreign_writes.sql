-- Schema 4: a writer that knows nothing of kpi's stamps is named as such.
--
-- Schema 2's triggers move `version` when an UPDATE did not, so the app's
-- version check catches a tool writing SQL. They left `updated_by` and
-- `updated_at` as they were, so the conflict screen then said the row's last kpi
-- writer had saved it "meanwhile" - often the very user looking at it. These
-- triggers replace them: when an UPDATE moves neither the version nor the
-- stamp, the row is stamped 'another tool' at the time of the write.
--
-- kpi's own saves always move the version, so they never fire. The file runs
-- as it is and can run twice (a file whose user_version was lost migrates to
-- the same schema).

DROP TRIGGER IF EXISTS settings_version_moves;
DROP TRIGGER IF EXISTS settings_foreign_write;
CREATE TRIGGER settings_foreign_write AFTER UPDATE ON settings
WHEN NEW.version <= OLD.version
BEGIN
    UPDATE settings SET version = OLD.version + 1,
        updated_by = CASE WHEN NEW.updated_by IS OLD.updated_by THEN 'another tool' ELSE NEW.updated_by END,
        updated_at = CASE WHEN NEW.updated_at IS OLD.updated_at THEN strftime('%Y-%m-%dT%H:%M:%fZ', 'now') ELSE NEW.updated_at END
    WHERE id = NEW.id;
END;

DROP TRIGGER IF EXISTS objectives_version_moves;
DROP TRIGGER IF EXISTS objectives_foreign_write;
CREATE TRIGGER objectives_foreign_write AFTER UPDATE ON objectives
WHEN NEW.version <= OLD.version
BEGIN
    UPDATE objectives SET version = OLD.version + 1,
        updated_by = CASE WHEN NEW.updated_by IS OLD.updated_by THEN 'another tool' ELSE NEW.updated_by END,
        updated_at = CASE WHEN NEW.updated_at IS OLD.updated_at THEN strftime('%Y-%m-%dT%H:%M:%fZ', 'now') ELSE NEW.updated_at END
    WHERE id = NEW.id;
END;

DROP TRIGGER IF EXISTS kpis_version_moves;
DROP TRIGGER IF EXISTS kpis_foreign_write;
CREATE TRIGGER kpis_foreign_write AFTER UPDATE ON kpis
WHEN NEW.version <= OLD.version
BEGIN
    UPDATE kpis SET version = OLD.version + 1,
        updated_by = CASE WHEN NEW.updated_by IS OLD.updated_by THEN 'another tool' ELSE NEW.updated_by END,
        updated_at = CASE WHEN NEW.updated_at IS OLD.updated_at THEN strftime('%Y-%m-%dT%H:%M:%fZ', 'now') ELSE NEW.updated_at END
    WHERE id = NEW.id;
END;

DROP TRIGGER IF EXISTS kpi_values_version_moves;
DROP TRIGGER IF EXISTS kpi_values_foreign_write;
CREATE TRIGGER kpi_values_foreign_write AFTER UPDATE ON kpi_values
WHEN NEW.version <= OLD.version
BEGIN
    UPDATE kpi_values SET version = OLD.version + 1,
        updated_by = CASE WHEN NEW.updated_by IS OLD.updated_by THEN 'another tool' ELSE NEW.updated_by END,
        updated_at = CASE WHEN NEW.updated_at IS OLD.updated_at THEN strftime('%Y-%m-%dT%H:%M:%fZ', 'now') ELSE NEW.updated_at END
    WHERE id = NEW.id;
END;

DROP TRIGGER IF EXISTS reviews_version_moves;
DROP TRIGGER IF EXISTS reviews_foreign_write;
CREATE TRIGGER reviews_foreign_write AFTER UPDATE ON reviews
WHEN NEW.version <= OLD.version
BEGIN
    UPDATE reviews SET version = OLD.version + 1,
        updated_by = CASE WHEN NEW.updated_by IS OLD.updated_by THEN 'another tool' ELSE NEW.updated_by END,
        updated_at = CASE WHEN NEW.updated_at IS OLD.updated_at THEN strftime('%Y-%m-%dT%H:%M:%fZ', 'now') ELSE NEW.updated_at END
    WHERE id = NEW.id;
END;

DROP TRIGGER IF EXISTS checklist_items_version_moves;
DROP TRIGGER IF EXISTS checklist_items_foreign_write;
CREATE TRIGGER checklist_items_foreign_write AFTER UPDATE ON checklist_items
WHEN NEW.version <= OLD.version
BEGIN
    UPDATE checklist_items SET version = OLD.version + 1,
        updated_by = CASE WHEN NEW.updated_by IS OLD.updated_by THEN 'another tool' ELSE NEW.updated_by END,
        updated_at = CASE WHEN NEW.updated_at IS OLD.updated_at THEN strftime('%Y-%m-%dT%H:%M:%fZ', 'now') ELSE NEW.updated_at END
    WHERE id = NEW.id;
END;

DROP TRIGGER IF EXISTS action_items_version_moves;
DROP TRIGGER IF EXISTS action_items_foreign_write;
CREATE TRIGGER action_items_foreign_write AFTER UPDATE ON action_items
WHEN NEW.version <= OLD.version
BEGIN
    UPDATE action_items SET version = OLD.version + 1,
        updated_by = CASE WHEN NEW.updated_by IS OLD.updated_by THEN 'another tool' ELSE NEW.updated_by END,
        updated_at = CASE WHEN NEW.updated_at IS OLD.updated_at THEN strftime('%Y-%m-%dT%H:%M:%fZ', 'now') ELSE NEW.updated_at END
    WHERE id = NEW.id;
END;

DROP TRIGGER IF EXISTS events_version_moves;
DROP TRIGGER IF EXISTS events_foreign_write;
CREATE TRIGGER events_foreign_write AFTER UPDATE ON events
WHEN NEW.version <= OLD.version
BEGIN
    UPDATE events SET version = OLD.version + 1,
        updated_by = CASE WHEN NEW.updated_by IS OLD.updated_by THEN 'another tool' ELSE NEW.updated_by END,
        updated_at = CASE WHEN NEW.updated_at IS OLD.updated_at THEN strftime('%Y-%m-%dT%H:%M:%fZ', 'now') ELSE NEW.updated_at END
    WHERE id = NEW.id;
END;

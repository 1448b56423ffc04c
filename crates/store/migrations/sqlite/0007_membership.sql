-- Administration in the workspace: a member's other names, its years of membership in each
-- institution, source documents entered by hand, and versions for edited plans and statuses.
-- Same shared SQL subset as 0001 (see there).

-- Another name of a member ("UK", "The United Kingdom" for United Kingdom). `key` is
-- domain::names::member_key of the spelling; the store refuses a spelling whose key names
-- another member, so one spelling never names two (two spellings of one member may share a key).
CREATE TABLE member_variant (
    id        INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES member (id) ON DELETE CASCADE,
    spelling  TEXT NOT NULL CHECK (spelling <> ''),
    key       TEXT NOT NULL,
    UNIQUE (member_id, spelling)
);
CREATE INDEX member_variant_key ON member_variant (key);

-- The years a member belonged to an institution (Russia in the G8, 1997 to 2013). `to_year`
-- NULL: still a member. A member that left and rejoined has two rows.
CREATE TABLE membership (
    id             INTEGER PRIMARY KEY,
    institution_id INTEGER NOT NULL REFERENCES institution (id) ON DELETE CASCADE,
    member_id      INTEGER NOT NULL REFERENCES member (id) ON DELETE CASCADE,
    from_year      INTEGER NOT NULL,
    to_year        INTEGER,
    version        INTEGER NOT NULL DEFAULT 1,
    CHECK (to_year IS NULL OR from_year <= to_year)
);
CREATE INDEX membership_institution ON membership (institution_id);
CREATE INDEX membership_member ON membership (member_id);

-- A source document an admin entered by hand is kept even while no commitment cites it yet:
-- the importer drops documents nobody cites, which is right for its own, not for these.
ALTER TABLE source_document ADD COLUMN kept INTEGER NOT NULL DEFAULT 0 CHECK (kept IN (0, 1));
CREATE TRIGGER source_document_kept BEFORE DELETE ON source_document
WHEN OLD.kept = 1
BEGIN
    SELECT RAISE(IGNORE);
END;

-- Optimistic concurrency for plans edited in the workspace (one version for the plan's whole
-- structure: sections and measures are renumbered by edits) and for each recorded status.
ALTER TABLE plan ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE status_record ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

-- Institutions, their summits and the source documents commitments are quoted from.
-- Same shared SQL subset as 0001 (see there).

-- A club of members that makes commitments: G7, G20, Calais Group.
CREATE TABLE institution (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (name <> '')
);

-- A meeting of an institution where commitments are made: "2024 Apulia Summit" of the G7.
-- `ended_on` (ISO date) is the summit's last day when known.
CREATE TABLE summit (
    id             INTEGER PRIMARY KEY,
    institution_id INTEGER NOT NULL REFERENCES institution (id),
    name           TEXT NOT NULL CHECK (name <> ''),
    year           INTEGER NOT NULL,
    ended_on       TEXT,
    UNIQUE (institution_id, name)
);

-- The text commitments come from (a communiqué, an action plan); many commitments share one.
-- One per title within a summit, or among documents of no known summit (`summit_id` NULL):
-- NULLs are distinct in a UNIQUE constraint, hence the index on COALESCE.
CREATE TABLE source_document (
    id        INTEGER PRIMARY KEY,
    summit_id INTEGER REFERENCES summit (id),
    title     TEXT NOT NULL CHECK (title <> '')
);
CREATE UNIQUE INDEX source_document_title ON source_document (COALESCE(summit_id, 0), title);

-- A cycle's institution and summit, when known (a cycle with a summit has its institution).
ALTER TABLE cycle ADD COLUMN institution_id INTEGER REFERENCES institution (id);
ALTER TABLE cycle ADD COLUMN summit_id INTEGER REFERENCES summit (id);
CREATE INDEX cycle_institution ON cycle (institution_id);
CREATE INDEX cycle_summit ON cycle (summit_id);

-- The commitment's source document; `commitment.source` keeps the title as the chapter gives
-- it, so a chapter still reloads exactly. NULL when the commitment names no source.
ALTER TABLE commitment ADD COLUMN source_document_id INTEGER REFERENCES source_document (id);
CREATE INDEX commitment_source_document ON commitment (source_document_id);

-- Commitments imported before this migration: their cycles have no summit yet.
INSERT INTO source_document (summit_id, title)
SELECT DISTINCT NULL, TRIM(source) FROM commitment WHERE TRIM(source) <> '';
UPDATE commitment
SET source_document_id = (
    SELECT d.id FROM source_document d
    WHERE d.summit_id IS NULL AND d.title = TRIM(commitment.source)
)
WHERE TRIM(source) <> '';

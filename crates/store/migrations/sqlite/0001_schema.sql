-- Pledgewatch schema, SQLite dialect.
--
-- Written in the subset SQLite and PostgreSQL share so that migrations/postgres can follow line
-- by line: TEXT for names, texts, ISO dates (YYYY-MM-DD) and UTC timestamps; INTEGER keys
-- (BIGINT / identity in PostgreSQL); booleans as INTEGER 0/1 here, BOOLEAN there (queries only
-- bind booleans or use the column as a predicate, which reads the same in both).

-- A scored party. `name` is the spelling first seen; `key` (domain::names::member_key) makes
-- `UK` and `The United Kingdom` one member.
CREATE TABLE member (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (name <> ''),
    code TEXT NOT NULL UNIQUE CHECK (code <> ''),
    key  TEXT NOT NULL UNIQUE
);

-- One row per person; `name` is the spelling first seen, `key` the spelling-insensitive identity
-- (so `d'Aragon` and `d’Aragon` are one person).
CREATE TABLE person (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    key  TEXT NOT NULL UNIQUE
);

-- Every spelling seen. Chapters point at the spelling they used, so a chapter reloads exactly as
-- written while queries about a person go through person_id.
CREATE TABLE person_variant (
    id        INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES person (id),
    spelling  TEXT NOT NULL UNIQUE
);
CREATE INDEX person_variant_person ON person_variant (person_id);

CREATE TABLE cycle (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE CHECK (name <> ''),
    kind         TEXT CHECK (kind IN ('interim', 'final')),
    period_start TEXT,
    period_end   TEXT,
    convention   TEXT NOT NULL CHECK (convention IN ('rescaled', 'legacy')),
    CHECK ((period_start IS NULL) = (period_end IS NULL))
);

-- The members a cycle scores, in the order its tables list them.
CREATE TABLE cycle_member (
    cycle_id  INTEGER NOT NULL REFERENCES cycle (id) ON DELETE CASCADE,
    member_id INTEGER NOT NULL REFERENCES member (id),
    position  INTEGER NOT NULL,
    PRIMARY KEY (cycle_id, member_id)
);
CREATE INDEX cycle_member_member ON cycle_member (member_id);

-- A commitment of one cycle. `has_chapter` is false for a commitment known only from a score
-- sheet; its text fields are then empty. `position` is the order of first import.
CREATE TABLE commitment (
    id                INTEGER PRIMARY KEY,
    cycle_id          INTEGER NOT NULL REFERENCES cycle (id) ON DELETE CASCADE,
    code              TEXT NOT NULL CHECK (code <> ''),
    area              TEXT NOT NULL,
    title             TEXT NOT NULL,
    text              TEXT NOT NULL,
    source            TEXT NOT NULL,
    director_id       INTEGER REFERENCES person_variant (id),
    lead_analyst_id   INTEGER REFERENCES person_variant (id),
    published_average TEXT,
    has_chapter       INTEGER NOT NULL CHECK (has_chapter IN (0, 1)),
    position          INTEGER NOT NULL,
    UNIQUE (cycle_id, code)
);
CREATE INDEX commitment_director ON commitment (director_id);
CREATE INDEX commitment_lead_analyst ON commitment (lead_analyst_id);

-- A chapter section; `kind` is SectionKind::key. Positioned, so a chapter reloads in its order.
CREATE TABLE section (
    commitment_id INTEGER NOT NULL REFERENCES commitment (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    kind          TEXT NOT NULL,
    text          TEXT NOT NULL,
    PRIMARY KEY (commitment_id, position)
);

-- One (commitment, member) cell. `verdict` is the current cell of the score matrix: '-1', '0',
-- '1', 'n/a', or NULL for not yet assessed; `position` is the member's place in the chapter's
-- (or sheet's) listing. Beside it, the chapter's own readings, kept as written:
-- - its Assessment table row (`table_position` NULL when the table has no row for the member),
--   with the member's name as the row spells it and the row's verdict (NULL: an empty cell);
-- - its member section (`section_position` NULL when it has none), with the heading's spelling,
--   the heading and Thus verdicts (NULL when the chapter does not give one, 'not-assessed' when
--   it gives an empty one), opening, conclusion and analyst.
CREATE TABLE assessment (
    id               INTEGER PRIMARY KEY,
    commitment_id    INTEGER NOT NULL REFERENCES commitment (id) ON DELETE CASCADE,
    member_id        INTEGER NOT NULL REFERENCES member (id),
    verdict          TEXT CHECK (verdict IN ('-1', '0', '1', 'n/a')),
    position         INTEGER NOT NULL,
    table_position   INTEGER,
    table_name       TEXT,
    table_verdict    TEXT CHECK (table_verdict IN ('-1', '0', '1', 'n/a')),
    section_position INTEGER,
    section_name     TEXT,
    heading_verdict  TEXT CHECK (heading_verdict IN ('-1', '0', '1', 'n/a', 'not-assessed')),
    thus_verdict     TEXT CHECK (thus_verdict IN ('-1', '0', '1', 'n/a', 'not-assessed')),
    opening          TEXT,
    conclusion       TEXT,
    analyst_id       INTEGER REFERENCES person_variant (id),
    CHECK ((table_position IS NULL) = (table_name IS NULL)),
    CHECK ((section_position IS NULL) = (section_name IS NULL)),
    UNIQUE (commitment_id, member_id)
);
CREATE INDEX assessment_member ON assessment (member_id);
CREATE INDEX assessment_analyst ON assessment (analyst_id);

-- A body paragraph of a member section: an evidence item (dated) or a narrative paragraph.
CREATE TABLE paragraph (
    assessment_id INTEGER NOT NULL REFERENCES assessment (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('evidence', 'narrative')),
    date          TEXT,
    date_inferred INTEGER NOT NULL CHECK (date_inferred IN (0, 1)),
    text          TEXT NOT NULL,
    CHECK ((kind = 'evidence') = (date IS NOT NULL)),
    PRIMARY KEY (assessment_id, position)
);

-- The footnote numbers a paragraph cites, in the order it cites them.
CREATE TABLE paragraph_citation (
    assessment_id      INTEGER NOT NULL,
    paragraph_position INTEGER NOT NULL,
    position           INTEGER NOT NULL,
    number             INTEGER NOT NULL,
    PRIMARY KEY (assessment_id, paragraph_position, position),
    FOREIGN KEY (assessment_id, paragraph_position)
        REFERENCES paragraph (assessment_id, position) ON DELETE CASCADE
);

-- A footnote of a chapter. A parsed chapter may define the same number twice (the checker
-- reports it), so the number is indexed but not unique: `position` keeps every footnote.
CREATE TABLE citation (
    commitment_id INTEGER NOT NULL REFERENCES commitment (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    number        INTEGER NOT NULL,
    title         TEXT NOT NULL,
    publisher     TEXT,
    place         TEXT,
    published     TEXT,
    accessed      TEXT,
    url           TEXT,
    note          TEXT,
    raw           TEXT NOT NULL,
    PRIMARY KEY (commitment_id, position)
);
CREATE INDEX citation_number ON citation (commitment_id, number);

-- Who changed what, when (`at`: RFC 3339 UTC). Written in the same transaction as the change.
CREATE TABLE audit (
    id     INTEGER PRIMARY KEY,
    at     TEXT NOT NULL,
    actor  TEXT NOT NULL,
    action TEXT NOT NULL,
    object TEXT NOT NULL,
    detail TEXT NOT NULL
);

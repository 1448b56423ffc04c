-- Action plans (issue 6): a plan → sections (priorities, pillars) → measures → sub-measures,
-- its members and observers, reporting periods, each member's status per measure and period,
-- and links to evidence items and summit commitments. Same shared SQL subset as 0001.
--
-- Statuses and commitment links name their measure by code, not by row id: re-importing a
-- changed plan rewrites its sections and measures, and must not erase the tracking.

CREATE TABLE plan (
    id          INTEGER PRIMARY KEY,
    institution TEXT NOT NULL,
    title       TEXT NOT NULL CHECK (title <> ''),
    adopted_on  TEXT,
    source      TEXT NOT NULL,
    rhythm      TEXT NOT NULL,
    reviewed_by TEXT,
    UNIQUE (institution, title)
);

CREATE TABLE plan_member (
    plan_id  INTEGER NOT NULL REFERENCES plan (id) ON DELETE CASCADE,
    member   TEXT NOT NULL,
    role     TEXT NOT NULL CHECK (role IN ('member', 'observer')),
    position INTEGER NOT NULL,
    PRIMARY KEY (plan_id, member)
);

CREATE TABLE plan_section (
    id       INTEGER PRIMARY KEY,
    plan_id  INTEGER NOT NULL REFERENCES plan (id) ON DELETE CASCADE,
    kind     TEXT NOT NULL CHECK (kind IN ('priority', 'pillar')),
    number   TEXT NOT NULL,
    title    TEXT NOT NULL,
    text     TEXT NOT NULL,
    position INTEGER NOT NULL,
    UNIQUE (plan_id, position)
);

-- `parent_id` NULL: a measure of the section; otherwise a sub-measure.
CREATE TABLE measure (
    id         INTEGER PRIMARY KEY,
    plan_id    INTEGER NOT NULL REFERENCES plan (id) ON DELETE CASCADE,
    section_id INTEGER NOT NULL REFERENCES plan_section (id) ON DELETE CASCADE,
    parent_id  INTEGER REFERENCES measure (id) ON DELETE CASCADE,
    code       TEXT NOT NULL,
    text       TEXT NOT NULL,
    position   INTEGER NOT NULL,
    UNIQUE (plan_id, code)
);
CREATE INDEX measure_section ON measure (section_id);
CREATE INDEX measure_parent ON measure (parent_id);

CREATE TABLE reporting_period (
    id       INTEGER PRIMARY KEY,
    plan_id  INTEGER NOT NULL REFERENCES plan (id) ON DELETE CASCADE,
    label    TEXT NOT NULL CHECK (label <> ''),
    start    TEXT NOT NULL,
    "end"    TEXT NOT NULL,
    CHECK (start <= "end"),
    UNIQUE (plan_id, label)
);

CREATE TABLE status_record (
    id           INTEGER PRIMARY KEY,
    plan_id      INTEGER NOT NULL REFERENCES plan (id) ON DELETE CASCADE,
    member       TEXT NOT NULL,
    measure_code TEXT NOT NULL,
    period_id    INTEGER NOT NULL REFERENCES reporting_period (id) ON DELETE CASCADE,
    status       TEXT NOT NULL CHECK (status IN ('not-started', 'in-progress',
                 'substantially-implemented', 'complete', 'not-applicable', 'no-information')),
    note         TEXT,
    recorded_at  TEXT NOT NULL,
    recorded_by  TEXT NOT NULL,
    UNIQUE (plan_id, member, measure_code, period_id)
);
CREATE INDEX status_record_period ON status_record (period_id);

-- A link to an evidence item of a compliance assessment (never a copy): the item stays in its
-- chapter, found by cycle, commitment code, member and its 1-based number among the evidence.
CREATE TABLE status_evidence (
    status_record_id INTEGER NOT NULL REFERENCES status_record (id) ON DELETE CASCADE,
    position         INTEGER NOT NULL,
    cycle            TEXT NOT NULL,
    commitment_code  TEXT NOT NULL,
    member           TEXT NOT NULL,
    evidence         INTEGER NOT NULL CHECK (evidence >= 1),
    PRIMARY KEY (status_record_id, position)
);

-- A measure that serves a summit commitment (optionally one dimension of its rubric).
CREATE TABLE measure_commitment (
    plan_id         INTEGER NOT NULL REFERENCES plan (id) ON DELETE CASCADE,
    measure_code    TEXT NOT NULL,
    cycle           TEXT NOT NULL,
    commitment_code TEXT NOT NULL,
    dimension       TEXT,
    UNIQUE (plan_id, measure_code, cycle, commitment_code, dimension)
);

-- Rubrics as versioned data, coding of evidence by one or more coders, adjudication of their
-- disagreements, and the review state of an assessment (draft/submitted, justification, the
-- suggestion recorded at submission). Same shared SQL subset as 0001 (see there).
--
-- Everything here hangs off (commitment_id, member_id), not assessment.id: re-importing a
-- chapter replaces its assessment rows, and must not erase codings, adjudications or the
-- submitted state.

-- One row per saved version of a commitment's rubric. `body` is the rubric as JSON (the
-- domain's serde shape); its own `version` field is ignored, the column is authoritative.
CREATE TABLE rubric (
    id            INTEGER PRIMARY KEY,
    commitment_id INTEGER NOT NULL REFERENCES commitment (id) ON DELETE CASCADE,
    version       INTEGER NOT NULL CHECK (version >= 1),
    body          TEXT NOT NULL,
    saved_at      TEXT NOT NULL,
    saved_by      TEXT NOT NULL,
    UNIQUE (commitment_id, version)
);

-- How many independent codings each assessment of the cycle needs.
ALTER TABLE cycle ADD COLUMN required_coders INTEGER NOT NULL DEFAULT 1
    CHECK (required_coders BETWEEN 1 AND 255);

-- One coder's coding of one assessment: a draft until `submitted_at` (RFC 3339 UTC) is set.
-- `coder` is the spelling given first, `coder_key` (domain::names::person_key) the identity.
CREATE TABLE coding (
    id            INTEGER PRIMARY KEY,
    commitment_id INTEGER NOT NULL REFERENCES commitment (id) ON DELETE CASCADE,
    member_id     INTEGER NOT NULL REFERENCES member (id),
    coder         TEXT NOT NULL CHECK (coder <> ''),
    coder_key     TEXT NOT NULL,
    submitted_at  TEXT,
    UNIQUE (commitment_id, member_id, coder_key)
);
CREATE INDEX coding_member ON coding (member_id);

-- One evidence item (1-based, in the member section's order) coded against one dimension.
CREATE TABLE coding_item (
    coding_id INTEGER NOT NULL REFERENCES coding (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    evidence  INTEGER NOT NULL CHECK (evidence >= 1),
    dimension TEXT NOT NULL,
    strength  TEXT NOT NULL CHECK (strength IN ('strong', 'weak', 'contradictory')),
    PRIMARY KEY (coding_id, position)
);

-- The lead analyst's decision on a disagreement. `dimension` NULL: the contradictory flag
-- (`contradictory` holds the decision); otherwise `strength` does. The newest row wins.
CREATE TABLE adjudication (
    id            INTEGER PRIMARY KEY,
    commitment_id INTEGER NOT NULL REFERENCES commitment (id) ON DELETE CASCADE,
    member_id     INTEGER NOT NULL REFERENCES member (id),
    dimension     TEXT,
    strength      TEXT NOT NULL CHECK (strength IN ('none', 'weak', 'strong')),
    contradictory INTEGER NOT NULL CHECK (contradictory IN (0, 1)),
    decided_by    TEXT NOT NULL,
    note          TEXT NOT NULL,
    at            TEXT NOT NULL
);
CREATE INDEX adjudication_assessment ON adjudication (commitment_id, member_id);
CREATE INDEX adjudication_member ON adjudication (member_id);

-- The review state of an assessment; no row = a draft without justification. The suggestion
-- (score NULL for a gap or overlap) is recorded at submission with its rubric version.
CREATE TABLE assessment_review (
    commitment_id            INTEGER NOT NULL REFERENCES commitment (id) ON DELETE CASCADE,
    member_id                INTEGER NOT NULL REFERENCES member (id),
    status                   TEXT NOT NULL DEFAULT 'draft'
                             CHECK (status IN ('draft', 'submitted')),
    justification            TEXT,
    suggested_score          TEXT CHECK (suggested_score IN ('-1', '0', '1')),
    suggested_rubric_version INTEGER,
    suggested_reason         TEXT,
    submitted_at             TEXT,
    PRIMARY KEY (commitment_id, member_id)
);
CREATE INDEX assessment_review_member ON assessment_review (member_id);

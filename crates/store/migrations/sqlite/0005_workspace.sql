-- The analyst workspace: accounts, sessions, API tokens, assignments, versions for optimistic
-- concurrency, the review workflow's four states, published editions, and an append-only audit
-- trail. Same shared SQL subset as 0001 (see there); the triggers are the SQLite spelling of
-- what PostgreSQL writes as a trigger function raising an exception.

-- A person who signs in. `password_hash` is an Argon2id PHC string; there is no default account
-- and no default password: `pledgewatch user add` creates the first one.
CREATE TABLE account (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE CHECK (name <> ''),
    role          TEXT NOT NULL CHECK (role IN ('analyst', 'lead', 'director', 'editor', 'admin')),
    password_hash TEXT NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
    created_at    TEXT NOT NULL,
    disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    version       INTEGER NOT NULL DEFAULT 1
);

-- A browser session. Only the SHA-256 of the random token is stored, so a copy of the database
-- does not let anyone sign in; `csrf_token` is the per-session token forms must send back.
CREATE TABLE session (
    token_hash TEXT PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX session_account ON session (account_id);

-- A token for scripts (`Authorization: Bearer …`), stored hashed like a session's.
CREATE TABLE api_token (
    id         INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    label      TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE INDEX api_token_account ON api_token (account_id);

-- Who works on what: a whole commitment (`member_id` NULL: lead analysts, directors) or one
-- member's assessment of it (analysts). The account's role says what the assignment allows.
CREATE TABLE assignment (
    id            INTEGER PRIMARY KEY,
    account_id    INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    commitment_id INTEGER NOT NULL REFERENCES commitment (id) ON DELETE CASCADE,
    member_id     INTEGER REFERENCES member (id)
);
CREATE UNIQUE INDEX assignment_unique ON assignment (account_id, commitment_id, COALESCE(member_id, 0));
CREATE INDEX assignment_commitment ON assignment (commitment_id);

-- Optimistic concurrency: every editable object carries a version, bumped by each write; a
-- write naming an older version is refused and changes nothing.
ALTER TABLE institution ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE member ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE summit ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE source_document ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE cycle ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE commitment ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE assessment ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE citation ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

-- The review workflow: draft → submitted → approved (director) → published (editor, whole
-- cycle). Rebuilt because SQLite cannot widen a CHECK in place.
CREATE TABLE assessment_review_new (
    commitment_id            INTEGER NOT NULL REFERENCES commitment (id) ON DELETE CASCADE,
    member_id                INTEGER NOT NULL REFERENCES member (id),
    status                   TEXT NOT NULL DEFAULT 'draft'
                             CHECK (status IN ('draft', 'submitted', 'approved', 'published')),
    justification            TEXT,
    suggested_score          TEXT CHECK (suggested_score IN ('-1', '0', '1')),
    suggested_rubric_version INTEGER,
    suggested_reason         TEXT,
    submitted_at             TEXT,
    approved_by              TEXT,
    approved_at              TEXT,
    PRIMARY KEY (commitment_id, member_id)
);
INSERT INTO assessment_review_new (commitment_id, member_id, status, justification,
    suggested_score, suggested_rubric_version, suggested_reason, submitted_at)
SELECT commitment_id, member_id, status, justification, suggested_score,
    suggested_rubric_version, suggested_reason, submitted_at
FROM assessment_review;
DROP TABLE assessment_review;
ALTER TABLE assessment_review_new RENAME TO assessment_review;
CREATE INDEX assessment_review_member ON assessment_review (member_id);

-- A published edition of a cycle, frozen: `snapshot` is the cycle as readers saw it (JSON of
-- the domain's values), `changes` the change log from the edition before (JSON). Editions are
-- numbered 1, 2, … per cycle; `kind` says whether it is the interim, the final report or a
-- corrected reissue.
CREATE TABLE edition (
    id           INTEGER PRIMARY KEY,
    cycle_id     INTEGER NOT NULL REFERENCES cycle (id),
    number       INTEGER NOT NULL CHECK (number >= 1),
    kind         TEXT NOT NULL CHECK (kind IN ('interim', 'final', 'corrected')),
    published_at TEXT NOT NULL,
    published_by TEXT NOT NULL,
    note         TEXT NOT NULL,
    snapshot     TEXT NOT NULL,
    changes      TEXT NOT NULL,
    UNIQUE (cycle_id, number)
);

CREATE TRIGGER edition_is_frozen_update BEFORE UPDATE ON edition
BEGIN
    SELECT RAISE(ABORT, 'a published edition cannot be changed; publish a corrected one');
END;
CREATE TRIGGER edition_is_frozen_delete BEFORE DELETE ON edition
BEGIN
    SELECT RAISE(ABORT, 'a published edition cannot be deleted');
END;

-- The audit trail is append-only: the database itself refuses to change or remove a record.
CREATE TRIGGER audit_is_append_only_update BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
CREATE TRIGGER audit_is_append_only_delete BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
CREATE INDEX audit_object ON audit (object);
CREATE INDEX audit_actor ON audit (actor);

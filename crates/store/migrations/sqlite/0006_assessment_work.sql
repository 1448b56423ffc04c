-- The analyst workspace's assessment workflow: a compliance director who sends an assessment
-- back to draft says why, and the analyst sees it until the next submission. Same shared SQL
-- subset as 0001 (see there).
ALTER TABLE assessment_review ADD COLUMN returned_by TEXT;
ALTER TABLE assessment_review ADD COLUMN returned_at TEXT;
ALTER TABLE assessment_review ADD COLUMN return_note TEXT;

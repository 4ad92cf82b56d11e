-- The embedding model that made every stored vector, once that is known (a start found no vector
-- of another model, or re-embedding finished). A start with the same model then skips looking
-- for stale vectors, a query that reads every message (no index can serve "model <> ?").
ALTER TABLE installation ADD COLUMN vectors_model VARCHAR(255);

-- CartStorage DatabaseStorage table for SQLite (3.24 or later), default name "carts".
-- The library runs exactly these statements on first use unless Cart:Database:CreateTable is false.
-- For another table name, replace "carts" (and the index name "ix_carts_updated_at") consistently.
-- A table created by 0.2 lacks the idempotency_keys column; the library adds it on first use when it is missing:
--   ALTER TABLE "carts" ADD COLUMN idempotency_keys TEXT NOT NULL DEFAULT '[]';
-- Run "PRAGMA journal_mode = WAL;" once on the database file (the library does it on its first connection).

CREATE TABLE IF NOT EXISTS "carts" (
    id TEXT NOT NULL PRIMARY KEY,
    identifier TEXT NOT NULL,
    instance TEXT NOT NULL,
    items TEXT NOT NULL,
    conditions TEXT NOT NULL,
    metadata TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    idempotency_keys TEXT NOT NULL DEFAULT '[]',
    UNIQUE (identifier, instance)
);

CREATE INDEX IF NOT EXISTS "ix_carts_updated_at" ON "carts" (updated_at);

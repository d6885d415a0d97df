-- CartStorage DatabaseStorage table for PostgreSQL (9.5 or later), default name "carts".
-- The library runs exactly these statements on first use unless Cart:Database:CreateTable is false.
-- For another table name, replace "carts" (and the index name "ix_carts_updated_at") consistently;
-- for a schema, qualify the table name only ("shop"."carts"): the index goes to the table's schema.
-- The application's role needs SELECT, INSERT, UPDATE and DELETE on the table.

CREATE TABLE IF NOT EXISTS "carts" (
    id uuid NOT NULL PRIMARY KEY,
    identifier text NOT NULL,
    instance text NOT NULL,
    items jsonb NOT NULL,
    conditions jsonb NOT NULL,
    metadata jsonb NOT NULL,
    version bigint NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    idempotency_keys jsonb NOT NULL DEFAULT '[]',
    UNIQUE (identifier, instance)
);

-- A table created by 0.2 has no idempotency_keys column (the idempotency keys of a cart's last writes).
ALTER TABLE "carts" ADD COLUMN IF NOT EXISTS idempotency_keys jsonb NOT NULL DEFAULT '[]';

CREATE INDEX IF NOT EXISTS "ix_carts_updated_at" ON "carts" (updated_at);

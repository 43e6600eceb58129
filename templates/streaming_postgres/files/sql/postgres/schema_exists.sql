-- Returns a row when the target schema already exists. The notebook runs
-- create_schema.sql only when it does not, so a role without the CREATE right on
-- the database can still write to a schema someone else created.
SELECT 1
FROM pg_catalog.pg_namespace
WHERE nspname = %(schema_name)s

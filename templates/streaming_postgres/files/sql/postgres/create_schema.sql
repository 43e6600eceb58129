-- Creates the target schema. {schema} is replaced with the quoted schema name
-- (psycopg sql.Identifier) before this runs.
CREATE SCHEMA IF NOT EXISTS {schema}

-- Step {{step}} (stage {{stage}}) of {{display_name}}.
--
-- TODO: replace the placeholder query below with the SQL this step should run, for
-- example a MERGE from a silver table into a gold table. Until then the step only lists
-- the tables of the silver schema, so the job runs end to end without changing data.
--
-- The job fills in its parameters where this file says \{{name}}, as quoted strings;
-- use them instead of fixed names so the same file works in dev, staging and prod:
--   \{{catalog}}  \{{bronze_schema}}  \{{silver_schema}}  \{{gold_schema}}
--   \{{environment}}  \{{pipeline}}  \{{step}}  and the "parameters" of config.json
-- Refer to tables through IDENTIFIER, for example
--   IDENTIFIER(\{{catalog}} || '.' || \{{silver_schema}} || '.my_table')
-- Several statements are fine; end each with a semicolon.

SELECT table_name, table_type, last_altered
FROM IDENTIFIER(\{{catalog}} || '.information_schema.tables')
WHERE table_schema = \{{silver_schema}}
ORDER BY table_name;

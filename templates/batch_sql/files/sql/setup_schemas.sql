-- Step setup_schemas (stage 0): makes sure the catalog and the bronze, silver and gold
-- schemas of this environment exist before any other step runs.
--
-- The names come from config/<env>.yml through the job's parameters (:catalog,
-- :bronze_schema, :silver_schema, :gold_schema), so the same file serves dev, staging
-- and prod. CREATE CATALOG and CREATE SCHEMA take no parameter markers, so each
-- statement is built as a string and run with EXECUTE IMMEDIATE. The names are
-- validated identifiers (lowercase letters, digits and _) and are quoted with backticks.
--
-- Creating a catalog needs the CREATE CATALOG privilege on the metastore. If an admin
-- creates the catalogs for you, delete the CREATE CATALOG pair of lines below.

DECLARE OR REPLACE VARIABLE setup_statement STRING;

SET VAR setup_statement = 'CREATE CATALOG IF NOT EXISTS `' || :catalog || '`';
EXECUTE IMMEDIATE setup_statement;

SET VAR setup_statement = 'CREATE SCHEMA IF NOT EXISTS `' || :catalog || '`.`' || :bronze_schema || '`';
EXECUTE IMMEDIATE setup_statement;

SET VAR setup_statement = 'CREATE SCHEMA IF NOT EXISTS `' || :catalog || '`.`' || :silver_schema || '`';
EXECUTE IMMEDIATE setup_statement;

SET VAR setup_statement = 'CREATE SCHEMA IF NOT EXISTS `' || :catalog || '`.`' || :gold_schema || '`';
EXECUTE IMMEDIATE setup_statement;

-- Step setup_schemas (stage 0): makes sure the catalog and the bronze, silver and gold
-- schemas of this environment exist before any other step runs.
--
-- The names come from config/<env>.yml through the job's parameters, filled in where
-- this file says {{catalog}}, {{bronze_schema}}, {{silver_schema}} and {{gold_schema}}
-- (as quoted strings), so the same file serves dev (where every developer gets
-- schemas of their own), staging and prod.
--
-- CREATE CATALOG and CREATE SCHEMA do not take IDENTIFIER(...) for the name they
-- create (Databricks SQL allows it only for tables, views and functions), so each
-- statement is built as a string and run with EXECUTE IMMEDIATE. The names are checked
-- identifiers and are quoted with backticks.
--
-- Creating a catalog needs the CREATE CATALOG privilege on the metastore. If an admin
-- creates the catalogs for you, delete the CREATE CATALOG pair of lines below.

DECLARE OR REPLACE VARIABLE setup_statement STRING;

SET VAR setup_statement = 'CREATE CATALOG IF NOT EXISTS `' || {{catalog}} || '`';
EXECUTE IMMEDIATE setup_statement;

SET VAR setup_statement = 'CREATE SCHEMA IF NOT EXISTS `' || {{catalog}} || '`.`' || {{bronze_schema}} || '`';
EXECUTE IMMEDIATE setup_statement;

SET VAR setup_statement = 'CREATE SCHEMA IF NOT EXISTS `' || {{catalog}} || '`.`' || {{silver_schema}} || '`';
EXECUTE IMMEDIATE setup_statement;

SET VAR setup_statement = 'CREATE SCHEMA IF NOT EXISTS `' || {{catalog}} || '`.`' || {{gold_schema}} || '`';
EXECUTE IMMEDIATE setup_statement;

-- kafka_traffic_pipeline, stage 0 (setup_databases): the catalog, the bronze/silver/gold
-- schemas of this environment, and the data-quality log the later steps write to.
-- Safe to run any number of times.
--
-- Job parameters, filled in where this file says {{name}} (as quoted strings):
-- {{catalog}}, {{bronze_schema}}, {{silver_schema}}, {{gold_schema}}, {{pipeline}},
-- {{environment}}, and this step's own {{step}}.
--
-- CREATE CATALOG and CREATE SCHEMA do not take IDENTIFIER(...) for the name they create
-- (Databricks SQL allows it only for tables, views and functions), so each of those
-- statements is built as a string and run with EXECUTE IMMEDIATE, the form the
-- IDENTIFIER clause documentation gives for that case. The names are identifiers that
-- config/<env>.yml has checked (letters, digits and _; per developer in dev) and are
-- quoted with backticks. See docs/decisions/008-sql-parameters.md.
--
-- Creating the catalog needs CREATE CATALOG on the metastore. When the catalog already
-- exists, only USE CATALOG and CREATE SCHEMA on it are needed.

DECLARE OR REPLACE VARIABLE setup_statement STRING;

SET VAR setup_statement = 'CREATE CATALOG IF NOT EXISTS `' || {{catalog}} || '` COMMENT \'Loyalty 2.0 data platform\'';
EXECUTE IMMEDIATE setup_statement;

SET VAR setup_statement = 'CREATE SCHEMA IF NOT EXISTS `' || {{catalog}} || '`.`' || {{bronze_schema}} || '` COMMENT \'Bronze: raw data as received\'';
EXECUTE IMMEDIATE setup_statement;

SET VAR setup_statement = 'CREATE SCHEMA IF NOT EXISTS `' || {{catalog}} || '`.`' || {{silver_schema}} || '` COMMENT \'Silver: cleaned, validated and deduplicated data\'';
EXECUTE IMMEDIATE setup_statement;

SET VAR setup_statement = 'CREATE SCHEMA IF NOT EXISTS `' || {{catalog}} || '`.`' || {{gold_schema}} || '` COMMENT \'Gold: business-ready tables\'';
EXECUTE IMMEDIATE setup_statement;

-- One row per data-quality check and run, written by the steps before they fail or publish.
CREATE TABLE IF NOT EXISTS IDENTIFIER({{catalog}} || '.' || {{silver_schema}} || '.data_quality_results') (
    pipeline        STRING        NOT NULL,
    environment     STRING        NOT NULL,
    step            STRING        NOT NULL,
    check_name      STRING        NOT NULL,
    checked_at      TIMESTAMP     NOT NULL,
    rows_checked    BIGINT        NOT NULL,
    rows_passed     BIGINT        NOT NULL,
    rows_failed     BIGINT        NOT NULL,
    pass_rate       DECIMAL(7, 4) COMMENT 'rows_passed / rows_checked, NULL when nothing was checked',
    threshold       DECIMAL(7, 4) NOT NULL,
    passed          BOOLEAN       NOT NULL,
    details         STRING
)
USING DELTA
COMMENT 'Data-quality results of the kafka_traffic_pipeline steps, one row per check and run';

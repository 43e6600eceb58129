-- kafka_traffic_pipeline, stage 0 (setup_databases): the catalog, the bronze/silver/gold
-- schemas of this environment, and the data-quality log the later steps write to.
-- Safe to run any number of times.
--
-- Named parameters (set by the job): :catalog, :bronze_schema, :silver_schema,
-- :gold_schema, :pipeline, :environment, :step.
--
-- Creating the catalog needs CREATE CATALOG on the metastore. When the catalog already
-- exists, only USE CATALOG and CREATE SCHEMA on it are needed.

CREATE CATALOG IF NOT EXISTS IDENTIFIER(:catalog)
COMMENT 'Loyalty 2.0 data platform';

CREATE SCHEMA IF NOT EXISTS IDENTIFIER(:catalog || '.' || :bronze_schema)
COMMENT 'Bronze: raw data as received';

CREATE SCHEMA IF NOT EXISTS IDENTIFIER(:catalog || '.' || :silver_schema)
COMMENT 'Silver: cleaned, validated and deduplicated data';

CREATE SCHEMA IF NOT EXISTS IDENTIFIER(:catalog || '.' || :gold_schema)
COMMENT 'Gold: business-ready tables';

-- Where the streaming pipeline gap_injection_with_kafka lands the raw Kafka records
-- (kafka_bronze.kafka_data_bronze). Created here too so that grants can be set up before
-- the first streaming run. The table itself is owned and created by that pipeline.
CREATE SCHEMA IF NOT EXISTS IDENTIFIER(:catalog || '.kafka_bronze')
COMMENT 'Bronze: raw Kafka records written by the streaming ingestion';

-- One row per data-quality check and run, written by the steps before they fail or publish.
CREATE TABLE IF NOT EXISTS IDENTIFIER(:catalog || '.' || :silver_schema || '.data_quality_results') (
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

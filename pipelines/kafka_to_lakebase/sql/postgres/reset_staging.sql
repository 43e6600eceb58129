-- Empty the staging table before a micro-batch is appended to it, so rows left
-- by an attempt that failed between the append and the upsert are not carried
-- along (they are re-read from Kafka when Spark retries that micro-batch).
TRUNCATE {schema}.{staging_table};

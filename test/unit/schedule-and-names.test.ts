import { describe, expect, it } from 'vitest';
import { ConfigError, coerceAnswer, parsePipelineConfig, quartzCronProblem, timeZoneProblem, titleCase, validateAnswer, type Question } from '../../src/core/index.js';
import { batchConfig } from '../helpers/fixtures.js';

describe('titleCase: default display names keep known acronyms upper-case', () => {
  it.each([
    ['batch_sql_pipeline', 'Batch SQL Pipeline'],
    ['orders_etl', 'Orders ETL'],
    ['member_id_kpi_api', 'Member ID KPI API'],
    ['s3_csv_to_json', 'S3 CSV To JSON'],
    ['cdc_from_aws_db', 'CDC From AWS DB'],
    ['kafka_traffic_pipeline', 'Kafka Traffic Pipeline'],
    ['ideal_sqlite_mlops', 'Ideal Sqlite Mlops'],
  ])('%s → %s', (name, title) => {
    expect(titleCase(name)).toBe(title);
  });
});

describe('time zones: the IANA name as written there', () => {
  it.each(['UTC', 'Europe/Amsterdam', 'America/New_York', 'Asia/Kolkata', 'US/Eastern', 'Etc/UTC', 'America/Port-au-Prince', 'Etc/GMT+5'])('accepts %s', (zone) => {
    expect(timeZoneProblem(zone)).toBeUndefined();
  });
  it.each([
    ['europe/amsterdam', 'Europe/Amsterdam'],
    ['EUROPE/AMSTERDAM', 'Europe/Amsterdam'],
    ['utc', 'UTC'],
    ['america/new_york', 'America/New_York'],
  ])('refuses %s, naming %s', (zone, canonical) => {
    expect(timeZoneProblem(zone)).toBe(`"${zone}" is not spelled as the IANA time zone is: did you mean "${canonical}"?`);
  });
  it.each(['Mars/Base', 'Europe/Amsterdam ', '+01:00', ''])('refuses %j as no time zone', (zone) => {
    expect(timeZoneProblem(zone)).toMatch(/is not an IANA time zone, e\.g\. Europe\/Amsterdam or UTC$/);
  });
  const question: Question = { key: 'tz', prompt: 'Time zone', help: 'h', type: 'timezone', default: 'UTC' };
  it('an answer is put into the IANA spelling; the answer check and config.json agree', () => {
    expect(coerceAnswer(question, 'europe/amsterdam')).toEqual({ value: 'Europe/Amsterdam' });
    expect(coerceAnswer(question, ' Europe/Amsterdam ')).toEqual({ value: 'Europe/Amsterdam' });
    expect(validateAnswer(question, 'europe/amsterdam')).toBe('"europe/amsterdam" is not spelled as the IANA time zone is: did you mean "Europe/Amsterdam"?');
    expect(configProblem({ quartz_cron_expression: '0 0 2 * * ?', timezone_id: 'europe/amsterdam' })).toBe(
      'pipelines/x/config.json:1:124: schedule.timezone_id: "europe/amsterdam" is not spelled as the IANA time zone is: did you mean "Europe/Amsterdam"?',
    );
  });
});

describe('Quartz cron: which field is wrong, and why', () => {
  it.each([
    ['0 0 25 * * ?', 'hour 25 is out of range 0–23'],
    ['0 60 2 * * ?', 'minute 60 is out of range 0–59'],
    ['61 0 2 * * ?', 'second 61 is out of range 0–59'],
    ['0 0 2 32 * ?', 'day-of-month 32 is out of range 1–31'],
    ['0 0 2 ? 13 MON', 'month 13 is out of range 1–12'],
    ['0 0 2 ? * 8', 'day-of-week 8 is out of range 1–7'],
    ['0 0 2 ? * FUN', 'day-of-week "FUN" is not a number or a name (SUN-SAT)'],
    ['0 0 2 ? JAM MON', 'month "JAM" is not a number or a name (JAN-DEC)'],
    ['0 x 2 * * ?', 'minute "x" is not a number'],
    ['0 0/x * * * ?', 'minute "0/x": the step after "/" must be a whole number'],
    ['0 0 2 * * * 1900', 'year 1900 is out of range 1970–2199'],
    ['0 0 2 * * *', 'day-of-month and day-of-week: exactly one of them must be "?", e.g. "0 0 2 * * ?" or "0 0 2 ? * MON"'],
    ['0 0 2 ? * ?', 'day-of-month and day-of-week: exactly one of them must be "?", e.g. "0 0 2 * * ?" or "0 0 2 ? * MON"'],
    ['0 0 ? * * *', 'hour "?" is not a number'],
  ])('%s: %s', (expr, problem) => {
    expect(quartzCronProblem(expr)).toBe(problem);
  });
  it('the wrong number of fields: the order Quartz reads them in, and a Unix cron line converted', () => {
    expect(quartzCronProblem('0 2 * * *')).toBe(
      'a Quartz cron expression has 6 or 7 fields: seconds minutes hours day-of-month month day-of-week [year]; this one has 5 (a Unix cron line? in Quartz: "0 0 2 * * ?")',
    );
    expect(quartzCronProblem('every day')).toBe('a Quartz cron expression has 6 or 7 fields: seconds minutes hours day-of-month month day-of-week [year]; this one has 2');
    expect(quartzCronProblem('')).toMatch(/; this one has 0$/);
  });
  it.each(['0 0 2 * * ?', '0 0/5 * * * ?', '0 15 10 ? * MON-FRI', '0 0 12 1/1 * ? *', '0 0 2 L * ?', '0 0 2 ? * 6#3', '0 0 2 ? jan-mar mon'])('accepts %s', (expr) => {
    expect(quartzCronProblem(expr)).toBeUndefined();
  });
  it('config.json and a template answer say the same', () => {
    expect(configProblem({ quartz_cron_expression: '0 0 25 * * ?', timezone_id: 'UTC' })).toBe('pipelines/x/config.json:1:96: schedule.quartz_cron_expression: hour 25 is out of range 0–23');
    const question: Question = { key: 'cron', prompt: 'Schedule', help: 'h', type: 'cron', default: '0 0 2 * * ?' };
    expect(validateAnswer(question, '0 0 25 * * ?')).toBe('hour 25 is out of range 0–23');
  });
});

function configProblem(schedule: Record<string, string>): string {
  try {
    parsePipelineConfig(JSON.stringify(batchConfig({ schedule })), 'pipelines/x/config.json');
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  return 'no problem';
}

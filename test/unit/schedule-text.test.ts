import { describe, expect, it } from 'vitest';
import { describeSchedule, isQuartzCron } from '../../src/core/index.js';

describe('describeSchedule', () => {
  it.each([
    ['0 0 2 * * ?', 'Europe/Amsterdam', 'every day at 02:00 Europe/Amsterdam'],
    ['0 30 6 ? * MON-FRI', 'UTC', 'every Monday to Friday at 06:30 UTC'],
    ['0 0 7 ? * SUN', 'UTC', 'every Sunday at 07:00 UTC'],
    ['0 0 1 15 * ?', 'UTC', 'on day 15 of every month at 01:00 UTC'],
    ['0 0/15 * * * ?', 'UTC', 'every 15 minutes UTC'],
    ['0 5 * * * ?', 'UTC', 'every hour at minute 5 UTC'],
    ['0 0 2 ? 1 MON', 'UTC', 'cron "0 0 2 ? 1 MON" UTC'],
  ])('%s', (cron, tz, text) => {
    expect(describeSchedule(cron, tz)).toBe(text);
  });
});

describe('isQuartzCron', () => {
  it.each(['0 0 2 * * ?', '0 0/5 * * * ?', '0 15 10 ? * MON-FRI', '0 0 12 1/1 * ? *', '0 0 2 L * ?', '0 0 2 ? * 6#3'])('accepts %s', (c) => {
    expect(isQuartzCron(c)).toBe(true);
  });
  it.each(['0 2 * * *', '0 0 2 * * *', '0 0 25 * * ?', '0 60 2 * * ?', 'every day', '0 0 2 ? * ?'])('rejects %s', (c) => {
    expect(isQuartzCron(c)).toBe(false);
  });
});

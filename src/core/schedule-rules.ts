/**
 * The rules for a job schedule, shared by config.json and template answers:
 * a Quartz cron expression (the Jobs API reads Quartz, not Unix cron) and an
 * IANA time zone spelled as IANA spells it (the Jobs API reads Java zone ids,
 * which are case-sensitive). Each problem names the field and the fix.
 */

const FIELD_ORDER = 'seconds minutes hours day-of-month month day-of-week [year]';
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface CronField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  /** Quartz's special forms of this field (`?`, `L`, `W`, `#`), taken as they are. */
  readonly special?: RegExp;
  readonly names?: readonly string[];
}

const FIELDS: readonly CronField[] = [
  { name: 'second', min: 0, max: 59 },
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31, special: /^(\?|L|LW|\d{1,2}W)$/ },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day-of-week', min: 1, max: 7, special: /^(\?|L|[1-7]L|[1-7]#[1-5]|[A-Z]{3}L|[A-Z]{3}#[1-5])$/, names: DAYS },
  { name: 'year', min: 1970, max: 2199 },
];

/** What is wrong with a Quartz cron expression, naming the field; undefined when Quartz accepts it. */
export function quartzCronProblem(expr: string): string | undefined {
  const fields = expr.trim() === '' ? [] : expr.trim().split(/\s+/);
  if (fields.length < 6 || fields.length > 7) {
    const unix = fields.length === 5 ? fromUnixCron(fields) : undefined;
    return `a Quartz cron expression has 6 or 7 fields: ${FIELD_ORDER}; this one has ${fields.length}${unix ? ` (a Unix cron line? in Quartz: "${unix}")` : ''}`;
  }
  for (const [i, value] of fields.entries()) {
    const problem = cronFieldProblem(i === 4 || i === 5 ? value.toUpperCase() : value, FIELDS[i]!);
    if (problem) return problem;
  }
  // Quartz needs exactly one of day-of-month / day-of-week to be '?'.
  if ((fields[3] === '?') === (fields[5] === '?')) {
    return 'day-of-month and day-of-week: exactly one of them must be "?", e.g. "0 0 2 * * ?" or "0 0 2 ? * MON"';
  }
  return undefined;
}

function cronFieldProblem(value: string, field: CronField): string | undefined {
  for (const part of value.split(',')) {
    if (field.special?.test(part)) continue;
    const [range, step, extra] = part.split('/') as [string, string?, string?];
    if (extra !== undefined || (step !== undefined && !/^\d+$/.test(step))) return `${field.name} "${part}": the step after "/" must be a whole number`;
    if (range === '*') continue;
    const bounds = range.split('-');
    if (bounds.length > 2) return `${field.name} "${part}" is not a value or a range`;
    for (const bound of bounds) {
      const problem = cronValueProblem(bound, field);
      if (problem) return problem;
    }
  }
  return undefined;
}

function cronValueProblem(bound: string, field: CronField): string | undefined {
  const named = field.names?.indexOf(bound) ?? -1;
  const n = named >= 0 ? named + 1 : /^\d{1,9}$/.test(bound) ? Number(bound) : undefined;
  if (n === undefined) {
    const kind = field.names ? `a number or a name (${field.names[0]}-${field.names.at(-1)})` : 'a number';
    return `${field.name} "${bound}" is not ${kind}`;
  }
  return n < field.min || n > field.max ? `${field.name} ${n} is out of range ${field.min}–${field.max}` : undefined;
}

/** A five-field Unix cron line as Quartz would write it, when that is valid Quartz: seconds 0, one day field "?". */
function fromUnixCron([min, hour, dom, month, dow]: string[]): string | undefined {
  if (/[0-7]/.test(dow!) && dow !== '*') return undefined; // Unix counts weekdays from 0, Quartz from 1: no guess
  const quartz = `0 ${min} ${hour} ${dom} ${month} ${dow === '*' ? '?' : dow}`;
  return quartzCronProblem(quartz) === undefined ? quartz : undefined;
}

export function isQuartzCron(expr: string): boolean {
  return quartzCronProblem(expr) === undefined;
}

/** Lower-cased name → the name as IANA (and the runtime's list) spells it. */
let zoneSpellings: Map<string, string> | undefined;
function spellings(): Map<string, string> {
  zoneSpellings ??= new Map(['UTC', ...Intl.supportedValuesOf('timeZone')].map((z) => [z.toLowerCase(), z]));
  return zoneSpellings;
}

/** The zone the runtime resolves a name to, or undefined when it knows no such zone. */
function resolvedZone(zone: string): string | undefined {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(zone)) return undefined;
  try {
    return new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/**
 * What is wrong with a time zone name; undefined for an IANA name as IANA
 * writes it. The runtime's list lacks some valid names (links such as
 * Asia/Kolkata or US/Eastern); those are taken when each word starts with a
 * capital, as every IANA name's does.
 */
export function timeZoneProblem(zone: string): string | undefined {
  const spelled = spellings().get(zone.toLowerCase());
  if (spelled === zone) return undefined;
  const resolved = resolvedZone(zone);
  if (resolved === undefined) return `"${zone}" is not an IANA time zone, e.g. Europe/Amsterdam or UTC`;
  if (!spelled && zone.split(/[/_]/).every((word) => /^[A-Z0-9]/.test(word))) return undefined;
  return `"${zone}" is not spelled as the IANA time zone is: did you mean "${spelled ?? resolved}"?`;
}

export function isTimeZone(zone: string): boolean {
  return timeZoneProblem(zone) === undefined;
}

/** A typed zone in IANA's spelling when it differs only in case (europe/amsterdam → Europe/Amsterdam); else as typed. */
export function timeZoneSpelling(zone: string): string {
  return spellings().get(zone.trim().toLowerCase()) ?? zone.trim();
}

/**
 * A Quartz cron expression in words, for the common shapes:
 * "0 0 2 * * ?" + "Europe/Amsterdam" → "every day at 02:00 Europe/Amsterdam".
 * Anything unusual falls back to the expression itself.
 */
const DAY_NAMES: Record<string, string> = {
  SUN: 'Sunday', MON: 'Monday', TUE: 'Tuesday', WED: 'Wednesday', THU: 'Thursday', FRI: 'Friday', SAT: 'Saturday',
  '1': 'Sunday', '2': 'Monday', '3': 'Tuesday', '4': 'Wednesday', '5': 'Thursday', '6': 'Friday', '7': 'Saturday',
};

export function describeSchedule(expression: string, timezone: string): string {
  const f = expression.trim().split(/\s+/);
  if (f.length < 6 || (f[6] !== undefined && f[6] !== '*')) return `cron "${expression}" ${timezone}`;
  const [sec, min, hour, dom, month, dow] = f as [string, string, string, string, string, string];
  const num = (s: string) => /^\d+$/.test(s);
  if (sec !== '0' || month !== '*') return `cron "${expression}" ${timezone}`;
  const at = num(hour) && num(min) ? `at ${hour.padStart(2, '0')}:${min.padStart(2, '0')}` : undefined;
  const tz = ` ${timezone}`;
  if (at) {
    if ((dom === '*' || dom === '?') && (dow === '?' || dow === '*')) return `every day ${at}${tz}`;
    if (dom === '?' && /^[A-Z0-9]+(-[A-Z0-9]+)?$/i.test(dow)) {
      const [a, b] = dow.toUpperCase().split('-') as [string, string?];
      if (DAY_NAMES[a] && b === undefined) return `every ${DAY_NAMES[a]} ${at}${tz}`;
      if (DAY_NAMES[a] && b && DAY_NAMES[b]) return `every ${DAY_NAMES[a]} to ${DAY_NAMES[b]} ${at}${tz}`;
    }
    if (num(dom) && dow === '?') return `on day ${dom} of every month ${at}${tz}`;
    if (dom === 'L' && dow === '?') return `on the last day of every month ${at}${tz}`;
  }
  if (hour === '*' && num(min) && (dom === '*' || dom === '?')) return `every hour at minute ${min}${tz}`;
  const every = /^(?:0|\*)\/(\d+)$/.exec(min);
  if (every && hour === '*') return `every ${every[1]} minutes${tz}`;
  const everyHours = /^(?:0|\*)\/(\d+)$/.exec(hour);
  if (everyHours && num(min)) return `every ${everyHours[1]} hours at minute ${min}${tz}`;
  return `cron "${expression}" ${timezone}`;
}

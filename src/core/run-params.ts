/**
 * Job parameter overrides for one run: `--params k=v,k2=v2` as the Databricks
 * CLI takes them (comma-separated pairs; the flag may be repeated), checked
 * against the parameters the job declares before any command runs.
 */
export type RunParams = Readonly<Record<string, string>>;

const KEY = /^[A-Za-z0-9_.-]{1,100}$/;
const MAX_VALUE = 4000;

export function parseRunParams(values: readonly string[]): { params: RunParams } | { error: string } {
  const params: Record<string, string> = {};
  for (const value of values) {
    for (const pair of value.split(',')) {
      const eq = pair.indexOf('=');
      const key = eq > 0 ? pair.slice(0, eq).trim() : '';
      if (!KEY.test(key)) return { error: `"${printable(pair)}" is not name=value (names: letters, digits, _ . -)` };
      const v = pair.slice(eq + 1);
      if (v.length > MAX_VALUE) return { error: `the value of ${key} is longer than ${MAX_VALUE} characters` };
      // eslint-disable-next-line no-control-regex
      if (/[\u0000-\u001f\u007f-\u009f]/.test(v)) return { error: `the value of ${key} contains a control character` };
      if (key in params) return { error: `${key} is given twice` };
      params[key] = v;
    }
  }
  return { params };
}

/** Keys the job does not declare: the CLI would send them and the run would ignore them. */
export function unknownRunParams(params: RunParams, declared: readonly string[]): string[] {
  const known = new Set(declared);
  return Object.keys(params).filter((k) => !known.has(k));
}

/** The `--params` argument of `databricks bundle run`: pairs joined by commas, CSV-quoted when needed. */
export function runParamsArgs(params: RunParams): string[] {
  const pairs = Object.entries(params).map(([k, v]) => {
    const pair = `${k}=${v}`;
    return /[",]/.test(pair) ? `"${pair.replace(/"/g, '""')}"` : pair;
  });
  return pairs.length > 0 ? ['--params', pairs.join(',')] : [];
}

function printable(s: string): string {
  // eslint-disable-next-line no-control-regex
  return (s.length > 40 ? `${s.slice(0, 40)}…` : s).replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}

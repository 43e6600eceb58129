/**
 * Job parameter overrides for one run, `--params` as `databricks bundle run`
 * reads it (pflag's key=value map flag): a value with one `=` is one pair, its
 * value may hold commas; a value with several `=` is a CSV record of pairs;
 * the flag may be repeated. Checked against the job's parameters before any
 * command runs, and written back so the CLI reads the same pairs.
 */
export type RunParams = Readonly<Record<string, string>>;

const KEY = /^[A-Za-z0-9_.-]{1,100}$/;
const MAX_VALUE = 4000;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

export function parseRunParams(values: readonly string[]): { params: RunParams } | { error: string } {
  const params: Record<string, string> = {};
  for (const value of values) {
    const pairs = splitPairs(value);
    if ('error' in pairs) return pairs;
    for (const pair of pairs.pairs) {
      const eq = pair.indexOf('=');
      const key = eq > 0 ? pair.slice(0, eq) : '';
      if (!KEY.test(key)) return { error: `"${printable(pair)}" is not name=value (names: letters, digits, _ . -)` };
      const v = pair.slice(eq + 1);
      if (v.length > MAX_VALUE) return { error: `the value of ${key} is longer than ${MAX_VALUE} characters` };
      if (CONTROL.test(v)) return { error: `the value of ${key} contains a control character` };
      if (!v.includes('=') && v.endsWith('"')) return { error: `the value of ${key} ends with a double quote, which the Databricks CLI would drop` };
      if (key in params) return { error: `${key} is given twice` };
      params[key] = v;
    }
  }
  return { params };
}

/** pflag: no `=` is an error, one `=` is one pair (outer quotes trimmed), more is a CSV record. */
function splitPairs(value: string): { pairs: string[] } | { error: string } {
  const equals = value.split('=').length - 1;
  if (equals === 0) return { error: `"${printable(value)}" is not name=value (names: letters, digits, _ . -)` };
  if (equals === 1) return { pairs: [trimQuotes(value)] };
  const record = readCsvRecord(value);
  return record ?? { error: `"${printable(value)}" is not a valid list of name=value pairs (quote a pair that holds a comma: "name=a,b")` };
}

function trimQuotes(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && s[start] === '"') start++;
  while (end > start && s[end - 1] === '"') end--;
  return s.slice(start, end);
}

/** One CSV record (RFC 4180: fields split by commas, "quoted" fields with "" for a quote); undefined when malformed. */
function readCsvRecord(s: string): { pairs: string[] } | undefined {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (s[i] === '"') {
      i++;
      for (;;) {
        if (i >= s.length) return undefined;
        if (s[i] === '"') {
          if (s[i + 1] === '"') {
            field += '"';
            i += 2;
          } else {
            i++;
            break;
          }
        } else field += s[i++];
      }
      if (i < s.length && s[i] !== ',') return undefined;
    } else {
      const comma = s.indexOf(',', i);
      field = s.slice(i, comma < 0 ? s.length : comma);
      if (field.includes('"')) return undefined;
      i = comma < 0 ? s.length : comma;
    }
    fields.push(field);
    if (i >= s.length) return { pairs: fields };
    i++; // the comma
  }
}

/** Keys the job does not declare: the CLI would send them and the run would ignore them. */
export function unknownRunParams(params: RunParams, declared: readonly string[]): string[] {
  const known = new Set(declared);
  return Object.keys(params).filter((k) => !known.has(k));
}

/** `--params` arguments of `databricks bundle run`, one flag per pair, each read back as exactly that pair. */
export function runParamsArgs(params: RunParams): string[] {
  return Object.entries(params).flatMap(([k, v]) => {
    const pair = `${k}=${v}`;
    // One "=": the CLI takes the text as it is. More: it reads CSV, so quote what CSV would split.
    const encoded = v.includes('=') && /[",]/.test(pair) ? `"${pair.replace(/"/g, '""')}"` : pair;
    return ['--params', encoded];
  });
}

function printable(s: string): string {
  return (s.length > 40 ? `${s.slice(0, 40)}…` : s).replace(new RegExp(CONTROL.source, 'g'), '?');
}

/**
 * Running a regular expression that came from outside (a template's answer
 * pattern) without letting it hang the tool: JavaScript's engine backtracks,
 * and a pattern such as ^(a+)+$ takes exponential time on the wrong input.
 * Each test runs in a small V8 context with a time limit; V8 interrupts a
 * regular expression that runs over it. Pure: no I/O, no process state.
 */
import { createContext, Script, type Context } from 'node:vm';

export const PATTERN_TIME_LIMIT_MS = 250;

let context: Context | undefined;
const script = new Script('pattern.test(text)');
const compiled = new Map<string, RegExp>();
/**
 * Answers already tested, by pattern and text. Each timed run starts a watchdog in V8, which
 * costs far more than the test itself, and the wizard checks the same answers on every frame.
 */
const results = new Map<string, boolean | 'too slow'>();
const MAX_RESULTS = 1024;

/** The pattern compiled as the product uses it (Unicode mode), or the reason it does not compile. */
export function compilePattern(pattern: string): RegExp | { error: string } {
  let re = compiled.get(pattern);
  if (!re) {
    try {
      re = new RegExp(pattern, 'u');
    } catch (error) {
      return { error: (error as Error).message.split('\n')[0]!.replace(/^Invalid regular expression: /, '') };
    }
    if (compiled.size > 256) compiled.clear();
    compiled.set(pattern, re);
  }
  return re;
}

/** true or false, or 'too slow' when the pattern runs longer than the limit on this text. */
export function boundedTest(pattern: RegExp, text: string, limitMs = PATTERN_TIME_LIMIT_MS): boolean | 'too slow' {
  const key = `${limitMs}\u0000${pattern.flags}\u0000${pattern.source}\u0000${text}`;
  let result = results.get(key);
  if (result === undefined) {
    result = timedTest(pattern, text, limitMs);
    if (results.size >= MAX_RESULTS) results.clear();
    results.set(key, result);
  }
  return result;
}

function timedTest(pattern: RegExp, text: string, limitMs: number): boolean | 'too slow' {
  context ??= createContext({});
  context.pattern = pattern;
  context.text = text;
  try {
    return script.runInContext(context, { timeout: limitMs }) === true;
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return 'too slow';
    throw error;
  } finally {
    context.text = '';
  }
}

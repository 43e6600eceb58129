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

/**
 * What a failed `databricks` call means, read from its stderr: a one-line cause
 * and the command that fixes it, for the failures people actually hit.
 *
 * Only the end of stderr is read (the CLI prints its error last), and in
 * linear time whatever it holds: each failure is found by a plain substring
 * search, and its fields are read from a bounded window around that spot, so
 * no pattern ever backtracks over the whole text.
 */
import { loginCommand } from './profile-match.js';
export type FailureKind =
  | 'not-authenticated'
  | 'profile-missing'
  | 'host-mismatch'
  | 'ambiguous-profile'
  | 'lock-held'
  | 'destructive'
  | 'no-such-target'
  | 'invalid-yaml'
  | 'no-bundle'
  | 'unknown-command'
  | 'git-branch'
  | 'job-parameters'
  | 'not-deployed'
  | 'not-found'
  | 'killed'
  | 'unknown';

export interface FailureExplanation {
  readonly kind: FailureKind;
  readonly cause: string;
  readonly fix?: string;
}

export interface FailureContext {
  readonly host?: string;
  readonly profile?: string;
  readonly target?: string;
  readonly pipeline?: string;
}

/** How much of the end of stderr is kept and read (the CLI prints its error last). */
export const STDERR_TAIL_CHARS = 64 * 1024;
/** How far around a marker the fields of a failure are looked for. */
const WINDOW = 1000;
/** The longest field (a host, a target list, a user) quoted back. */
const FIELD = 300;
/** Longer stderr lines are cut when shown. */
const SHOWN_LINE_CHARS = 500;

export function stderrTail(stderr: string): string {
  return stderr.length > STDERR_TAIL_CHARS ? stderr.slice(-STDERR_TAIL_CHARS) : stderr;
}

/** Up to `span` characters after the last occurrence of `marker`, or undefined when it does not occur. */
function after(text: string, marker: string, span = WINDOW): string | undefined {
  const at = text.lastIndexOf(marker);
  return at === -1 ? undefined : text.slice(at + marker.length, at + marker.length + span);
}

/** Up to `span` characters before the last occurrence of `marker`. */
function before(text: string, marker: string, span = WINDOW): string | undefined {
  const at = text.lastIndexOf(marker);
  return at === -1 ? undefined : text.slice(Math.max(0, at - span), at);
}

/** The start of `text` up to its first line break (at most FIELD characters). */
function firstLine(text: string): string {
  const end = text.search(/[\r\n]/);
  return (end === -1 ? text : text.slice(0, end)).slice(0, FIELD);
}

/** The run of non-space characters that `text` ends with (at most FIELD characters). */
function lastWord(text: string): string {
  let i = text.length;
  while (i > 0 && text.length - i < FIELD && !/\s/.test(text[i - 1]!)) i--;
  return text.slice(i);
}

/** The text between the start of `text` and `end`'s first occurrence, on one line; undefined when `end` is not there. */
function upTo(text: string, end: string): string | undefined {
  const at = text.indexOf(end);
  if (at === -1) return undefined;
  const field = text.slice(0, at);
  return /[\r\n]/.test(field) || field.length > FIELD ? undefined : field;
}

type Explainer = (text: string, ctx: FailureContext) => FailureExplanation | undefined;

/**
 * Logging in again under the profile that was used: right when that profile is
 * for `ctx.host` (deploy refuses one for another workspace before the CLI runs).
 */
const loginFix = (ctx: FailureContext, profile = ctx.profile) => loginCommand(ctx.host ?? '<workspace-url>', profile ?? '<profile>');
const generateFix = (ctx: FailureContext) => `npx loyalty-wizard generate ${ctx.pipeline ?? ''}`.trim();

const profileMissing: Explainer = (text, ctx) => {
  const w = before(text, ' profile configured');
  const name = w && /has no (\S{1,300})$/.exec(w)?.[1];
  // The login creates the profile the CLI looked for.
  return name ? { kind: 'profile-missing', cause: `profile "${name}" is not in your Databricks config file`, fix: loginFix(ctx, name) } : undefined;
};

const hostMismatch: Explainer = (text, ctx) => {
  const w = after(text, 'the host in the profile (');
  const m = w && /^([^)\n]{0,300})\) doesn.t match the host configured in the bundle \(([^)\n]{0,300})\)/.exec(w);
  if (!m) return undefined;
  const hint = /pass "-p ([^"\n]{1,300})"/.exec(w)?.[1];
  const env = ctx.target ?? '<env>';
  return {
    kind: 'host-mismatch',
    cause: `profile "${ctx.profile ?? '?'}" points at ${m[1]}, but config/${env}.yml deploys to ${m[2]}`,
    // Never a login under the profile that points elsewhere: that would repoint it.
    fix: hint ? `use --profile ${hint}` : `add a profile for ${m[2]}: ${loginFix(ctx, '<new-profile-name>')}, and deploy with it (or fix workspace.host in config/${env}.yml)`,
  };
};

const ambiguousProfile: Explainer = (text) =>
  text.includes('multiple profiles matched') ? { kind: 'ambiguous-profile', cause: 'several profiles match this workspace', fix: 'pass --profile <name>' } : undefined;

const NOT_AUTHENTICATED = /cannot configure default credentials|default auth:|invalid access token|Invalid access token|token is expired|refresh token is invalid|\b401\b|Unauthorized/;
const notAuthenticated: Explainer = (text, ctx) =>
  NOT_AUTHENTICATED.test(text)
    ? { kind: 'not-authenticated', cause: `not logged in to ${ctx.host ?? 'the workspace'}${ctx.profile ? ` with profile "${ctx.profile}"` : ''}`, fix: loginFix(ctx) }
    : undefined;

const lockHeld: Explainer = (text) => {
  const held = upTo(after(text, 'deploy lock acquired by ') ?? '', '. Use --force-lock');
  const at = held?.indexOf(' at ') ?? -1;
  if (!held || at <= 0 || /\s/.test(held.slice(0, at))) return undefined;
  return {
    kind: 'lock-held',
    cause: `another deploy holds the lock: ${held.slice(0, at)} since ${held.slice(at + 4).trim()}`,
    fix: 'wait for that deploy to finish; if it died, rerun with --force-lock',
  };
};

const destructive: Explainer = (text) =>
  text.includes('requires destructive actions')
    ? { kind: 'destructive', cause: 'the deploy would delete or recreate resources', fix: 'review the plan, then rerun with --yes --allow-deletes' }
    : undefined;

const noSuchTarget: Explainer = (text, ctx) => {
  const marker = ': no such target. Available targets: ';
  const rest = after(text, marker);
  const name = lastWord(before(text, marker, FIELD) ?? '');
  if (rest === undefined || name === '') return undefined;
  return { kind: 'no-such-target', cause: `the bundle has no target "${name}" (it has: ${firstLine(rest).trim()})`, fix: `regenerate it: ${generateFix(ctx)}` };
};

const invalidYaml: Explainer = (text, ctx) =>
  firstLine(after(text, 'failed to load ') ?? '').includes('yaml') || /yaml: line \d/.test(text)
    ? { kind: 'invalid-yaml', cause: 'the bundle YAML could not be read', fix: `regenerate it: ${generateFix(ctx)}` }
    : undefined;

const noBundle: Explainer = (text, ctx) =>
  text.includes('Unable to locate the bundle root') ? { kind: 'no-bundle', cause: 'no databricks.yml in the pipeline folder', fix: generateFix(ctx) } : undefined;

const gitBranch: Explainer = (text, ctx) => {
  const w = after(text, 'not on the right Git branch:');
  const m = w && /^\s{0,100}expected according to configuration: (\S{1,300})\s{1,100}actual: (\S{1,300})/.exec(w);
  if (!m) return undefined;
  return {
    kind: 'git-branch',
    cause: `config/${ctx.target ?? '<env>'}.yml deploys only from branch ${m[1]}, and this checkout is on ${m[2]}`,
    fix: `deploy ${ctx.target ?? 'it'} from ${m[1]} (git checkout ${m[1]}), e.g. from CI after the merge`,
  };
};

const jobParameters: Explainer = (text, ctx) =>
  text.includes('does not define job parameters; specifying job parameters is not allowed')
    ? {
        kind: 'job-parameters',
        cause: 'the job in the workspace has no job parameters yet: it was deployed before this version of its bundle',
        fix: `deploy it again first: npx loyalty-wizard deploy ${ctx.pipeline ?? '<pipeline>'} --env ${ctx.target ?? '<env>'}`,
      }
    : undefined;

// bundle/statemgmt/state_load.go: `bundle run` before any deploy of this target.
const notDeployed: Explainer = (text, ctx) =>
  text.includes('not yet deployed')
    ? { kind: 'not-deployed', cause: `${ctx.pipeline ?? 'the pipeline'} has not been deployed to ${ctx.target ?? 'this env'} yet`, fix: `deploy it first: npx loyalty-wizard deploy ${ctx.pipeline ?? '<pipeline>'} --env ${ctx.target ?? '<env>'}` }
    : undefined;

const NOT_FOUND_LINE = /(?:does not exist|was not found)\.?$/;
const notFound: Explainer = (text, ctx) =>
  text.includes('RESOURCE_DOES_NOT_EXIST') || text.split('\n').some((line) => NOT_FOUND_LINE.test(line.trimEnd()))
    ? { kind: 'not-found', cause: `the workspace ${ctx.host ?? ''} has no such resource`.replace('  ', ' '), fix: 'check the id, and that the profile is for the right workspace' }
    : undefined;

const unknownCommand: Explainer = (text) => {
  // cobra (the Go CLI): unknown command "x"; click (the legacy Python CLI): No such command 'x'.
  const name = upTo(after(text, 'unknown command "') ?? '', '"') ?? upTo(after(text, "No such command '") ?? '', "'");
  return name ? { kind: 'unknown-command', cause: `this Databricks CLI has no "${name}" command`, fix: 'upgrade the Databricks CLI' } : undefined;
};

/** In the order they are tried: the first that recognizes stderr explains it. */
const EXPLAINERS: readonly Explainer[] = [
  profileMissing,
  hostMismatch,
  ambiguousProfile,
  notAuthenticated,
  lockHeld,
  destructive,
  noSuchTarget,
  invalidYaml,
  noBundle,
  gitBranch,
  jobParameters,
  notDeployed,
  notFound,
  unknownCommand,
];

export function explainCliFailure(stderr: string, ctx: FailureContext): FailureExplanation {
  const text = stderrTail(stderr);
  for (const explain of EXPLAINERS) {
    const explanation = explain(text, ctx);
    if (explanation) return explanation;
  }
  return { kind: 'unknown', cause: 'the Databricks CLI reported an error' };
}

/** A CLI that died from a signal (a crash, the OOM killer, someone's kill) rather than exiting. */
export function explainCliKilled(signal: string): FailureExplanation {
  const why = signal === 'SIGKILL' ? ' (out of memory, or stopped by someone)' : signal === 'SIGSEGV' || signal === 'SIGBUS' || signal === 'SIGABRT' ? ' (it crashed)' : '';
  return { kind: 'killed', cause: `the Databricks CLI was killed by ${signal}${why}`, fix: 'run it again; if it keeps happening, upgrade the Databricks CLI (databricks --version) and report it' };
}

/** The lines of stderr worth showing: errors and their detail lines, not progress chatter. Long lines are cut. */
export function importantStderrLines(stderr: string, max = 8): string[] {
  const lines = stderrTail(stderr)
    .split(/\r?\n/)
    .map((l) => (l.length > SHOWN_LINE_CHARS ? `${l.slice(0, SHOWN_LINE_CHARS)}…` : l).trimEnd());
  const out: string[] = [];
  let inError = false;
  for (const line of lines) {
    if (/^(Error|Warning):/.test(line)) inError = true;
    else if (line === '' || !/^\s/.test(line)) inError = false;
    if (inError && line !== '') out.push(line);
  }
  const chosen = out.length > 0 ? out : lines.filter((l) => l.trim() !== '').slice(-max);
  return chosen.slice(0, max);
}

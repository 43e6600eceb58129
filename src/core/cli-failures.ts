/**
 * What a failed `databricks` call means, read from its stderr: a one-line cause
 * and the command that fixes it, for the failures people actually hit.
 */
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
  | 'not-found'
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

export function explainCliFailure(stderr: string, ctx: FailureContext): FailureExplanation {
  const loginFix = `databricks auth login --host ${ctx.host ?? '<workspace-url>'} --profile ${ctx.profile ?? '<profile>'}`;
  const generate = `npx loyalty-wizard generate ${ctx.pipeline ?? ''}`.trim();
  let m: RegExpExecArray | null;
  if ((m = /has no (\S+) profile configured/.exec(stderr))) {
    return { kind: 'profile-missing', cause: `profile "${m[1]}" is not in your Databricks config file`, fix: loginFix };
  }
  if ((m = /the host in the profile \(([^)]*)\) doesn.t match the host configured in the bundle \(([^)]*)\)(?:.*?pass "-p ([^"]+)")?/s.exec(stderr))) {
    return {
      kind: 'host-mismatch',
      cause: `profile "${ctx.profile ?? '?'}" points at ${m[1]}, but config/${ctx.target ?? '<env>'}.yml deploys to ${m[2]}`,
      fix: m[3] ? `use --profile ${m[3]}` : `${loginFix} (or fix workspace.host in config/${ctx.target ?? '<env>'}.yml)`,
    };
  }
  if (/multiple profiles matched/.test(stderr)) {
    return { kind: 'ambiguous-profile', cause: 'several profiles match this workspace', fix: 'pass --profile <name>' };
  }
  if (/cannot configure default credentials|default auth:|invalid access token|Invalid access token|token is expired|refresh token is invalid|\b401\b|Unauthorized/.test(stderr)) {
    return { kind: 'not-authenticated', cause: `not logged in to ${ctx.host ?? 'the workspace'}${ctx.profile ? ` with profile "${ctx.profile}"` : ''}`, fix: loginFix };
  }
  if ((m = /deploy lock acquired by (\S+) at ([^.]+(?:\.\d+)?[^.]*)\. Use --force-lock/.exec(stderr))) {
    return {
      kind: 'lock-held',
      cause: `another deploy holds the lock: ${m[1]} since ${m[2]!.trim()}`,
      fix: 'wait for that deploy to finish; if it died, rerun with --force-lock',
    };
  }
  if (/requires destructive actions/.test(stderr)) {
    return { kind: 'destructive', cause: 'the deploy would delete or recreate resources', fix: 'review the plan, then rerun with --yes --allow-deletes' };
  }
  if ((m = /(\S+): no such target\. Available targets: ([^\n]*)/.exec(stderr))) {
    return { kind: 'no-such-target', cause: `the bundle has no target "${m[1]}" (it has: ${m[2]!.trim()})`, fix: `regenerate it: ${generate}` };
  }
  if (/failed to load .*yaml|yaml: line \d+/.test(stderr)) {
    return { kind: 'invalid-yaml', cause: 'the bundle YAML could not be read', fix: `regenerate it: ${generate}` };
  }
  if (/Unable to locate the bundle root/.test(stderr)) {
    return { kind: 'no-bundle', cause: 'no databricks.yml in the pipeline folder', fix: generate };
  }
  if ((m = /not on the right Git branch:\s*expected according to configuration: (\S+)\s*actual: (\S+)/.exec(stderr))) {
    return {
      kind: 'git-branch',
      cause: `config/${ctx.target ?? '<env>'}.yml deploys only from branch ${m[1]}, and this checkout is on ${m[2]}`,
      fix: `deploy ${ctx.target ?? 'it'} from ${m[1]} (git checkout ${m[1]}), e.g. from CI after the merge`,
    };
  }
  if (/does not define job parameters; specifying job parameters is not allowed/.test(stderr)) {
    return {
      kind: 'job-parameters',
      cause: 'the job in the workspace has no job parameters yet: it was deployed before this version of its bundle',
      fix: `deploy it again first: npx loyalty-wizard deploy ${ctx.pipeline ?? '<pipeline>'} --env ${ctx.target ?? '<env>'}`,
    };
  }
  if (/RESOURCE_DOES_NOT_EXIST|(does not exist|was not found)\.?\s*$/m.test(stderr)) {
    return { kind: 'not-found', cause: `the workspace ${ctx.host ?? ''} has no such resource`.replace('  ', ' '), fix: 'check the id, and that the profile is for the right workspace' };
  }
  if ((m = /unknown command "([^"]+)"/.exec(stderr))) {
    return { kind: 'unknown-command', cause: `this Databricks CLI has no "${m[1]}" command`, fix: 'upgrade the Databricks CLI' };
  }
  return { kind: 'unknown', cause: 'the Databricks CLI reported an error' };
}

/** The lines of stderr worth showing: errors and their detail lines, not progress chatter. */
export function importantStderrLines(stderr: string, max = 8): string[] {
  const lines = stderr.split(/\r?\n/).map((l) => l.trimEnd());
  const out: string[] = [];
  let inError = false;
  for (const line of lines) {
    if (/^(Error|Warning):/.test(line)) inError = true;
    else if (line === '' || !/^\s/.test(line)) inError = /^(Error|Warning):/.test(line);
    if (inError && line !== '') out.push(line);
  }
  const chosen = out.length > 0 ? out : lines.filter((l) => l.trim() !== '').slice(-max);
  return chosen.slice(0, max);
}

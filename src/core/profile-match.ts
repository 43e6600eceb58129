import { sameHost, type Profile } from './databrickscfg.js';

/**
 * Which Databricks profiles are for an environment's workspace, and what to do
 * when the one given is not. The one rule deploy, doctor and the wizard share: a
 * fix never logs an existing profile in to another workspace (that would repoint
 * it); it names a profile that matches, or a login under a name no profile has.
 */
export interface ProfileMatch {
  /** Profiles whose host is the env's workspace, in the file's order. */
  readonly matching: readonly Profile[];
  /** The profile asked for, when it is in the file. */
  readonly given?: Profile;
  /** The profile asked for is not in the file. */
  readonly missing: boolean;
  /** The profile asked for points at another workspace. */
  readonly mismatch: boolean;
}

export function matchProfiles(profiles: readonly Profile[], envHost: string, givenName?: string): ProfileMatch {
  const matching = profiles.filter((p) => sameHost(p.host, envHost));
  const given = givenName === undefined ? undefined : profiles.find((p) => p.name === givenName);
  return {
    matching,
    ...(given ? { given } : {}),
    missing: givenName !== undefined && !given,
    mismatch: given?.host !== undefined && !sameHost(given.host, envHost),
  };
}

/** A profile name for a new login to an env's workspace: `loyalty-<env>`, or with a number when that name is taken. */
export function newProfileName(profiles: readonly Profile[], env: string): string {
  const taken = new Set(profiles.map((p) => p.name));
  let name = `loyalty-${env}`;
  for (let i = 2; taken.has(name); i++) name = `loyalty-${env}-${i}`;
  return name;
}

/** The one way to write the command that logs in to a workspace and saves the login as a profile. */
export function loginCommand(host: string, profile: string): string {
  return `databricks auth login --host ${host} --profile ${profile}`;
}

/** The command that adds a profile for the env's workspace, under a name no profile has. */
export function newProfileLogin(profiles: readonly Profile[], env: string, envHost: string): string {
  return loginCommand(envHost, newProfileName(profiles, env));
}

/** What to pass instead of a profile that does not fit: the one that matches, else a login under a new name. */
export function profileFix(profiles: readonly Profile[], env: string, envHost: string): string {
  const match = profiles.find((p) => sameHost(p.host, envHost));
  if (match) return `use --profile ${match.name}`;
  return `no profile is for ${envHost}: add one with ${newProfileLogin(profiles, env, envHost)} and use it, or fix workspace.host in config/${env}.yml`;
}

/** The one-line problem (and fix) when a profile points at another workspace than the env's; undefined when it fits. */
export function profileMismatch(
  profiles: readonly Profile[],
  env: string,
  envHost: string,
  givenName: string,
): { message: string; hint: string } | undefined {
  const m = matchProfiles(profiles, envHost, givenName);
  if (!m.mismatch) return undefined;
  return {
    message: `profile "${givenName}" points at ${m.given!.host}, but config/${env}.yml deploys to ${envHost}`,
    hint: profileFix(profiles, env, envHost),
  };
}

/** The profile to put in a command for an env: the one chosen unless it is for another workspace, else the first that matches. */
export function profileForEnv(profiles: readonly Profile[], envHost: string, chosen?: string): string | undefined {
  const m = matchProfiles(profiles, envHost, chosen);
  return chosen !== undefined && !m.mismatch ? chosen : m.matching[0]?.name;
}

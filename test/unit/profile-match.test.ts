import { describe, expect, it } from 'vitest';
import { explainCliFailure, type Profile } from '../../src/core/index.js';
import { ciCommands } from '../../src/cli/commands/new.js';
import { loginCommand, matchProfiles, newProfileLogin, newProfileName, profileForEnv, profileMismatch } from '../../src/core/profile-match.js';
import { fixtureTemplate } from '../ui/helpers/wizard-fixtures.js';

const DEV = 'https://loyalty-dev.cloud.databricks.com';
const PROD = 'https://loyalty-prod.cloud.databricks.com';
const profile = (name: string, host?: string): Profile => ({ name, ...(host ? { host } : {}), hasCredentials: true });
const devOnly = [profile('loyalty-dev', DEV)];
const both = [profile('loyalty-dev', DEV), profile('loyalty-prod', `${PROD}/`)];

describe('matchProfiles', () => {
  it('lists the profiles for the workspace and says whether the given one is for another', () => {
    expect(matchProfiles(both, PROD, 'loyalty-dev')).toMatchObject({ matching: [both[1]], given: both[0], mismatch: true, missing: false });
    expect(matchProfiles(both, PROD, 'loyalty-prod')).toMatchObject({ mismatch: false, missing: false });
    expect(matchProfiles(both, PROD, 'nope')).toMatchObject({ mismatch: false, missing: true });
    expect(matchProfiles(both, PROD)).toMatchObject({ mismatch: false, missing: false });
  });
  it('an account-level profile (no host) is not a mismatch, and matches no workspace', () => {
    const account: Profile = { name: 'acct', accountId: 'a-1', hasCredentials: true };
    expect(matchProfiles([account], PROD, 'acct')).toMatchObject({ matching: [], mismatch: false });
  });
});

describe('the fix for a profile of another workspace never logs that profile in elsewhere', () => {
  it('names the profile that matches', () => {
    expect(profileMismatch(both, 'prod', PROD, 'loyalty-dev')).toEqual({
      message: `profile "loyalty-dev" points at ${DEV}, but config/prod.yml deploys to ${PROD}`,
      hint: 'use --profile loyalty-prod',
    });
  });
  it('without one: a login under a name no profile has', () => {
    const { hint } = profileMismatch(devOnly, 'prod', PROD, 'loyalty-dev')!;
    expect(hint).toContain(`databricks auth login --host ${PROD} --profile loyalty-prod`);
    expect(hint).not.toMatch(/--profile loyalty-dev(?![\w-])/);
  });
  it('a new name skips the names already taken (even by a profile of another host)', () => {
    const taken = [profile('loyalty-prod', DEV), profile('loyalty-prod-2', DEV)];
    expect(newProfileName(taken, 'prod')).toBe('loyalty-prod-3');
    expect(newProfileLogin(taken, 'prod', PROD)).toBe(`databricks auth login --host ${PROD} --profile loyalty-prod-3`);
    expect(profileMismatch(taken, 'prod', PROD, 'loyalty-prod')!.hint).not.toMatch(/auth login .*--profile loyalty-prod(?![\w-])/);
  });
  it('every login command has one form: host, then profile', () => {
    expect(loginCommand(PROD, 'loyalty-prod')).toBe(`databricks auth login --host ${PROD} --profile loyalty-prod`);
  });
  it('a profile that fits is no problem', () => {
    expect(profileMismatch(both, 'prod', PROD, 'loyalty-prod')).toBeUndefined();
    expect(profileMismatch(both, 'prod', PROD, 'not-in-file')).toBeUndefined();
  });
});

describe('profileForEnv: the profile a printed command uses', () => {
  it('the chosen one when it fits; the matching one instead of one for another workspace; else none', () => {
    expect(profileForEnv(both, PROD, 'loyalty-prod')).toBe('loyalty-prod');
    expect(profileForEnv(both, PROD, 'loyalty-dev')).toBe('loyalty-prod');
    expect(profileForEnv(devOnly, PROD, 'loyalty-dev')).toBeUndefined();
    expect(profileForEnv(both, PROD)).toBe('loyalty-prod');
  });
});

describe('CLI failure explanations', () => {
  const mismatch = `Error: cannot resolve bundle auth configuration: the host in the profile (${DEV}) doesn’t match the host configured in the bundle (${PROD})\n`;
  it('a host mismatch without a matching profile: the login is for a new profile, not the one pointing elsewhere', () => {
    const e = explainCliFailure(mismatch, { host: PROD, profile: 'loyalty-dev', target: 'prod' });
    expect(e.kind).toBe('host-mismatch');
    expect(e.fix).not.toMatch(/--profile loyalty-dev(?![\w-])/);
    expect(e.fix).toContain(`databricks auth login --host ${PROD}`);
  });
  it('a host mismatch with a matching profile: use it', () => {
    const e = explainCliFailure(`${mismatch}The profile "loyalty-prod" has host=${PROD}. To select it, pass "-p loyalty-prod"\n`, { host: PROD, profile: 'loyalty-dev', target: 'prod' });
    expect(e.fix).toBe('use --profile loyalty-prod');
  });
  it('a missing profile: the login creates the profile the CLI named', () => {
    const e = explainCliFailure('Error: cannot resolve bundle auth configuration: resolve: /h/.databrickscfg has no loyalty-prod profile configured. Config: profile=loyalty-prod\n', { host: PROD, profile: 'loyalty-prod', target: 'prod' });
    expect(e).toMatchObject({ kind: 'profile-missing', fix: `databricks auth login --host ${PROD} --profile loyalty-prod` });
  });
});

describe('new: the CI commands printed after the wizard', () => {
  const result = { status: 'written' as const, name: 'orders_etl', template: 'fixture_batch', answers: {}, env: 'prod' as const, deployNow: false, files: [] };
  const ciLines = (...args: Parameters<typeof ciCommands>) => ciCommands(...args).map((parts) => parts.join(' '));
  it('never repeat a profile the review warned is for another workspace', () => {
    const [, deploy] = ciLines({ ...result, profile: 'loyalty-dev' }, fixtureTemplate(), both, PROD);
    expect(deploy).toBe('npx loyalty-wizard deploy orders_etl --env prod --profile loyalty-prod --yes');
    expect(ciLines({ ...result, profile: 'loyalty-dev' }, fixtureTemplate(), devOnly, PROD)[1]).toBe('npx loyalty-wizard deploy orders_etl --env prod --profile <name> --yes');
  });
  it('keep the profile chosen when it fits; name the matching one when none was chosen', () => {
    expect(ciLines({ ...result, profile: 'loyalty-prod' }, fixtureTemplate(), both, PROD)[1]).toContain('--profile loyalty-prod --yes');
    expect(ciLines(result, fixtureTemplate(), both, PROD)[1]).toContain('--profile loyalty-prod --yes');
  });
});

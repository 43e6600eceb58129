import { matchProfiles } from '../../core/profile-match.js';
import type { ChoiceOption } from './question-kinds.js';
import type { WizardSetup } from './types.js';

/** "none": write the files only; deploy later with the printed command. */
export const NO_PROFILE = '';

export interface ProfileOption extends ChoiceOption<string> {
  /** The profile's host is the env's workspace. */
  readonly matches: boolean;
}

/**
 * Profiles for an environment: those whose host is the env's workspace first,
 * then the rest, then "none — generate only". Only names and hosts are shown.
 */
export function profileOptions(setup: WizardSetup, env: string): ProfileOption[] {
  const { matching } = matchProfiles(setup.profiles, setup.envs[env]?.workspace.host ?? '');
  const others = setup.profiles.filter((p) => !matching.includes(p));
  return [
    ...matching.map((p) => ({ value: p.name, label: p.name, detail: `${p.host ?? ''} (the ${env} workspace)`, matches: true })),
    ...others.map((p) => ({ value: p.name, label: p.name, detail: p.host ?? (p.accountId ? `account ${p.accountId}` : ''), matches: false })),
    { value: NO_PROFILE, label: 'none — generate only', detail: 'write the files; deploy later', matches: false },
  ];
}

/** The profile picked when nobody chose: the first that matches the env's host, else none. */
export function defaultProfileIndex(options: readonly ProfileOption[]): number {
  const match = options.findIndex((o) => o.matches);
  return match >= 0 ? match : options.length - 1;
}

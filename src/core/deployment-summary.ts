import type { Bundle } from './bundle.js';
import { CURRENT_USER_SHORT_NAME } from './bundle-variables.js';
import { currentUser, developmentNamePrefix, type ResolveOptions } from './resolve-target.js';

/**
 * One line on what a target deploys, as the CLI will deploy it: the job's
 * name (with development mode's prefix), whether its schedule or continuous
 * run is paused, whose data it touches and who it runs as. The same rules as
 * resolveBundleForTarget (a test holds them together), read straight from the
 * bundle: the wizard asks for this on every keystroke.
 */
export function deploymentSummary(bundle: Bundle, env: string, options: ResolveOptions = {}): string {
  const t = bundle.targets[env];
  const job = Object.values(bundle.resources.jobs)[0];
  if (!t || !job) return `${env}: nothing to deploy`;
  const me = currentUser(options.user);
  const development = t.mode === 'development';
  const lookup: Record<string, string | number> = { 'bundle.target': env, 'bundle.name': bundle.bundle.name };
  for (const [k, v] of Object.entries(t.variables)) lookup[`var.${k}`] = v;
  const name = job.name.replace(/\$\{([A-Za-z0-9_.]+)\}/g, (m, ref: string) => (ref in lookup ? String(lookup[ref]) : m));
  const parts = [`${env}: "${development ? developmentNamePrefix(me.short_name) : ''}${name}"`];
  const paused = (explicit: string | undefined) => explicit === 'PAUSED' || (explicit === undefined && development);
  if (job.continuous) parts.push(paused(job.continuous.pause_status) ? 'paused (start by hand)' : 'continuous');
  else if (job.schedule) parts.push(paused(job.schedule.pause_status) ? 'schedule paused' : 'on schedule');
  else parts.push('run by hand');
  if (String(t.variables.bronze_schema ?? '').includes(CURRENT_USER_SHORT_NAME)) parts.push(`your schemas dev_${me.short_name}_*`);
  const runAs = t.run_as?.service_principal_name ?? t.run_as?.user_name;
  parts.push(runAs ? `runs as ${runAs}` : development ? 'runs as you' : 'runs as the deployer');
  return parts.join(' · ');
}

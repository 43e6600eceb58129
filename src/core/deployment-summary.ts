import type { Bundle } from './bundle.js';
import { resolveBundleForTarget, type ResolveOptions } from './resolve-target.js';

interface ResolvedJob {
  name?: string;
  continuous?: { pause_status?: string };
  schedule?: { quartz_cron_expression?: string; pause_status?: string };
  run_as?: { service_principal_name?: string; user_name?: string };
}

/**
 * One line on what a target deploys, as the CLI will deploy it: the job's
 * name (with development mode's prefix), whether its schedule or continuous
 * run is paused, whose data it touches and who it runs as.
 */
export function deploymentSummary(bundle: Bundle, env: string, options: ResolveOptions = {}): string {
  const resolved = resolveBundleForTarget(bundle, env, options) as {
    bundle: { mode: string };
    workspace: { current_user: { short_name: string } };
    resources: { jobs: Record<string, ResolvedJob> };
    variables: Record<string, { value: unknown }>;
  };
  const job = Object.values(resolved.resources.jobs)[0];
  if (!job) return `${env}: no job`;
  const development = resolved.bundle.mode === 'development';
  const parts = [`${env}: "${job.name ?? '?'}"`, trigger(job)];
  const prefix = `dev_${resolved.workspace.current_user.short_name}_`;
  if (development && String(resolved.variables.bronze_schema?.value ?? '').startsWith(prefix)) parts.push(`your schemas ${prefix}*`);
  const runAs = job.run_as?.service_principal_name ?? job.run_as?.user_name;
  parts.push(runAs ? `runs as ${runAs}` : development ? 'runs as you' : 'runs as the deployer');
  return parts.join(' · ');
}

function trigger(job: ResolvedJob): string {
  if (job.continuous) return job.continuous.pause_status === 'PAUSED' ? 'paused (start by hand)' : 'continuous';
  if (job.schedule) return job.schedule.pause_status === 'PAUSED' ? 'schedule paused' : 'on schedule';
  return 'run by hand';
}

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Profile } from '../../../src/core/databrickscfg.js';
import type { TemplateSource } from '../../../src/core/scaffold.js';
import type { TemplateManifest } from '../../../src/core/template-manifest.js';
import type { WizardPrefill, WizardSetup } from '../../../src/ui/wizard/types.js';
import { copyProjectParts, repoEnvs } from '../../helpers/fixtures.js';

const SQL = 'SELECT 1;\n';

/**
 * A small batch template of the tests' own, so reducer and preview tests do
 * not move when the real templates are edited. It asks one question of most types.
 */
export function fixtureTemplate(): TemplateSource {
  const manifest: TemplateManifest = {
    title: 'Fixture batch',
    description: 'A batch template for tests.',
    version: 1,
    pipeline_type: 'batch_sql',
    questions: [
      { key: 'display_name', prompt: 'Display name', help: 'Job name. Example: Orders', type: 'text', default: '{{name_title}}', pattern: '^(?!\\s*$)[^\\r\\n]{1,200}$', pattern_message: 'one line of 1-200 characters' },
      { key: 'schedule_cron', prompt: 'Schedule', help: 'Quartz cron. Example: 0 0 2 * * ?', type: 'cron', default: '0 0 2 * * ?' },
      { key: 'schedule_timezone', prompt: 'Time zone', help: 'IANA zone. Example: UTC', type: 'timezone', default: 'UTC' },
      {
        key: 'steps',
        prompt: 'Steps',
        help: 'The SQL steps. Example: [{"step":"a","stage":0}]',
        type: 'steps',
        default: [
          { step: 'load', stage: 0, sql_file: 'sql/load.sql' },
          { step: 'clean', stage: 1, sql_file: 'sql/clean.sql' },
        ],
      },
      { key: 'add_email', prompt: 'Email someone?', help: 'Adds an address. Example: no', type: 'confirm', default: false },
      { key: 'notification_email', prompt: 'Email address', help: 'Gets failures. Example: a@example.com', type: 'text', default: 'team@example.com', pattern: '^[^@\\s]+@[^@\\s]+\\.[a-z]{2,}$', pattern_message: 'an email address', when: { key: 'add_email', equals: true } },
    ],
    step_stub: 'step_stub.sql',
  };
  const config = {
    pipeline_name: '{{display_name}}',
    pipeline_type: 'batch_sql',
    description: 'Fixture pipeline',
    notification_email: '{{notification_email}}',
    schedule: { quartz_cron_expression: '{{schedule_cron}}', timezone_id: '{{schedule_timezone}}' },
    execution_sequence: '{{steps}}',
  };
  const files = new Map([
    ['config.json', JSON.stringify(config, null, 2)],
    ['sql/load.sql', SQL],
    ['sql/clean.sql', SQL],
  ]);
  return { id: 'fixture_batch', manifest, files, stepStub: '-- step {{step}}\nSELECT 1;\n' };
}

export const PROFILES: Profile[] = [
  { name: 'other', host: 'https://elsewhere.cloud.databricks.com', hasCredentials: true },
  { name: 'dev-sso', host: 'https://loyalty-dev.cloud.databricks.com', hasCredentials: true },
];

export function fixtureSetup(opts: { templates?: TemplateSource[]; taken?: string[]; profiles?: Profile[]; folderProblem?: WizardSetup['folderProblem'] } = {}): WizardSetup {
  const taken = new Set(opts.taken ?? []);
  return {
    templates: opts.templates ?? [fixtureTemplate()],
    templateProblems: [],
    envs: repoEnvs(),
    profiles: opts.profiles ?? PROFILES,
    profilesPath: '/home/test/.databrickscfg',
    isNameTaken: (name) => taken.has(name),
    ...(opts.folderProblem ? { folderProblem: opts.folderProblem } : {}),
  };
}

export function prefill(p: Partial<WizardPrefill> = {}): WizardPrefill {
  return { answers: {}, ...p };
}

/** A copy of the repo's config/, templates/ and pipelines/ in a temp folder, with a HOME holding a small .databrickscfg. */
export function tempWizardProject(): { dir: string; home: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'loyalty-wizard-ui-'));
  copyProjectParts(dir, ['config', 'templates', 'pipelines']);
  const home = mkdtempSync(join(tmpdir(), 'loyalty-wizard-home-'));
  writeFileSync(
    join(home, '.databrickscfg'),
    '[dev-sso]\nhost = https://loyalty-dev.cloud.databricks.com\nauth_type = databricks-cli\n\n[prod]\nhost = https://loyalty-prod.cloud.databricks.com\ntoken = dapi-not-a-real-token\n',
  );
  return {
    dir,
    home,
    cleanup: () => {
      rmSync(dir, { recursive: true, force: true });
      rmSync(home, { recursive: true, force: true });
    },
  };
}

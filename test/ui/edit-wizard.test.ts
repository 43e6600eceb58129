/**
 * `edit` in the wizard (ink-testing-library, 100 columns): the template and name fixed, every question prefilled
 * from the pipeline, the preview a diff of databricks.yml against the file on disk, the review the files that change.
 */
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { planEdit } from '../../src/core/edit-pipeline.js';
import type { Answers } from '../../src/core/template-manifest.js';
import { loadEditTarget } from '../../src/project/edit-target.js';
import { loadEnvConfigs } from '../../src/project/project.js';
import { createPreviewer } from '../../src/ui/wizard/preview.js';
import { diffView } from '../../src/ui/wizard/line-diff.js';
import type { WizardPrefill } from '../../src/ui/wizard/types.js';
import { KEY } from './helpers/keys.js';
import { renderWizard } from './helpers/render-wizard.js';
import { fixtureSetup, tempWizardProject } from './helpers/wizard-fixtures.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  cleanup();
  cleanups.splice(0).forEach((c) => c());
});

/** The wizard on a copy of the seed pipeline kafka_traffic_pipeline, as `edit` starts it. */
function editWizard(name = 'kafka_traffic_pipeline', flags: Partial<WizardPrefill> = {}, color = false) {
  const project = tempWizardProject();
  cleanups.push(project.cleanup);
  const envs = loadEnvConfigs(project.dir);
  const target = loadEditTarget(project.dir, name);
  const setup = { ...fixtureSetup({ templates: [target.template] }), envs };
  const prefill: WizardPrefill = { template: target.template.id, name, answers: {}, env: 'dev', profile: '', edit: { start: target.before, templateNote: target.templateNote }, ...flags };
  const write = async (_t: string, n: string, answers: Answers) => [...planEdit(target, target.before, answers, envs).files.keys()].map((f) => `pipelines/${n}/${f}`);
  const w = renderWizard(setup, prefill, { color, previewer: createPreviewer(envs, 64, { source: target, before: target.before }), write });
  return { w, target };
}

describe('edit in the wizard', () => {
  it('opens on the first question, prefilled from config.json, with no template or name screen', async () => {
    const { w } = editWizard();
    await w.see('Edit pipeline · batch_sql · kafka_traffic_pipeline');
    await w.see('› Traffic Data ETL Pipeline');
    expect(w.frame()).not.toContain('Which kind of pipeline?');
    expect(w.frame()).not.toContain('Pipeline name');
    await w.see('databricks.yml · no changes');
    await w.typeAndSee(KEY.enter, 'Description');
    await w.typeAndSee(KEY.enter, '› 0 0 2 * * ?');
  });

  it('a change shows in the preview as a diff against the file on disk: − the old line, + the new', async () => {
    const { w } = editWizard();
    await w.see('› Traffic Data ETL Pipeline');
    w.type(KEY.ctrlU);
    await w.typeAndSee('Traffic v2', '+1 −1 vs disk');
    // The removed line has no number; the added one has its number in the new file.
    expect(w.frame()).toMatch(/│ +− +name: "\[Loyalty2\.0\] \[\$\{bundle\.target\}\] Traffic/);
    expect(w.frame()).toMatch(/│ ?31 \+ .*name: "\[Loyalty2\.0\] \[\$\{bundle\.target\}\] Traffic v2"/);
  });

  it('with colour on, removed lines are red and added lines green', async () => {
    const { w } = editWizard('kafka_traffic_pipeline', {}, true);
    await w.see('› Traffic Data ETL Pipeline');
    w.type(KEY.ctrlU);
    await w.typeAndSee('Traffic v2', '+1 −1 vs disk');
    const raw = w.lastFrame() ?? '';
    expect(raw).toContain('\u001b[31m−\u001b[39m');
    expect(raw).toContain('\u001b[32m+\u001b[39m');
  });

  it('the steps editor works on the pipeline steps; the review lists the files that change and the step file left unused', async () => {
    const { w } = editWizard();
    await w.see('› Traffic Data ETL Pipeline');
    for (const next of ['Description', 'Schedule', 'Time zone', 'Bronze table', 'More job parameters', 'user_engagement_summary']) await w.typeAndSee(KEY.enter, next);
    w.type(KEY.down);
    w.type(KEY.down);
    await w.typeAndSee('x', 'Steps (3)');
    await w.see('vs disk');
    await w.typeAndSee(KEY.enter, 'Also email someone');
    await w.typeAndSee(KEY.enter, 'Review');
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setTimeout(resolve, 10)).then(() => w.type(KEY.down));
    await w.see('Files that change (2)');
    await w.see('changed config.json');
    await w.see('sql/silver/customer_engagement_summary.sql');
    expect(w.frame()).toContain('No longer used by any step');
    w.type(KEY.enter);
    const result = await w.done();
    expect(result.status).toBe('written');
    expect(w.writes[0]!.answers.steps).toHaveLength(3);
  });

  it('an edit that changes nothing says so on the review, and Esc goes back', async () => {
    const { w } = editWizard();
    await w.see('› Traffic Data ETL Pipeline');
    // Every question of batch_sql, unchanged.
    for (let i = 0; i < 8; i++) w.type(KEY.enter);
    await w.see('Review — no changes');
    await w.see('none: Enter leaves the pipeline');
    await w.typeAndSee(KEY.escape, 'Also email someone');
  });
});

describe('diffView', () => {
  it('puts removed lines where they were, marks each line and counts them', () => {
    const view = diffView(['a', 'b', 'c', 'd'], ['a', 'B', 'c', 'd', 'e']);
    expect(view.lines).toEqual(['a', 'b', 'B', 'c', 'd', 'e']);
    expect(view.marks).toEqual([' ', '-', '+', ' ', ' ', '+']);
    expect(view.numbers).toEqual([1, undefined, 2, 3, 4, 5]);
    expect([view.added, view.removed]).toEqual([2, 1]);
  });
});

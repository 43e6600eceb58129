import { describe, expect, it } from 'vitest';
import { listTemplateIds, loadTemplate } from '../../src/project/templates.js';
import { createPreviewer } from '../../src/ui/wizard/preview.js';
import { initialWizardState, wizardReducer } from '../../src/ui/wizard/reducer.js';
import { choiceValues, previewRequest } from '../../src/ui/wizard/selectors.js';
import type { WizardState } from '../../src/ui/wizard/state.js';
import { REPO } from '../helpers/fixtures.js';
import { drive, screenId } from './helpers/drive.js';
import { fixtureSetup, fixtureTemplate, prefill } from './helpers/wizard-fixtures.js';

const start = (p = prefill(), setup = fixtureSetup()) => initialWizardState(setup, p);

/** Enter until the screen is `id` (or give up), collecting the screens passed. */
function walkTo(state: WizardState, id: string): { state: WizardState; seen: string[] } {
  const previewer = createPreviewer(state.setup.envs);
  const seen = [screenId(state)];
  let s = state;
  for (let i = 0; i < 30 && screenId(s) !== id; i++) {
    s = drive(s, ['enter'], previewer);
    seen.push(screenId(s));
  }
  return { state: s, seen };
}

describe('wizard reducer: the flow', () => {
  it('with no flags starts at the intro and walks intro → template → name → questions → env → profile → review', () => {
    const { seen } = walkTo(start(), 'writing');
    expect(seen).toEqual([
      'intro',
      'template',
      'name',
      'question:display_name',
      'question:schedule_cron',
      'question:schedule_timezone',
      'question:steps',
      'question:add_email',
      'env',
      'profile',
      'review',
      'writing',
    ]);
  });

  it('Enter on every default accepts the suggested name, the defaults, dev and the profile whose host is dev', () => {
    const { state } = walkTo(start(), 'writing');
    expect(state.name).toBe('fixture_batch_pipeline');
    expect(state.env).toBe('dev');
    expect(state.profile).toBe('dev-sso');
    expect(state.answers).toMatchObject({ display_name: 'Fixture Batch Pipeline', schedule_cron: '0 0 2 * * ?', schedule_timezone: 'UTC', add_email: false });
  });

  it('a suggested name that is taken gets a number', () => {
    const { state } = walkTo(start(prefill(), fixtureSetup({ taken: ['fixture_batch_pipeline'] })), 'question:display_name');
    expect(state.name).toBe('fixture_batch_pipeline_2');
  });

  it('template and name from flags skip the intro, the template and the name', () => {
    const s = start(prefill({ template: 'fixture_batch', name: 'orders_etl' }));
    expect(screenId(s)).toBe('question:display_name');
    expect(s.text.value).toBe('Orders ETL');
  });

  it('a name from flags that is taken is asked, showing that name', () => {
    const s = start(prefill({ template: 'fixture_batch', name: 'orders_etl' }), fixtureSetup({ taken: ['orders_etl'] }));
    expect(screenId(s)).toBe('name');
    expect(s.text.value).toBe('orders_etl');
    const refused = drive(s, ['enter']);
    expect(screenId(refused)).toBe('name');
    expect(refused.notice).toMatch(/already exists/);
  });

  it('answers from flags skip their questions when valid and are asked when not', () => {
    const valid = start(prefill({ template: 'fixture_batch', name: 'orders_etl', answers: { display_name: 'Orders', schedule_cron: 'nonsense' } }));
    expect(screenId(valid)).toBe('question:schedule_cron');
    expect(valid.text.value).toBe('nonsense');
    expect(drive(valid, ['enter']).notice).toMatch(/Quartz cron/);
  });

  it('env and profile from flags skip those screens', () => {
    const { seen } = walkTo(start(prefill({ template: 'fixture_batch', name: 'orders_etl', env: 'prod', profile: 'prod' })), 'review');
    expect(seen).not.toContain('env');
    expect(seen).not.toContain('profile');
  });

  it('a `when` question is asked only when its condition holds', () => {
    const base = walkTo(start(prefill({ template: 'fixture_batch', name: 'orders_etl' })), 'question:add_email').state;
    expect(screenId(drive(base, ['enter']))).toBe('env');
    const yes = drive(base, [{ text: 'y' }, 'enter']);
    expect(screenId(yes)).toBe('question:notification_email');
    expect(yes.text.value).toBe('team@example.com');
  });
});

describe('wizard reducer: answers, back and problems', () => {
  it('typing edits the draft, Enter accepts it and Esc goes back with the answer kept', () => {
    let s = start(prefill({ template: 'fixture_batch', name: 'orders_etl' }));
    s = drive(s, ['clear-line', { text: 'Orders ETL' }, 'enter']);
    expect(s.answers.display_name).toBe('Orders ETL');
    expect(screenId(s)).toBe('question:schedule_cron');
    s = drive(s, ['clear-line', { text: '0 30 6 ? * MON-FRI' }, 'escape']);
    expect(screenId(s)).toBe('question:display_name');
    expect(s.answers.schedule_cron).toBe('0 30 6 ? * MON-FRI');
    expect(s.text.value).toBe('Orders ETL');
  });

  it('Esc does not keep a typed answer that breaks its rule, and Shift-Tab goes back too', () => {
    let s = drive(start(prefill({ template: 'fixture_batch', name: 'orders_etl' })), ['enter', 'clear-line', { text: 'bad' }, 'shift-tab']);
    expect(screenId(s)).toBe('question:display_name');
    s = drive(s, ['enter']);
    expect(s.text.value).toBe('0 0 2 * * ?');
  });

  it('Enter is refused with the rule when the typed answer breaks it', () => {
    const s = drive(start(prefill({ template: 'fixture_batch', name: 'orders_etl' })), ['clear-line', 'enter']);
    expect(screenId(s)).toBe('question:display_name');
    expect(s.notice).toBe('one line of 1-200 characters');
  });

  it('Enter is refused when the preview reports a problem caused by this question', () => {
    const s = start(prefill({ template: 'fixture_batch', name: 'orders_etl' }));
    const refused = wizardReducer(s, { type: 'submit', problems: { display_name: ['is odd'] } });
    expect(refused.notice).toBe('is odd');
    expect(screenId(refused)).toBe('question:display_name');
  });

  it('the review refuses to write while any problem remains, naming it', () => {
    const review = walkTo(start(prefill({ template: 'fixture_batch', name: 'orders_etl' })), 'review').state;
    const refused = wizardReducer(review, { type: 'submit', problems: { '': ['execution_sequence: boom'] } });
    expect(screenId(refused)).toBe('review');
    expect(refused.notice).toBe('fix first: execution_sequence: boom');
  });

  it('changing the env after choosing a profile asks for the profile again, preselecting the match', () => {
    const atProfile = walkTo(start(prefill({ template: 'fixture_batch', name: 'orders_etl' })), 'profile').state;
    // dev-sso is second in the file but its host is dev's, so it comes first and is preselected.
    expect(choiceValues(atProfile)).toEqual(['dev-sso', 'other', '']);
    expect(atProfile.choice).toBe(0);
    const back = drive(atProfile, ['enter', 'escape', 'escape']);
    expect(screenId(back)).toBe('env');
    const prod = drive(back, ['down', 'down', 'enter']);
    expect(prod.env).toBe('prod');
    expect(prod.profile).toBeUndefined();
    expect(screenId(prod)).toBe('profile');
    expect(choiceValues(prod)[prod.choice]).toBe(''); // no profile for prod's host: "none — generate only"
  });

  it('choosing another template starts its answers afresh', () => {
    const second = { ...fixtureTemplate(), id: 'second_batch' };
    const setup = fixtureSetup({ templates: [fixtureTemplate(), second] });
    let s = walkTo(start(prefill(), setup), 'question:display_name').state;
    s = drive(s, ['clear-line', { text: 'Custom' }, 'enter', 'escape', 'escape', 'escape']);
    expect(s.answers.display_name).toBe('Custom');
    expect(screenId(s)).toBe('template');
    s = drive(s, ['down', 'enter']);
    expect(s.templateId).toBe('second_batch');
    expect(s.answers.display_name).toBeUndefined();
  });
});

describe('the preview while choosing a template', () => {
  it("is the highlighted template's own pipeline, with that template's own suggested name", () => {
    const templates = listTemplateIds(REPO).map((id) => loadTemplate(REPO, id));
    // A project where the first template's suggestions are taken: its next one is batch_sql_pipeline_3.
    const setup = fixtureSetup({ templates, taken: ['batch_sql_pipeline', 'batch_sql_pipeline_2'] });
    const previewer = createPreviewer(setup.envs);
    const picker = drive(start(prefill(), setup), ['enter']);
    expect(screenId(picker)).toBe('template');
    for (let i = 0; i < templates.length; i++) {
      const hovered = drive(picker, Array.from({ length: i }, () => 'down' as const));
      const t = templates[i]!;
      const request = previewRequest(hovered);
      expect(request.template.id).toBe(t.id);
      expect(request.name).toBe(t.id === 'batch_sql' ? 'batch_sql_pipeline_3' : `${t.id}_pipeline`);
      const yaml = previewer.model(request).yamlLines.join('\n');
      expect(yaml).toContain(`pipeline: ${request.name}\n`);
      expect(yaml).toContain(`pipeline_type: ${t.manifest.pipeline_type}\n`);
    }
  });

  it('keeps a name already accepted when going back to the picker', () => {
    const templates = listTemplateIds(REPO).map((id) => loadTemplate(REPO, id));
    const setup = fixtureSetup({ templates });
    const named = drive(start(prefill(), setup), ['enter', 'enter', 'clear-line', { text: 'orders_etl' }, 'enter', 'escape', 'escape', 'down']);
    expect(screenId(named)).toBe('template');
    expect(previewRequest(named).name).toBe('orders_etl');
  });
});

describe('wizard reducer: writing, deploy and Ctrl-C', () => {
  const atReview = () => walkTo(start(prefill({ template: 'fixture_batch', name: 'orders_etl' })), 'review').state;

  it('Ctrl-C before the write cancels', () => {
    expect(drive(start(), ['quit']).outcome).toEqual({ status: 'cancelled' });
    expect(drive(atReview(), ['quit']).outcome).toEqual({ status: 'cancelled' });
  });

  it('after the write, a chosen profile asks whether to deploy (default no)', () => {
    const writing = drive(atReview(), ['enter']);
    expect(screenId(writing)).toBe('writing');
    const deploy = wizardReducer(writing, { type: 'written', files: ['pipelines/orders_etl/config.json'] });
    expect(screenId(deploy)).toBe('deploy');
    expect(drive(deploy, ['enter']).outcome).toMatchObject({ status: 'written', deployNow: false, profile: 'dev-sso', env: 'dev', name: 'orders_etl' });
    expect(drive(deploy, [{ text: 'y' }, 'enter']).outcome).toMatchObject({ deployNow: true, files: ['pipelines/orders_etl/config.json'] });
  });

  it('Ctrl-C after the write reports what was written, without deploying', () => {
    const deploy = wizardReducer(drive(atReview(), ['enter']), { type: 'written', files: ['a'] });
    expect(drive(deploy, ['quit']).outcome).toMatchObject({ status: 'written', deployNow: false });
    const writing = drive(atReview(), ['enter', 'quit']);
    expect(writing.outcome).toBeUndefined();
    expect(wizardReducer(writing, { type: 'written', files: ['a'] }).outcome).toMatchObject({ status: 'written', deployNow: false });
  });

  it('without a profile the wizard ends at the write', () => {
    const s = walkTo(start(prefill({ template: 'fixture_batch', name: 'orders_etl', profile: '' })), 'writing').state;
    const done = wizardReducer(s, { type: 'written', files: ['x'] });
    expect(done.outcome).toMatchObject({ status: 'written', deployNow: false });
    expect(done.outcome && 'profile' in done.outcome).toBe(false);
  });

  it('the written answers are those of the questions asked, defaults filled in', () => {
    const s = walkTo(start(prefill({ template: 'fixture_batch', name: 'orders_etl', profile: '' })), 'writing').state;
    const done = wizardReducer(s, { type: 'written', files: [] });
    expect(done.outcome?.status === 'written' && Object.keys(done.outcome.answers)).toEqual(['display_name', 'schedule_cron', 'schedule_timezone', 'steps', 'add_email']);
  });

  it('a failed write goes back to the review with the reason', () => {
    const failed = wizardReducer(drive(atReview(), ['enter']), { type: 'write-failed', message: 'disk full' });
    expect(screenId(failed)).toBe('review');
    expect(failed.notice).toBe('disk full');
  });
});

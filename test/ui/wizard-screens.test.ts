import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { resolveAnswers } from '../../src/core/scaffold.js';
import { builtinAnswers, expandDefault } from '../../src/core/template-manifest.js';
import { pipelineFolderProblem } from '../../src/project/pipeline-names.js';
import { listTemplateIds, loadTemplate } from '../../src/project/templates.js';
import { REPO } from '../helpers/fixtures.js';
import { KEY } from './helpers/keys.js';
import { renderWizard } from './helpers/render-wizard.js';
import { waitFor } from './helpers/wait-for.js';
import { fixtureSetup, prefill } from './helpers/wizard-fixtures.js';

afterEach(() => cleanup());

const repoTemplates = () => listTemplateIds(REPO).map((id) => loadTemplate(REPO, id));
const batch = () => fixtureSetup();
/** The question side of a side-by-side frame as one line of words (wrapped text joined again). */
const questionSide = (frame: string) =>
  frame
    .split('\n')
    .map((l) => l.split('│')[0])
    .join(' ')
    .replace(/\s+/g, ' ');
const at = (p: Parameters<typeof prefill>[0]) => prefill({ template: 'fixture_batch', name: 'orders_etl', ...p });

describe('wizard screens (ink-testing-library, 100 columns)', () => {
  it('intro, then every template with its one-line description', async () => {
    const templates = repoTemplates();
    const w = renderWizard(fixtureSetup({ templates }), prefill());
    await w.see('How the pieces fit');
    await w.typeAndSee(KEY.enter, 'Which kind of pipeline?');
    for (const t of templates) {
      expect(w.frame()).toContain(t.manifest.title);
      expect(w.frame()).toContain(t.manifest.description.slice(0, 30));
    }
  });

  it('pipeline name: the rule while it is invalid, "already exists" when taken, and the preview follows', async () => {
    const w = renderWizard(fixtureSetup({ taken: ['orders_etl'] }), prefill({ template: 'fixture_batch' }));
    await w.see('Pipeline name');
    await w.typeAndSee(KEY.ctrlU, 'a pipeline name is 3-64 characters');
    await w.typeAndSee('orders_etl', 'pipelines/orders_etl already exists');
    await w.typeAndSee('_v2', 'name: loyalty_orders_etl_v2');
    expect(w.frame()).not.toContain('✗');
  });

  it('pipeline name: a reserved folder or one git would ignore is refused while typing', async () => {
    const w = renderWizard(fixtureSetup({ folderProblem: (n) => pipelineFolderProblem(REPO, n)?.message }), prefill({ template: 'fixture_batch' }));
    await w.see('Pipeline name');
    await w.typeAndSee(KEY.ctrlU, 'a pipeline name is 3-64 characters');
    w.type('node_modules');
    // Beside the preview the message wraps: read the question side as one text.
    await waitFor(() => questionSide(w.frame()).includes('pipelines/node_modules is a reserved folder'), () => `the reserved-folder message; last frame:\n${w.frame()}`);
  });

  it('opens with a flag-given name already in the job, and marks the line an edit changed', async () => {
    const w = renderWizard(batch(), at({}));
    await w.see('› Orders ETL');
    // The job name is wider than the pane: the line of the current answer keeps its end in view.
    await w.seeMatch(/\d+ {3}…[^\n│]*\] Orders ETL"/);
    w.type(' Daily');
    await w.seeMatch(/\d+ \+ …[^\n│]*\] Orders ETL Daily"/);
  });

  it('cron: the schedule in words, and "?" is typed, not help', async () => {
    const w = renderWizard(batch(), at({ answers: { display_name: 'X' } }));
    await w.see('every day at 02:00 UTC');
    await w.type(KEY.ctrlU);
    await w.typeAndSee('0 30 6 ? * MON-FRI', 'every Monday to Friday at 06:30 UTC');
    expect(w.frame()).not.toContain('Help —');
    await w.typeAndSee(KEY.ctrlG, 'Help — Schedule');
    await w.typeAndSee(KEY.escape, 'every Monday to Friday');
  });

  it('timezone: invalid zones are named at once; the schedule echo uses the zone', async () => {
    const w = renderWizard(batch(), at({ answers: { display_name: 'X', schedule_cron: '0 0 2 * * ?' } }));
    await w.see('Time zone');
    await w.type(KEY.ctrlU);
    await w.typeAndSee('Mars/Base', '"Mars/Base" is not an IANA time');
    await w.type(KEY.ctrlU);
    await w.typeAndSee('Europe/Amsterdam', 'every day at 02:00 Europe/Amsterdam');
  });

  it('yes/no: y and n choose, a `when` question follows a yes', async () => {
    const w = renderWizard(batch(), at({ answers: { display_name: 'X', schedule_cron: '0 0 2 * * ?', schedule_timezone: 'UTC', steps: [{ step: 'load', stage: 0, sql_file: 'sql/load.sql' }] } }));
    await w.see('Email someone?');
    await w.type('y');
    await w.typeAndSee(KEY.enter, 'Email address');
    await w.type(KEY.ctrlU);
    await w.typeAndSee('not-an-email', '✗ an email address');
  });

  it('select, list and integer questions of a streaming template', async () => {
    const streaming = repoTemplates().find((t) => t.manifest.questions.some((q) => q.type === 'select') && t.manifest.questions.some((q) => q.type === 'list'))!;
    const select = streaming.manifest.questions.find((q) => q.type === 'select')!;
    const list = streaming.manifest.questions.find((q) => q.type === 'list')!;
    const integer = streaming.manifest.questions.find((q) => q.type === 'integer')!;
    const answered = Object.fromEntries(
      streaming.manifest.questions.filter((q) => ![select.key, list.key, integer.key].includes(q.key)).map((q) => [q.key, expandDefault(q.default, builtinAnswers('clicks'))]),
    );
    const w = renderWizard(fixtureSetup({ templates: [streaming] }), prefill({ template: streaming.id, name: 'clicks', answers: answered }));
    const [first, second] = [streaming.manifest.questions.indexOf(select), streaming.manifest.questions.indexOf(list)];
    const order = [select, list, integer].sort((a, b) => streaming.manifest.questions.indexOf(a) - streaming.manifest.questions.indexOf(b));
    expect(first).toBeGreaterThanOrEqual(0);
    expect(second).toBeGreaterThanOrEqual(0);
    for (const q of order) {
      await w.see(q.prompt);
      if (q === select) {
        const other = select.choices!.find((c) => c.value !== select.default)!;
        await w.typeAndSee(KEY.down, `› ${other.label.slice(0, 20)}`);
        await w.see(other.value);
      } else if (q === list) {
        await w.type(KEY.ctrlU);
        await w.typeAndSee('web.clicks, bad topic!', '✗ "bad topic!"');
        await w.type(KEY.ctrlU);
        await w.typeAndSee('web.clicks, app.clicks', 'app.clicks');
        await w.seeMatch(/│ +\d+ [+▌ ] .*web\.clicks,app/);
        expect(w.frame()).not.toContain('✗');
      } else {
        await w.type(KEY.ctrlU);
        await w.typeAndSee('12x', 'expected a whole number');
        await w.type(KEY.ctrlU);
        await w.typeAndSee('0', `must be at least ${integer.min}`);
        await w.type(KEY.ctrlU);
        await w.typeAndSee('250', '250');
      }
      await w.type(KEY.enter);
    }
  });

  it('steps editor: add, rename, stage and dependencies; unknown dependencies and cycles show at once', async () => {
    const w = renderWizard(batch(), at({ answers: { display_name: 'X', schedule_cron: '0 0 2 * * ?', schedule_timezone: 'UTC' } }));
    await w.see('Steps (2)');
    await w.typeAndSee('a', 'Steps (3)');
    w.type(KEY.ctrlU);
    w.type('orders');
    await w.seeMatch(/task_key: orders/);
    w.type(KEY.enter);
    await w.typeAndSee(KEY.right, 'load (auto)');
    await w.seeMatch(/› 2 +orders +2 /);
    w.type('d');
    await w.typeAndSee('nope', 'depends on unknown step');
    w.type(KEY.ctrlU);
    w.type('clean');
    w.type(KEY.enter);
    await w.typeAndSee(KEY.down, '› 3');
    w.type('d');
    w.type('orders');
    await w.seeMatch(/dependency cycle: (clean → orders → clean|orders → clean → orders)/);
    await w.see('· not upda');
    w.type(KEY.enter);
    await w.typeAndSee(KEY.enter, '✗ dependency cycle');
    expect(w.frame()).toContain('Steps (3)');
    w.type('d');
    w.type(KEY.ctrlU);
    w.type(KEY.enter);
    await w.typeAndSee(KEY.enter, 'Email someone?');
  });

  it('env: each env with its host, and the preview marks the highlighted target', async () => {
    const w = renderWizard(batch(), at({ answers: { display_name: 'X', schedule_cron: '0 0 2 * * ?', schedule_timezone: 'UTC', steps: [{ step: 'load', stage: 0, sql_file: 'sql/load.sql' }], add_email: false } }));
    await w.see('Which environment');
    expect(w.frame()).toContain('https://loyalty-prod.cloud.databricks.com');
    await w.see('dev: "[dev <you>] [Loyalty2.0] [dev] X" · sched');
    await w.typeAndSee(KEY.down, 'target staging');
    expect(w.frame()).toMatch(/▌ {3}staging:/);
    await w.see('staging: "[Loyalty2.0] [staging] X" · on schedu');
  });

  it('profile: the one for the env workspace first, "none — generate only" last, no tokens', async () => {
    const w = renderWizard(batch(), at({ env: 'dev', answers: { display_name: 'X', schedule_cron: '0 0 2 * * ?', schedule_timezone: 'UTC', steps: [{ step: 'load', stage: 0, sql_file: 'sql/load.sql' }], add_email: false } }));
    const frame = await w.see('Databricks profile for dev');
    const order = ['› dev-sso', 'other', 'none — generate only'].map((t) => frame.indexOf(t));
    expect(order.every((i, k) => i >= 0 && (k === 0 || i > order[k - 1]!))).toBe(true);
    expect(frame).not.toMatch(/dapi|auth_type/);
  });

  it('profile without any profiles: only "none", with the login command for the env workspace', async () => {
    const w = renderWizard(fixtureSetup({ profiles: [] }), at({ env: 'staging', answers: { display_name: 'X', schedule_cron: '0 0 2 * * ?', schedule_timezone: 'UTC', steps: [{ step: 'load', stage: 0, sql_file: 'sql/load.sql' }], add_email: false } }));
    const frame = await w.see('› none — generate only');
    expect(frame).toContain('No profiles in /home/test/.databrickscfg');
    expect(questionSide(frame)).toContain('databricks auth login --host https://loyalty-staging.cloud.databricks.com --profile loyalty-staging');
  });

  it('profile when none is for the env workspace: "none" is picked, and the login command is shown', async () => {
    const w = renderWizard(batch(), at({ env: 'staging', answers: { display_name: 'X', schedule_cron: '0 0 2 * * ?', schedule_timezone: 'UTC', steps: [{ step: 'load', stage: 0, sql_file: 'sql/load.sql' }], add_email: false } }));
    const frame = await w.see('› none — generate only');
    expect(questionSide(frame)).toContain('None of these is for the staging workspace. To add one: databricks auth login --host https://loyalty-staging.cloud.databricks.com --profile loyalty-staging');
  });

  it('review lists the answers and the files; Enter writes; then the deploy question', async () => {
    const w = renderWizard(batch(), at({ env: 'dev', profile: 'dev-sso', answers: { display_name: 'Orders', schedule_cron: '0 0 2 * * ?', schedule_timezone: 'UTC', steps: [{ step: 'load', stage: 0, sql_file: 'sql/load.sql' }], add_email: false } }));
    const review = await w.see('pipelines/orders_etl/databricks.yml');
    expect(review).toContain('Review');
    expect(review).toContain('Display name');
    expect(questionSide(review)).toContain('Deploys "[dev <you>] [Loyalty2.0] [dev] Orders" · schedule paused · your schemas dev_<you>_* · runs as you');
    await w.typeAndSee(KEY.enter, 'Validate and deploy to dev now');
    expect(w.frame()).toContain('✓ Wrote pipelines/orders_etl/ (2 files)');
    expect(w.writes).toEqual([{ templateId: 'fixture_batch', name: 'orders_etl', answers: expect.objectContaining({ display_name: 'Orders' }) }]);
    w.type('y');
    w.type(KEY.enter);
    expect(await w.done()).toMatchObject({ status: 'written', deployNow: true, env: 'dev', profile: 'dev-sso' });
  });

  it('review names every answer by its question, never by its key', async () => {
    const streaming = repoTemplates().find((t) => t.manifest.questions.some((q) => q.key.length > 24))!;
    const resolved = resolveAnswers(streaming.manifest, 'clicks', {}, true).answers;
    const asked = streaming.manifest.questions.filter((q) => q.key in resolved);
    const answers = Object.fromEntries(asked.map((q) => [q.key, resolved[q.key]!]));
    const w = renderWizard(fixtureSetup({ templates: [streaming] }), prefill({ template: streaming.id, name: 'clicks', env: 'dev', profile: '', answers }));
    const review = questionSide(await w.see(asked[0]!.prompt));
    expect(review).toContain('Review');
    for (const q of asked) expect(review).not.toContain(q.key);
  });

  it('review warns when the profile is for another workspace, naming the one that is', async () => {
    const w = renderWizard(batch(), at({ env: 'dev', profile: 'other', answers: { display_name: 'Orders', schedule_cron: '0 0 2 * * ?', schedule_timezone: 'UTC', steps: [{ step: 'load', stage: 0, sql_file: 'sql/load.sql' }], add_email: false } }));
    const review = questionSide(await w.see('! profile'));
    expect(review).toMatch(/Profile +other/);
    expect(review).toContain('! profile "other" is for https://elsewhere.cloud.databricks.com, not the dev workspace; a deploy would refuse it: choose dev-sso');
    // Written, but no deploy is offered with a profile the deploy would refuse.
    const side = questionSide(await w.typeAndSee(KEY.enter, 'Print the commands to deploy later')).replace(/\s+/g, ' ');
    expect(side).toContain('Profile "other" is for another workspace, so the wizard will not deploy to dev with it.');
    expect(side).not.toContain('Validate and deploy');
    w.type('y');
    w.type(KEY.enter);
    expect(await w.done()).toMatchObject({ status: 'written', deployNow: false, profile: 'other' });
  });

  it('review: a profile that fits, or none, gets no warning', async () => {
    const w = renderWizard(batch(), at({ env: 'dev', profile: 'dev-sso', answers: { display_name: 'Orders', schedule_cron: '0 0 2 * * ?', schedule_timezone: 'UTC', steps: [{ step: 'load', stage: 0, sql_file: 'sql/load.sql' }], add_email: false } }));
    expect(questionSide(await w.see('pipelines/orders_etl/databricks.yml'))).not.toContain('! profile');
  });

  it('? opens help with the question\'s help text and the keys; Esc closes it', async () => {
    const w = renderWizard(batch(), at({ answers: { display_name: 'X', schedule_cron: '0 0 2 * * ?', schedule_timezone: 'UTC', steps: [{ step: 'load', stage: 0, sql_file: 'sql/load.sql' }] } }));
    await w.see('Email someone?');
    const help = await w.typeAndSee('?', 'Help — Email someone?');
    expect(help).toContain('Adds an address. Example: no');
    expect(help).toContain('Ctrl-C');
    await w.typeAndSee(KEY.escape, '› No');
    expect(w.frame()).not.toContain('Help —');
  });

  it('Esc goes back one question; Ctrl-C ends with "cancelled" and writes nothing', async () => {
    const w = renderWizard(batch(), at({}));
    await w.see('Display name');
    await w.typeAndSee(KEY.enter, 'Schedule');
    await w.typeAndSee(KEY.escape, 'Display name');
    w.type(KEY.ctrlC);
    expect(await w.done()).toEqual({ status: 'cancelled' });
    expect(w.writes).toEqual([]);
  });

  it('without colour no colour codes are drawn (only the cursor is inverse); with colour they are', async () => {
    const plain = renderWizard(batch(), at({}));
    await plain.see('Display name');
    const frames = plain.frames.join('');
    // eslint-disable-next-line no-control-regex
    expect(frames).not.toMatch(/\u001b\[(3\d|9\d|2|1)m/);
    expect(frames).toContain('\u001b[7m'); // the cursor
    cleanup();
    const coloured = renderWizard(batch(), at({}), { color: true });
    await coloured.see('Display name');
    // eslint-disable-next-line no-control-regex
    expect(coloured.frames.join('')).toMatch(/\u001b\[3\dm/);
  });
});

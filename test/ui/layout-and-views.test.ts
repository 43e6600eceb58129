import { describe, expect, it } from 'vitest';
import { fitLine, scrollToShow, wizardLayout, wrapText } from '../../src/ui/layout.js';
import { fitSegments, lineText } from '../../src/ui/lines.js';
import { columns } from '../../src/ui/text-width.js';
import { followPreview, scrollBy } from '../../src/ui/wizard/hooks/preview-follow.js';
import { createPreviewer } from '../../src/ui/wizard/preview.js';
import { inputLine } from '../../src/ui/wizard/views/text-question-lines.js';
import { previewLines, previewTitle } from '../../src/ui/wizard/views/preview-lines.js';
import { reviewLines } from '../../src/ui/wizard/views/review-lines.js';
import { rowWindow, stepsLines } from '../../src/ui/wizard/views/steps-lines.js';
import { questionHelp } from '../../src/ui/wizard/views/help-lines.js';
import { checkSteps, stepsEditor, applyStepsOp } from '../../src/ui/wizard/steps-editor.js';
import { resolveAnswers } from '../../src/core/scaffold.js';
import { listTemplateIds, loadTemplate } from '../../src/project/templates.js';
import { REPO, repoEnvs } from '../helpers/fixtures.js';
import { fixtureTemplate } from './helpers/wizard-fixtures.js';

describe('layout', () => {
  it('80x24: stacked, one line less than the terminal, the question side as tall as it needs', () => {
    const l = wizardLayout(80, 24, 6, true);
    expect(l).toMatchObject({ mode: 'stacked', height: 23, bodyHeight: 21, questionHeight: 6, previewRows: 14, previewWidth: 80 });
  });

  it('keeps at least 5 preview rows when the question side wants more', () => {
    expect(wizardLayout(80, 24, 40, true).previewRows).toBe(5);
  });

  it('≥ 100 columns: questions left, preview right, sharing the width', () => {
    const l = wizardLayout(160, 48, 6, true);
    expect(l.mode).toBe('side');
    expect(l.questionWidth + 1 + l.previewWidth).toBe(160);
    expect(l.previewRows).toBe(44);
  });

  it('≥ 120 columns: a text question leaves the preview 80 columns or more (a job name line whole); lists get more room than text', () => {
    for (const [columns, rows] of [[120, 40], [160, 48], [200, 50]] as const) {
      const text = wizardLayout(columns, rows, 8, true, 'narrow');
      expect(text.previewWidth, `${columns}x${rows}`).toBeGreaterThanOrEqual(80);
      expect(text.questionWidth + 1 + text.previewWidth).toBe(columns);
      expect(wizardLayout(columns, rows, 8, true, 'wide').questionWidth).toBeGreaterThan(text.questionWidth);
    }
  });

  it('without a preview the question side takes the body', () => {
    expect(wizardLayout(80, 24, 3, false)).toMatchObject({ questionHeight: 21, previewRows: 0 });
  });
});

describe('scrolling', () => {
  it('leaves the window alone when the line is in view, else puts it a third down', () => {
    expect(scrollToShow(10, 12, 100, 15)).toBe(10);
    expect(scrollToShow(10, 12, 100, 60)).toBe(56);
    expect(scrollToShow(10, 12, 100, 2)).toBe(0);
    expect(scrollToShow(95, 12, 100, undefined)).toBe(88);
  });

  it('follows the first changed line, then the env target, then the current answer', () => {
    const previewer = createPreviewer(repoEnvs());
    const template = fixtureTemplate();
    const base = { template, name: 'orders_etl', given: {}, env: 'dev' };
    const first = previewer.model({ ...base, focus: 'Orders ETL' });
    const f1 = followPreview({ offset: 0 }, first, 10);
    expect(f1.offset).toBeLessThanOrEqual(first.focusLine!);
    expect(f1.offset + 10).toBeGreaterThan(first.focusLine!);
    const prod = previewer.model({ ...base, env: 'prod', focus: 'Orders ETL' }, first);
    expect(followPreview(f1, prod, 10).offset).toBeLessThanOrEqual(prod.target!.start);
    const edited = previewer.model({ ...base, env: 'prod', given: { schedule_timezone: 'Europe/Amsterdam' } }, prod);
    const f3 = followPreview({ model: prod, offset: 0 }, edited, 10);
    expect(f3.offset + 10).toBeGreaterThan(edited.changedLines[0]!);
    expect(scrollBy(f3, -1000, 10).offset).toBe(0);
    expect(scrollBy(f3, 1000, 10).offset).toBe(edited.yamlLines.length - 10);
  });
});

describe('the preview at the end of the file', () => {
  it('stays full when the pane grows: the window moves up instead of leaving blank rows', () => {
    const model = createPreviewer(repoEnvs()).model({ template: fixtureTemplate(), name: 'orders_etl', given: {}, env: 'dev' });
    const total = model.yamlLines.length;
    const atEnd = scrollBy(followPreview({ offset: 0 }, model, 10), 1000, 10);
    expect(atEnd.offset).toBe(total - 10);
    const taller = followPreview(atEnd, model, 20);
    expect(taller.offset).toBe(total - 20);
    expect(followPreview(taller, model, 20)).toBe(taller);
  });
});

describe('steps editor at 80 columns', () => {
  const question = loadTemplate(REPO, 'batch_sql').manifest.questions.find((q) => q.type === 'steps')!;

  it("its help gives the example as steps, not as the JSON --set takes", () => {
    const help = questionHelp(question);
    expect(help).not.toContain('[{');
    expect(help).toMatch(/Example: setup_schemas \(stage 0\), \w+ \(stage 1\), \w+ \(stage 2\)\.$/);
  });

  it('a new step: what file it gets is said whole, on two lines when one is too short (a 45-column pane)', () => {
    const added = applyStepsOp(stepsEditor(question.default), { type: 'add' });
    const editor = { ...added, editing: undefined };
    const step = editor.steps[editor.selected]!.step;
    const lines = stepsLines({ prompt: question.prompt, editor, check: checkSteps(question, editor.steps) }, 45, 12).map(lineText);
    for (const l of lines) expect(columns(l), l).toBeLessThanOrEqual(45);
    expect(lines.join(' ').replace(/\s+/g, ' ')).toContain(`file sql/${step}.sql (new, with a placeholder query)`);
  });
});

describe('line views', () => {
  it('fits and wraps text to a width', () => {
    expect(fitLine('abcdef', 4)).toBe('abc…');
    expect(wrapText('one two three four', 9)).toEqual(['one two', 'three', 'four']);
    expect(wrapText('one two three four', 9, 2)).toEqual(['one two', 'three …']);
    expect(lineText(fitSegments([{ text: 'abc' }, { text: 'def' }], 5))).toBe('abcd…');
  });

  it('draws the cursor and scrolls a long input sideways', () => {
    expect(lineText(inputLine({ value: 'abc', cursor: 1 }, 20))).toBe('› abc');
    expect(inputLine({ value: 'abc', cursor: 3 }, 20).find((s) => s.tone === 'cursor')).toEqual({ text: ' ', tone: 'cursor' });
    const long = lineText(inputLine({ value: 'x'.repeat(100), cursor: 100 }, 20));
    expect(long.length).toBe(20);
    expect(long.startsWith('› …')).toBe(true);
  });

  it('measures wide characters in columns: fitting, wrapping and the input line never pass the width', () => {
    expect(fitLine('注文データ', 6)).toBe('注文…');
    expect(fitLine('注文', 4)).toBe('注文');
    expect(wrapText('注文 データ ETL', 7)).toEqual(['注文', 'データ', 'ETL']);
    expect(lineText(fitSegments([{ text: 'ab' }, { text: '😀😀😀' }], 6))).toBe('ab😀…');
    const wide = inputLine({ value: '注文データ ETL パイプライン 😀', cursor: 5 }, 20);
    expect(columns(lineText(wide))).toBeLessThanOrEqual(20);
    expect(wide.find((s) => s.tone === 'cursor')).toEqual({ text: ' ', tone: 'cursor' });
    const atEmoji = inputLine({ value: 'x😀y', cursor: 1 }, 20);
    expect(atEmoji.find((s) => s.tone === 'cursor')).toEqual({ text: '😀', tone: 'cursor' });
    const scrolled = lineText(inputLine({ value: '注'.repeat(40), cursor: 40 }, 20));
    expect(scrolled.startsWith('› …')).toBe(true);
    expect(columns(scrolled)).toBeLessThanOrEqual(20);
  });

  it('builds only the preview rows in view, marking changed lines and the target block', () => {
    const model = createPreviewer(repoEnvs()).model({ template: fixtureTemplate(), name: 'orders_etl', given: {}, env: 'staging' });
    const rows = previewLines(model, new Set([model.target!.start + 1]), model.target!.start, 3, 80).map(lineText);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatch(/^\s*\d+ ▌ {3}staging:$/);
    expect(rows[1]).toMatch(/^\s*\d+ \+ /);
  });

  it('a line too long for the pane keeps its end when it is the current answer or just changed, else its start', () => {
    const previewer = createPreviewer(repoEnvs());
    const model = previewer.model({ template: fixtureTemplate(), name: 'orders_etl', given: {}, env: 'dev', focus: 'Orders ETL' });
    const focus = model.focusLine!;
    expect(model.yamlLines[focus]).toContain('name: "[Loyalty2.0] [${bundle.target}] Orders ETL"');
    const [focused, next] = previewLines(model, new Set([focus + 1]), focus, 2, 30).map(lineText);
    expect(focused).toMatch(/ …[^…]*\] Orders ETL"$/);
    expect(next).toMatch(/\+ …/);
    expect(focused!.length).toBe(30);
    const [plain] = previewLines(model, new Set(), 0, 1, 30).map(lineText);
    expect(plain).toMatch(/ # Generated by [^…]*…$/);
  });

  it('the preview title keeps "not updated" readable when narrow, dropping the word "target" first', () => {
    const previewer = createPreviewer(repoEnvs());
    const good = previewer.model({ template: fixtureTemplate(), name: 'orders_etl', given: {}, env: 'dev' });
    const stale = previewer.model({ template: fixtureTemplate(), name: 'orders_etl', given: { schedule_cron: 'every day' }, env: 'dev' }, good);
    expect(stale.stale).toBe(true);
    expect(lineText(previewTitle(good, 0, 20, 53))).toMatch(/^── databricks\.yml · target dev · 1-20\/\d+ ─+$/);
    const narrow = lineText(previewTitle(stale, 0, 20, 53));
    expect(narrow).toMatch(/^── databricks\.yml · dev · 1-20\/\d+ · not updated: /);
    expect(narrow).toHaveLength(53);
    expect(lineText(previewTitle(stale, 0, 20, 160))).toMatch(/^── databricks\.yml · target dev · 1-20\/\d+ · not updated: schedule_cron: /);
  });

  it('keeps the selected step in the window of a long list', () => {
    expect(rowWindow(0, 30, 8)).toEqual({ start: 0, end: 8 });
    expect(rowWindow(15, 30, 8)).toEqual({ start: 11, end: 19 });
    expect(rowWindow(29, 30, 8)).toEqual({ start: 22, end: 30 });
    expect(rowWindow(1, 3, 8)).toEqual({ start: 0, end: 3 });
  });
});

describe('review lines', () => {
  for (const id of listTemplateIds(REPO)) {
    it(`${id}: every answer under its question's words, whole (wrapped, not cut), and no question key`, () => {
      const template = loadTemplate(REPO, id);
      const resolved = resolveAnswers(template.manifest, 'clicks', {}, true).answers;
      const asked = template.manifest.questions.filter((q) => q.key in resolved);
      for (const width of [45, 60, 80]) {
        const lines = reviewLines(
          {
            templateId: id,
            templateTitle: template.manifest.title,
            name: 'clicks',
            answers: Object.fromEntries(asked.map((q) => [q.key, resolved[q.key]!])),
            labels: Object.fromEntries(template.manifest.questions.map((q) => [q.key, q.prompt])),
            env: 'dev',
            envHost: 'https://loyalty-dev.cloud.databricks.com',
            profile: 'none',
            files: ['config.json'],
            problems: {},
          },
          width,
        ).map(lineText);
        for (const l of lines) expect(columns(l), l).toBeLessThanOrEqual(width);
        // The label column is the line up to the first run of two spaces; wrapped labels continue on the next lines.
        const labelText = lines.map((l) => l.split(/ {2,}/)[0]).join(' ').replace(/\s+/g, ' ');
        for (const q of asked) {
          expect(labelText, `${q.prompt} at ${width}`).toContain(q.prompt);
          if (q.key.includes('_')) expect(lines.join('\n')).not.toContain(q.key);
        }
      }
    });
  }
});

/** The wizard's review as plain lines: every answer, the environment and what it deploys, the profile and the files. */
import { summarizeAnswer } from '../wizard/views/review-lines.js';
import { NO_PROFILE } from '../wizard/profile-options.js';
import { askYesNo, say, type Back } from '../../session/line-ask.js';
import { questionHeader } from './question.js';
import { nameOf, templateOf, type PlainAnswers, type PlainRun } from './plain-state.js';

/** Prints the review; resolves true to write, false to cancel, BACK to change the last answer. */
export async function printReview(run: PlainRun, s: PlainAnswers, at: string): Promise<boolean | Back> {
  const template = templateOf(run, s);
  const name = nameOf(run, s);
  const prepared = run.previewer.prepare({ template, name, given: s.answers, env: s.env });
  // Each answer under its question's label (the words the user was asked), wrapped at words.
  const label = (key: string) => template.manifest.questions.find((q) => q.key === key)?.prompt.replace(/[:?]\s*$/, '') ?? key;
  const rows: [string, string][] = [
    ['Template', `${template.id} — ${template.manifest.title}`],
    ['Pipeline name', `${name} → pipelines/${name}/`],
    ...Object.entries(prepared.answers).map(([k, v]): [string, string] => [label(k), summarizeAnswer(v)]),
    ['Environment', `${s.env}  ${run.setup.envs[s.env]?.workspace.host ?? ''}`],
    ...(prepared.deployments?.[s.env] ? [['Deploys', prepared.deployments[s.env]!.replace(/^[^:]*: /, '')] as [string, string]] : []),
    ['Profile', s.profile && s.profile !== NO_PROFILE ? s.profile : 'none — generate only'],
  ];
  questionHeader(run.p, at, 'Review');
  for (const [k, v] of rows) say(run.p, `${k}: ${v}`, 2);
  const problems = Object.entries(prepared.problemsByKey).flatMap(([k, ms]) => ms.map((m) => (k ? `${label(k)}: ${m}` : m)));
  for (const problem of problems) say(run.p, `! ${problem}`, 2);
  say(run.p, `  Files (${prepared.files.length})`);
  for (const f of prepared.files) say(run.p, `    pipelines/${name}/${f}`);
  const check = (write: boolean) => (write && problems.length > 0 ? `fix first: ${problems[0]} (type < to go back)` : undefined);
  return askYesNo(run.p, 'Write these files?', true, { check });
}

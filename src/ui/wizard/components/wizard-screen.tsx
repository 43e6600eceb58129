import { Box } from 'ink';
import { useMemo } from 'react';
import { line, Lines, seg } from '../../lines.js';
import { isTooSmall, SIDE_BY_SIDE_MIN_COLUMNS, wizardLayout } from '../../layout.js';
import type { TerminalSize } from '../../terminal-size.js';
import type { PreviewModel } from '../preview.js';
import { NO_PROFILE } from '../profile-options.js';
import { canDeploy, currentQuestion, currentTemplate, effectiveName, profileWarning, progress } from '../selectors.js';
import type { WizardState } from '../state.js';
import { footerLine, headerLine } from '../views/chrome-lines.js';
import { helpLines, questionHelp } from '../views/help-lines.js';
import { footerHints, headerTitle, NAME_HELP, paneShare, preferredQuestionLines, questionPaneLines } from '../views/question-pane-lines.js';
import { reviewLines } from '../views/review-lines.js';
import { IntroScreen } from './intro-screen.js';
import { PreviewPane } from './preview-pane.js';
import { ScrollPane } from './scroll-pane.js';
import { TooSmallScreen } from './too-small-screen.js';

interface Props {
  readonly state: WizardState;
  /** Undefined until the first preview is ready (it never holds up the first frame). */
  readonly model: PreviewModel | undefined;
  readonly size: TerminalSize;
}

/**
 * Header, the screen's body (questions beside or above the preview), footer; exactly one line less than the terminal.
 * The help, the review below 100 columns and a deploy question without a CLI take the whole body; the help and the
 * review scroll. Below the minimum size only the size needed is shown.
 */
export function WizardScreen({ state, model, size }: Props) {
  const { screen } = state;
  // Where this screen is in the run changes with the accepted answers, not with each typed key.
  // (A hook, so before the early returns.)
  const at = useMemo(() => progress(state), [state.screen, state.answers, state.templateId, state.name]);
  if (isTooSmall(size.columns, size.rows)) return <TooSmallScreen size={size} />;
  if (screen.kind === 'intro' && !state.help) return <IntroScreen title={headerTitle(state)} size={size} />;
  const fullBody = state.help || (screen.kind === 'review' && size.columns < SIDE_BY_SIDE_MIN_COLUMNS) || (screen.kind === 'deploy' && !canDeploy(state));
  const share = state.help ? 'wide' : paneShare(state);
  const cap = wizardLayout(size.columns, size.rows, preferredQuestionLines(state), !fullBody, share);
  // Beside the preview, text stops one column short of the separator.
  const textWidth = cap.mode === 'side' ? cap.questionWidth - 1 : cap.questionWidth;
  const scrolling = state.help || screen.kind === 'review';
  const pane = state.help
    ? helpLines(helpTitle(state), helpText(state), Boolean(state.steps), textWidth)
    : screen.kind === 'review'
      ? reviewLines(reviewView(state, model, fullBody), textWidth)
      : questionPaneLines(state, model, textWidth, cap.questionHeight);
  // Stacked, the question side takes only the lines it has; the preview gets the rest.
  const layout = scrolling || fullBody ? cap : wizardLayout(size.columns, size.rows, pane.length, true, share);
  const header = headerLine(headerTitle(state), at ? `${at.index}/${at.total}` : '', size.columns);
  const footer = footerLine(footerHints(state, { scrolls: scrolling && pane.length > layout.questionHeight }), size.columns);
  const left = scrolling ? (
    <ScrollPane key={state.help ? 'help' : 'review'} lines={pane} width={layout.questionWidth} height={layout.questionHeight} ownsPageKeys={fullBody} />
  ) : (
    <Lines lines={pane} width={layout.questionWidth} height={layout.questionHeight} />
  );
  const preview =
    layout.previewRows > 0 ? <PreviewPane model={model} env={state.env} width={layout.previewWidth} rows={layout.previewRows} active={!state.help} /> : null;
  return (
    <Box flexDirection="column" width={size.columns} height={layout.height}>
      <Lines lines={[header]} width={size.columns} height={1} />
      <Box flexDirection={layout.mode === 'side' ? 'row' : 'column'} height={layout.bodyHeight}>
        {left}
        {layout.mode === 'side' && preview ? <Lines lines={Array.from({ length: layout.bodyHeight }, () => line(seg('│', 'muted')))} width={1} height={layout.bodyHeight} /> : null}
        {preview}
      </Box>
      <Lines lines={[footer]} width={size.columns} height={1} />
    </Box>
  );
}

function helpTitle(state: WizardState): string {
  if (state.screen.kind === 'name') return 'Pipeline name';
  return currentQuestion(state)?.prompt ?? 'the wizard';
}

function helpText(state: WizardState): string {
  const { kind } = state.screen;
  if (kind === 'name') return NAME_HELP;
  const q = currentQuestion(state);
  if (q) return questionHelp(q);
  if (kind === 'template') return 'Streaming templates read Kafka into bronze (Delta) or Lakebase Postgres; batch SQL builds silver and gold from bronze on a schedule.';
  if (kind === 'env') return 'Every pipeline has dev, staging and prod targets; this picks the one the preview marks and the deploy goes to.';
  if (kind === 'profile') return 'A profile from ~/.databrickscfg authenticates the deploy. "none" writes the files only.';
  return 'Answer each question; the databricks.yml preview follows every keystroke. Nothing is written before the review.';
}

/** The lines an edit adds and removes, each once, with where the file skips lines between them. */
function diffRows(model: PreviewModel | undefined) {
  const rows: { mark: '+' | '-'; text: string; gap: boolean }[] = [];
  let last = -1;
  model?.marks?.forEach((mark, i) => {
    if (mark === ' ') return;
    rows.push({ mark, text: model.yamlLines[i]!, gap: last >= 0 && i > last + 1 });
    last = i;
  });
  return rows;
}

/** What the review shows; `alone`: no preview beside it, so an edit's review shows its diff itself. */
function reviewView(state: WizardState, model: PreviewModel | undefined, alone: boolean) {
  const template = currentTemplate(state);
  return {
    templateId: template.id,
    templateTitle: template.manifest.title,
    name: effectiveName(state),
    answers: model?.answers ?? {},
    labels: Object.fromEntries(template.manifest.questions.map((q) => [q.key, q.prompt])),
    env: state.env,
    envHost: state.setup.envs[state.env]?.workspace.host ?? '',
    ...(model?.deployments?.[state.env] ? { deployment: model.deployments[state.env]!.replace(/^[^:]*: /, '') } : {}),
    profile: state.profile && state.profile !== NO_PROFILE ? state.profile : 'none — generate only',
    ...(profileWarning(state) ? { profileWarning: profileWarning(state)! } : {}),
    files: model?.files ?? [],
    problems: model?.problemsByKey ?? {},
    ...(state.notice ? { notice: state.notice } : {}),
    ...(state.prefill.edit ? { edit: { templateNote: state.prefill.edit.templateNote, changes: model?.changes ?? [], unused: model?.unused ?? [], ...(alone ? { diff: diffRows(model) } : {}) } } : {}),
  };
}

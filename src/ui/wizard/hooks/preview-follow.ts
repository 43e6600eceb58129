import { scrollToShow } from '../../layout.js';
import type { PreviewModel } from '../preview.js';

export interface PreviewFollow {
  readonly model?: PreviewModel;
  readonly offset: number;
}

/**
 * Where the preview window goes when a new model arrives: to the first line
 * the last edit changed; else to the env's target block when the env changed;
 * else to the line of the current answer when that moved. Otherwise it stays
 * where PgUp/PgDn left it, moved up when the pane got taller than what is left
 * below it (a window at the end of the file stays full, never trailed by blank rows).
 */
export function followPreview(previous: PreviewFollow, model: PreviewModel, rows: number): PreviewFollow {
  if (model === previous.model) {
    const offset = Math.min(previous.offset, Math.max(0, model.yamlLines.length - rows));
    return offset === previous.offset ? previous : { model, offset };
  }
  const prev = previous.model;
  let line: number | undefined;
  let top = false;
  if (model.changedLines.length > 0) line = model.changedLines[0];
  else if (prev && model.env !== prev.env && model.target) [line, top] = [model.target.start, true];
  else if (!prev || model.focusLine !== prev.focusLine) [line, top] = [model.focusLine, model.focusLine !== undefined && model.focusLine === model.target?.start];
  return { model, offset: scrollToShow(previous.offset, rows, model.yamlLines.length, line, 2, top ? 'top' : 'third') };
}

export function scrollBy(follow: PreviewFollow, delta: number, rows: number): PreviewFollow {
  const total = follow.model?.yamlLines.length ?? 0;
  return { ...follow, offset: Math.max(0, Math.min(Math.max(0, total - rows), follow.offset + delta)) };
}

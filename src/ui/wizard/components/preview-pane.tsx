import { Box, useInput } from 'ink';
import { memo, useMemo, useReducer, useRef } from 'react';
import { Lines } from '../../lines.js';
import { followPreview, scrollBy, type PreviewFollow } from '../hooks/preview-follow.js';
import type { PreviewModel } from '../preview.js';
import { deploymentLine, preparingTitle, previewLines, previewTitle } from '../views/preview-lines.js';

interface Props {
  readonly model: PreviewModel | undefined;
  /** Named in the title while the first preview is prepared. */
  readonly env: string;
  readonly width: number;
  readonly rows: number;
  /** PgUp/PgDn scroll it; off while the help is open. */
  readonly active: boolean;
}

/** The live databricks.yml: only the rows in view are drawn. */
export const PreviewPane = memo(function PreviewPane({ model, env, width, rows, active }: Props) {
  const follow = useRef<PreviewFollow>({ offset: 0 });
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  const deployment = model && rows > 4 ? model.deployments?.[model.env] : undefined;
  // The deployment line takes one of the rows; the file gets the rest.
  const fileRows = deployment ? rows - 1 : rows;
  if (model) follow.current = followPreview(follow.current, model, fileRows);
  useInput(
    (_input, key) => {
      const page = Math.max(1, fileRows - 2);
      if (key.pageUp) follow.current = scrollBy(follow.current, -page, fileRows);
      else if (key.pageDown) follow.current = scrollBy(follow.current, page, fileRows);
      else return;
      redraw();
    },
    { isActive: active },
  );
  const changed = useMemo(() => new Set(model?.changedLines), [model]);
  const { offset } = follow.current;
  const lines = useMemo(
    () =>
      model
        ? [previewTitle(model, offset, fileRows, width), ...(deployment ? [deploymentLine(deployment, width)] : []), ...previewLines(model, changed, offset, fileRows, width)]
        : [preparingTitle(env, width)],
    [model, env, changed, offset, fileRows, width, deployment],
  );
  return (
    <Box flexDirection="column" width={width}>
      <Lines lines={lines} width={width} height={rows + 1} />
    </Box>
  );
});

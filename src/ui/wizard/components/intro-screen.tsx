import { Box } from 'ink';
import { Lines } from '../../lines.js';
import { isTooSmall, wizardLayout } from '../../layout.js';
import type { TerminalSize } from '../../terminal-size.js';
import { footerLine, headerLine } from '../views/chrome-lines.js';
import { INTRO_HINTS } from '../views/question-pane-lines.js';
import { introLines } from '../views/intro-lines.js';
import { TooSmallScreen } from './too-small-screen.js';

/**
 * The first screen: what the wizard will do and how the pieces fit. It needs nothing
 * read from disk, so it is drawn while templates and configs are still being read.
 */
export function IntroScreen({ title, size }: { readonly title: string; readonly size: TerminalSize }) {
  if (isTooSmall(size.columns, size.rows)) return <TooSmallScreen size={size} />;
  const layout = wizardLayout(size.columns, size.rows, 0, false);
  return (
    <Box flexDirection="column" width={size.columns} height={layout.height}>
      <Lines lines={[headerLine(title, '', size.columns)]} width={size.columns} height={1} />
      <Lines lines={introLines(size.columns)} width={size.columns} height={layout.bodyHeight} />
      <Lines lines={[footerLine(INTRO_HINTS, size.columns)]} width={size.columns} height={1} />
    </Box>
  );
}

import { useApp, useInput } from 'ink';
import { useEffect, useRef, useState } from 'react';
import { readKeys } from '../../keys.js';
import { useTerminalSize } from '../../terminal-size.js';
import type { EarlyKey } from '../hooks/use-wizard-keys.js';
import type { WizardPrefill, WizardResult } from '../types.js';
import { IntroScreen } from './intro-screen.js';
import { WizardApp, type WizardAppProps } from './wizard-app.js';

/** What the wizard needs from disk: the setup and what is built from it. */
export type WizardWorld = Pick<WizardAppProps, 'setup' | 'previewer' | 'write'>;

export interface WizardBootProps {
  /** Reads templates, env configs and profiles; throws a UserError when they are broken. */
  readonly load: () => WizardWorld;
  readonly prefill: WizardPrefill;
  readonly onDone: (result: WizardResult) => void;
  /** Loading failed: the app has ended; the caller reports the error once Ink is gone. */
  readonly onLoadError: (error: unknown) => void;
}

/**
 * Shows the intro at once and reads the setup right after that frame is on screen, so
 * the first frame does not wait for YAML and schemas. Keys typed meanwhile are kept for
 * the wizard (Ctrl-C quits at once).
 */
export function WizardBoot({ load, prefill, onDone, onLoadError }: WizardBootProps) {
  const [world, setWorld] = useState<WizardWorld>();
  const early = useRef<EarlyKey[]>([]);
  const { exit } = useApp();
  const size = useTerminalSize();
  useInput(
    (input, key) => {
      if (readKeys(input, key).some((press) => press.name === 'quit')) {
        onDone({ status: 'cancelled' });
        exit();
      } else early.current.push([input, key]);
    },
    { isActive: world === undefined },
  );
  useEffect(() => {
    // A macrotask: Ink has written the intro before the synchronous reading starts.
    const timer = setTimeout(() => {
      try {
        setWorld(load());
      } catch (error) {
        onLoadError(error);
        exit();
      }
    }, 0);
    return () => clearTimeout(timer);
  }, [load, onLoadError, exit]);
  if (!world) return <IntroScreen title="New pipeline" size={size} />;
  return <WizardApp {...world} prefill={prefill} onDone={onDone} earlyKeys={early.current} />;
}

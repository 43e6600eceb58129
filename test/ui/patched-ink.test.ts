import * as ink from 'ink';
import { render } from 'ink-testing-library';
import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script without types
import { PATCHED_INK } from '../../scripts/build-patched-ink.mjs';

/**
 * The UI tests run twice (vitest.config.ts): against the published Ink, and in the
 * `patched-ink` project against Ink bundled with the build's patches. Each run checks it
 * really has the Ink it claims, so the second run cannot silently test the first one's.
 */
const patched = process.env.LOYALTY_TEST_INK === 'patched';

describe(`the UI tests in this project run against ${patched ? 'the patched Ink bundle' : 'the published Ink'}`, () => {
  it('`ink` is that module, for the tests and for ink-testing-library alike', async () => {
    const bundle = (await import(PATCHED_INK as string)) as typeof ink;
    expect(ink.render === bundle.render).toBe(patched);
    // ink-testing-library renders with its own import of `ink`: the component sees its fake
    // stdin only when both are the same module (else Ink's context is another copy's).
    let seen: unknown;
    const Probe = () => {
      seen = ink.useStdin().stdin;
      return null;
    };
    const app = render(createElement(Probe));
    try {
      expect(seen).toBe(app.stdin);
    } finally {
      app.unmount();
    }
  });
});

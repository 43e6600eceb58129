import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script without types
import { lazyStringWidth } from '../../scripts/esbuild-plugins.mjs';
import { REPO } from '../helpers/fixtures.js';

type Width = (text: string, options?: { ambiguousIsNarrow?: boolean; countAnsiEscapeCodes?: boolean }) => number;

/** Each string-width copy the product bundles (Ink's and listr2's come from different majors). */
const copies = {
  ink: join(REPO, 'node_modules/string-width/index.js'),
  listr2: join(REPO, 'node_modules/listr2/node_modules/string-width/index.js'),
};

const dir = mkdtempSync(join(tmpdir(), 'lw-string-width-'));
const loaded: Record<string, { original: Width; patched: Width }> = {};

beforeAll(async () => {
  for (const [name, entry] of Object.entries(copies)) {
    const outfile = join(dir, `${name}.mjs`);
    await build({ entryPoints: [entry], bundle: true, format: 'esm', platform: 'node', outfile, plugins: [lazyStringWidth], logLevel: 'silent' });
    loaded[name] = {
      original: ((await import(pathToFileURL(entry).href)) as { default: Width }).default,
      patched: ((await import(pathToFileURL(outfile).href)) as { default: Width }).default,
    };
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Pieces a terminal line is made of: ASCII, the UI's glyphs, accents, wide CJK, emoji
// (with and without presentation selectors, joined, skin tones, flags), combining marks,
// Hangul jamo, zero-width characters and colour codes.
const pieces = [
  'a', 'Z', ' ', '~', '─', '│', '▶', '→', '↵', '•', '·', '…', '✔', '✖', '⚠', '❯', '◼', '◻', 'é', 'ß', 'Ω', 'Ж', 'ẞ',
  '中', '文', 'ｱ', 'Ａ', '😀', '❤', '❤️', '☺', '☺︎', '👍🏽', '👨‍👩‍👧', '🇳🇱', '1️⃣', '#⃣', 'e\u0301', '\u0301', 'ᄀ', 'ᅡ', 'ᆨ',
  '\u200b', '\u00ad', '\t', '\u001b[31m', '\u001b[39m', '\u001b[1;32m', '\u001b]8;;https://x\u0007', '\u009b0m', '\u2028',
];

describe('the string-width patch (lazy segmenter and emoji set, one-column fast path)', () => {
  for (const name of Object.keys(copies)) {
    it(`${name}: every character of the fast path's blocks measures as the original does`, () => {
      const { original, patched } = loaded[name]!;
      for (let code = 0x20; code <= 0x2bff; code++) {
        const char = String.fromCodePoint(code);
        if (patched(char) !== original(char)) expect(`U+${code.toString(16)} ${patched(char)}`).toBe(`U+${code.toString(16)} ${original(char)}`);
        const framed = `\u001b[2m${char}x\u001b[22m`;
        if (patched(framed) !== original(framed)) expect(`U+${code.toString(16)} framed ${patched(framed)}`).toBe(`${original(framed)}`);
      }
    });

    it(`${name}: any mix of glyphs, emoji, marks and colour codes measures as the original does, with every option`, () => {
      const { original, patched } = loaded[name]!;
      fc.assert(
        fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 12 }), fc.boolean(), fc.boolean(), (parts, ambiguousIsNarrow, countAnsiEscapeCodes) => {
          const text = parts.join('');
          const options = { ambiguousIsNarrow, countAnsiEscapeCodes };
          expect(patched(text, options)).toBe(original(text, options));
          expect(patched(text)).toBe(original(text));
        }),
        { numRuns: 2000 },
      );
    });
  }

  it('the bundled file no longer builds the segmenter or the emoji set when it is loaded', () => {
    const source = readFileSync(join(dir, 'ink.mjs'), 'utf8');
    expect(source).toMatch(/segmenterOnce \?\?= new Intl\.Segmenter\(\)/);
    expect(source).toMatch(/rgiEmojiOnce \?\?= new RegExp\(/);
    expect(source).not.toMatch(/^const segmenter = new Intl\.Segmenter/m);
  });
});

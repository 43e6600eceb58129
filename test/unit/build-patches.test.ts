import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script without types
import * as plugins from '../../scripts/esbuild-plugins.mjs';
import { REPO } from '../helpers/fixtures.js';

const { yogaWithoutFetch, inkOutputCachesAcrossFrames, inkCachedTextWidth, lazyStringWidth } = plugins as Record<string, Plugin>;

const root = mkdtempSync(join(tmpdir(), 'lw-build-patches-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A copy of one installed package file under a fresh node_modules, with `edit` applied to it. */
function installed(pkg: string, version: string, file: string, edit: (source: string) => string): string {
  const dir = mkdtempSync(join(root, 'p-'));
  const path = join(dir, 'node_modules', pkg, file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(join(dir, 'node_modules', pkg, 'package.json'), JSON.stringify({ name: pkg, version, type: 'module' }));
  writeFileSync(path, edit(readFileSync(join(REPO, 'node_modules', pkg, file), 'utf8')));
  return path;
}

async function buildError(entry: string, plugin: Plugin): Promise<string> {
  const built = build({ entryPoints: [entry], bundle: true, write: false, format: 'esm', platform: 'node', plugins: [plugin], logLevel: 'silent', external: ['*'] });
  const error = await built.then(() => undefined, (e: unknown) => e);
  expect(error, 'the build fails').toBeInstanceOf(Error);
  return (error as Error).message;
}

const patches = [
  { plugin: inkOutputCachesAcrossFrames, pkg: 'ink', version: '6.8.0', file: 'build/output.js', text: 'caches = new OutputCaches();' },
  { plugin: inkCachedTextWidth, pkg: 'ink', version: '6.8.0', file: 'build/render-node-to-output.js', text: 'const currentWidth = widestLine(text);' },
  { plugin: yogaWithoutFetch, pkg: 'yoga-layout', version: '3.2.1', file: 'dist/binaries/yoga-wasm-base64-esm.js', text: 'typeof fetch' },
  { plugin: lazyStringWidth, pkg: 'string-width', version: '8.3.0', file: 'index.js', text: 'const segmenter = new Intl.Segmenter();' },
  { plugin: lazyStringWidth, pkg: 'string-width', version: '8.3.0', file: 'index.js', text: 'const rgiEmojiRegex = /^\\p{RGI_Emoji}$/v;' },
  { plugin: lazyStringWidth, pkg: 'string-width', version: '8.3.0', file: 'index.js', text: 'export default function stringWidth(' },
];

describe('a build patch whose target text is gone fails the build, naming package, version, file and text', () => {
  for (const { plugin, pkg, version, file, text } of patches) {
    it(`${plugin!.name}: ${pkg}@${version} ${file} without ${JSON.stringify(text)}`, async () => {
      const entry = installed(pkg, version, file, (source) => {
        expect(source, 'the installed file has the text today').toContain(text);
        return source.replaceAll(text, '/* changed upstream */');
      });
      const message = await buildError(entry, plugin!);
      expect(message).toContain(`${pkg}@${version}`);
      expect(message).toContain(entry);
      expect(message).toContain(`text not found: ${JSON.stringify(text)}`);
    });
  }
});

describe('a patched package at a version its patch was not written for fails the build', () => {
  for (const { plugin, pkg, file } of patches.filter((p, i, all) => all.findIndex((q) => q.plugin === p.plugin) === i)) {
    it(`${plugin!.name}: ${pkg}@99.0.0`, async () => {
      const entry = installed(pkg, '99.0.0', file, (source) => source);
      const message = await buildError(entry, plugin!);
      expect(message).toContain(`${pkg}@99.0.0`);
      expect(message).toContain(entry);
      expect(message).toMatch(/written for .* only/);
    });
  }
});

describe('every patched package is pinned to the exact version its patch was written for', () => {
  const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  for (const [pkg, version] of [['ink', '6.8.0'], ['string-width', '8.3.0'], ['listr2', '9.0.5']] as const) {
    it(`${pkg} is "${version}" in package.json`, () => expect(manifest.dependencies[pkg]).toBe(version));
  }
});

/**
 * `npm install` says only what matters: no funding line, no update notice, and
 * no install-scripts warning for a dependency the project means to run (npm 11
 * warns about every install script that package.json's allowScripts does not cover).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers/fixtures.js';

const npmrc = () =>
  readFileSync(join(REPO, '.npmrc'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#') && !l.startsWith(';'));

describe('install noise', () => {
  it('.npmrc turns off the funding line and the update notice', () => {
    expect(npmrc()).toEqual(expect.arrayContaining(['fund=false', 'update-notifier=false']));
  });

  it('every locked package with an install script is allowed by name in package.json', () => {
    const lock = JSON.parse(readFileSync(join(REPO, 'package-lock.json'), 'utf8')) as { packages: Record<string, { hasInstallScript?: boolean }> };
    const allowed = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { allowScripts?: Record<string, boolean> }).allowScripts ?? {};
    const withScripts = Object.entries(lock.packages)
      .filter(([, p]) => p.hasInstallScript)
      .map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length));
    expect(withScripts.length).toBeGreaterThan(0);
    for (const name of withScripts) expect(allowed[name], name).toBe(true);
  });
});

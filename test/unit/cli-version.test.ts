import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cliVersion } from '../../src/databricks/bundle-commands.js';
import type { DatabricksCliConfig } from '../../src/databricks/run-cli.js';
import { fakeCalls, fakeCliEnv } from '../helpers/fake-cli.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'loyalty-wizard-version-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const config = (version: string): DatabricksCliConfig => ({ executable: 'databricks', env: { ...process.env, ...fakeCliEnv(dir, { FAKE_DATABRICKS_VERSION: version }) } });
const versionCalls = () => fakeCalls(dir).filter((c) => c.argv[0] === '--version').length;

describe('databricks --version: asked once per command run', () => {
  it('one config (what deploy --all shares): asked once however often the answer is wanted', async () => {
    const cli = config('0.280.0');
    const answers = await Promise.all([cliVersion(cli, dir), cliVersion(cli, dir), cliVersion(cli, dir)]);
    expect(answers.map((a) => a.version)).toEqual(['0.280.0', '0.280.0', '0.280.0']);
    expect(versionCalls()).toBe(1);
  });

  it('a later run in the same process (a new config, the same executable) asks again and gets the CLI it now finds', async () => {
    expect(await cliVersion(config('0.280.0'), dir)).toEqual({ version: '0.280.0', hasPlan: true });
    expect(await cliVersion(config('0.250.0'), dir)).toEqual({ version: '0.250.0', hasPlan: false });
    expect(versionCalls()).toBe(2);
  });
});

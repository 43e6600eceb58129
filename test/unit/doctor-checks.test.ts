import { describe, expect, it } from 'vitest';
import { BUNDLE_HELP_TIMEOUT_MS, bundleCommandsCheck } from '../../src/cli/commands/doctor.js';
import { explainCliFailure, explainCliKilled } from '../../src/core/cli-failures.js';
import { DatabricksCliError, DatabricksCliTimeoutError } from '../../src/databricks/run-cli.js';

const COMMAND = 'databricks bundle --help';
const failed = (stderr: string, code = 1) => new DatabricksCliError(COMMAND, code, [stderr.trim()], explainCliFailure(stderr, {}));

describe('doctor: what bundle --help failing means', () => {
  it('answering: the bundle commands are there', () => {
    expect(bundleCommandsCheck(undefined)).toEqual({ name: 'bundle-commands', status: 'ok', message: 'bundle commands available' });
  });

  it('the legacy Python CLI (click: "No such command"): no bundle commands, with its words, and the upgrade', () => {
    const c = bundleCommandsCheck(failed("Error: No such command 'bundle'.\n", 2));
    expect(c.message).toBe(`this Databricks CLI has no "bundle" command (databricks bundle --help: Error: No such command 'bundle'.)`);
    expect(c.fix).toMatch(/^upgrade the Databricks CLI/);
  });

  it('a timeout: says it was stopped, never that the commands are missing', () => {
    const c = bundleCommandsCheck(new DatabricksCliTimeoutError(COMMAND, BUNDLE_HELP_TIMEOUT_MS));
    expect(c).toMatchObject({ status: 'fail', message: 'databricks bundle --help did not finish within 30 s and was stopped' });
    expect(c.fix).toContain('see where it hangs');
    expect(`${c.message} ${c.fix}`).not.toMatch(/no "bundle"|upgrade/);
  });

  it('a crash: the signal, and the fix for a crash', () => {
    const c = bundleCommandsCheck(new DatabricksCliError(COMMAND, 1, [], explainCliKilled('SIGSEGV'), 'SIGSEGV'));
    expect(c.message).toBe('databricks bundle --help was killed by SIGSEGV: the Databricks CLI was killed by SIGSEGV (it crashed)');
    expect(c.fix).toMatch(/^run it again/);
  });
});

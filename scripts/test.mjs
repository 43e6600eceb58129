#!/usr/bin/env node
// `npm test`: type-check and lint side by side (each is one single-threaded process), print
// their output in a fixed order, then run vitest only when both passed. Extra arguments go to
// vitest (`npm test -- test/unit`).
import { Buffer } from 'node:buffer';
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);

/** The package.json scripts, run through the npm that runs this one (so their flags live in one place). */
const npm = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ['npm'];
const CHECKS = ['typecheck', 'lint'].map((name) => ({ name, command: npm[0], args: [...npm.slice(1), 'run', '--silent', name] }));

/** Run a command with its output collected; resolves with the exit code and the output. */
function collect({ command, args }) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks = [];
    child.stdout.on('data', (c) => chunks.push(c));
    child.stderr.on('data', (c) => chunks.push(c));
    child.on('error', (error) => resolve({ code: 1, output: `${error.message}\n` }));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output: Buffer.concat(chunks).toString() }));
  });
}

function inherit(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
    child.on('error', () => resolve(1));
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const results = await Promise.all(CHECKS.map(collect));
let failed = false;
for (const [i, { code, output }] of results.entries()) {
  process.stdout.write(`> ${CHECKS[i].name}${code === 0 ? ': ok' : `: failed (exit ${code})`}\n${output}`);
  failed ||= code !== 0;
}
if (failed) process.exit(1);
process.exit(await inherit(bin('vitest'), ['run', ...process.argv.slice(2)]));

/**
 * Every string that reaches databricks.yml reads back as exactly that string,
 * whatever it holds: the yaml package (what this product reads with) and
 * PyYAML (a strict YAML 1.1 reader; python3-yaml, installed by .ci/run) both
 * give back what was written, and the file holds no raw character a strict
 * reader refuses or changes.
 */
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderYaml } from '../../src/core/index.js';
import { missing } from '../helpers/prerequisites.js';
import { findPython } from '../python/python-runner.js';

/** Code points anywhere in Unicode, with the troublesome ones much more likely than by chance. */
const troublesome = [0x00, 0x07, 0x09, 0x0a, 0x0d, 0x1b, 0x7f, 0x80, 0x85, 0x9b, 0x9f, 0xa0, 0x2028, 0x2029, 0xfeff, 0xfffe, 0xffff, 0xd800, 0xdfff, 0x1f600, 0x10ffff, 0x22, 0x5c, 0x27, 0x23, 0x3a];
const codePoint = fc.oneof(fc.integer({ min: 0, max: 0x10ffff }), fc.constantFrom(...troublesome), fc.integer({ min: 0x20, max: 0x7e }));
const anyString = fc.array(codePoint, { maxLength: 24 }).map((cps) => cps.map((cp) => String.fromCodePoint(cp)).join(''));

// What strict readers refuse or read as something else when written raw.
// eslint-disable-next-line no-control-regex
const RAW_UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]/u;

describe('YAML round trip of any string', () => {
  it('the yaml package reads every string back, and the file holds no raw unsafe character', () => {
    fc.assert(
      fc.property(anyString, (s) => {
        const text = renderYaml({ description: s, tags: { [s || 'k']: s } });
        expect(RAW_UNSAFE.test(text)).toBe(false);
        expect(parse(text)).toEqual({ description: s, tags: { [s || 'k']: s } });
      }),
      { numRuns: 2000 },
    );
  });

  it('escapes what JSON leaves raw: DEL, C1 controls, NEL, line and paragraph separators, BOM', () => {
    expect(renderYaml({ a: 'x\u007fy\u009b\u0085z\u2028\u2029\ufeff' })).toBe('a: "x\\u007fy\\u009b\\u0085z\\u2028\\u2029\\ufeff"\n');
  });

  const python = findPython(['yaml']);
  it.skipIf(missing('python3 with PyYAML', !!python, 'apt-get install python3-yaml'))('PyYAML, a strict reader, reads every string back', () => {
    const samples = fc.sample(anyString, { numRuns: 3000, seed: 42 });
    const text = renderYaml({ values: samples });
    const script = 'import json, sys, yaml\nprint(json.dumps(yaml.safe_load(sys.stdin.read())["values"], ensure_ascii=True))';
    const r = spawnSync(python!, ['-c', script], { input: text, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    expect(r.stderr).toBe('');
    const back = JSON.parse(r.stdout) as string[];
    expect(back.length).toBe(samples.length);
    for (let i = 0; i < samples.length; i++) expect(back[i], JSON.stringify(samples[i])).toBe(samples[i]);
  });
  if (!python) console.warn('test/unit/yaml-roundtrip: no python3 with PyYAML (Debian: apt-get install python3-yaml), so the PyYAML round trip is skipped');
});

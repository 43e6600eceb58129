import { describe, expect, it } from 'vitest';
import { findJsonSyntaxProblem } from '../../src/core/json-scan.js';

describe('findJsonSyntaxProblem', () => {
  it.each([
    ['{"a": 1,}', 8, /expected a "quoted" key, found "}" \(trailing comma\?\)/],
    ['{"a": [1, 2,]}', 12, /expected a value, found "\]"/],
    ['{"a" 1}', 5, /expected ":"/],
    ['{"a": "x\ny"}', 8, /line break/],
    ['{"a": 1', 7, /the end of the file/],
    ['{"a": tru}', 6, /unexpected "t"/],
  ])('%j', (text, offset, message) => {
    const p = findJsonSyntaxProblem(text)!;
    expect(p.offset).toBe(offset);
    expect(p.message).toMatch(message);
  });
  it('valid JSON has no problem', () => {
    expect(findJsonSyntaxProblem('{"a": [1, -2.5e3, "x\\u00e9", true, null, {}]}')).toBeUndefined();
  });
});

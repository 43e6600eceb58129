/** Walk parsed JSON without `any`: dig(v, 'a', 'b', 0). */
export function dig(value: unknown, ...path: (string | number)[]): unknown {
  let cur = value;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[p];
  }
  return cur;
}

export const parseJson = (text: string): unknown => JSON.parse(text) as unknown;

import { describe, expect, it } from 'vitest';
import { describeWarehouse, parseWarehouse, runsSqlTasks } from '../../src/core/index.js';

describe('SQL warehouses for SQL file tasks', () => {
  it('Pro and Serverless run them, Classic does not', () => {
    expect(runsSqlTasks(parseWarehouse({ warehouse_type: 'PRO', enable_serverless_compute: false }, 'a'))).toBe(true);
    expect(runsSqlTasks(parseWarehouse({ warehouse_type: 'PRO', enable_serverless_compute: true }, 'a'))).toBe(true);
    const classic = parseWarehouse({ name: 'old', warehouse_type: 'CLASSIC' }, 'abc');
    expect(runsSqlTasks(classic)).toBe(false);
    expect(describeWarehouse(classic)).toBe('"old" (abc), Classic');
    expect(runsSqlTasks(parseWarehouse('not json', 'x'))).toBe(false);
  });
});

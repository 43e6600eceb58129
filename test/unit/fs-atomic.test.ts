import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { replaceFilesAtomic, writeDirAtomic, writeFileAtomic } from '../../src/project/fs-atomic.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lw-atomic-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('writeFileAtomic', () => {
  it('replaces a file whole and leaves no temp file', async () => {
    writeFileSync(join(dir, 'a.yml'), 'old');
    await writeFileAtomic(join(dir, 'a.yml'), 'new');
    expect(readFileSync(join(dir, 'a.yml'), 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['a.yml']);
  });
  it('on failure the old file stays and no temp file is left', async () => {
    writeFileSync(join(dir, 'a.yml'), 'old');
    // Renaming a file over a non-empty directory fails.
    await expect(writeFileAtomic(join(dir, 'a.yml', 'x'), 'new')).rejects.toThrow();
    expect(readFileSync(join(dir, 'a.yml'), 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['a.yml']);
  });
});

describe('writeDirAtomic', () => {
  it('creates the folder with every file', async () => {
    await writeDirAtomic(join(dir, 'p'), new Map([['config.json', '{}'], ['sql/a.sql', 'SELECT 1']]));
    expect(readFileSync(join(dir, 'p/sql/a.sql'), 'utf8')).toBe('SELECT 1');
    expect(readdirSync(dir)).toEqual(['p']);
  });
  it('a failure half-way leaves nothing behind', async () => {
    // "a" as a file and then "a/b" as a file inside it cannot both be written.
    const files = new Map([['a', 'x'], ['a/b', 'y']]);
    let sawTemp: string | undefined;
    await expect(writeDirAtomic(join(dir, 'p'), files, (t) => (sawTemp ??= t))).rejects.toThrow();
    expect(sawTemp).toBeDefined();
    expect(existsSync(sawTemp!)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('replaceFilesAtomic', () => {
  it('replaces and adds every file, in new subfolders too, leaving no temp file', async () => {
    writeFileSync(join(dir, 'a.sql'), 'old');
    await replaceFilesAtomic(dir, new Map([['a.sql', 'new'], ['sql/b.sql', 'added']]));
    expect(readFileSync(join(dir, 'a.sql'), 'utf8')).toBe('new');
    expect(readFileSync(join(dir, 'sql', 'b.sql'), 'utf8')).toBe('added');
    expect(readdirSync(dir).sort()).toEqual(['a.sql', 'sql']);
  });

  it('a rename failing half-way puts back what was replaced and removes what was added: all files or none', async () => {
    writeFileSync(join(dir, 'a.sql'), 'old');
    mkdirSync(join(dir, 'c.sql', 'inside'), { recursive: true });
    // a.sql and b.sql are renamed into place first; renaming over the non-empty folder c.sql then fails.
    await expect(replaceFilesAtomic(dir, new Map([['a.sql', 'new'], ['b.sql', 'added'], ['c.sql', 'x']]))).rejects.toThrow();
    expect(readFileSync(join(dir, 'a.sql'), 'utf8')).toBe('old');
    expect(existsSync(join(dir, 'b.sql'))).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(['a.sql', 'c.sql']);
  });

  it('refuses a path out of the folder before writing anything', async () => {
    await expect(replaceFilesAtomic(dir, new Map([['ok.sql', 'x'], ['../out.sql', 'x']]))).rejects.toThrow(/not a path inside the folder/);
    expect(readdirSync(dir)).toEqual([]);
  });
});

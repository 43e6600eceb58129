import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { batchConfig, NOTEBOOK, REPO, SQL, streamingConfig } from './fixtures.js';
import { removeTree } from './tree.js';

export interface MiniProject {
  dir: string;
  write(rel: string, content: string): void;
  cleanup(): void;
}

/**
 * A small project of its own: the repo's config/, a streaming pipeline
 * `orders` and a batch pipeline `etl`, plus the repo's templates/ when asked.
 */
export function miniProject(opts: { templates?: boolean } = {}): MiniProject {
  const dir = mkdtempSync(join(tmpdir(), 'loyalty-wizard-mini-'));
  cpSync(join(REPO, 'config'), join(dir, 'config'), { recursive: true });
  if (opts.templates) cpSync(join(REPO, 'templates'), join(dir, 'templates'), { recursive: true });
  const write = (rel: string, content: string) => {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), content);
  };
  write('pipelines/orders/config.json', JSON.stringify(streamingConfig(), null, 2));
  write('pipelines/orders/notebooks/ingest.py', NOTEBOOK);
  write('pipelines/etl/config.json', JSON.stringify(batchConfig(), null, 2));
  for (const f of ['setup', 'clean', 'summary', 'gold']) write(`pipelines/etl/sql/${f}.sql`, SQL);
  return { dir, write, cleanup: () => removeTree(dir) };
}

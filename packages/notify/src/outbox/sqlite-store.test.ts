import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openOutboxStore } from './open-store.js';
import { outboxStoreContract } from './store-contract.js';

const dir = mkdtempSync(join(tmpdir(), 'esemes-outbox-'));
let file = '';
let files = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

outboxStoreContract(
  'sqlite file (two instances per file)',
  () => openOutboxStore(`sqlite:${file}`),
  { describe, it, expect, beforeEach, afterEach },
  {
    fresh: () => {
      files += 1;
      file = join(dir, `nested/outbox-${files}.db`);
    },
  },
);

outboxStoreContract('sqlite::memory:', () => openOutboxStore('sqlite::memory:'), { describe, it, expect, beforeEach, afterEach }, { shared: false });

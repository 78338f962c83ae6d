// `npm test` runs the `.chat` suite of test/transcripts through the real bot's harness, one test per file, so a
// failing transcript shows up in vitest with the same report `npm run transcripts` prints.
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_HARNESS, loadFactory } from '../src/adapters/transcript/cli.js';
import { formatFileResult } from '../src/adapters/transcript/report.js';
import type { FileResult } from '../src/adapters/transcript/run.js';
import { DEFAULT_FOLDER, collectChatFiles, runFiles } from '../src/adapters/transcript/suite.js';

const files = collectChatFiles([DEFAULT_FOLDER]);
describe('transcripts (test/transcripts)', () => {
  const results = new Map<string, FileResult>();

  beforeAll(async () => {
    const factory = await loadFactory(DEFAULT_HARNESS);
    for (const r of await runFiles(files, factory, { concurrency: 4 })) results.set(r.file, r);
  }, 120_000);

  it.each(files)('%s', (file) => {
    const r = results.get(file);
    expect(r, `${file} did not run`).toBeDefined();
    if (r && !r.passed) expect.fail(formatFileResult(r));
  });
});

/**
 * Child process for the cross-process file store test: runs `count` turns on one conversation, each a
 * read-modify-conditional-write retried on conflict, and a timer sweep; prints what it did as JSON.
 */
import { StoreConflictError } from '../../src/services/errors.js';
import { createFileStore } from '../../src/services/store/file.store.js';

const [dir, prefix, countText] = process.argv.slice(2);
if (!dir || !prefix || !countText) throw new Error('usage: file-turns.child.ts <dir> <prefix> <count>');
const store = createFileStore({ dir, clock: { now: () => Date.now() } });
let conflicts = 0;
for (let i = 0; i < Number(countText); i++) {
  for (;;) {
    const cur = await store.conversations.get('shared');
    if (!cur) throw new Error('conversation missing');
    try {
      await store.conversations.save({ ...cur.value, seen: [...cur.value.seen, `${prefix}-${i}`] }, cur.etag);
      break;
    } catch (e) {
      if (!(e instanceof StoreConflictError)) throw e;
      conflicts++;
    }
  }
}
const fired = (await store.timers.claimDue(Number.MAX_SAFE_INTEGER, 1000, 60_000)).map((t) => t.id);
await store.close();
process.stdout.write(JSON.stringify({ conflicts, fired }));

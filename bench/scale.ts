/** 5. Scale: runs scale-child.ts once per store (a fresh process each, so RSS is the store's and the bot's). */
import { spawnTs } from './lib/proc.js';
import type { BenchResult, Row } from './lib/report.js';

interface Level {
  conversations: number; rssMiB: number; rssPerConversationBytes: number; heapPerConversationBytes: number; diskPerConversationBytes?: number;
  turnP50: number; turnP99: number; populateSeconds: number;
}

export async function benchScale(o: { memory: number[]; file: number[]; turns: number }): Promise<BenchResult> {
  const bench = '5 scale';
  const rows: Row[] = [];
  for (const [kind, levels] of [['memory', o.memory], ['file', o.file]] as const) {
    if (levels.length === 0) continue;
    const child = spawnTs('bench/scale-child.ts', {}, 'RESULT ', ['--expose-gc', '--max-old-space-size=3072'], [kind, levels.join(','), String(o.turns)]);
    const result = JSON.parse(await child.ready) as Level[];
    await child.stop();
    const first = result[0];
    for (const l of result) {
      const flat = first ? l.turnP50 / first.turnP50 : 1;
      rows.push(
        kind === 'memory'
          ? { bench, metric: `${kind} store, ${l.conversations.toLocaleString('en-US')} conversations: memory per conversation`, value: l.heapPerConversationBytes, unit: 'bytes',
            note: `JS heap after GC; RSS ${l.rssMiB.toFixed(0)} MiB (${(l.rssPerConversationBytes / 1024).toFixed(1)} KB/conversation); populated in ${l.populateSeconds.toFixed(1)}s` }
          : { bench, metric: `${kind} store, ${l.conversations.toLocaleString('en-US')} conversations: disk per conversation`, value: l.diskPerConversationBytes ?? 0, unit: 'bytes',
            note: `documents on disk, not in memory: heap ${(l.heapPerConversationBytes).toFixed(0)} B/conversation after GC, RSS ${l.rssMiB.toFixed(0)} MiB; populated in ${l.populateSeconds.toFixed(1)}s` },
        { bench, metric: `${kind} store, ${l.conversations.toLocaleString('en-US')} conversations: turn p50 / p99`, value: l.turnP50, unit: 'ms', baseline: l.turnP99,
          ...(first && l !== first ? { ratio: flat, target: 'flat', ok: flat < 2 } : {}), note: `baseline column = p99; ratio = p50 vs ${first?.conversations} conversations` },
      );
    }
  }
  return { rows };
}

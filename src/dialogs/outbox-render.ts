import type { OutboxItem, StoredConversation } from '../services/store.port.js';
import { statePath, type Renderer, type Say } from './prompts/render.js';
import type { Reply } from './reply.js';
import type { Snapshot } from './snapshot.js';

/**
 * Outbox items stored as render instructions (OutboxItem.render): a turn's replies as the prompts it said, rendered
 * again against the state stored in the same document by whoever sends them later.
 */
export function outboxRendering(renderer: Renderer, logger: { error(obj: object, msg: string): void }) {
  /**
   * Reply `index` of `says`, rendered against the state stored in `doc` (see OutboxItem.render); undefined if that
   * no longer gives a reply (a document damaged, or prompts changed by a deploy in between): logged, not sent.
   */
  function materialise(doc: StoredConversation, item: OutboxItem): Reply | undefined {
    const state = doc.snapshot as { value?: unknown; context?: Snapshot['context'] } | undefined;
    const reply = item.render && state?.context
      ? renderer.render(item.render.says as Say[], { value: statePath(state.value), context: state.context })[item.render.index]
      : undefined;
    if (reply === undefined) logger.error({ conversationId: doc.id, outboxId: item.id }, 'outbox reply cannot be rendered again; dropped');
    return reply;
  }
  const rendered = (doc: StoredConversation, item: OutboxItem): OutboxItem | undefined => {
    const { render: _render, ...rest } = item;
    const reply = materialise(doc, item);
    return reply === undefined ? undefined : { ...rest, reply };
  };
  const compact = (item: OutboxItem, says: Say[], index: number): OutboxItem => {
    const { reply: _reply, ...rest } = item;
    return { ...rest, render: { says, index } };
  };
  return { materialise, rendered, compact };
}

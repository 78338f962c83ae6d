import type { HandoffCase, SalesDesk } from '../outside.port.js';

/**
 * One desk for the conversations `own` picks (the playground's, when it is exposed in a deployment) and another for
 * the rest (real channels): a tester's sales view then never lists, claims or answers a real customer's case, and a
 * visitor's case never reaches the real sales space. Case ids are routed by the desk that opened them.
 */
export function routeSalesDesk(
  ownsConversation: (conversationId: string) => boolean,
  own: SalesDesk & { get(caseId: string): unknown },
  rest: SalesDesk,
): SalesDesk {
  const byCase = (caseId: string): SalesDesk => (own.get(caseId) !== undefined ? own : rest);
  const byConversation = (conversationId: string): SalesDesk => (ownsConversation(conversationId) ? own : rest);
  return {
    open: (c: HandoffCase) => byConversation(c.conversationId).open(c),
    relay: (caseId, text) => byCase(caseId).relay(caseId, text),
    end: (caseId, why) => byCase(caseId).end(caseId, why),
    callback: (caseId, contact) => byCase(caseId).callback(caseId, contact),
    forget: (conversationId) => byConversation(conversationId).forget(conversationId),
  };
}

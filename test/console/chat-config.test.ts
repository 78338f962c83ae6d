import { userInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { CHAT_USAGE, ChatUsageError, freshConversationName, loadChatOptions } from '../../src/adapters/console/chat-config.js';

const env = { DATA_DIR: '/tmp/unused-chat-config' };
const piped = { interactive: false };
const tty = { interactive: true };

describe('loadChatOptions: which conversation', () => {
  it('piped without --conversation: a fresh name every run, marked fresh', () => {
    const a = loadChatOptions([], env, piped);
    const b = loadChatOptions([], env, piped);
    expect(a.fresh).toBe(true);
    expect(a.conversation).toMatch(/^piped-\d{8}-\d{6}-\d{3}-[0-9a-f]{12}$/);
    expect(b.conversation).not.toBe(a.conversation);
  });

  it('--conversation NAME is continued (or started), piped or not', () => {
    for (const mode of [piped, tty]) {
      const o = loadChatOptions(['--conversation', 'jane'], env, mode);
      expect(o).toMatchObject({ conversation: 'jane', fresh: false });
    }
    expect(loadChatOptions(['--conversation=ivan'], env, piped).conversation).toBe('ivan');
  });

  it('in a terminal the default is the user name, continued from run to run', () => {
    const o = loadChatOptions([], env, tty);
    expect(o.fresh).toBe(false);
    expect(o.conversation).toBe(userInfo().username || 'me');
    expect(loadChatOptions([], env, tty).conversation).toBe(o.conversation);
  });

  it('--data wins over DATA_DIR; an unknown option or a missing value is a usage error', () => {
    expect(loadChatOptions(['--data', '/tmp/elsewhere'], env, piped).config.DATA_DIR).toBe('/tmp/elsewhere');
    expect(() => loadChatOptions(['--fresh'], env, piped)).toThrow(ChatUsageError);
    expect(() => loadChatOptions(['--conversation'], env, piped)).toThrow(/needs a value/);
  });

  it('--help lists every option', () => {
    expect(loadChatOptions(['--help'], env, piped).help).toBe(true);
    for (const opt of ['--locale', '--data', '--conversation', '--record', '--help']) expect(CHAT_USAGE).toContain(opt);
  });
});

describe('freshConversationName', () => {
  it('sorts by the time of the run and differs within one millisecond', () => {
    const at = Date.UTC(2026, 11, 3, 22, 14, 5, 7);
    const a = freshConversationName(at);
    expect(a.startsWith('piped-20261203-221405-007-')).toBe(true);
    expect(freshConversationName(at)).not.toBe(a);
    expect(freshConversationName(at + 1) > a).toBe(true);
  });
});

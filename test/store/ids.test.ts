import { describe, expect, it } from 'vitest';
import { isSafeId, safeId, SAFE_ID_MAX_LENGTH } from '../../src/services/store/ids.js';

const TEAMS = `a:1Fx3-${'k9ZqP2'.repeat(40)}`;

describe('safeId', () => {
  it('passes short safe ids through unchanged', () => {
    for (const id of ['c1', 'Y2lzY29zcGFyazovL3VzL1JPT00vYmQ4ZTQ2YzA=', '19:abc@thread.tacv2', 'msg-41:0']) expect(safeId(id)).toBe(id);
  });

  it('hashes long or unsafe ids to a stable, unsalted, Cosmos-safe id', () => {
    for (const raw of [TEAMS, 'room/with/slashes', 'what?#x', 'has space', '', 'x'.repeat(SAFE_ID_MAX_LENGTH + 1)]) {
      const id = safeId(raw);
      expect(id).not.toBe(raw);
      expect(id).toBe(safeId(raw));
      expect(isSafeId(id)).toBe(true);
      expect(id).not.toMatch(/[/\\?#\s]/);
      expect(id.length).toBeLessThanOrEqual(84);
      expect(safeId(id)).toBe(id);
    }
    // Known value: pins the algorithm, so a change that would orphan stored documents fails here.
    expect(safeId('room/1')).toBe('room_1~szImgGdoFVcZe_QPTZUsk3uRYDF0tMzkiVd8vcXC4Uo');
  });

  it('keeps distinct raw ids distinct, including ones sharing a long prefix', () => {
    expect(safeId(`${TEAMS}A`)).not.toBe(safeId(`${TEAMS}B`));
    expect(safeId('a/b')).not.toBe(safeId('a?b'));
  });
});

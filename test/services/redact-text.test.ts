import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REDACTIONS, redactText } from '../../src/services/redact-text.js';

/** Every pattern applied, whatever the text: what redactText must always equal (its checks only skip work). */
const everyPattern = (text: string): string => REDACTIONS.reduce((t, r) => t.replace(r.pattern, r.replacement), text);

const FRAGMENTS = [
  '4111 1111 1111 1111', '4111-1111-1111-1111', '123456', '123 456', '12', ' ', ', ', '\n', 'Bearer abc.def', 'basic QUJD==',
  'smtp://user:pass@host', 'https://u:p@x.example/', '/pay/abcdefghijklmnopqrstuv', 'jane123456@acme.com', '@', '://',
  '100 Congress Ave', '221B Baker Street', 'ул. Тверская, 7', 'Hauptstraße 5', 'Ringstr. 12', 'STRASSE 3', 'Gartenweg 9a',
  'Total: 1,350.00 USD', '+1 512 555 0100', 'Straße', 'ring', 'during 2 weeks', 'pay', 'Привет', 'ok',
];

describe('redactText', () => {
  it('equals applying every pattern in order, for texts mixing secrets, addresses and plain words', () => {
    fc.assert(fc.property(fc.array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 8 })), { maxLength: 12 }), (parts) => {
      const text = parts.join('');
      expect(redactText(text)).toBe(everyPattern(text));
    }), { numRuns: 3_000 });
  });

  it('masks what it is there for', () => {
    expect(redactText('card 4111 1111 1111 1111, code 123 456, mail jane@acme.com')).toBe('card [card], code [code], mail j***@acme.com');
    expect(redactText('Hauptstraße 5, 10115 Berlin')).toBe('[street], 10115 Berlin');
    expect(redactText('Authorization: Bearer abc.def')).toBe('Authorization: Bearer [redacted]');
    expect(redactText('nothing to hide here')).toBe('nothing to hide here');
    // A mistyped card (no Luhn) and the separators the understanding takes for a card.
    expect(redactText('карта 2202 2061 2345 6780, на год')).toBe('карта [card], на год');
    expect(redactText('card 5100.1234.5678.9010 or 5100–1234–5678–9010')).toBe('card [card] or [card]');
  });
});

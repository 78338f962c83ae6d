/** `.chat` files through the transcript parser and environments through loadConfig: typed errors only, never a crash. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTranscript } from '../../src/adapters/transcript/parse.js';
import { TranscriptParseError } from '../../src/adapters/transcript/transcript.types.js';
import { ConfigError, ConfigSchema, loadConfig } from '../../src/config.js';
import { fuzzRuns, fuzzTimeout, hostileText, report } from './support.js';

const LINE_STARTS = ['user: ', 'user clicks: ', 'user submits: ', 'bot: ', 'bot!: ', 'buttons: ', 'state: ', 'order: ', 'sales: ', 'agent: ',
  'event: ', 'wait: ', 'mail: ', '@channel ', '@locale ', '@user ', '@account ', '@now ', '@include ', '# ', '', '  '];
const line = fc.tuple(fc.constantFrom(...LINE_STARTS), fc.oneof(hostileText(80), fc.constantFrom('/x(/', '/[/', 'webex', 'ru', 'a@b.c', '5 minutes', 'cart', '{{code}}', '../x.chat', '/etc/passwd')))
  .map(([a, b]) => a + b);
const chatFile = fc.oneof(fc.array(line, { maxLength: 30 }).map((l) => l.join('\n')), fc.string({ maxLength: 500 }));

describe('fuzz: .chat files through the parser', () => {
  it('parses or throws TranscriptParseError with a line number', () => {
    const runs = fuzzRuns(500);
    const read = (p: string): string => { throw new TranscriptParseError(p, 0, 'no includes in the fuzzer'); };
    fc.assert(fc.property(chatFile, (text) => {
      try {
        parseTranscript('fuzz.chat', text, read);
      } catch (err) {
        expect(err, String(err)).toBeInstanceOf(TranscriptParseError);
      }
    }), { numRuns: runs });
    report('.chat parser', runs);
  }, fuzzTimeout(500, 2));
});

const KEYS = Object.keys(ConfigSchema.shape);
const value = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('', ' ', '0', '-1', '1e309', 'NaN', 'true', 'yes', 'memory', 'cosmos', 'http://x', 'ru', '99999999999'),
  fc.integer().map(String), hostileText(40));

describe('fuzz: environments through loadConfig', () => {
  it('returns a config or throws ConfigError naming a variable', () => {
    const runs = fuzzRuns(500);
    fc.assert(fc.property(fc.dictionary(fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 10 })), value, { maxKeys: 12 }), (env) => {
      try {
        const c = loadConfig(env);
        expect(c.PORT).toBeGreaterThanOrEqual(0);
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        expect((err as ConfigError).issues.length).toBeGreaterThan(0);
      }
    }), { numRuns: runs });
    report('config (loadConfig)', runs);
  }, fuzzTimeout(500, 2));
});

import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main, parseArgs } from '../../src/adapters/transcript/cli.js';
import { junitXml, xml } from '../../src/adapters/transcript/report.js';
import type { FileResult } from '../../src/adapters/transcript/run.js';
import { collectChatFiles, runFiles } from '../../src/adapters/transcript/suite.js';
import { createTranscriptBot } from './fake-bot.js';

const HARNESS = 'test/transcript-runner/fake-bot.ts';
const GOOD = '# Good <one> & "fine"\n@account jane@acme.com\nuser: suite\nstate: renewal\n';
const BAD = '# Bad\nuser: suite\nbot: /monthly only/\n';

function suite(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'chat-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(['--harness', HARNESS, ...argv], { out: (l) => { out += `${l}\n`; }, err: (l) => { err += `${l}\n`; } });
  return { code, out, err };
}

describe('files and folders', () => {
  it('finds .chat files recursively, sorted, skipping _fragments unless named', () => {
    const dir = suite({ 'b.chat': GOOD, 'a/x.chat': GOOD, '_parts/p.chat': 'user: x', '_q.chat': 'user: x', 'notes.md': '' });
    expect(collectChatFiles([dir]).map((f) => f.slice(dir.length + 1))).toEqual(['a/x.chat', 'b.chat']);
    expect(collectChatFiles([join(dir, '_q.chat'), dir])).toHaveLength(3);
  });

  it('runs files in parallel, keeping their order', async () => {
    const dir = suite(Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`f${i}.chat`, i === 4 ? BAD : GOOD])));
    const results = await runFiles(collectChatFiles([dir]), createTranscriptBot, { concurrency: 3 });
    expect(results.map((r) => r.passed)).toEqual([true, true, true, true, false, true, true, true, true]);
  });
});

describe('the command', () => {
  it('exits 0 when all pass, with one line per file, the summary and coverage', async () => {
    const dir = suite({ 'a.chat': GOOD, 'b.chat': GOOD });
    const r = await cli([dir]);
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines.filter((l) => l.startsWith('PASS  '))).toHaveLength(2);
    expect(lines).toContain('2 passed, 0 failed');
    expect(r.out).toContain('steps covered 2/18: plan, renewal');
    expect(r.out).toContain('steps missed: licenses, callback, cart');
    expect(r.out).toContain('transitions covered 1/8');
    expect(r.out).toContain('  renewal -> CHOOSE_RENEWAL -> licenses');
  });

  it('exits 1 on a failure and reports file:line, the expectation and the turn', async () => {
    const dir = suite({ 'a.chat': GOOD, 'b.chat': BAD, 'c.chat': '# Broken\nuser: hi\nbogus: x\n' });
    const r = await cli([dir]);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`FAIL  ${dir}/b.chat  Bad`);
    expect(r.out).toContain(`      at ${dir}/b.chat:3  bot: /monthly only/\n      expected a bot message in this turn that matches /monthly only/\n`
      + '        this turn (user: suite) produced 2 messages\n        1. "Webex Suite (Meet + Call), good choice."');
    expect(r.out).toContain(`FAIL  ${dir}/c.chat  c.chat`);
    expect(r.out).toContain(`      ${dir}/c.chat:3: unknown step "bogus:"`);
    expect(r.out).toContain('\n1 passed, 2 failed\n');
  });

  it('reports a failure inside an included file with the include chain', async () => {
    const dir = suite({ 'main.chat': '# M\n@include _p/steps.chat\n', '_p/steps.chat': 'user: suite\nstate: cart\n' });
    const r = await cli([dir]);
    expect(r.out).toContain(`at ${dir}/_p/steps.chat:2 (included from ${dir}/main.chat:2)  state: cart`);
  });

  it('writes JUnit XML with --junit', async () => {
    const dir = suite({ 'a.chat': GOOD, 'b.chat': BAD });
    const file = join(dir, 'out.xml');
    expect((await cli([dir, '--junit', file])).code).toBe(1);
    const x = readFileSync(file, 'utf8');
    expect(x).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites tests="2" failures="1" time="[\d.]+">/);
    expect(x).toContain('name="' + `${dir}/a.chat: Good &lt;one&gt; &amp; &quot;fine&quot;` + '"');
    expect(x).toContain(`<failure message="${dir}/b.chat:3: expected a bot message in this turn that matches /monthly only/" type="StepFailed">FAIL  ${dir}/b.chat  Bad`);
  });

  it('exits 2 on usage errors, missing files, a missing harness', async () => {
    expect((await cli(['--update'])).err).toContain('--update is not offered');
    expect((await cli(['--bogus'])).code).toBe(2);
    expect((await cli(['--junit'])).code).toBe(2);
    expect((await cli(['/no/such/dir'])).code).toBe(2);
    expect((await cli([suite({ 'x.txt': '' })])).err).toContain('no .chat files');
    const noHarness = await main([suite({ 'a.chat': GOOD }), '--harness', 'test/transcript-runner/match.test.ts'], { out: () => undefined, err: () => undefined });
    expect(noHarness).toBe(2);
  });

  it('parses options', () => {
    expect(parseArgs(['a', '--concurrency', '8', '--timeout', '500', 'b'])).toEqual({
      paths: ['a', 'b'], concurrency: 8, timeoutMs: 500, harness: 'src/adapters/transcript/harness.ts',
    });
    expect(parseArgs(['--concurrency', '0'])).toBe('--concurrency needs a positive whole number');
  });
});

describe('XML escaping', () => {
  it('escapes markup, quotes, line breaks, and drops control characters', () => {
    expect(xml('a<b>&"c"\'\n\u0007')).toBe('a&lt;b&gt;&amp;&quot;c&quot;&apos;&#10;');
    const r: FileResult = {
      file: 'x.chat', title: 't', passed: false, ms: 1, error: 'x.chat:1: bad ]]> <tag>', stepsReached: [], transitionsTaken: [], allTransitions: [],
    };
    expect(junitXml([r], 1)).toContain('<failure message="x.chat:1: bad ]]&gt; &lt;tag&gt;" type="Error">FAIL  x.chat  t (1 ms)\n      x.chat:1: bad ]]&gt; &lt;tag&gt;</failure>');
  });
});

describe('coverage', () => {
  it('counts steps passed through within a turn, from the transitions taken', async () => {
    const { coverage } = await import('../../src/adapters/transcript/suite.js');
    const r: FileResult = {
      file: 'x.chat', title: 't', passed: true, ms: 1, stepsReached: ['consent', 'provisioning'],
      transitionsTaken: ['consent -> YES -> placing', 'placing -> ORDER_PLACED -> provisioning.waiting', '(root) -> START -> (self)'],
      allTransitions: ['consent -> YES -> placing', 'consent -> NO -> (self)'],
    };
    const c = coverage([r], ['consent', 'placing', 'provisioning', 'done']);
    expect(c.steps).toEqual({ covered: ['consent', 'placing', 'provisioning'], missed: ['done'] });
    expect(c.transitions.missed).toEqual(['consent -> NO -> (self)']);
    expect(c.transitions.total).toBe(4);
  });
});

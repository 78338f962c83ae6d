import type { FileResult } from './run.js';
import type { Coverage } from './suite.js';

export function location(r: FileResult): string | undefined {
  const f = r.failure;
  if (!f) return undefined;
  const via = f.at.via.map((v) => ` (included from ${v.file}:${v.line})`).reverse().join('');
  return `${f.at.file}:${f.at.line}${via}`;
}

/** One line per file; under a failing one, where, what was expected and what the turn produced. */
export function formatFileResult(r: FileResult): string {
  const head = `${r.passed ? 'PASS' : 'FAIL'}  ${r.file}  ${r.title} (${Math.round(r.ms)} ms)`;
  if (r.passed) return head;
  const lines = [head];
  if (r.failure) {
    lines.push(`      at ${location(r)}  ${r.failure.raw}`);
    lines.push(`      expected ${r.failure.expected}`);
    for (const a of r.failure.actual) lines.push(`        ${a}`);
  }
  if (r.error !== undefined) lines.push(`      ${r.error}`);
  return lines.join('\n');
}

export function summaryLine(results: FileResult[]): string {
  const passed = results.filter((r) => r.passed).length;
  return `${passed} passed, ${results.length - passed} failed`;
}

export function formatCoverage(c: Coverage): string {
  const steps = c.steps.covered.length + c.steps.missed.length;
  const lines = [
    `steps covered ${c.steps.covered.length}/${steps}: ${c.steps.covered.join(', ') || '-'}`,
    `steps missed: ${c.steps.missed.join(', ') || 'none'}`,
    `transitions covered ${c.transitions.covered.length}/${c.transitions.total}`,
  ];
  if (c.transitions.total === 0) lines.push('transitions missed: (the harness lists no transitions)');
  else if (c.transitions.missed.length === 0) lines.push('transitions missed: none');
  else lines.push(`transitions missed (${c.transitions.missed.length}):`, ...c.transitions.missed.map((t) => `  ${t}`));
  return lines.join('\n');
}

export function formatReport(results: FileResult[], c: Coverage, elapsedMs: number): string {
  return [
    ...results.map(formatFileResult),
    '',
    summaryLine(results),
    `(${results.length} files in ${(elapsedMs / 1000).toFixed(2)} s)`,
    formatCoverage(c),
  ].join('\n');
}

/** JUnit XML: one testsuite, one testcase per file, the failure's report as its body. */
export function junitXml(results: FileResult[], elapsedMs: number): string {
  const failures = results.filter((r) => !r.passed).length;
  const cases = results.map((r) => {
    const open = `  <testcase classname="transcripts" name="${xml(`${r.file}: ${r.title}`)}" file="${xml(r.file)}" time="${secs(r.ms)}"`;
    if (r.passed) return `${open}/>`;
    const message = r.failure ? `${location(r)}: expected ${r.failure.expected}` : (r.error ?? 'failed');
    return `${open}>\n    <failure message="${xml(message)}" type="${r.failure ? 'StepFailed' : 'Error'}">${xmlText(formatFileResult(r))}</failure>\n  </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites tests="${results.length}" failures="${failures}" time="${secs(elapsedMs)}">`,
    `<testsuite name="transcripts" tests="${results.length}" failures="${failures}" errors="0" time="${secs(elapsedMs)}">`,
    ...cases,
    '</testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

function secs(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/** Escapes element text; drops characters XML 1.0 cannot carry at all. */
export function xmlText(s: string): string {
  return s
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** Escapes an attribute value; line breaks become references so parsers keep them. */
export function xml(s: string): string {
  return xmlText(s).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\r/g, '&#13;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}

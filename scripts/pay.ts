/**
 * Completes a local test payment from the terminal, as the page's buttons would:
 *   npm run pay -- <payment url | token> [--decline] [--base http://localhost:3978]
 */
import { parseArgs } from 'node:util';

const DEFAULT_BASE = 'http://localhost:3978';

const USAGE = 'usage: npm run pay -- <payment url | token> [--decline] [--base http://localhost:3978]';

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { decline: { type: 'boolean', default: false }, base: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const input = positionals[0];
  if (values.help || !input || positionals.length > 1) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const target = actionUrl(input.trim(), values.base ?? DEFAULT_BASE, values.decline ? 'decline' : 'confirm');
  let res: Response;
  try {
    res = await fetch(target, { method: 'POST', headers: { accept: 'application/json' } });
  } catch (e) {
    console.error(`Cannot reach the bot at ${new URL(target).origin}: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
  const body = await res.text();
  const result = parseResult(body);
  const message: Record<string, string> = {
    succeeded: 'Payment confirmed; the conversation continues.',
    declined: 'Payment declined; the user can retry from the chat.',
    unknown: 'No such payment link.',
    used: 'This payment link has already been used.',
    expired: 'This payment link has expired.',
    undelivered: 'Recorded, but the bot did not acknowledge it; run the command again.',
  };
  console.log(message[result] ?? `Unexpected answer (HTTP ${res.status}): ${body.slice(0, 200)}`);
  return res.ok ? 0 : 1;
}

/** A full link keeps its own origin (and any path prefix before /pay/); a bare token uses --base. */
function actionUrl(input: string, base: string, action: 'confirm' | 'decline'): string {
  const at = input.indexOf('/pay/');
  if (at >= 0) {
    const token = input.slice(at + '/pay/'.length).split(/[/?#]/)[0] ?? '';
    return `${input.slice(0, at)}/pay/${encodeURIComponent(token)}/${action}`;
  }
  return `${base.replace(/\/+$/, '')}/pay/${encodeURIComponent(input)}/${action}`;
}

function parseResult(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === 'object' && parsed !== null && 'result' in parsed && typeof parsed.result === 'string') {
      return parsed.result;
    }
    return '';
  } catch (e) {
    // Not JSON (e.g. a proxy's error page): the caller prints the raw answer instead.
    return e instanceof SyntaxError ? '' : String(e);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exitCode = 1;
  },
);

// `npm run transcripts -- [files or folders...]`: runs `.chat` transcripts against the bot (TRANSCRIPTS.md).
import { main } from '../src/adapters/transcript/cli.js';

process.exitCode = await main(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});

import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The front end's sources: web/index.html and web/src/main.ts (which imports its CSS). */
export const WEB_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../web');

export interface WebBundle {
  html: string;
  js: string;
  css: string;
}

/**
 * Bundles the page in memory with esbuild at server start (a fraction of a second), so `npm install && npm start`
 * serves it on a fresh clone with no build step and nothing generated to commit or go stale. esbuild is loaded only
 * here, when the playground is on: a production install without dev dependencies never needs it.
 */
export async function buildWebBundle(dir: string = WEB_DIR): Promise<WebBundle> {
  const esbuild = await import('esbuild').catch((cause: unknown) => {
    throw new Error('the playground needs esbuild (a dev dependency): run `npm install`, or set PLAYGROUND=false', { cause });
  });
  const result = await esbuild.build({
    entryPoints: [join(dir, 'src/main.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    minify: true,
    write: false,
    outdir: 'out',
    logLevel: 'silent',
    legalComments: 'none',
    loader: { '.css': 'css' },
  });
  const js = result.outputFiles.find((f) => f.path.endsWith('.js'))?.text ?? '';
  const css = result.outputFiles.find((f) => f.path.endsWith('.css'))?.text ?? '';
  const html = await readFile(join(dir, 'index.html'), 'utf8');
  return { html, js, css };
}

/**
 * `npm run manifest`: fills manifest/manifest.json from the environment (MicrosoftAppId, PUBLIC_URL, optional
 * TEAMS_APP_VERSION), checks it and the icons against the v1.22 schema limits, and writes the zip to upload in
 * Teams. `npm run manifest -- --icons` redraws manifest/color.png and manifest/outline.png first.
 * Exit code 1 with the list of problems when the package would be refused.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildAppPackage, checkAppPackage, fillManifest } from '../src/adapters/teams/manifest/app-package.js';
import { drawColorIcon, drawOutlineIcon } from '../src/adapters/teams/manifest/icons.js';

export interface ManifestRun {
  /** Folder with manifest.json, color.png, outline.png. */
  dir: string;
  appId: string;
  publicUrl: string;
  version?: string;
  out: string;
  redrawIcons?: boolean;
}

export function runManifest(run: ManifestRun): { out: string; problems: string[] } {
  const template = readFileSync(join(run.dir, 'manifest.json'), 'utf8');
  if (run.redrawIcons) {
    const accent = /"accentColor":\s*"(#[0-9a-fA-F]{6})"/.exec(template)?.[1] ?? '#0A78CC';
    writeFileSync(join(run.dir, 'color.png'), drawColorIcon(accent));
    writeFileSync(join(run.dir, 'outline.png'), drawOutlineIcon());
  }
  const fill: Parameters<typeof fillManifest>[1] = { appId: run.appId, publicUrl: run.publicUrl };
  if (run.version) fill.version = run.version;
  const manifest = fillManifest(template, fill);
  const icons = new Map<string, Buffer>();
  for (const name of ['color.png', 'outline.png']) {
    try {
      icons.set(name, readFileSync(join(run.dir, name)));
    } catch (err) {
      // A missing icon is reported by the checks below, with the rest of the problems.
      if (!(err instanceof Error && 'code' in err && err.code === 'ENOENT')) throw err;
    }
  }
  const built = buildAppPackage(manifest, icons);
  if (built.problems.length > 0) return { out: run.out, problems: built.problems };
  // Check the zip as written, the way Teams will read it.
  const problems = checkAppPackage(built.zip);
  if (problems.length === 0) {
    mkdirSync(dirname(run.out), { recursive: true });
    writeFileSync(run.out, built.zip);
  }
  return { out: run.out, problems };
}

function main(): void {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const env = process.env;
  const appId = env['MicrosoftAppId'] ?? env['MICROSOFT_APP_ID'] ?? '';
  const publicUrl = env['PUBLIC_URL'] ?? '';
  if (!appId || !publicUrl) {
    console.error('manifest: set MicrosoftAppId (the bot app id) and PUBLIC_URL (https://your-host) first');
    process.exitCode = 1;
    return;
  }
  const run: ManifestRun = {
    dir: join(root, 'manifest'),
    appId,
    publicUrl,
    out: resolve(root, env['TEAMS_PACKAGE'] ?? 'dist/teams-app.zip'),
    redrawIcons: process.argv.includes('--icons'),
  };
  if (env['TEAMS_APP_VERSION']) run.version = env['TEAMS_APP_VERSION'];
  const result = runManifest(run);
  if (result.problems.length > 0) {
    console.error(`manifest: the package would be refused:\n- ${result.problems.join('\n- ')}`);
    process.exitCode = 1;
    return;
  }
  console.log(`manifest: wrote ${result.out}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();

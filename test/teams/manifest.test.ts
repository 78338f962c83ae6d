import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runManifest, type ManifestRun } from '../../scripts/manifest.js';
import { checkAppPackage } from '../../src/adapters/teams/manifest/app-package.js';
import { encodePng, readPng } from '../../src/adapters/teams/manifest/png.js';
import { readZip } from '../../src/adapters/teams/manifest/zip.js';

const MANIFEST_DIR = new URL('../../manifest/', import.meta.url);
const APP_ID = '0b5e8c3a-2f4d-4e6a-9b1c-7d8e9f0a1b2c';
const dirs: string[] = [];

/** A copy of manifest/ to break things in. */
function workspace(): ManifestRun {
  const dir = mkdtempSync(join(tmpdir(), 'teams-manifest-'));
  dirs.push(dir);
  for (const name of ['manifest.json', 'color.png', 'outline.png']) copyFileSync(new URL(name, MANIFEST_DIR), join(dir, name));
  return { dir, appId: APP_ID, publicUrl: 'https://bot.example.com/', out: join(dir, 'out', 'teams-app.zip') };
}

function editTemplate(run: ManifestRun, edit: (m: Record<string, unknown>) => void): void {
  const path = join(run.dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  edit(manifest);
  writeFileSync(path, JSON.stringify(manifest));
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('npm run manifest', () => {
  it('ships icons of the required sizes, the outline white on transparent', () => {
    const color = readPng(readFileSync(new URL('color.png', MANIFEST_DIR)));
    const outline = readPng(readFileSync(new URL('outline.png', MANIFEST_DIR)));
    expect([color.width, color.height]).toEqual([192, 192]);
    expect([outline.width, outline.height, outline.colorType]).toEqual([32, 32, 6]);
  });

  it('writes a package that passes its own checks, with the app id and domain filled in', () => {
    const run = workspace();
    const result = runManifest({ ...run, version: '1.2.3' });
    expect(result.problems).toEqual([]);
    const zip = readFileSync(run.out);
    expect(checkAppPackage(zip)).toEqual([]);
    const entries = readZip(zip);
    expect(entries.map((e) => e.name).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(entries.find((e) => e.name === 'manifest.json')?.data.toString('utf8') ?? '{}') as Record<string, unknown>;
    expect(manifest).toMatchObject({
      id: APP_ID,
      version: '1.2.3',
      manifestVersion: '1.22',
      bots: [{ botId: APP_ID, scopes: ['personal', 'team', 'groupChat'] }],
      validDomains: ['bot.example.com'],
      developer: { websiteUrl: 'https://bot.example.com', privacyUrl: 'https://bot.example.com/privacy' },
    });
  });

  it('refuses an icon of the wrong size, a damaged one, a coloured outline and a missing one', () => {
    const run = workspace();
    copyFileSync(join(run.dir, 'outline.png'), join(run.dir, 'color.png'));
    expect(runManifest(run).problems).toEqual(['icon color.png is 32x32, must be 192x192']);
    expect(existsSync(run.out)).toBe(false);

    const damaged = readFileSync(new URL('color.png', MANIFEST_DIR));
    writeFileSync(join(run.dir, 'color.png'), damaged.subarray(0, damaged.length - 20));
    expect(runManifest(run).problems.join()).toMatch(/icon color.png: PNG chunk .* truncated|bad checksum/);

    copyFileSync(new URL('color.png', MANIFEST_DIR), join(run.dir, 'color.png'));
    const red = new Uint8Array(32 * 32 * 4);
    for (let i = 0; i < red.length; i += 4) red.set(i < 64 ? [0, 0, 0, 0] : [255, 0, 0, 255], i);
    writeFileSync(join(run.dir, 'outline.png'), encodePng(32, 32, red));
    expect(runManifest(run).problems.join()).toMatch(/outline.png must be white on transparent/);

    unlinkSync(join(run.dir, 'outline.png'));
    expect(runManifest(run).problems).toEqual(['icon outline.png is missing from the package']);
  });

  it('refuses a missing required field, a too-long name and an invalid colour', () => {
    const run = workspace();
    editTemplate(run, (m) => {
      const description = m['description'] as Record<string, unknown>;
      delete description['short'];
    });
    expect(runManifest(run).problems.join()).toMatch(/description\.short/);

    const other = workspace();
    editTemplate(other, (m) => {
      m['name'] = { short: 'A name much longer than thirty characters' };
      m['accentColor'] = 'blue';
    });
    const problems = runManifest(other).problems.join('\n');
    expect(problems).toMatch(/name\.short/);
    expect(problems).toMatch(/accentColor: must be a #RRGGBB colour/);
  });

  it('refuses an app id that is not a GUID and an http PUBLIC_URL', () => {
    const run = workspace();
    const problems = runManifest({ ...run, appId: 'my-bot', publicUrl: 'http://bot.example.com' }).problems.join('\n');
    expect(problems).toMatch(/^id: must be the app id/m);
    expect(problems).toMatch(/developer\.websiteUrl/);
  });

  it('reports a damaged zip instead of throwing', () => {
    expect(checkAppPackage(Buffer.from('not a zip'))).toEqual(['package: not a zip file']);
  });
});

describe('the npm script', () => {
  it('reads the app id and public URL from the environment and fails without them', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'teams-cli-')), 'teams-app.zip');
    dirs.push(join(out, '..'));
    const tsx = new URL('../../node_modules/.bin/tsx', import.meta.url).pathname;
    const script = new URL('../../scripts/manifest.ts', import.meta.url).pathname;
    const env = { PATH: process.env['PATH'] ?? '', TEAMS_PACKAGE: out };
    execFileSync(tsx, [script], { env: { ...env, MicrosoftAppId: APP_ID, PUBLIC_URL: 'https://bot.example.com' } });
    expect(checkAppPackage(readFileSync(out))).toEqual([]);
    const failed = spawnSync(tsx, [script], { env, encoding: 'utf8' });
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain('set MicrosoftAppId');
  });
});

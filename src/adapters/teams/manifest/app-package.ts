import { z } from 'zod';
import { readPng } from './png.js';
import { readZip, writeZip, type ZipEntry } from './zip.js';

/**
 * The Teams app package: manifest.json plus two icons, zipped flat. The checks follow the required fields and
 * limits of manifest schema v1.22 (learn.microsoft.com, "App manifest schema"), so a broken package is caught
 * here instead of by the Teams upload dialog.
 */
export const MANIFEST_VERSION = '1.22';
export const MANIFEST_SCHEMA_URL = `https://developer.microsoft.com/json-schemas/teams/v${MANIFEST_VERSION}/MicrosoftTeams.schema.json`;
export const COLOR_ICON_PX = 192;
export const OUTLINE_ICON_PX = 32;

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const SEMVER = /^\d+\.\d+\.\d+$/;
const HTTPS_URL = z.url({ protocol: /^https$/ }).max(2048);
const SCOPES = ['personal', 'team', 'groupChat'] as const;

const command = z.object({ title: z.string().min(1).max(32), description: z.string().min(1).max(128) });

const manifestSchema = z.looseObject({
  $schema: z.literal(MANIFEST_SCHEMA_URL),
  manifestVersion: z.literal(MANIFEST_VERSION),
  version: z.string().regex(SEMVER, 'must be MAJOR.MINOR.PATCH'),
  id: z.string().regex(GUID, 'must be the app id (a GUID)'),
  developer: z.looseObject({
    name: z.string().min(1).max(32),
    websiteUrl: HTTPS_URL,
    privacyUrl: HTTPS_URL,
    termsOfUseUrl: HTTPS_URL,
  }),
  name: z.looseObject({ short: z.string().min(1).max(30), full: z.string().min(1).max(100).optional() }),
  description: z.looseObject({ short: z.string().min(1).max(80), full: z.string().min(1).max(4000) }),
  icons: z.looseObject({ color: z.string().min(1), outline: z.string().min(1) }),
  accentColor: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a #RRGGBB colour'),
  bots: z
    .array(
      z.looseObject({
        botId: z.string().regex(GUID, 'must be the bot app id (a GUID)'),
        scopes: z.array(z.enum(SCOPES)).min(1).max(3),
        commandLists: z
          .array(z.object({ scopes: z.array(z.enum(SCOPES)).min(1), commands: z.array(command).min(1).max(10) }))
          .max(3)
          .optional(),
      }),
    )
    .length(1),
  validDomains: z
    .array(z.string().min(1).max(2048).regex(/^[^/:\s]+(:\d+)?$/, 'must be a host name, without scheme or path'))
    .max(16)
    .optional(),
});

export type TeamsManifest = z.infer<typeof manifestSchema>;

function expectIcon(name: string, file: Buffer | undefined, px: number, outline: boolean): string[] {
  if (!file) return [`icon ${name} is missing from the package`];
  let png;
  try {
    png = readPng(file);
  } catch (err) {
    return [`icon ${name}: ${err instanceof Error ? err.message : String(err)}`];
  }
  const problems: string[] = [];
  if (png.width !== px || png.height !== px) problems.push(`icon ${name} is ${png.width}x${png.height}, must be ${px}x${px}`);
  if (!outline) return problems;
  if (png.colorType !== 6 && png.colorType !== 4) problems.push(`icon ${name} needs an alpha channel (transparent background)`);
  else if (!png.rgba) problems.push(`icon ${name} must be 8-bit, non-interlaced so its colours can be checked`);
  else {
    // Teams shows the outline icon tinted on its own backgrounds: only white, at any opacity, is allowed.
    let offending = 0;
    let transparent = 0;
    for (let i = 0; i < png.rgba.length; i += 4) {
      const [r = 0, g = 0, b = 0, a = 0] = png.rgba.subarray(i, i + 4);
      if (a === 0) transparent++;
      else if (r < 250 || g < 250 || b < 250) offending++;
    }
    if (offending > 0) problems.push(`icon ${name} must be white on transparent (${offending} pixels are not white)`);
    if (transparent === 0) problems.push(`icon ${name} has no transparent background`);
  }
  return problems;
}

/** Every problem with a manifest and the files beside it (empty when the package is sound). */
export function checkManifest(manifest: unknown, files: ReadonlyMap<string, Buffer>): string[] {
  const text = JSON.stringify(manifest);
  const problems: string[] = [];
  const leftover = text.match(/\$?\{\{[A-Z_]+\}\}/g);
  if (leftover) problems.push(`unfilled placeholders: ${[...new Set(leftover)].join(', ')}`);
  const parsed = manifestSchema.safeParse(manifest);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${issue.path.join('.') || 'manifest'}: ${issue.message}`);
    return problems;
  }
  const m = parsed.data;
  for (const bot of m.bots) {
    for (const list of bot.commandLists ?? []) {
      const stray = list.scopes.filter((s) => !bot.scopes.includes(s));
      if (stray.length > 0) problems.push(`bots.commandLists: scope ${stray.join(', ')} is not a scope of the bot`);
    }
  }
  problems.push(...expectIcon(m.icons.color, files.get(m.icons.color), COLOR_ICON_PX, false));
  problems.push(...expectIcon(m.icons.outline, files.get(m.icons.outline), OUTLINE_ICON_PX, true));
  return problems;
}

export interface FillValues {
  /** The Entra app id of the bot (MicrosoftAppId): the Teams app id and the bot id. */
  appId: string;
  /** The public https base URL of the bot (PUBLIC_URL); its host becomes the valid domain. */
  publicUrl: string;
  /** App package version; defaults to the template's. */
  version?: string;
}

/** Fills `{{MICROSOFT_APP_ID}}`, `{{PUBLIC_URL}}` and `{{PUBLIC_DOMAIN}}` in the template text. */
export function fillManifest(template: string, values: FillValues): unknown {
  let url: URL;
  try {
    url = new URL(values.publicUrl);
  } catch (err) {
    throw new Error(`PUBLIC_URL is not a URL: ${values.publicUrl}`, { cause: err });
  }
  const base = url.href.replace(/\/+$/, '');
  const filled = template
    .replaceAll('{{MICROSOFT_APP_ID}}', values.appId)
    .replaceAll('{{PUBLIC_URL}}', base)
    .replaceAll('{{PUBLIC_DOMAIN}}', url.host);
  const manifest: unknown = JSON.parse(filled);
  if (values.version && typeof manifest === 'object' && manifest !== null) {
    return { ...manifest, version: values.version };
  }
  return manifest;
}

export interface AppPackage {
  zip: Buffer;
  manifest: unknown;
  problems: string[];
}

/** Builds the zip from a filled manifest and its icon files; `problems` lists what Teams would refuse. */
export function buildAppPackage(manifest: unknown, icons: ReadonlyMap<string, Buffer>): AppPackage {
  const problems = checkManifest(manifest, icons);
  const entries: ZipEntry[] = [{ name: 'manifest.json', data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) }];
  for (const [name, data] of icons) entries.push({ name, data });
  return { zip: writeZip(entries), manifest, problems };
}

/** Reads a package zip back and checks it as uploaded. */
export function checkAppPackage(zip: Buffer): string[] {
  let entries: ZipEntry[];
  try {
    entries = readZip(zip);
  } catch (err) {
    return [`package: ${err instanceof Error ? err.message : String(err)}`];
  }
  const files = new Map(entries.map((e) => [e.name, e.data]));
  const manifestFile = files.get('manifest.json');
  if (!manifestFile) return ['package: manifest.json is missing at the top level'];
  let manifest: unknown;
  try {
    manifest = JSON.parse(manifestFile.toString('utf8'));
  } catch (err) {
    return [`manifest.json is not JSON: ${err instanceof Error ? err.message : String(err)}`];
  }
  return checkManifest(manifest, files);
}

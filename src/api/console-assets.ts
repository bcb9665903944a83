/**
 * The built web console (dist/console, made by `npm run build`), read once into memory with a
 * gzip copy of each text file. The bundle is small and fixed for the life of the process, so
 * answering from memory beats a file-serving plugin: no disk read and no compression per request.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export interface ConsoleAsset {
  body: Buffer;
  gzip: Buffer | null;
  type: string;
  /** Hashed file names never change content: cached for a year; index.html always revalidated. */
  immutable: boolean;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Where the build puts the console: the same path from src/api under tsx and from dist/api;
 * FENGKONG_CONSOLE_DIR points both the build and the server at another folder.
 */
export const CONSOLE_DIR = process.env.FENGKONG_CONSOLE_DIR || fileURLToPath(new URL('../../dist/console', import.meta.url));

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

/** url path (`/index.html`, `/assets/x-abc.js`) → asset; empty when the console was not built. */
export function loadConsoleAssets(dir = CONSOLE_DIR): Map<string, ConsoleAsset> {
  const assets = new Map<string, ConsoleAsset>();
  if (!existsSync(join(dir, 'index.html'))) return assets;
  for (const file of walk(dir)) {
    const type = TYPES[extname(file)];
    if (!type) continue;
    const body = readFileSync(file);
    const compressible = type.startsWith('text/') || type.startsWith('application/json') || type === 'image/svg+xml';
    const url = '/' + relative(dir, file).split(sep).join('/');
    assets.set(url, { body, gzip: compressible && body.length > 1024 ? gzipSync(body, { level: 9 }) : null, type, immutable: url.startsWith('/assets/') });
  }
  return assets;
}

/**
 * The console's Content-Security-Policy: its own scripts, styles and fonts only, API calls to the
 * same origin, no frames, no plugins, no inline script. Images may be data: URLs (chart exports).
 */
export const CONSOLE_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

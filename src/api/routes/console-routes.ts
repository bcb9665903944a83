/**
 * The web console at `/`: index.html and its hashed assets, public (the console signs in through
 * the API; nothing here is data). Pages are hash routes, so one document serves every page.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CONSOLE_CSP, type ConsoleAsset, loadConsoleAssets } from '../console-assets.js';
import { FengkongError } from '../../shared/errors.js';

const NOT_BUILT = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>fengkong 风控</title>
<p>控制台尚未构建:请运行 <code>npm run build</code>。</p>
<p lang="en">The console has not been built: run <code>npm run build</code>.</p></html>`;

function send(req: FastifyRequest, reply: FastifyReply, asset: ConsoleAsset): FastifyReply {
  void reply.header('content-type', asset.type);
  void reply.header('content-security-policy', CONSOLE_CSP);
  void reply.header('cache-control', asset.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
  void reply.header('vary', 'accept-encoding');
  const accepts = String(req.headers['accept-encoding'] ?? '');
  if (asset.gzip && /\bgzip\b/.test(accepts)) {
    void reply.header('content-encoding', 'gzip');
    return reply.send(asset.gzip);
  }
  return reply.send(asset.body);
}

export function registerConsoleRoutes(app: FastifyInstance, assets: Map<string, ConsoleAsset> = loadConsoleAssets()): void {
  const index = assets.get('/index.html');
  const hide = { hide: true };
  app.get('/', { schema: hide, config: { permission: 'public' } }, async (req, reply) => {
    if (!index) return reply.type('text/html; charset=utf-8').header('content-security-policy', CONSOLE_CSP).send(NOT_BUILT);
    return send(req, reply, index);
  });
  app.get('/assets/*', { schema: hide, config: { permission: 'public' } }, async (req, reply) => {
    const asset = assets.get(req.url.split('?')[0]!);
    if (!asset) throw new FengkongError('NOT_FOUND');
    return send(req, reply, asset);
  });
}

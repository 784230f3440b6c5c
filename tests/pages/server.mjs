// A tiny static server for the test pages, on the loopback interface only.
// /strict.html is served with `Content-Security-Policy: default-src 'self'; script-src 'self'`.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const assets = resolve(here, '../../dist/test-pages/assets');
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css' };
export const STRICT_CSP = "default-src 'self'; script-src 'self'";

export function startServer(port = 0) {
  const served = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    served.push(url.pathname);
    const path = normalize(url.pathname);
    const file = path.startsWith('/assets/') ? join(assets, path.slice(8)) : join(here, path === '/' ? 'index.html' : path);
    if (!file.startsWith(here) && !file.startsWith(assets)) return void res.writeHead(403).end();
    try {
      const body = await readFile(file);
      const headers = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' };
      if (path === '/strict.html') headers['content-security-policy'] = STRICT_CSP;
      res.writeHead(200, headers).end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  return new Promise((ok) =>
    server.listen(port, '127.0.0.1', () => ok({ origin: `http://127.0.0.1:${server.address().port}`, served, close: () => server.close() })),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const s = await startServer(Number(process.argv[2] ?? 8080));
  console.log(`test pages on ${s.origin}/draft.html, lexical, quill, textarea, strict, dialog, iframe`);
}

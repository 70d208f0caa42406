// A tiny static file server for the bench's floor app, serving precompressed siblings the way the
// proxy serves the widget (proxy/transport/static_files.cpp): `.br` when the browser accepts br,
// else `.gz` when it accepts gzip, else the file; same content types and cache headers.
import { createServer } from 'node:http';
import { readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml',
  '.ttf': 'font/ttf', '.woff2': 'font/woff2',
};

function accepts(header, coding) {
  return (header || '').split(',').some((part) => {
    const [name, ...params] = part.trim().split(';');
    const q = params.find((p) => p.trim().startsWith('q='));
    return name.trim().toLowerCase() === coding && !(q && Number(q.trim().slice(2)) === 0);
  });
}

function isFile(path) {
  try { return statSync(path).isFile(); } catch { return false; }
}

// Resolves to { url, port, server, close() } once listening on 127.0.0.1 (ephemeral port).
export function serveStatic(root) {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') { res.writeHead(405, { Allow: 'GET, HEAD' }); res.end(); return; }
    let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (path.endsWith('/')) path += 'index.html';
    const relative = normalize(path).replace(/^([/\\])+/, '');
    const file = join(root, relative);
    if (relative.split(sep).includes('..') || !isFile(file)) { res.writeHead(404); res.end(); return; }
    const acceptEncoding = req.headers['accept-encoding'];
    let sent = file;
    let encoding = null;
    if (accepts(acceptEncoding, 'br') && isFile(`${file}.br`)) { sent = `${file}.br`; encoding = 'br'; }
    else if (accepts(acceptEncoding, 'gzip') && isFile(`${file}.gz`)) { sent = `${file}.gz`; encoding = 'gzip'; }
    const body = readFileSync(sent);
    const headers = {
      'Content-Type': TYPES[extname(file)] || 'application/octet-stream',
      'Content-Length': body.length,
      'Cache-Control': extname(file) === '.html' ? 'no-cache' : 'public, max-age=31536000, immutable',
      Vary: 'Accept-Encoding',
    };
    if (encoding) headers['Content-Encoding'] = encoding;
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({
        url: `http://127.0.0.1:${port}`,
        port,
        server,
        close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }),
      });
    });
  });
}


/** Reading requests and writing answers, shared by the simulator's three protocols. */
import type http from 'node:http';
import type { Socket } from 'node:net';
import type { FaultAction } from './faults';

const HTTP_REASONS: Record<number, string> = { 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Time-out' };

export async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export function sendBody(res: http.ServerResponse, status: number, contentType: string, body: string | Buffer, headers: Record<string, string> = {}): void {
  const buf = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': String(buf.length), ...headers });
  res.end(buf);
}

/** A 200 that announces the whole body but sends only `fraction` of it, then drops the connection. */
export function sendTruncated(res: http.ServerResponse, contentType: string, body: string, fraction = 0.5): void {
  const full = Buffer.from(body, 'utf8');
  const keep = Math.max(1, Math.min(full.length - 1, Math.floor(full.length * fraction)));
  res.writeHead(200, { 'Content-Type': contentType, 'Content-Length': String(full.length) });
  res.write(full.subarray(0, keep), () => res.destroy());
}

/** Werkzeug's HTML 404 for a route that does not exist. */
export function sendHtmlNotFound(res: http.ServerResponse): void {
  sendBody(
    res,
    404,
    'text/html; charset=utf-8',
    '<!DOCTYPE html>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>The requested URL was not found on the server.</p>\n',
  );
}

/**
 * The page a real Odoo renders for a route it does not have when a database is at hand
 * (http_routing's 404 in the website layout, trimmed: transcript odoo16-version/01). Its
 * content type is written without a space, as Odoo writes it.
 */
const ROUTING_404_HTML = `<!DOCTYPE html>
<html>
    <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>Odoo</title>
    </head>
    <body>
        <div id="wrapwrap">
            <main>
                <div id="wrap">
                    <h1 class="visually-hidden">Error 404</h1>
                    <h2>We couldn't find the page you're looking for!</h2>
                </div>
            </main>
        </div>
    </body>
</html>`;

export function sendRoutingNotFound(res: http.ServerResponse): void {
  sendBody(res, 404, 'text/html;charset=utf-8', ROUTING_404_HTML);
}

/**
 * Applies the faults that look the same whatever the protocol (no answer, a reset, a proxy's
 * error page). Returns false for the protocol's own faults (malformed, fault, truncate).
 */
export function applyTransportFault(action: FaultAction, req: http.IncomingMessage, res: http.ServerResponse): boolean {
  switch (action.kind) {
    case 'timeout':
      // Hang: the socket is closed by the client's timeout or by close().
      return true;
    case 'reset': {
      const socket = req.socket as Socket & { resetAndDestroy?: () => void };
      if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
      else socket.destroy();
      return true;
    }
    case 'http': {
      const reason = HTTP_REASONS[action.status] ?? 'Error';
      const body =
        action.body ??
        `<html>\r\n<head><title>${action.status} ${reason}</title></head>\r\n<body>\r\n<center><h1>${action.status} ${reason}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
      sendBody(res, action.status, 'text/html', body);
      return true;
    }
    default:
      return false;
  }
}

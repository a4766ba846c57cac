import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';

export interface PlainResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/**
 * One HTTP(S) request over a small pool of kept-alive sockets. A burst of proactive sends (a notice
 * to every channel) would otherwise open a connection, with its DNS lookup and TLS handshake, per
 * message; reusing a few connections keeps the sender's CPU and the first send's delay low.
 */
export function createKeepAliveRequester(o: { maxSockets?: number; timeoutMs?: number } = {}) {
  const opts = { keepAlive: true, maxSockets: o.maxSockets ?? 16, keepAliveMsecs: 1_000 };
  // One TLS context for every connection: building one per socket (trust store included) was a
  // third of the CPU a burst's first connections took, while its first cards were rendering.
  const agents = { 'http:': new http.Agent(opts), 'https:': new https.Agent({ ...opts, secureContext: tls.createSecureContext() }) };
  const timeoutMs = o.timeoutMs ?? 20_000;

  return function request(method: string, url: string, headers: Record<string, string>, body?: string): Promise<PlainResponse> {
    const u = new URL(url);
    const lib = u.protocol === 'https:' ? https : http;
    const agent = u.protocol === 'https:' ? agents['https:'] : agents['http:'];
    return new Promise((resolve, reject) => {
      const req = lib.request(
        u,
        {
          method,
          agent,
          headers: { ...headers, ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}) },
          signal: AbortSignal.timeout(timeoutMs),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  };
}

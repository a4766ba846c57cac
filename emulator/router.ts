/** Minimal path router: patterns like '/teams/:teamId/channels/:channelId'. */
export interface Route<H> {
  method: string;
  parts: string[];
  handler: H;
}

export class Router<H> {
  private readonly routes: Route<H>[] = [];

  add(method: string, pattern: string, handler: H): this {
    this.routes.push({ method: method.toUpperCase(), parts: pattern.split('/').filter(Boolean), handler });
    return this;
  }

  /** Returns the handler and decoded params; `methodMismatch` when the path exists with another verb. */
  match(method: string, path: string): { handler: H; params: Record<string, string> } | { methodMismatch: boolean } {
    const segs = path
      .split('/')
      .filter(Boolean)
      .map((s) => safeDecode(s));
    let methodMismatch = false;
    for (const r of this.routes) {
      if (r.parts.length !== segs.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < r.parts.length; i++) {
        const p = r.parts[i]!;
        if (p.startsWith(':')) params[p.slice(1)] = segs[i]!;
        else if (p.toLowerCase() !== segs[i]!.toLowerCase()) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      if (r.method !== method.toUpperCase()) {
        methodMismatch = true;
        continue;
      }
      return { handler: r.handler, params };
    }
    return { methodMismatch };
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

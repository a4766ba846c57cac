/** One GET with a time limit; answers the status (redirects are not followed: /healthz never redirects). */
export async function probeUrl(url: string, timeoutMs = 10_000): Promise<number> {
  const res = await fetch(url, { method: 'GET', redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
  await res.arrayBuffer().catch(() => undefined);
  return res.status;
}

/** The Workers Cache API (per data centre) in front of R2 for immutable, content-addressed bytes. */
export async function cacheMatch(cacheKey: string): Promise<Response | undefined> {
  return caches.default.match(new Request(cacheKey));
}

export async function cachePut(cacheKey: string, response: Response): Promise<void> {
  await caches.default.put(new Request(cacheKey), response);
}

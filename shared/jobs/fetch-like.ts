/**
 * The slice of `fetch` the shared clients need. shared/ sees neither DOM, Node nor Workers types,
 * so callers pass their runtime's fetch (Workers: `fetch`, Node ≥ 18: `globalThis.fetch`).
 */
export interface FetchResponseLike {
  readonly status: number;
  readonly ok: boolean;
  text(): Promise<string>;
}

export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: Uint8Array | string },
) => Promise<FetchResponseLike>;

/** Waits `ms` milliseconds (setTimeout exists in every runtime we target). */
export function sleep(ms: number): Promise<void> {
  const g = globalThis as unknown as { setTimeout(fn: () => void, ms: number): unknown };
  return new Promise((resolve) => g.setTimeout(resolve, ms));
}

/** A JSONL response body produced page by page, so memory stays flat for large manifests. */
export interface JsonlPage {
  lines: unknown[];
  /** Cursor for the next page; null when this was the last. */
  next: number | null;
}

export function pagedJsonlStream(loadPage: (cursor: number) => Promise<JsonlPage>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cursor: number | null = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (cursor === null) return controller.close();
      const page = await loadPage(cursor);
      cursor = page.next;
      if (page.lines.length > 0) controller.enqueue(encoder.encode(page.lines.map((line) => JSON.stringify(line)).join("\n") + "\n"));
      if (cursor === null) controller.close();
    },
  });
}

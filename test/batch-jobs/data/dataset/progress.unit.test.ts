import { describe, expect, it } from "vitest";
import { jsonProgress, ttyProgress } from "../../../../batch-jobs/data/dataset/progress.js";

function fakeClock() {
  let t = 1_000_000;
  return { now: () => t, advance: (ms: number) => { t += ms; } };
}

describe("progress", () => {
  it("JSON lines: one per whole percent (or 5 s), then a done line with rates", () => {
    const out: string[] = [];
    const clock = fakeClock();
    const p = jsonProgress((s) => out.push(s), "job", clock.now);
    for (let done = 1; done <= 1000; done++) {
      clock.advance(10);
      p.update({ done, total: 1000, written: done, skipped: 0 });
    }
    p.finish({ done: 1000, total: 1000, written: 1000, skipped: 0 });
    const lines = out.map((l) => JSON.parse(l) as { event: string; done: number; imagesPerSecond: number });
    expect(lines.filter((l) => l.event === "progress")).toHaveLength(101); // 0 %, 1 % … 100 %
    expect(lines.at(-1)).toMatchObject({ event: "done", job: "job", done: 1000, elapsedSeconds: 10, imagesPerSecond: 100 });
  });

  it("bar: redraws in place at most every 100 ms and ends the line when finished", () => {
    const out: string[] = [];
    const clock = fakeClock();
    const p = ttyProgress((s) => out.push(s), "phantom", clock.now);
    clock.advance(1000);
    p.update({ done: 5, total: 10, written: 5, skipped: 0 });
    p.update({ done: 6, total: 10, written: 6, skipped: 0 }); // same instant: throttled
    clock.advance(1000);
    p.finish({ done: 10, total: 10, written: 8, skipped: 2 });
    expect(out).toHaveLength(2);
    expect(out[0]).toMatch(/^\rphantom \[#{15}-{15}\] 5\/10 50\.0% {2}5\.0 img\/s {2}ETA 0:01/);
    expect(out[1]).toMatch(/10\/10 100\.0%.*\(skipped 2\)\x1b\[K\n$/);
  });
});

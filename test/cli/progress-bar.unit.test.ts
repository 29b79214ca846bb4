import { describe, expect, it } from "vitest";
import { formatDuration, ProgressBar, renderBar } from "../../cli/progress-bar.js";

function stream(isTTY: boolean) {
  const lines: string[] = [];
  return { lines, out: { isTTY, write: (s: string) => (lines.push(s), true) } as unknown as NodeJS.WriteStream };
}

describe("progress bar", () => {
  it("shows done / total, failures and the ETA", () => {
    expect(renderBar({ done: 6, failed: 2, total: 16, etaSeconds: 95 }, 8)).toBe("[####----] 6/16 done · 2 failed · ETA 1:35");
  });

  it("leaves out failures and ETA when there are none", () => {
    expect(renderBar({ done: 0, failed: 0, total: 4, etaSeconds: null }, 4)).toBe("[----] 0/4 done");
  });

  it("formats hours", () => {
    expect(formatDuration(3723)).toBe("1:02:03");
  });

  it("prints a new line off a terminal only when the counts or the status change", () => {
    const { lines, out } = stream(false);
    const bar = new ProgressBar(out, "ds_1");
    bar.update({ done: 1, failed: 0, total: 4, etaSeconds: 9 }, "running");
    bar.update({ done: 1, failed: 0, total: 4, etaSeconds: 8 }, "running");
    bar.update({ done: 2, failed: 0, total: 4, etaSeconds: 5 }, "running");
    expect(lines).toHaveLength(2);
  });

  it("redraws one line in place on a terminal", () => {
    const { lines, out } = stream(true);
    const bar = new ProgressBar(out, "ds_1");
    bar.update({ done: 1, failed: 0, total: 4, etaSeconds: 9 }, "running");
    bar.update({ done: 1, failed: 0, total: 4, etaSeconds: 8 }, "running");
    expect(lines.every((l) => l.startsWith("\r"))).toBe(true);
  });
});

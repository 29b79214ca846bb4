import { describe, expect, it } from "vitest";
import { createAdamW, constantLr } from "../../../../batch-jobs/ml/optim/index.js";
import { createProgress, formatDuration, Trainer } from "../../../../batch-jobs/ml/train/index.js";
import { initParams, regressionStep } from "./toy-regression.js";

function capture(isTTY: boolean): { stream: { write(s: string): boolean; isTTY: boolean }; text: () => string } {
  let out = "";
  return {
    stream: {
      isTTY,
      write: (s: string) => {
        out += s;
        return true;
      },
    },
    text: () => out,
  };
}

async function train(progress: ReturnType<typeof createProgress>): Promise<void> {
  const params = initParams(0);
  await Trainer.create({ params, optimizer: createAdamW(params), stepFn: regressionStep, seed: 1, totalSteps: 4, schedule: constantLr(0.01), progress }).run();
}

describe("progress", () => {
  it("prints one JSON object per line when the stream is not a TTY", async () => {
    const sink = capture(false);
    await train(createProgress({ stream: sink.stream, minIntervalMs: 0 }));
    const lines = sink.text().trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.step)).toEqual([1, 2, 3, 4]);
    for (const l of lines) {
      expect(l).toMatchObject({ event: "progress", totalSteps: 4, lr: 0.01 });
      expect(typeof l.loss).toBe("number");
      expect(l.stepsPerSec as number).toBeGreaterThan(0);
      expect(l.samplesPerSec as number).toBeGreaterThan(0);
      expect(l.etaSec as number).toBeGreaterThanOrEqual(0);
    }
    expect(lines.at(-1)!.etaSec).toBe(0);
  });

  it("throttles lines but always prints the last step", async () => {
    const sink = capture(false);
    let t = 0;
    await train(createProgress({ stream: sink.stream, minIntervalMs: 1000, now: () => (t += 1) }));
    expect(sink.text().trim().split("\n").map((l) => (JSON.parse(l) as { step: number }).step)).toEqual([1, 4]);
  });

  it("draws a bar on a TTY, ending the line when done", async () => {
    const sink = capture(true);
    await train(createProgress({ stream: sink.stream, minIntervalMs: 0 }));
    const text = sink.text();
    expect(text).toMatch(/\r\[#{30}\] 4\/4 loss [\d.e-]+ [\d.]+ samples\/s ETA 0s/);
    expect(text.endsWith("\n")).toBe(true);
  });

  it("formats durations", () => {
    expect([5, 65, 3725, Infinity].map(formatDuration)).toEqual(["5s", "1m05s", "1h02m", "?"]);
  });
});

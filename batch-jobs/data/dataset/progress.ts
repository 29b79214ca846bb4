/**
 * Progress for long dataset jobs: a redrawn bar on a terminal, structured JSON lines in a
 * container log (at most ~100 lines per job: one per whole percent, or every 5 s).
 */
export interface ProgressUpdate {
  done: number;
  total: number;
  written: number;
  skipped: number;
}

export interface ProgressReporter {
  update(p: ProgressUpdate): void;
  finish(p: ProgressUpdate): void;
}

type Write = (text: string) => void;

function rate(done: number, startedMs: number, nowMs: number): number {
  const seconds = (nowMs - startedMs) / 1000;
  return seconds > 0 ? done / seconds : 0;
}

function clock(seconds: number): string {
  if (!Number.isFinite(seconds)) return "--:--";
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

export function ttyProgress(write: Write, label: string, now: () => number = Date.now): ProgressReporter {
  const started = now();
  let lastDraw = 0;
  const draw = (p: ProgressUpdate, final: boolean) => {
    const t = now();
    if (!final && t - lastDraw < 100) return;
    lastDraw = t;
    const width = 30;
    const fraction = p.total === 0 ? 1 : p.done / p.total;
    const filled = Math.round(fraction * width);
    const r = rate(p.done, started, t);
    const eta = r > 0 ? (p.total - p.done) / r : Infinity;
    write(`\r${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${p.done}/${p.total} ${(fraction * 100).toFixed(1)}%  ${r.toFixed(1)} img/s  ETA ${clock(eta)}  (skipped ${p.skipped})\x1b[K${final ? "\n" : ""}`);
  };
  return { update: (p) => draw(p, false), finish: (p) => draw(p, true) };
}

export function jsonProgress(write: Write, label: string, now: () => number = Date.now): ProgressReporter {
  const started = now();
  let lastPercent = -1;
  let lastMs = started;
  const line = (p: ProgressUpdate, event: "progress" | "done") => {
    const t = now();
    lastMs = t;
    lastPercent = p.total === 0 ? 100 : Math.floor((100 * p.done) / p.total);
    write(JSON.stringify({ event, job: label, ...p, elapsedSeconds: Number(((t - started) / 1000).toFixed(2)), imagesPerSecond: Number(rate(p.done, started, t).toFixed(2)) }) + "\n");
  };
  return {
    update: (p) => {
      const percent = p.total === 0 ? 100 : Math.floor((100 * p.done) / p.total);
      if (percent > lastPercent || now() - lastMs >= 5000) line(p, "progress");
    },
    finish: (p) => line(p, "done"),
  };
}

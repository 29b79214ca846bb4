/**
 * Progress of long runs: a one-line bar on a terminal, structured JSON lines otherwise (container
 * logs are parsed, not watched). Lines are throttled so a fast loop does not flood the log.
 */
export interface ProgressUpdate {
  step: number;
  totalSteps: number;
  loss: number;
  lr: number;
  stepsPerSec: number;
  /** Present when the step function reports how many samples a step used. */
  samplesPerSec?: number;
  etaSec: number;
}

export interface ProgressReporter {
  update(u: ProgressUpdate): void;
  /** A one-off event such as a checkpoint write, as {"event": name, ...fields}. */
  event(name: string, fields: Record<string, unknown>): void;
  /** Flushes the last update (ends the bar's line). */
  done(): void;
}

export type ProgressMode = "auto" | "bar" | "json" | "off";

export interface ProgressOptions {
  /** "auto" picks the bar when the stream is a TTY, JSON lines otherwise. */
  mode?: ProgressMode;
  /** Minimum time between two printed updates; the final update always prints. */
  minIntervalMs?: number;
  stream?: { write(s: string): unknown; isTTY?: boolean };
  /** Injected clock, for tests. */
  now?: () => number;
}

export function createProgress(options: ProgressOptions = {}): ProgressReporter {
  const stream = options.stream ?? process.stderr;
  const mode = options.mode ?? "auto";
  const resolved = mode === "auto" ? (stream.isTTY === true ? "bar" : "json") : mode;
  const minInterval = options.minIntervalMs ?? (resolved === "bar" ? 100 : 5_000);
  const now = options.now ?? (() => performance.now());
  let lastPrint = -Infinity;
  let pending: ProgressUpdate | null = null;
  let barOpen = false;

  const print = (u: ProgressUpdate): void => {
    lastPrint = now();
    pending = null;
    if (resolved === "json") stream.write(JSON.stringify(jsonLine(u)) + "\n");
    else if (resolved === "bar") {
      stream.write(`\r${barLine(u)}\x1b[K`);
      barOpen = true;
    }
  };
  const closeBar = (): void => {
    if (barOpen) stream.write("\n");
    barOpen = false;
  };
  return {
    update(u) {
      if (resolved === "off") return;
      if (u.step >= u.totalSteps || now() - lastPrint >= minInterval) print(u);
      else pending = u;
    },
    event(name, fields) {
      if (resolved === "json") stream.write(JSON.stringify({ event: name, ...fields }) + "\n");
      else if (resolved === "bar") {
        closeBar();
        stream.write(`${name}: ${Object.entries(fields).map(([k, v]) => `${k}=${String(v)}`).join(" ")}\n`);
      }
    },
    done() {
      if (pending !== null) print(pending);
      closeBar();
    },
  };
}

const round = (x: number, digits: number): number => Number(x.toPrecision(digits));

function jsonLine(u: ProgressUpdate): Record<string, unknown> {
  const line: Record<string, unknown> = { event: "progress", step: u.step, totalSteps: u.totalSteps, loss: u.loss, lr: u.lr, stepsPerSec: round(u.stepsPerSec, 4) };
  if (u.samplesPerSec !== undefined) line.samplesPerSec = round(u.samplesPerSec, 4);
  line.etaSec = Math.round(u.etaSec);
  return line;
}

function barLine(u: ProgressUpdate): string {
  const width = 30;
  const filled = Math.round((width * Math.min(u.step, u.totalSteps)) / Math.max(1, u.totalSteps));
  const rate = u.samplesPerSec !== undefined ? `${u.samplesPerSec.toFixed(1)} samples/s` : `${u.stepsPerSec.toFixed(2)} it/s`;
  return `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${u.step}/${u.totalSteps} loss ${u.loss.toPrecision(5)} ${rate} ETA ${formatDuration(u.etaSec)}`;
}

export function formatDuration(sec: number): string {
  if (!Number.isFinite(sec)) return "?";
  const s = Math.max(0, Math.round(sec));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}h${String(m).padStart(2, "0")}m` : m > 0 ? `${m}m${String(s % 60).padStart(2, "0")}s` : `${s}s`;
}

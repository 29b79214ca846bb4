/**
 * Progress of a dataset order on stderr: `[######------] 12/40 done · 1 failed · ETA 0:32`.
 * On a terminal one line is redrawn in place; elsewhere (CI logs) a line is printed only when
 * the counts change, so logs stay short.
 */
export interface ProgressCounts {
  done: number;
  failed: number;
  total: number;
  etaSeconds: number | null;
}

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${rest}` : `${m}:${rest}`;
}

export function renderBar(counts: ProgressCounts, width = 24): string {
  const finished = counts.done + counts.failed;
  const filled = counts.total > 0 ? Math.min(width, Math.round((finished / counts.total) * width)) : 0;
  const eta = counts.etaSeconds === null ? "" : ` · ETA ${formatDuration(counts.etaSeconds)}`;
  const failed = counts.failed > 0 ? ` · ${counts.failed} failed` : "";
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${counts.done}/${counts.total} done${failed}${eta}`;
}

export class ProgressBar {
  private last = "";
  /** What a non-terminal line last reported (counts and status, not the ETA, which always moves). */
  private lastReported = "";

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly label: string,
  ) {}

  update(counts: ProgressCounts, status: string): void {
    const line = `${this.label} ${status} ${renderBar(counts)}`;
    if (this.out.isTTY) {
      this.out.write(`\r${line.padEnd(this.last.length)}`);
    } else {
      const reported = `${status} ${counts.done} ${counts.failed} ${counts.total}`;
      if (reported !== this.lastReported) this.out.write(`${line}\n`);
      this.lastReported = reported;
    }
    this.last = line;
  }

  finish(): void {
    if (this.out.isTTY && this.last) this.out.write("\n");
  }
}

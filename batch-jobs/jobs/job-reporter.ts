/**
 * Status, progress and result reporting of one shard attempt. Every event is printed as one JSON
 * line (so container logs show structured progress) and, when a callback client is configured,
 * sent to the edge. Progress is throttled; status and result events are always sent.
 */
import type { CallbackClient } from "../../shared/jobs/callback-client.js";
import type { JobEvent, JobOutput, ProgressEvent, StatusEvent } from "../../shared/jobs/events.js";
import type { JobKind } from "../../shared/jobs/kinds.js";
import type { Shard } from "../../shared/jobs/sharding.js";

export interface ReporterIdentity {
  jobId: string;
  kind: JobKind;
  backendJobId: string;
  shard: Shard;
  attempt: number;
}

export class JobReporter {
  private seq = 0;
  private lastProgressAt = 0;

  constructor(
    private readonly identity: ReporterIdentity,
    private readonly client: CallbackClient | null,
    private readonly write: (line: string) => void = (line) => process.stdout.write(line + "\n"),
    /** Minimum gap between progress events sent to the edge. */
    private readonly progressIntervalMs = 2000,
  ) {}

  status(state: StatusEvent["state"], extra: Pick<StatusEvent, "exitCode" | "message" | "errorCode"> = {}): Promise<void> {
    return this.emit({ ...this.base(), type: "status", state, ...extra }, true);
  }

  progress(done: number, total: number, unit: ProgressEvent["unit"]): Promise<void> {
    const now = Date.now();
    const force = done === total;
    if (!force && now - this.lastProgressAt < this.progressIntervalMs) return Promise.resolve();
    this.lastProgressAt = now;
    return this.emit({ ...this.base(), type: "progress", done, total, unit }, true);
  }

  result(outputs: JobOutput[]): Promise<void> {
    return this.emit({ ...this.base(), type: "result", outputs }, true);
  }

  /** A structured log line only (not sent to the edge). */
  note(fields: Record<string, unknown>): void {
    this.write(JSON.stringify({ type: "note", jobId: this.identity.jobId, ...fields }));
  }

  private base() {
    const { jobId, kind, backendJobId, shard, attempt } = this.identity;
    return {
      eventVersion: 1 as const,
      jobId,
      kind,
      backendJobId,
      shardIndex: shard.index,
      shardCount: shard.count,
      attempt,
      seq: this.seq++,
      at: new Date().toISOString(),
    };
  }

  private async emit(event: JobEvent, send: boolean): Promise<void> {
    this.write(JSON.stringify(event));
    if (send && this.client) await this.client.sendEvent(event);
  }
}

/** Partner webhook events (signed, see docs/api.md "Webhook signatures"). */
export const WEBHOOK_SIGNATURE_HEADER = "CXR-Signature";

export interface DatasetCompletedEvent {
  /** Unique per event; receivers dedupe on it (deliveries are at-least-once). */
  id: string;
  type: "dataset.completed";
  createdAt: string;
  data: { datasetId: string; status: "succeeded" | "failed" | "cancelled"; done: number; failed: number; total: number; manifestUrl: string };
}

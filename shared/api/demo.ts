/** GET /v1/demo/allowance: the public demo's free images left today for the calling visitor. */
export interface DemoAllowanceView {
  limit: number;
  used: number;
  remaining: number;
  /** When the allowance starts over (the next UTC midnight), ISO-8601. */
  resetsAt: string;
  /** Whether credits can be bought here (Stripe configured); "disabled" is the local default. */
  payments: "enabled" | "disabled";
}

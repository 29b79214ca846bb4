/** The calling partner's own account settings (GET / PATCH /v1/partner). */
import { z } from "zod";

export const partnerSettingsSchema = z
  .object({
    /**
     * Whether the canonical texts of the reports this partner sends (generations and report-list
     * datasets) may be used as prompts of the nightly fine-tune. Off unless the partner turns it on.
     */
    trainingOptIn: z.boolean(),
  })
  .strict();
export type PartnerSettings = z.infer<typeof partnerSettingsSchema>;

export interface PartnerView {
  id: string;
  name: string;
  trainingOptIn: boolean;
  /** When trainingOptIn last changed (null: never). */
  trainingOptInChangedAt: string | null;
  createdAt: string;
}

/**
 * A registry version that is not the reward or judge bundle a loader expects (no weights, no
 * `model` section, another shape or kind): the spec or the alias names the wrong model.
 */
import { ClassifiedError } from "../../shared/jobs/classified-error.js";
import type { ExitClass } from "../../shared/jobs/exit-codes.js";

export type RewardBundleErrorCode = "reward_bundle_invalid";

/** Naming a bundle of another kind is the spec's mistake (65); a retry would load the same bytes. */
export const REWARD_BUNDLE_EXIT: Record<RewardBundleErrorCode, ExitClass> = { reward_bundle_invalid: "invalidSpec" };

export class RewardBundleError extends ClassifiedError<RewardBundleErrorCode> {
  override readonly name = "RewardBundleError";
  constructor(message: string, code: RewardBundleErrorCode = "reward_bundle_invalid") {
    super(code, REWARD_BUNDLE_EXIT[code], message);
  }
}

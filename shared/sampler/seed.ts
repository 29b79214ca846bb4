/** The sampling seed, the same rule for API bodies, job specs and result uploads. */
import { z } from "zod";

/** 32-bit unsigned: the same seed always gives the same image. */
export const SEED_RANGE = { min: 0, max: 0xffffffff } as const;
export const seedSchema = z.number().int().min(SEED_RANGE.min).max(SEED_RANGE.max);

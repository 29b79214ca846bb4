/** Film sides: what the served model generates, what phantom orders offer, what jobs accept. */
import { z } from "zod";
import { SERVING_MODEL } from "../model/serving-model.js";

/** Square image side in pixels; the serving model generates at these sizes only. */
export const IMAGE_SIZES = SERVING_MODEL.sizes;
export const SIZE_UNSUPPORTED_MESSAGE = `size must be ${IMAGE_SIZES.join(" or ")}: the serving model ${SERVING_MODEL.name} ${SERVING_MODEL.version} generates ${IMAGE_SIZES.map((s) => `${s}x${s}`).join(", ")} films only`;
export const sizeSchema = z.literal([...IMAGE_SIZES], { error: SIZE_UNSUPPORTED_MESSAGE });

/** Sides the phantom simulator's dataset orders offer (generated orders are limited to IMAGE_SIZES). */
export const PHANTOM_IMAGE_SIZES = [64, 128, 256] as const;
export const filmSizeSchema = z.literal([...PHANTOM_IMAGE_SIZES]);

/** Sides a generate job accepts: wider than the API, since jobs also run bundles the edge does not serve. */
export const GENERATE_SIZE_RANGE = { min: 32, max: 2048 } as const;
/** Sides the phantom simulator draws; cost grows with size². */
export const PHANTOM_SIZE_RANGE = { min: 64, max: 512, default: 128 } as const;
export const phantomSizeSchema = z.number().int().min(PHANTOM_SIZE_RANGE.min).max(PHANTOM_SIZE_RANGE.max).default(PHANTOM_SIZE_RANGE.default);

/** Field schemas shared by several request bodies. */
import { z } from "zod";
import { SERVING_MODEL } from "../model/serving-model.js";

/** 32-bit unsigned seed; the same seed always gives the same image. */
export const seedSchema = z.number().int().min(0).max(0xffffffff);
/** DDIM sampling steps: more is slower and (up to a point) sharper. */
export const stepsSchema = z.number().int().min(1).max(200);
/** Classifier-free guidance scale: higher follows the report more closely, less diverse. */
export const guidanceSchema = z.number().min(0).max(30);
/** Square image side in pixels; the serving model generates at these sizes only. */
export const IMAGE_SIZES = SERVING_MODEL.sizes;
export const SIZE_UNSUPPORTED_MESSAGE = `size must be ${IMAGE_SIZES.join(" or ")}: the serving model ${SERVING_MODEL.name} ${SERVING_MODEL.version} generates ${IMAGE_SIZES.map((s) => `${s}x${s}`).join(", ")} films only`;
export const sizeSchema = z.literal([...IMAGE_SIZES], { error: SIZE_UNSUPPORTED_MESSAGE });
/** Sides the phantom simulator's dataset orders offer (generated orders are limited to IMAGE_SIZES). */
export const PHANTOM_IMAGE_SIZES = [64, 128, 256] as const;
export const filmSizeSchema = z.literal([...PHANTOM_IMAGE_SIZES]);
export const OUTPUT_FORMATS = ["png", "dicom", "both"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
export const formatSchema = z.enum(OUTPUT_FORMATS);

/** Defaults applied when a request leaves a sampler field out. */
export const SAMPLER_DEFAULTS = { seed: 0, steps: 50, guidance: 4, size: 64, format: "png" } as const;

/** A stored file's format. */
export type FileFormat = "png" | "dicom";
export const FILE_EXTENSION: Record<FileFormat, string> = { png: "png", dicom: "dcm" };
export const FILE_CONTENT_TYPE: Record<FileFormat, string> = { png: "image/png", dicom: "application/dicom" };

export function formatsOf(format: OutputFormat): FileFormat[] {
  return format === "both" ? ["png", "dicom"] : [format];
}

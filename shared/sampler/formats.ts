/** Output formats an order asks for and the file formats that are stored for it. */
import { z } from "zod";

export const OUTPUT_FORMATS = ["png", "dicom", "both"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
export const formatSchema = z.enum(OUTPUT_FORMATS);

/** A stored file's format. */
export const FILE_FORMATS = ["png", "dicom"] as const;
export type FileFormat = (typeof FILE_FORMATS)[number];
export const fileFormatSchema = z.enum(FILE_FORMATS);
export const FILE_EXTENSION: Record<FileFormat, string> = { png: "png", dicom: "dcm" };
export const FILE_CONTENT_TYPE: Record<FileFormat, string> = { png: "image/png", dicom: "application/dicom" };

/** The files an output format produces ("both": the PNG and the DICOM of one image). */
export function formatsOf(format: OutputFormat): FileFormat[] {
  return format === "both" ? [...FILE_FORMATS] : [format];
}

/**
 * The one error type of dataset readers and writers. `code` is stable (tests and callers switch
 * on it); `file` names the file at fault so a person can go and look at it.
 */
import { ClassifiedError } from "../jobs/classified-error.js";
import type { ExitClass } from "../jobs/exit-codes.js";

export type DatasetErrorCode =
  | "file_missing"
  | "not_a_file"
  | "csv_malformed"
  | "csv_missing_column"
  | "manifest_invalid_line"
  | "manifest_duplicate_id"
  | "label_invalid"
  | "sha256_mismatch"
  | "dataset_inconsistent"
  | "image_format_unknown"
  | "png_invalid"
  | "png_truncated"
  | "png_unsupported"
  | "jpeg_invalid"
  | "not_dicom"
  | "dicom_invalid"
  | "dicom_unsupported_transfer_syntax"
  | "dicom_unsupported_image"
  | "id_invalid"
  | "path_invalid";

/** How a job fails on each dataset error: corrupt bytes are integrity, malformed input is a data error. */
export const DATASET_EXIT: Record<DatasetErrorCode, ExitClass> = {
  file_missing: "inputMissing",
  not_a_file: "inputMissing",
  csv_malformed: "invalidSpec",
  csv_missing_column: "invalidSpec",
  manifest_invalid_line: "invalidSpec",
  manifest_duplicate_id: "invalidSpec",
  label_invalid: "invalidSpec",
  sha256_mismatch: "integrity",
  dataset_inconsistent: "integrity",
  image_format_unknown: "invalidSpec",
  png_invalid: "invalidSpec",
  png_truncated: "integrity",
  png_unsupported: "invalidSpec",
  jpeg_invalid: "invalidSpec",
  not_dicom: "invalidSpec",
  dicom_invalid: "invalidSpec",
  dicom_unsupported_transfer_syntax: "invalidSpec",
  dicom_unsupported_image: "invalidSpec",
  id_invalid: "invalidSpec",
  path_invalid: "invalidSpec",
};

export class DatasetError extends ClassifiedError<DatasetErrorCode> {
  override readonly name = "DatasetError";
  constructor(
    code: DatasetErrorCode,
    /** The file the problem was found in (a path as the caller gave it), or null when none. */
    readonly file: string | null,
    /** What is wrong, without the file name (it is prefixed in `message`). */
    readonly detail: string,
  ) {
    super(code, DATASET_EXIT[code], file === null ? detail : `${file}: ${detail}`);
  }
}

export function isDatasetError(value: unknown): value is DatasetError {
  return value instanceof DatasetError;
}

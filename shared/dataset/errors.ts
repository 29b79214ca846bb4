/**
 * The one error type of dataset readers and writers. `code` is stable (tests and callers switch
 * on it); `file` names the file at fault so a person can go and look at it.
 */
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

export class DatasetError extends Error {
  override readonly name = "DatasetError";
  constructor(
    readonly code: DatasetErrorCode,
    /** The file the problem was found in (a path as the caller gave it), or null when none. */
    readonly file: string | null,
    /** What is wrong, without the file name (it is prefixed in `message`). */
    readonly detail: string,
  ) {
    super(file === null ? detail : `${file}: ${detail}`);
  }
}

export function isDatasetError(value: unknown): value is DatasetError {
  return value instanceof DatasetError;
}

/** Fixed values of the synthetic DX objects; config is code (one comment per field). */
export const DICOM_CONFIG = {
  /** Physical detector field, mm (43 × 43 cm, the common 17" × 17" flat panel); PixelSpacing = field / pixels. */
  detectorWidthMm: 430,
  detectorHeightMm: 430,
  /** Digital X-Ray Image Storage – For Presentation (PS3.4 Annex B). */
  sopClassUid: "1.2.840.10008.5.1.4.1.1.1.1",
  /** Explicit VR Little Endian (PS3.5 §A.2). */
  transferSyntaxUid: "1.2.840.10008.1.2.1",
  /** Our implementation identity in the file meta: 2.25 + first 128 bits of sha256("cxr-synth-platform implementation"). */
  implementationClassUid: "2.25.217189714155778042331660161117257946172",
  /** File-meta ImplementationVersionName (SH, ≤ 16 chars): which writer made the file. */
  implementationVersionName: "CXRSYNTH_0_1",
  /** Manufacturer (0008,0070): names the software, since no device acquired the image. */
  manufacturer: "CXR synthesis platform",
  /** Placeholder that can never be mistaken for a real person. */
  patientName: "SYNTHETIC^PHANTOM",
} as const;

/** Decode-side names of transfer syntaxes, for error messages. */
export const TRANSFER_SYNTAX_NAMES: Record<string, string> = {
  "1.2.840.10008.1.2": "Implicit VR Little Endian",
  "1.2.840.10008.1.2.1": "Explicit VR Little Endian",
  "1.2.840.10008.1.2.1.99": "Deflated Explicit VR Little Endian",
  "1.2.840.10008.1.2.2": "Explicit VR Big Endian (retired)",
  "1.2.840.10008.1.2.4.50": "JPEG Baseline (Process 1)",
  "1.2.840.10008.1.2.4.51": "JPEG Extended (Process 2 & 4)",
  "1.2.840.10008.1.2.4.57": "JPEG Lossless (Process 14)",
  "1.2.840.10008.1.2.4.70": "JPEG Lossless SV1 (Process 14, selection value 1)",
  "1.2.840.10008.1.2.4.80": "JPEG-LS Lossless",
  "1.2.840.10008.1.2.4.81": "JPEG-LS Near-Lossless",
  "1.2.840.10008.1.2.4.90": "JPEG 2000 Lossless",
  "1.2.840.10008.1.2.4.91": "JPEG 2000",
  "1.2.840.10008.1.2.5": "RLE Lossless",
};

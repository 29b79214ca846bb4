/**
 * The part of dcmjs (0.51, no bundled types) this project uses: reading/writing Part 10 files
 * and converting between the tag-keyed and keyword ("naturalized") dataset forms.
 */
declare module "dcmjs" {
  /** Tag-keyed dataset: "00100010" → { vr, Value }. */
  export type DicomTagDict = Record<string, { vr: string; Value?: unknown[] }>;
  /** Keyword-keyed dataset: { PatientName: ..., Rows: 128, PixelData: [ArrayBuffer], _vrMap: {...} }. */
  export type NaturalDataset = Record<string, unknown>;

  export class DicomDict {
    constructor(meta: DicomTagDict);
    meta: DicomTagDict;
    dict: DicomTagDict;
    write(options?: { allowInvalidVRLength?: boolean; fragmentMultiframe?: boolean }): ArrayBuffer;
  }

  export interface ReadOptions {
    ignoreErrors?: boolean;
    untilTag?: string | null;
    includeUntilTagValue?: boolean;
    noCopy?: boolean;
    forceStoreRaw?: boolean;
  }

  type LogLevel = "trace" | "debug" | "info" | "warn" | "error" | "silent";

  const dcmjs: {
    data: {
      DicomDict: typeof DicomDict;
      DicomMessage: { readFile(buffer: ArrayBuffer, options?: ReadOptions): DicomDict };
      DicomMetaDictionary: {
        naturalizeDataset(dict: DicomTagDict): NaturalDataset;
        denaturalizeDataset(dataset: NaturalDataset): DicomTagDict;
      };
    };
    log: {
      setLevel(level: LogLevel): void;
      getLogger(name: string): { setLevel(level: LogLevel): void };
    };
  };
  export default dcmjs;
}

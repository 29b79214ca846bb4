/// <reference path="../../../../batch-jobs/types/dcmjs.d.ts" />
/** Test helper: an encapsulated (compressed) DICOM around given fragment bytes, built with dcmjs. */
import dcmjs from "dcmjs";
import { buildDicomDataset } from "../../../../batch-jobs/data/images/dicom-write.js";

export function encapsulatedDicom(width: number, height: number, transferSyntaxUid: string, frame: Uint8Array): Buffer {
  const ds = buildDicomDataset({
    id: "enc-1", width, height, pixels: new Uint16Array(width * height), bitDepth: 8, view: "PA", seed: 1,
    generator: { kind: "phantom", version: "test" },
  });
  ds.BitsAllocated = 8;
  ds.PixelData = [frame.buffer.slice(frame.byteOffset, frame.byteOffset + frame.byteLength)];
  ds._vrMap = { PixelData: "OB" };
  const meta = dcmjs.data.DicomMetaDictionary.denaturalizeDataset({
    MediaStorageSOPClassUID: ds.SOPClassUID,
    MediaStorageSOPInstanceUID: ds.SOPInstanceUID,
    TransferSyntaxUID: transferSyntaxUid,
    ImplementationClassUID: "2.25.1",
  });
  const dict = new dcmjs.data.DicomDict(meta);
  dict.dict = dcmjs.data.DicomMetaDictionary.denaturalizeDataset(ds);
  return Buffer.from(dict.write());
}

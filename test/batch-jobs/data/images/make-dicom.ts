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

/** A native (uncompressed) DICOM with free choice of encoding details, for reader tests. */
export function nativeDicom(options: {
  width: number; height: number; transferSyntaxUid: string; bitsAllocated: 8 | 16; bitsStored: number;
  signed: boolean; photometric: "MONOCHROME1" | "MONOCHROME2"; samples: number[];
}): Buffer {
  const { width, height, bitsAllocated } = options;
  const ds = buildDicomDataset({
    id: "nat-1", width, height, pixels: new Uint16Array(width * height), bitDepth: 16, view: "PA", seed: 1,
    generator: { kind: "phantom", version: "test" },
  });
  const bytes = Buffer.alloc(width * height * (bitsAllocated / 8));
  options.samples.forEach((v, i) => {
    if (bitsAllocated === 16) bytes.writeUInt16LE(v & 0xffff, i * 2);
    else bytes[i] = v & 0xff;
  });
  Object.assign(ds, {
    BitsAllocated: bitsAllocated, BitsStored: options.bitsStored, HighBit: options.bitsStored - 1,
    PixelRepresentation: options.signed ? 1 : 0, PhotometricInterpretation: options.photometric,
    PixelData: [bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)],
    _vrMap: { PixelData: bitsAllocated === 8 ? "OB" : "OW" },
  });
  // The writer's window covers its own 16-bit range; not meaningful for these encodings.
  delete ds.WindowCenter;
  delete ds.WindowWidth;
  const meta = dcmjs.data.DicomMetaDictionary.denaturalizeDataset({
    MediaStorageSOPClassUID: ds.SOPClassUID,
    MediaStorageSOPInstanceUID: ds.SOPInstanceUID,
    TransferSyntaxUID: options.transferSyntaxUid,
    ImplementationClassUID: "2.25.1",
  });
  const dict = new dcmjs.data.DicomDict(meta);
  dict.dict = dcmjs.data.DicomMetaDictionary.denaturalizeDataset(ds);
  return Buffer.from(dict.write());
}

import { asRecord, optionalBoolean, optionalNumber, stringField } from '../wire/wire-reader.js';

/** One entry of an artifact listing (MLflow's `FileInfo`). Directories have no size. */
export interface FileInfo {
  path: string;
  isDir: boolean;
  fileSize?: number;
}

export function fileInfoFromWire(value: unknown): FileInfo {
  const record = asRecord(value, 'file info');
  const info: FileInfo = {
    path: stringField(record, 'path'),
    isDir: optionalBoolean(record, 'is_dir') ?? false,
  };
  const size = optionalNumber(record, 'file_size');
  if (size !== undefined) info.fileSize = size;
  return info;
}

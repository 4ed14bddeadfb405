import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream';

/** What an artifact transfer reports as it moves bytes (e.g. to draw a progress bar). */
export interface TransferProgress {
  /** More bytes to move: sizes are announced as soon as they are known, before the bytes move. */
  addTotal(bytes: number): void;
  /** Bytes moved (negative when a retried file starts over). */
  advance(bytes: number): void;
  /** The transfer is over, whether it succeeded or not. */
  end(): void;
}

export interface TransferDescription {
  direction: 'upload' | 'download';
  /** The artifact URI (and path) transferred, for display. */
  target: string;
}

/** Starts following one transfer (one file or one directory). */
export type TransferProgressFactory = (transfer: TransferDescription) => TransferProgress;

const SILENT: TransferProgress = { addTotal: () => {}, advance: () => {}, end: () => {} };

/** Follows nothing (the default). */
export const silentTransferProgress: TransferProgressFactory = () => SILENT;

let processTransferProgress: TransferProgressFactory = silentTransferProgress;

/**
 * Sets how the artifact transfers of every client in this process report progress, unless a
 * client is given its own (`MlflowClientOptions.transferProgress`). The CLI sets progress bars.
 */
export function setTransferProgress(factory: TransferProgressFactory | undefined): void {
  processTransferProgress = factory ?? silentTransferProgress;
}

/** The factory set with `setTransferProgress` (silent by default). */
export function getTransferProgress(): TransferProgressFactory {
  return processTransferProgress;
}

/**
 * The bytes of `source`, counted into `onBytes` as they pass. Errors of the source reach the
 * returned stream, so that the request reading it fails.
 */
export function countingStream(source: Readable, onBytes: (bytes: number) => void): Readable {
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      onBytes(chunk.length);
      callback(null, chunk);
    },
  });
  pipeline(source, counter, () => {});
  return counter;
}

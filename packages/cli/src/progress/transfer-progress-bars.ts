import type { TransferDescription, TransferProgress, TransferProgressFactory } from '@millrace/client';
import { Presets, SingleBar } from 'cli-progress';

/** Transfers up to this size finish too fast for a bar to help: 1 MiB. */
export const PROGRESS_BAR_THRESHOLD_BYTES = 1024 * 1024;

/** Where bars are drawn: stderr, or a stand-in in tests. */
export type ProgressStream = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

export interface ProgressDecision {
  /** Whether the stream is a terminal (`process.stderr.isTTY`). */
  isTTY: boolean;
  /** The bytes of the transfer known so far. */
  totalBytes: number;
  thresholdBytes?: number;
  /** `MILLRACE_PROGRESS=0` turns bars off. */
  environment?: Readonly<Record<string, string | undefined>>;
}

/** A bar is drawn only on a terminal, for transfers larger than the threshold, unless turned off. */
export function shouldShowTransferProgress(decision: ProgressDecision): boolean {
  if (decision.environment?.MILLRACE_PROGRESS === '0') return false;
  return decision.isTTY && decision.totalBytes > (decision.thresholdBytes ?? PROGRESS_BAR_THRESHOLD_BYTES);
}

/** `12.3 MiB`. */
export function formatMebibytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

export interface TransferProgressBarsOptions {
  /** Default process.stderr. */
  stream?: ProgressStream;
  /** Default PROGRESS_BAR_THRESHOLD_BYTES. */
  thresholdBytes?: number;
  /** Default process.env. */
  environment?: Readonly<Record<string, string | undefined>>;
}

/**
 * Progress bars (cli-progress) for the artifact transfers of the CLI: a transfer gets a bar on
 * stderr once it is known to be larger than the threshold, and only when stderr is a terminal;
 * anything else (pipes, files, CI logs) gets no output at all.
 */
export function createTransferProgressBars(
  options: TransferProgressBarsOptions = {},
): TransferProgressFactory {
  const stream = options.stream ?? process.stderr;
  const environment = options.environment ?? process.env;
  return (transfer: TransferDescription): TransferProgress => {
    let total = 0;
    let moved = 0;
    let bar: SingleBar | undefined;
    const payload = () => ({
      direction: transfer.direction === 'upload' ? 'Uploading' : 'Downloading',
      target: transfer.target,
      moved: formatMebibytes(Math.max(moved, 0)),
      size: formatMebibytes(total),
    });
    const maybeStart = (): void => {
      if (bar !== undefined) return;
      const decision = {
        isTTY: stream.isTTY === true,
        totalBytes: total,
        environment,
        ...(options.thresholdBytes === undefined ? {} : { thresholdBytes: options.thresholdBytes }),
      };
      if (!shouldShowTransferProgress(decision)) return;
      bar = new SingleBar(
        {
          stream,
          format: '{direction} {target} [{bar}] {percentage}% | {moved} / {size} | ETA {eta_formatted}',
          hideCursor: false,
          gracefulExit: false,
          clearOnComplete: false,
          stopOnComplete: false,
          etaBuffer: 50,
        },
        Presets.legacy,
      );
      bar.start(total, Math.max(moved, 0), payload());
    };
    return {
      addTotal(bytes) {
        total += bytes;
        if (bar === undefined) maybeStart();
        else bar.setTotal(total);
      },
      advance(bytes) {
        moved += bytes;
        bar?.update(Math.max(moved, 0), payload());
      },
      end() {
        if (bar === undefined) return;
        bar.update(Math.max(moved, 0), payload());
        bar.stop();
        bar = undefined;
      },
    };
  };
}

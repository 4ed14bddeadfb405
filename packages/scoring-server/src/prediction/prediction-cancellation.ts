import type { PredictOptions } from '@millrace/models';

/**
 * The cancellation of one prediction, handed to `predict` as its options. The `AbortSignal` is
 * created only when someone reads `signal`: creating one costs several microseconds in Node 20,
 * a large share of a trivial model's request, and most predictions finish without anybody
 * looking at it. `cancel` aborts the signal (if it exists yet, or when it is created later),
 * tells the one waiter registered with `onCancel` and every listener added with `addCancelListener`.
 */
export class PredictionCancellation implements PredictOptions {
  #controller: AbortController | undefined;
  #reason: unknown;
  #cancelled = false;
  #listener: ((reason: unknown) => void) | undefined;
  #extraListeners: Array<(reason: unknown) => void> | undefined;

  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#cancelled) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }

  get cancelled(): boolean {
    return this.#cancelled;
  }

  cancel(reason: unknown): void {
    if (this.#cancelled) return;
    this.#cancelled = true;
    this.#reason = reason;
    this.#controller?.abort(reason);
    const listener = this.#listener;
    this.#listener = undefined;
    listener?.(reason);
    const extraListeners = this.#extraListeners;
    this.#extraListeners = undefined;
    extraListeners?.forEach((extraListener) => extraListener(reason));
  }

  /** Registers the one waiter told about `cancel` (replacing any earlier one); undefined clears it. */
  onCancel(listener: ((reason: unknown) => void) | undefined): void {
    this.#listener = listener;
    if (listener !== undefined && this.#cancelled) {
      this.#listener = undefined;
      listener(this.#reason);
    }
  }

  /**
   * Adds a listener told once about `cancel` (right away when already cancelled), besides the
   * waiter of `onCancel`; for whoever else holds the prediction, e.g. the batch queue.
   */
  addCancelListener(listener: (reason: unknown) => void): void {
    if (this.#cancelled) {
      listener(this.#reason);
      return;
    }
    (this.#extraListeners ??= []).push(listener);
  }
}

import { findStop, heldBackLength } from './stop-sequences.js';

/**
 * Follows the tokens of one generation: decodes the completion so far, ends it at the first
 * stop string (which is not part of the output), and reports the text as it becomes final, so
 * the streamed pieces join to exactly the returned text.
 */
export class TextTracker {
  private readonly ids: bigint[] = [];
  private emitted = '';
  private finalText: string | undefined;
  private stopFound = false;

  constructor(
    private readonly decode: (ids: bigint[]) => string,
    private readonly stops: readonly string[],
    private readonly onText: (delta: string) => void,
  ) {}

  /** True once a stop string appeared: generation should end. */
  get stopped(): boolean {
    return this.stopFound;
  }

  get tokenCount(): number {
    return this.ids.length;
  }

  get lastToken(): bigint | undefined {
    return this.ids.at(-1);
  }

  add(id: bigint): void {
    if (this.finalText !== undefined) {
      return;
    }
    this.ids.push(id);
    const text = this.decode(this.ids);
    const stopAt = findStop(text, this.stops);
    if (stopAt !== undefined) {
      this.stopFound = true;
      this.finalText = text.slice(0, stopAt);
      this.show(this.finalText);
    } else {
      this.show(text.slice(0, text.length - heldBackLength(text, this.stops)));
    }
  }

  /** Ends the generation: shows what was held back and returns the whole output text. */
  finish(): string {
    if (this.finalText === undefined) {
      this.finalText = this.decode(this.ids);
      this.show(this.finalText);
    }
    return this.finalText;
  }

  private show(visible: string): void {
    // Text already shown never changes; held-back characters cover the cases where it might.
    if (visible.length > this.emitted.length && visible.startsWith(this.emitted)) {
      this.onText(visible.slice(this.emitted.length));
      this.emitted = visible;
    }
  }
}

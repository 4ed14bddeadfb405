import { randomUUID } from 'node:crypto';
import { readFile, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { type Document, parseDocument } from 'yaml';
import { GatewayHttpError } from '../http/gateway-http-error.js';
import type { GatewayConfig } from './gateway-config.js';
import { parseGatewayConfig } from './load-gateway-config.js';
import type { GatewayConfigOptions } from './validate-gateway-config.js';

/** Attempts before giving up when the file keeps changing under an edit. */
const MAXIMUM_ATTEMPTS = 5;

export interface AppliedEdit<T> {
  /** The validated config of the new file. */
  config: GatewayConfig;
  /** The new file's text. */
  text: string;
  result: T;
}

function conflict(message: string): GatewayHttpError {
  return new GatewayHttpError(409, 'RESOURCE_CONFLICT', message);
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'unknown error';
}

/**
 * Edits the gateway's YAML config file in place: the YAML document is changed node by node (so
 * comments, key order and formatting of everything else survive), the new text is validated like a
 * file being loaded, and written atomically (a temporary file in the same directory, then a rename;
 * the file mode is kept). If the file changed while the edit was being prepared (a person or a
 * deployment tool wrote it), the edit starts again from the new contents, so that change is kept.
 * Callers serialise edits (one at a time).
 */
export class ConfigFileEditor {
  readonly #path: string;
  readonly #options: GatewayConfigOptions;

  constructor(path: string, options: GatewayConfigOptions = {}) {
    this.#path = resolve(path);
    this.#options = options;
  }

  get path(): string {
    return this.#path;
  }

  /**
   * Applies `change` to the current file: it mutates the document (or throws a GatewayHttpError to
   * refuse). Throws a GatewayConfigError when the result is not a valid config (nothing written),
   * 409 when the file on disk is not usable, 500 when it cannot be written.
   */
  async edit<T>(change: (document: Document.Parsed) => T): Promise<AppliedEdit<T>> {
    let target: string;
    try {
      target = await realpath(this.#path);
    } catch (error) {
      throw conflict(`The config file ${this.#path} cannot be read (${codeOf(error)}); nothing changed.`);
    }
    for (let attempt = 0; attempt < MAXIMUM_ATTEMPTS; attempt += 1) {
      const before = await this.#read(target);
      const document = parseDocument(before, { uniqueKeys: true });
      if (document.errors.length > 0) {
        throw conflict(
          `The config file ${this.#path} is not valid YAML at the moment (${document.errors[0]!.message.split('\n', 1)[0]!}); fix it first.`,
        );
      }
      const result = change(document);
      const text = document.toString({ lineWidth: 0 });
      const config = parseGatewayConfig(text, this.#options, `in ${this.#path} after the change`);
      if (await this.#replace(target, before, text)) return { config, text, result };
    }
    throw conflict(
      `The config file ${this.#path} kept changing during the edit; nothing changed, try again.`,
    );
  }

  async #read(target: string): Promise<string> {
    try {
      return await readFile(target, 'utf8');
    } catch (error) {
      throw conflict(`The config file ${this.#path} cannot be read (${codeOf(error)}); nothing changed.`);
    }
  }

  /** Writes `text` over the file if it still holds `before`; false when it changed meanwhile. */
  async #replace(target: string, before: string, text: string): Promise<boolean> {
    const temporary = join(dirname(target), `.${basename(target)}.${randomUUID()}.tmp`);
    try {
      const mode = (await stat(target)).mode & 0o777;
      await writeFile(temporary, text, { mode, flag: 'wx' });
      if ((await readFile(target, 'utf8')) !== before) {
        await rm(temporary, { force: true });
        return false;
      }
      await rename(temporary, target);
      return true;
    } catch (error) {
      await rm(temporary, { force: true }).catch(() => undefined);
      throw new GatewayHttpError(
        500,
        'INTERNAL_ERROR',
        `The config file ${this.#path} could not be written (${codeOf(error)}); nothing changed.`,
        { cause: error },
      );
    }
  }
}

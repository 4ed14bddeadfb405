import { lstat, mkdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { invalidArtifactPath } from './artifact-path.js';

/** Names the local repository keeps for itself (upload temporaries, multipart staging): hidden and refused. */
export const RESERVED_NAME_PREFIX = '.millrace-';

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/**
 * Keeps local artifact access inside a root directory, symbolic links included: a path is
 * checked lexically (`normalizeArtifactPath` did that) and then by where it really is, so that a
 * link inside the root pointing outside it (`root/data -> /etc`) is refused with 400 `Invalid path`.
 */
export class LocalRootGuard {
  readonly rootDirectory: string;
  #realRoot: string | undefined;

  constructor(rootDirectory: string) {
    this.rootDirectory = path.resolve(rootDirectory);
  }

  /** The lexical location of a normalised artifact path ('' is the root). Refuses reserved names. */
  lexicalPath(artifactPath: string): string {
    if (artifactPath === '') return this.rootDirectory;
    const segments = artifactPath.split('/');
    if (segments.some((segment) => segment.startsWith(RESERVED_NAME_PREFIX))) throw invalidArtifactPath();
    return path.join(this.rootDirectory, ...segments);
  }

  async #realRootDirectory(): Promise<string> {
    if (this.#realRoot === undefined) {
      await mkdir(this.rootDirectory, { recursive: true });
      this.#realRoot = await realpath(this.rootDirectory);
    }
    return this.#realRoot;
  }

  /** Whether a real (link-free) path is the root or below it. */
  async contains(realPath: string): Promise<boolean> {
    const root = await this.#realRootDirectory();
    return realPath === root || realPath.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
  }

  /**
   * Where an existing entry really is (links resolved), or `undefined` when nothing is there.
   * Throws `Invalid path` when it resolves outside the root.
   */
  async resolveExisting(artifactPath: string): Promise<string | undefined> {
    const lexical = this.lexicalPath(artifactPath);
    await this.#realRootDirectory();
    let real: string;
    try {
      real = await realpath(lexical);
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
    if (!(await this.contains(real))) throw invalidArtifactPath();
    return real;
  }

  /**
   * Creates the parent directories of a file to be written (or deleted) and returns the real
   * parent directory, after checking that neither an existing ancestor nor the created chain
   * leads out of the root. `undefined` when there is no such directory (not created, or a file is
   * in its place).
   */
  async prepareParent(artifactPath: string, options: { create: boolean }): Promise<string | undefined> {
    const lexicalParent = path.dirname(this.lexicalPath(artifactPath));
    await this.#realRootDirectory();
    let existing = lexicalParent;
    for (;;) {
      try {
        await lstat(existing);
        break;
      } catch (error) {
        if (!isMissing(error) || existing === this.rootDirectory) throw error;
        existing = path.dirname(existing);
      }
    }
    if (!(await this.contains(await realpath(existing)))) throw invalidArtifactPath();
    if (existing !== lexicalParent) {
      if (!options.create) return undefined;
      await mkdir(lexicalParent, { recursive: true });
    }
    const realParent = await realpath(lexicalParent);
    if (!(await this.contains(realParent))) throw invalidArtifactPath();
    // A file where the parent directory should be: nothing can be below it.
    return (await stat(realParent)).isDirectory() ? realParent : undefined;
  }
}

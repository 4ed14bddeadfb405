import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The built `millrace` bin; the CLI tests run it as a user would (npm test builds first). */
export const MILLRACE_BIN = fileURLToPath(new URL('../../millrace/bin/millrace.js', import.meta.url));

/** Every child this test process started: killed when the test process exits, even after a failure. */
const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});

function track<Child extends ChildProcess>(child: Child): Child {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

function assertBuilt(): void {
  const entry = fileURLToPath(new URL('../dist/index.js', import.meta.url));
  if (!existsSync(entry)) throw new Error(`run 'npm run build' first: ${entry} is missing`);
}

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `millrace <args>` to completion. */
export function runMillrace(
  args: string[],
  options: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<CommandResult> {
  assertBuilt();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MILLRACE_BIN, ...args], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

export interface RunningServer {
  address: string;
  child: ChildProcess;
  output(): string;
  stop(): Promise<number | null>;
}

/** Starts a long-running `millrace` command and resolves with the address it announces. */
export function startMillrace(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<RunningServer> {
  assertBuilt();
  return new Promise((resolve, reject) => {
    const child = track(
      spawn(process.execPath, [MILLRACE_BIN, ...args], {
        cwd: options.cwd,
        env: { ...process.env, ...options.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    let output = '';
    let announced = false;
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = / at (http:\/\/[^\s)]+)/.exec(output);
      if (match && !announced) {
        announced = true;
        resolve({
          address: match[1]!,
          child,
          output: () => output,
          stop: () =>
            new Promise((done) => {
              if (child.exitCode !== null) return done(child.exitCode);
              child.once('exit', (code) => done(code));
              child.kill('SIGTERM');
            }),
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      if (!announced)
        reject(new Error(`millrace ${args.join(' ')} exited with ${code} before serving:\n${output}`));
    });
  });
}

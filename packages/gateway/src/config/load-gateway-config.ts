import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { GatewayConfig } from './gateway-config.js';
import { GatewayConfigError } from './gateway-config-error.js';
import { type GatewayConfigOptions, validateGatewayConfig } from './validate-gateway-config.js';

/**
 * Parses YAML text into a config. A YAML syntax error is reported by its description and position
 * only: the yaml library's message also quotes the offending source line, which may hold a literal
 * API key.
 */
export function parseGatewayConfig(
  text: string,
  options: GatewayConfigOptions = {},
  source = '',
): GatewayConfig {
  let document: unknown;
  try {
    document = parseYaml(text, { uniqueKeys: true });
  } catch (error) {
    const firstLine = (error instanceof Error ? error.message : String(error))
      .split('\n', 1)[0]!
      .replace(/:$/, '');
    throw new GatewayConfigError(source, [{ path: '', message: `not valid YAML: ${firstLine}` }]);
  }
  return validateGatewayConfig(document, options, source);
}

/** Reads, parses and validates a gateway config file; a GatewayConfigError lists every problem. */
export async function loadGatewayConfig(
  path: string,
  options: GatewayConfigOptions = {},
): Promise<GatewayConfig> {
  const absolutePath = resolve(path);
  const source = `in ${absolutePath}`;
  let text: string;
  try {
    text = await readFile(absolutePath, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const reason =
      code === 'ENOENT' ? 'the file does not exist' : `the file cannot be read (${String(code ?? error)})`;
    throw new GatewayConfigError(source, [{ path: '', message: reason }]);
  }
  return parseGatewayConfig(text, options, source);
}

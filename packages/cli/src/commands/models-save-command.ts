import { Command } from 'commander';
import { parseSignature, type ModelSignature } from '@millrace/core';
import { collect, namedValues } from '../options/collect.js';
import { readJsonFile } from '../options/read-json-file.js';

/** A signature file holds `{inputs, outputs, params}` as lists (or as MLmodel's JSON strings). */
function toSignature(content: unknown): ModelSignature {
  const block: Record<string, string | null> = {};
  const fields = (content ?? {}) as Record<string, unknown>;
  for (const key of ['inputs', 'outputs', 'params'] as const) {
    const value = fields[key];
    block[key] =
      value === undefined || value === null
        ? null
        : typeof value === 'string'
          ? value
          : JSON.stringify(value);
  }
  return parseSignature(block);
}

interface ModelsSaveOptions {
  code: string;
  path: string;
  artifact: string[];
  signature?: string;
  inputExample?: string;
  params?: string;
  external: string[];
  requirement: string[];
  metadata: string[];
  modelConfig?: string;
}

export function createModelsSaveCommand(): Command {
  return new Command('save')
    .description(
      'Save a custom TypeScript model (a file whose default export has predict()) as a model directory.',
    )
    .requiredOption(
      '--code <file>',
      'the model file (.ts or .js); it is bundled with its imports into the model directory',
    )
    .requiredOption('--path <directory>', 'where to write the model directory (must not exist or be empty)')
    .option(
      '--artifact <name=path>',
      'a file or folder copied into the model, seen as context.artifacts[name] (repeatable)',
      collect,
      [],
    )
    .option(
      '--signature <file>',
      'JSON file with {"inputs": [...], "outputs": [...], "params": [...]} in MLflow\'s format',
    )
    .option('--input-example <file>', 'JSON file with an input example (also used to infer the signature)')
    .option(
      '--params <file>',
      'JSON file with example params (their values become the ParamSchema defaults when inferring)',
    )
    .option(
      '--external <package>',
      'an npm package left out of the bundle and listed as a requirement (repeatable)',
      collect,
      [],
    )
    .option(
      '--requirement <spec>',
      'an extra npm requirement, e.g. onnxruntime-node@1.20.0 (repeatable)',
      collect,
      [],
    )
    .option(
      '--metadata <key=value>',
      'a metadata entry, e.g. task=llm/v1/completions (repeatable)',
      collect,
      [],
    )
    .option('--model-config <file>', 'JSON or YAML file with the model config (context.modelConfig)')
    .action(async (options: ModelsSaveOptions) => {
      const metadata = namedValues(options.metadata, '--metadata');
      const { saveModel } = await import('@millrace/models');
      await saveModel({
        path: options.path,
        code: options.code,
        artifacts: namedValues(options.artifact, '--artifact'),
        signature: options.signature
          ? toSignature(await readJsonFile(options.signature, 'signature'))
          : undefined,
        inputExample: options.inputExample
          ? await readJsonFile(options.inputExample, 'input example')
          : undefined,
        params: options.params
          ? ((await readJsonFile(options.params, 'params')) as Record<string, unknown>)
          : undefined,
        external: options.external,
        requirements: options.requirement,
        metadata: Object.keys(metadata).length > 0 ? metadata : undefined,
        modelConfig: options.modelConfig
          ? ((await readJsonFile(options.modelConfig, 'model config')) as Record<string, unknown>)
          : undefined,
      });
      process.stderr.write(`millrace: saved model to ${options.path}\n`);
    });
}

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  formatUtcTimeCreated,
  getMLmodelSignature,
  MillraceError,
  MLMODEL_FILE_NAME,
  newModelUuid,
  parseMLmodel,
  readMLmodel,
  serializeMLmodel,
  serializeSignature,
  writeMLmodel,
  type MLmodel,
} from '../src/index.js';
import { listMLmodelFixtures, readMLmodelFixture } from './fixture-files.js';

describe('parseMLmodel / serializeMLmodel', () => {
  for (const name of listMLmodelFixtures()) {
    it(`${name}: round-trips MLflow's file byte for byte`, () => {
      const text = readMLmodelFixture(name);
      expect(serializeMLmodel(parseMLmodel(text))).toBe(text);
    });
  }

  it('types the known fields and keeps the flavor blocks and unknown keys', () => {
    const mlmodel = parseMLmodel(readMLmodelFixture('types_echo'));
    expect(mlmodel.mlflow_version).toBe('3.6.1.dev0');
    expect(mlmodel.model_id).toBeNull();
    expect(mlmodel.prompts).toBeNull();
    expect(mlmodel.model_size_bytes).toBe(4768);
    expect(mlmodel.utc_time_created).toBe('2026-11-22 00:02:08.070935');
    expect(mlmodel.flavors['python_function']?.['loader_module']).toBe('mlflow.pyfunc.model');
    expect(mlmodel.flavors['python_function']?.['code']).toBeNull();
    expect(mlmodel.signature?.outputs).toBeNull();
  });

  const langchainExample = `artifact_path: chain
flavors:
  langchain: {langchain_version: 0.1.20, model_code_path: /path/to/lc_model.py, streamable: true}
  python_function:
    env: {conda: conda.yaml, virtualenv: python_env.yaml}
    loader_module: mlflow.langchain
    model_code_path: /path/to/lc_model.py
    predict_stream_fn: predict_stream
    python_version: 3.10.12
    streamable: true
mlflow_version: 2.12.2
model_size_bytes: 6875
model_uuid: bbdda59aafe84e11b2fc25a95e46aee1
run_id: 84552a129bfb45faa87f5fb3f05eb9cf
saved_input_example_info: {artifact_path: input_example.json, type: json_object}
signature:
  inputs: '[{"type": "array", "items": {"type": "object", "properties": {"content": {"type": "string", "required": true}, "role": {"type": "string", "required": true}}}, "name": "messages", "required": true}]'
  outputs: '[{"type": "string", "required": true}]'
  params: null
utc_time_created: '2024-05-17 23:15:28.764394'
`;

  it('reads the §2 LangChain example (flow-style maps) and writes it back in block style', () => {
    const mlmodel = parseMLmodel(langchainExample);
    expect(mlmodel.artifact_path).toBe('chain');
    expect(mlmodel.flavors['python_function']?.['python_version']).toBe('3.10.12');
    expect(mlmodel.saved_input_example_info).toEqual({
      artifact_path: 'input_example.json',
      type: 'json_object',
    });
    expect(getMLmodelSignature(mlmodel)?.outputs).toEqual([{ type: 'string', required: true }]);
    const written = serializeMLmodel(mlmodel);
    expect(written).toContain('flavors:\n  langchain:\n    langchain_version: 0.1.20\n');
    // As PyYAML 6 writes it: the long JSON string folded at 80 columns.
    expect(written).toContain(`signature:
  inputs: '[{"type": "array", "items": {"type": "object", "properties": {"content":
    {"type": "string", "required": true}, "role": {"type": "string", "required": true}}},
    "name": "messages", "required": true}]'
  outputs: '[{"type": "string", "required": true}]'
  params: null
`);
    expect(parseMLmodel(written)).toEqual(mlmodel);
  });

  it('reads the §2 custom PythonModel example', () => {
    const mlmodel = parseMLmodel(`flavors:
  python_function:
    cloudpickle_version: 2.2.1
    env: {conda: conda.yaml, virtualenv: python_env.yaml}
    loader_module: mlflow.pyfunc.model
    python_model: python_model.pkl
    python_version: 3.9.13
mlflow_version: 2.8.1
model_size_bytes: 737
model_uuid: a369e776349942f4b3040003169aa534
utc_time_created: '2023-12-07 02:46:07.555576'
`);
    expect(mlmodel.signature).toBeUndefined();
    expect(getMLmodelSignature(mlmodel)).toBeNull();
    expect(mlmodel.flavors['python_function']?.['python_model']).toBe('python_model.pkl');
  });

  it('reads YAML 1.1 like PyYAML, but keeps unquoted timestamps as strings', () => {
    const mlmodel = parseMLmodel(
      'flavors: {}\nutc_time_created: 2024-05-17 23:15:28\nmetadata:\n  ok: yes\n  version: 3.10\n',
    );
    expect(mlmodel.utc_time_created).toBe('2024-05-17 23:15:28');
    expect(mlmodel.metadata).toEqual({ ok: true, version: 3.1 });
  });

  it('fills absent signature parts with null and defaults flavors to {}', () => {
    const mlmodel = parseMLmodel('signature:\n  inputs: \'[{"type": "string", "required": true}]\'\n');
    expect(mlmodel.flavors).toEqual({});
    expect(mlmodel.signature).toEqual({
      inputs: '[{"type": "string", "required": true}]',
      outputs: null,
      params: null,
    });
  });

  it('writes the keys a Millrace model uses, sorted, with a serialized signature', () => {
    const mlmodel: MLmodel = {
      flavors: { node_function: { loader: 'custom', streamable: false, env: { npm: 'package.json' } } },
      millrace_version: '0.1.0',
      model_uuid: 'bbdda59aafe84e11b2fc25a95e46aee1',
      utc_time_created: '2024-05-17 23:15:28.764000',
      signature: serializeSignature({
        inputs: [{ type: 'string', name: 'prompt', required: true }],
        outputs: null,
        params: null,
      }),
      metadata: { task: 'llm/v1/chat' },
    };
    expect(serializeMLmodel(mlmodel)).toBe(`flavors:
  node_function:
    env:
      npm: package.json
    loader: custom
    streamable: false
metadata:
  task: llm/v1/chat
millrace_version: 0.1.0
model_uuid: bbdda59aafe84e11b2fc25a95e46aee1
signature:
  inputs: '[{"type": "string", "name": "prompt", "required": true}]'
  outputs: null
  params: null
utc_time_created: '2024-05-17 23:15:28.764000'
`);
  });

  it('refuses YAML that is not a mapping, malformed YAML and mistyped fields', () => {
    const codeOf = (action: () => unknown): string => {
      try {
        action();
      } catch (error) {
        return MillraceError.isInstance(error) ? `${error.errorCode}: ${error.message}` : 'other';
      }
      return 'none';
    };
    expect(codeOf(() => parseMLmodel('- a\n- b\n'))).toBe(
      'INVALID_PARAMETER_VALUE: Failed to parse MLmodel: the document must be a YAML mapping.',
    );
    expect(codeOf(() => parseMLmodel('flavors: [unclosed\n'))).toMatch(
      /^INVALID_PARAMETER_VALUE: Failed to parse MLmodel: /,
    );
    expect(codeOf(() => parseMLmodel('flavors: {}\nmodel_size_bytes: lots\n'))).toMatch(
      /^INVALID_PARAMETER_VALUE: Invalid MLmodel: model_size_bytes: /,
    );
    expect(codeOf(() => parseMLmodel('flavors:\n  python_function: just-a-string\n'))).toMatch(
      /Invalid MLmodel: flavors\.python_function/,
    );
    expect(
      codeOf(() => serializeMLmodel({ flavors: {}, signature: { inputs: 3 } } as unknown as MLmodel)),
    ).toMatch(/Invalid MLmodel: signature\.inputs/);
  });
});

describe('readMLmodel / writeMLmodel', () => {
  let directory: string;

  beforeEach(async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), 'millrace-core-mlmodel-'));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('writes MLmodel into a (new) directory and reads it back', async () => {
    const modelDirectory = path.join(directory, 'model');
    const mlmodel = parseMLmodel(readMLmodelFixture('params_echo'));
    const file = await writeMLmodel(modelDirectory, mlmodel);
    expect(file).toBe(path.join(modelDirectory, MLMODEL_FILE_NAME));
    expect(await readFile(file, 'utf8')).toBe(readMLmodelFixture('params_echo'));
    expect(await readMLmodel(modelDirectory)).toEqual(mlmodel);
  });

  it('reads the file itself when given the path of MLmodel', async () => {
    await writeFile(path.join(directory, MLMODEL_FILE_NAME), readMLmodelFixture('nosig_echo'));
    expect((await readMLmodel(path.join(directory, MLMODEL_FILE_NAME))).model_size_bytes).toBe(5302);
  });

  it('gives RESOURCE_DOES_NOT_EXIST with MLflow message when the file is missing', async () => {
    const missing = path.join(directory, 'nothing-here');
    for (const modelPath of [directory, missing]) {
      const error = await readMLmodel(modelPath).then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
      expect(MillraceError.isInstance(error)).toBe(true);
      expect((error as MillraceError).errorCode).toBe('RESOURCE_DOES_NOT_EXIST');
      expect((error as MillraceError).httpStatus).toBe(404);
      expect((error as MillraceError).message).toBe(
        `Could not find an "MLmodel" configuration file at "${modelPath}"`,
      );
    }
  });
});

describe('formatUtcTimeCreated / newModelUuid', () => {
  it("formats like Python's str(datetime) in UTC", () => {
    expect(formatUtcTimeCreated(new Date(Date.UTC(2024, 4, 17, 23, 15, 28, 764)))).toBe(
      '2024-05-17 23:15:28.764000',
    );
    expect(formatUtcTimeCreated(new Date(Date.UTC(2024, 0, 2, 3, 4, 5)))).toBe('2024-01-02 03:04:05');
  });

  it('makes 32 lowercase hex digits, different each time', () => {
    const first = newModelUuid();
    expect(first).toMatch(/^[0-9a-f]{32}$/);
    expect(newModelUuid()).not.toBe(first);
  });
});

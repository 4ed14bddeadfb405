import { GatewayHttpError } from '../../http/gateway-http-error.js';
import { modelFieldNotPermitted } from '../openai-compatible/model-field-not-permitted.js';

/** Completions fields MLflow renames for TGI (client name → TGI name); the TGI names are refused. */
const RENAMED = { max_tokens: 'max_new_tokens' } as const;

/**
 * `POST /generate` body for a completions request: `{inputs: prompt, parameters}` with
 * `max_tokens` → `max_new_tokens`, every extra forwarded, and `details` + `decoder_input_details`
 * requested (for usage). `temperature` goes through unscaled (MLflow multiplies it by 50, turning
 * OpenAI's 0.5 into TGI's 25, i.e. near-uniform sampling); 0 means greedy decoding, TGI's default,
 * so it is left out (TGI rejects 0).
 */
export function tgiRequestBody(body: Record<string, unknown>): Record<string, unknown> {
  if (body.model !== undefined) throw modelFieldNotPermitted();
  for (const [clientName, tgiName] of Object.entries(RENAMED)) {
    if (body[tgiName] !== undefined) {
      throw GatewayHttpError.unprocessable(`Invalid parameter ${tgiName}. Use ${clientName} instead.`);
    }
  }
  if (body.n !== undefined && body.n !== 1) {
    throw GatewayHttpError.unprocessable(
      `'n' must be '1' for the Text Generation Inference provider. Received value: '${String(body.n)}'.`,
    );
  }
  const parameters: Record<string, unknown> = {};
  for (const key of Object.keys(body)) {
    if (key === 'prompt' || key === 'n' || key === 'stream' || key === 'stream_options') continue;
    const value = body[key];
    if (key === 'temperature' && value === 0) continue;
    parameters[key in RENAMED ? RENAMED[key as keyof typeof RENAMED] : key] = value;
  }
  parameters.details = true;
  parameters.decoder_input_details = true;
  return { inputs: body.prompt, parameters };
}

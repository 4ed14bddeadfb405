import type { QuickstartModel } from './quickstart-models.js';

/** The gateway's config.yaml for the served models: one mlflow-model-serving endpoint per model. */
export function createQuickstartGatewayConfig(
  models: ReadonlyArray<{ model: QuickstartModel; address: string }>,
): string {
  const lines = ['# Written by `millrace quickstart`: one endpoint per served model.', 'endpoints:'];
  for (const { model, address } of models) {
    lines.push(
      `  - name: ${model.name}`,
      `    endpoint_type: ${model.endpointType}`,
      '    model:',
      '      provider: mlflow-model-serving',
      `      name: ${model.name}`,
      '      config:',
      `        model_server_url: ${address}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * CheckHealth ("Save & test"): the settings first, then every configured source at once, one line
 * each saying it answered or what failed and how to fix it. The check passes only when every
 * required source answered; CoinGecko and Dune only supplement, so their failures are warnings.
 */
import { validateSettings } from '../../../src/core/settings/validate';
import type { CheckHealthRequest, CheckHealthResult } from '../wire/backend';
import type { Logger } from '../wire/log';
import type { PluginMetrics } from './collectMetrics';
import { checkContracts } from './health/contracts';
import { checkEndpoints } from './health/endpoints';
import { checkNodes } from './health/nodes';
import { failed, reasonOf, type HealthLine } from './health/types';
import { parseSettings, type InstanceManager } from './instances';

export interface CheckHealthDependencies {
  instances: InstanceManager;
  metrics: PluginMetrics;
  log: Logger;
}

const MARK: Record<HealthLine['status'], string> = { ok: 'OK', failed: 'FAILED', skipped: 'SKIPPED' };

function lineText(line: HealthLine): string {
  const level = line.status === 'failed' && !line.required ? 'WARNING' : MARK[line.status];
  return `${level} ${line.message}${line.fix ? ` (${line.fix})` : ''}`;
}

export function summarise(lines: readonly HealthLine[]): CheckHealthResult {
  const required = lines.filter((line) => line.required);
  const broken = required.filter((line) => line.status === 'failed');
  const warnings = lines.filter((line) => !line.required && line.status === 'failed');
  const checked = lines.filter((line) => line.status !== 'skipped');
  const details = {
    verboseMessage: lines.map(lineText).join('\n'),
    sources: lines,
  };
  if (broken.length > 0) {
    return {
      status: 'error',
      message: `${broken.length} of ${required.length} required sources failed: ${broken.map(lineText).join('; ')}`,
      details,
    };
  }
  const warned = warnings.length > 0 ? `; warnings: ${warnings.map(lineText).join('; ')}` : '';
  return {
    status: 'ok',
    message: `PMM Monitor is ready: ${checked.length - warnings.length} of ${checked.length} sources answered${warned}`,
    details,
  };
}

function settingsLines(request: CheckHealthRequest): HealthLine[] {
  const settings = request.pluginContext.dataSourceInstanceSettings;
  if (!settings) {
    return [failed('settings', 'settings', 'the request names no data source', 'test from the data source page')];
  }
  try {
    return validateSettings(parseSettings(settings.jsonData)).map((problem) =>
      failed('settings', problem.field, `settings ${problem.field}: ${problem.message}`, 'correct it and save')
    );
  } catch (error) {
    const { message, fix } = reasonOf(error);
    return [failed('settings', 'settings', message, fix)];
  }
}

export async function checkHealth(
  request: CheckHealthRequest,
  { instances, metrics, log }: CheckHealthDependencies
): Promise<CheckHealthResult> {
  const started = performance.now();
  let result: CheckHealthResult;
  const problems = settingsLines(request);
  if (problems.length > 0) {
    result = summarise(problems);
  } else {
    try {
      const { settings, secrets, engine } = instances.get(request.pluginContext);
      const groups = await Promise.all([
        checkNodes(settings, secrets),
        checkContracts(engine.client, settings),
        checkEndpoints(settings, secrets),
      ]);
      result = summarise(groups.flat());
    } catch (error) {
      const { message, fix } = reasonOf(error);
      result = summarise([failed('settings', 'settings', message, fix)]);
    }
  }
  metrics.healthChecks.inc({ status: result.status });
  log.info('health check', {
    status: result.status,
    seconds: (performance.now() - started) / 1000,
    datasource: request.pluginContext.dataSourceInstanceSettings?.uid,
  });
  return result;
}

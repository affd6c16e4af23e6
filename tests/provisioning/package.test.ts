/**
 * The plugin archive and its offline validation, over a small stand-in dist (the real one takes minutes
 * to build; `.ci/run` packages it): the layout Grafana installs, modes kept (read back by our reader and,
 * where present, by Info-ZIP's zipinfo), and each validator check failing on the archive it must refuse.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { packagePlugin } from '../../pkg/provisioning/package/main';
import { validateArchive, type Finding } from '../../pkg/provisioning/package/validate';
import { readZip } from '../../pkg/provisioning/package/zip';
import { ROOT } from './load';

const SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect width="1" height="1"/></svg>';

/** A dist as the build writes it: plugin.json from src with the placeholders filled, stand-in code. */
function fakeDist(dir: string): void {
  const plugins = [
    { src: 'src/plugin.json', dir: '' },
    { src: 'src/datasource/plugin.json', dir: 'datasource' },
    { src: 'src/panel/plugin.json', dir: 'panel' },
  ];
  for (const plugin of plugins) {
    const out = path.join(dir, plugin.dir);
    mkdirSync(path.join(out, 'img'), { recursive: true });
    const text = readFileSync(path.join(ROOT, plugin.src), 'utf8')
      .replaceAll('%VERSION%', '1.2.3')
      .replaceAll('%TODAY%', '2026-01-31')
      .replaceAll('%PLUGIN_ID%', 'halo-pmm-app');
    writeFileSync(path.join(out, 'plugin.json'), JSON.stringify({ ...JSON.parse(text), buildMode: 'production' }));
    writeFileSync(path.join(out, 'module.js'), 'define([],function(){return {}});');
    writeFileSync(path.join(out, 'module.js.map'), '{}');
    writeFileSync(path.join(out, 'img', 'logo.svg'), SVG);
  }
  for (const arch of ['amd64', 'arm64']) {
    const binary = path.join(dir, 'datasource', `gpx_pmm_linux_${arch}`);
    writeFileSync(binary, Buffer.alloc(4096, arch));
    chmodSync(binary, 0o755);
  }
  for (const file of ['CHANGELOG.md', 'LICENSE']) {
    writeFileSync(path.join(dir, file), `${file}\n`);
  }
  // The bundled dashboards, as the build copies src/dashboards.
  cpSync(path.join(ROOT, 'src/dashboards'), path.join(dir, 'dashboards'), { recursive: true });
  // The catalogue README as the build copies it (src/README.md), with the screenshots the app lists.
  writeFileSync(path.join(dir, 'README.md'), readFileSync(path.join(ROOT, 'src/README.md')));
  const app = JSON.parse(readFileSync(path.join(ROOT, 'src/plugin.json'), 'utf8')) as {
    info: { screenshots: Array<{ path: string }> };
  };
  for (const shot of app.info.screenshots) {
    mkdirSync(path.dirname(path.join(dir, shot.path)), { recursive: true });
    writeFileSync(path.join(dir, shot.path), Buffer.from('stand-in PNG'));
  }
}

const errors = (findings: Finding[]) => findings.filter((f) => f.severity === 'error').map((f) => f.check);

describe('npm run package', () => {
  let work: string;
  let dist: string;
  let archive: string;

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'pmm-package-'));
    dist = path.join(work, 'dist');
    fakeDist(dist);
    archive = await packagePlugin(dist, path.join(work, 'out'));
  });

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('names the archive after the id and version, with one root folder named after the id', async () => {
    expect(path.basename(archive)).toBe('halo-pmm-app-1.2.3.zip');
    const zip = await readZip(archive);
    expect(new Set(zip.entries.map((e) => e.name.split('/')[0]))).toEqual(new Set(['halo-pmm-app']));
    for (const nested of ['datasource/plugin.json', 'panel/plugin.json', 'plugin.json']) {
      expect(zip.entries.map((e) => e.name)).toContain(`halo-pmm-app/${nested}`);
    }
  });

  it('keeps the content byte for byte and the executables at 0755, the rest 0644', async () => {
    const zip = await readZip(archive);
    const binary = zip.entries.find((e) => e.name === 'halo-pmm-app/datasource/gpx_pmm_linux_amd64')!;
    expect(binary.mode).toBe(0o755);
    expect(zip.read(binary.name)).toEqual(readFileSync(path.join(dist, 'datasource', 'gpx_pmm_linux_amd64')));
    expect(zip.entries.find((e) => e.name === 'halo-pmm-app/plugin.json')!.mode).toBe(0o644);
  });

  it('is read the same by Info-ZIP (zipinfo), when installed', async () => {
    const info = spawnSync('zipinfo', [archive], { encoding: 'utf8' });
    if (info.error) {
      return; // zipinfo is not installed: our reader above is the only check.
    }
    expect(info.stdout).toMatch(/-rwxr-xr-x .* halo-pmm-app\/datasource\/gpx_pmm_linux_amd64/);
    expect(info.stdout).toMatch(/-rw-r--r-- .* halo-pmm-app\/plugin\.json/);
    expect(spawnSync('unzip', ['-tq', archive]).status).toBe(0);
  });

  it('passes every offline check, without a warning', async () => {
    const findings = validateArchive(await readZip(archive), path.basename(archive));
    expect(errors(findings)).toEqual([]);
    expect(findings.filter((f) => f.severity === 'warning')).toEqual([]);
    expect(findings.filter((f) => f.severity === 'ok').map((f) => f.check)).toEqual(
      expect.arrayContaining([
        'archive',
        'metadatavalid',
        'binarypermissions',
        'includesnested',
        'includeddashboards',
        'readme',
        'license',
        'screenshots',
      ])
    );
  });

  /** Packages a copy of the dist after `change`, and validates it. */
  async function validateChanged(change: (dir: string) => void): Promise<Finding[]> {
    const copy = mkdtempSync(path.join(work, 'variant-'));
    cpSync(dist, path.join(copy, 'dist'), { recursive: true });
    change(path.join(copy, 'dist'));
    const built = await packagePlugin(path.join(copy, 'dist'), path.join(copy, 'out'));
    return validateArchive(await readZip(built), path.basename(built));
  }

  it('refuses an executable without the exec bits', async () => {
    const findings = await validateChanged((dir) =>
      chmodSync(path.join(dir, 'datasource', 'gpx_pmm_linux_arm64'), 0o644)
    );
    expect(errors(findings)).toEqual(['binarypermissions']);
  });

  it('refuses a version or date the build did not fill in', async () => {
    const findings = await validateChanged((dir) => {
      const file = path.join(dir, 'panel', 'plugin.json');
      const json = JSON.parse(readFileSync(file, 'utf8'));
      writeFileSync(
        file,
        JSON.stringify({ ...json, info: { ...json.info, version: '%VERSION%', updated: '%TODAY%' } })
      );
    });
    expect(errors(findings)).toEqual(expect.arrayContaining(['version']));
  });

  it('refuses a missing LICENSE, a missing logo and a missing backend executable', async () => {
    const findings = await validateChanged((dir) => {
      rmSync(path.join(dir, 'LICENSE'));
      rmSync(path.join(dir, 'panel', 'img', 'logo.svg'));
      rmSync(path.join(dir, 'datasource', 'gpx_pmm_linux_amd64'));
      rmSync(path.join(dir, 'datasource', 'gpx_pmm_linux_arm64'));
    });
    expect(new Set(errors(findings))).toEqual(new Set(['license', 'logos', 'backendbinary']));
  });

  it('refuses a screenshot the app lists, or an image the README shows, that is not in the archive', async () => {
    const findings = await validateChanged((dir) => {
      rmSync(path.join(dir, 'img', 'screenshots', 'plan-page-dark.png'));
      writeFileSync(path.join(dir, 'README.md'), '# PMM Monitor\n\n![gone](img/missing.png)\n');
    });
    expect(new Set(errors(findings))).toEqual(new Set(['screenshots', 'readmeimages']));
  });

  it('refuses a dashboard the app includes that is missing or no dashboard', async () => {
    const findings = await validateChanged((dir) => {
      rmSync(path.join(dir, 'dashboards', 'pmm-risk.json'));
      writeFileSync(path.join(dir, 'dashboards', 'pmm-uptime.json'), JSON.stringify({ title: 'no uid', panels: [] }));
    });
    const found = findings.filter((f) => f.check === 'includeddashboards' && f.severity === 'error');
    expect(found.map((f) => f.message).sort()).toEqual([
      'dashboard dashboards/pmm-risk.json is not in the archive',
      'dashboard dashboards/pmm-uptime.json has no uid',
    ]);
    expect(new Set(errors(findings))).toEqual(new Set(['includeddashboards']));
  });

  it("refuses a plugin.json Grafana's schema rejects", async () => {
    const findings = await validateChanged((dir) => {
      const file = path.join(dir, 'plugin.json');
      writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), type: 'widget' }));
    });
    expect(errors(findings)).toContain('metadatavalid');
  });
});

// chatconform load --export: the TestRun manifest validates against the k6-operator CRD's schema (vendored
// subset, load/k8s/testrun-crd-schema.json) with unknown fields refused, as kubectl's strict validation
// does, and the bundled script runs under the real k6 with the exported fixture.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { Redactor } from '../../core/redact.ts';
import { runK6 } from '../../load/k6.ts';
import { exportLoad } from '../../load/run.ts';
import { testRunManifest } from '../../load/export.ts';
import { startServer } from '../../reference-server/index.ts';
import { requireK6 } from './k6-binary.ts';

type Schema = Record<string, unknown> & { properties?: Record<string, Schema>; items?: Schema };

/** Every object schema with properties refuses other properties (kubectl --validate=strict). */
function strict(s: Schema): Schema {
  const out: Schema = { ...s };
  if (s.properties) {
    out.properties = Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, strict(v)]));
    if (out.additionalProperties === undefined) out.additionalProperties = false;
  }
  if (s.items) out.items = strict(s.items);
  return out;
}

function validator() {
  const schema = JSON.parse(readFileSync(new URL('../../load/k8s/testrun-crd-schema.json', import.meta.url), 'utf8')) as Schema;
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
  return ajv.compile(strict(schema));
}

describe('k6-operator export', () => {
  it('the TestRun manifest is valid against the CRD schema; a misspelt or mistyped field is not', () => {
    const validate = validator();
    const manifest = testRunManifest({ scenario: 'broadcast' });
    expect(validate(manifest), JSON.stringify(validate.errors)).toBe(true);
    const typo = structuredClone(manifest) as { spec: Record<string, unknown> };
    typo.spec.paralelism = 2;
    expect(validate(typo)).toBe(false);
    const wrongType = structuredClone(manifest) as { spec: Record<string, unknown> };
    wrongType.spec.parallelism = '1';
    expect(validate(wrongType)).toBe(false);
    const noScript = structuredClone(manifest) as { spec: Record<string, unknown> };
    delete noScript.spec.script;
    expect(validate(noScript)).toBe(false);
  });

  it('--export against a target writes script, fixture (0600), manifest and kustomization; the bundle runs under k6', async () => {
    const k6 = requireK6();
    const server = await startServer({ profile: 'medmapp', port: 0, logger: false });
    try {
      const dir = mkdtempSync(join(tmpdir(), 'cc-export-'));
      const targetFile = join(dir, 'target.json');
      writeFileSync(targetFile, JSON.stringify(server.target));
      const out = join(dir, 'out');
      const exported = await exportLoad(
        { profile: 'medmapp', targetFile, scenario: 'broadcast', rooms: 1, members: 2, duration: '2s', p99: 250, maxLoss: 0 },
        out,
      );
      expect(exported.files.map((f) => f.slice(out.length + 1)).sort()).toEqual(['README.md', 'fixture.json', 'kustomization.yaml', 'scripts/broadcast.js', 'testrun.yaml']);
      expect(statSync(join(out, 'fixture.json')).mode & 0o777).toBe(0o600);
      const manifest = parse(readFileSync(join(out, 'testrun.yaml'), 'utf8'));
      const validate = validator();
      expect(validate(manifest), JSON.stringify(validate.errors)).toBe(true);
      const kustomization = parse(readFileSync(join(out, 'kustomization.yaml'), 'utf8'));
      expect(kustomization.configMapGenerator[0]).toEqual({ name: manifest.spec.script.configMap.name, files: [`scripts/${manifest.spec.script.configMap.file}`] });
      expect(kustomization.secretGenerator[0].name).toBe(manifest.spec.runner.volumes[0].secret.secretName);
      expect(readFileSync(join(out, 'testrun.yaml'), 'utf8') + readFileSync(join(out, 'scripts/broadcast.js'), 'utf8')).not.toMatch(/eyJ[\w-]+\.[\w-]+/);
      const bundle = readFileSync(join(out, 'scripts/broadcast.js'), 'utf8');
      expect(bundle).not.toMatch(/from ["']\.\.?\//); // self-contained: only k6's own modules are imported

      // the bundle, as a runner starts it: a plain JS file outside load/, reading CHATCONFORM_FIXTURES
      const runDir = join(dir, 'k6run');
      mkdirSync(runDir);
      const script = join(runDir, 'broadcast.js');
      copyFileSync(join(out, 'scripts/broadcast.js'), script);
      const lines: string[] = [];
      const r = await runK6({
        k6, script, fixturePath: join(out, 'fixture.json'), outDir: runDir, timeoutMs: 60_000, redactor: new Redactor(), dashboard: false,
        onLine: (l) => lines.push(l),
      });
      expect(r.code, lines.join('\n')).toBe(0);
      expect(lines.join('\n')).toMatch(/chatconform broadcast: 2\/2 connections, 20 sent, 40\/40 delivered, loss 0/);
    } finally {
      await server.close();
    }
  }, 90_000);
});

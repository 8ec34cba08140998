// `chatconform load --export DIR`: everything a k6-operator cluster run needs, written instead of running k6
// here. The scenario's script is bundled into one plain JS file (a ConfigMap holds files, not folders);
// the fixture (it holds tokens) goes into a Secret; the TestRun mounts the Secret into the initializer and
// every runner and points CHATCONFORM_FIXTURES at it. `kubectl apply -k DIR` creates all three.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { stringify } from 'yaml';
import type { LoadFixture } from './fixture.ts';
import { LOAD_DIR, PINNED_K6 } from './k6.ts';

export const FIXTURE_MOUNT = '/chatconform/fixture';

export interface ExportResult {
  dir: string;
  files: string[];
}

/** One self-contained k6 script: the scenario and load/lib bundled, k6's own modules left as imports. */
export async function bundleScript(scenario: LoadFixture['scenario']): Promise<string> {
  const out = await build({
    entryPoints: [join(LOAD_DIR, `${scenario}.ts`)],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    target: 'es2020',
    external: ['k6', 'k6/*'],
    legalComments: 'none',
    logLevel: 'silent',
  });
  return `// chatconform load script '${scenario}', bundled from load/${scenario}.ts for k6 ${PINNED_K6}; reads CHATCONFORM_FIXTURES.\n${out.outputFiles[0].text}`;
}

export function testRunManifest(o: { scenario: LoadFixture['scenario']; name?: string; parallelism?: number; image?: string }): Record<string, unknown> {
  const name = o.name ?? `chatconform-${o.scenario}`;
  const env = [{ name: 'CHATCONFORM_FIXTURES', value: `${FIXTURE_MOUNT}/fixture.json` }];
  const volumes = [{ name: 'chatconform-fixture', secret: { secretName: 'chatconform-fixture', defaultMode: 0o400 } }];
  const volumeMounts = [{ name: 'chatconform-fixture', mountPath: FIXTURE_MOUNT, readOnly: true }];
  // The initializer runs the script's init code (it opens the fixture) to plan the run: it needs the mount too.
  const pod = { image: o.image ?? `grafana/k6:${PINNED_K6.replace(/^v/, '')}`, env, volumes, volumeMounts };
  return {
    apiVersion: 'k6.io/v1alpha1',
    kind: 'TestRun',
    metadata: { name, labels: { 'app.kubernetes.io/name': 'chatconform' } },
    spec: {
      parallelism: o.parallelism ?? 1,
      script: { configMap: { name: 'chatconform-scripts', file: `${o.scenario}.js` } },
      arguments: '--log-format raw',
      initializer: pod,
      runner: pod,
    },
  };
}

export async function exportRun(dir: string, fixture: LoadFixture): Promise<ExportResult> {
  mkdirSync(join(dir, 'scripts'), { recursive: true });
  const files: string[] = [];
  const write = (rel: string, text: string, mode?: number) => {
    const path = join(dir, rel);
    writeFileSync(path, text, mode ? { mode } : undefined);
    if (mode) chmodSync(path, mode);
    files.push(path);
  };
  write(join('scripts', `${fixture.scenario}.js`), await bundleScript(fixture.scenario));
  write('fixture.json', JSON.stringify(fixture, null, 2) + '\n', 0o600);
  write('testrun.yaml', stringify(testRunManifest({ scenario: fixture.scenario }), { aliasDuplicateObjects: false }));
  write(
    'kustomization.yaml',
    stringify({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      // Fixed names: the TestRun refers to them, and kustomize does not rewrite names inside a custom resource.
      generatorOptions: { disableNameSuffixHash: true },
      configMapGenerator: [{ name: 'chatconform-scripts', files: [`scripts/${fixture.scenario}.js`] }],
      secretGenerator: [{ name: 'chatconform-fixture', files: ['fixture.json'] }],
      resources: ['testrun.yaml'],
    }),
  );
  write(
    'README.md',
    `# chatconform ${fixture.scenario} for k6-operator\n\n` +
      `Written by \`chatconform load --export\`. ${fixture.rooms.length} rooms, ${fixture.rooms.reduce((n, r) => n + r.members.length, 0)} sockets, ` +
      `${fixture.rate} msg/s per member for ${fixture.duration}.\n\n` +
      '```sh\nkubectl apply -k .            # ConfigMap chatconform-scripts, Secret chatconform-fixture, TestRun\n' +
      `kubectl get testrun chatconform-${fixture.scenario} -w\n` +
      `kubectl logs -l k6_cr=chatconform-${fixture.scenario} --tail=-1 | grep -v CCTICK   # the runner's summary lines\n` +
      `kubectl delete -k .\n\`\`\`\n\n` +
      '`fixture.json` holds every socket\'s token: it is readable by you only and goes into a Secret, never a ConfigMap.\n' +
      'The tokens expire (Medmapp: 5 minutes by default): export shortly before the run, or give the target longer-lived tokens.\n',
  );
  return { dir, files };
}

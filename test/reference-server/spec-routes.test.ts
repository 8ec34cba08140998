// serve offers its dialect as OpenAPI 3.1 and AsyncAPI 3.0 at /_chatconform/ (outside every dialect's
// paths), naming the server as the client addressed it: what `chatconform spec` prints for that server.
import { describe, expect, it } from 'vitest';
import { SERVED_PROFILES, startServer } from '../../reference-server/index.ts';
import { SPEC_PATHS } from '../../reference-server/routes.ts';
import { exportSpec } from '../../spec/index.ts';

describe.each(SERVED_PROFILES)('%s serves its documents', (profile) => {
  it('GET /_chatconform/openapi.json and /_chatconform/asyncapi.json', async () => {
    const server = await startServer({ profile, logger: false });
    try {
      for (const format of ['openapi', 'asyncapi'] as const) {
        const res = await fetch(`${server.baseUrl}${SPEC_PATHS[format]}`, { signal: AbortSignal.timeout(5000) });
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toMatch(/^application\/json/);
        expect(await res.json()).toEqual(exportSpec(profile, format, { baseUrl: server.baseUrl }));
      }
      // Nothing of a dialect lives there: the documents' own paths do not reach into /_chatconform/.
      const oas = exportSpec(profile, 'openapi');
      expect(Object.keys(oas.paths as object).filter((p) => p.startsWith('/_chatconform'))).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

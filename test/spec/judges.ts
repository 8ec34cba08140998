// The tools nobody here wrote, as the tests call them: @asyncapi/parser, Redocly's OpenAPI linter, and
// Spectral with its built-in rulesets. Each returns its findings by severity, one line per finding.
import { Parser } from '@asyncapi/parser';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import spectralCore from '@stoplight/spectral-core';
import spectralParsers from '@stoplight/spectral-parsers';
import spectralRulesets from '@stoplight/spectral-rulesets';

// CommonJS packages: their named exports arrive on the default export.
const { Spectral, Document } = spectralCore;
const { Json: JsonParser } = spectralParsers;
const { asyncapi: asyncapiRules, oas: oasRules } = spectralRulesets;

export interface Findings {
  errors: string[];
  warnings: string[];
}

const DIAGNOSTIC_ERROR = 0;
const DIAGNOSTIC_WARNING = 1;

function split(items: { severity: number; line: string }[]): Findings {
  return {
    errors: items.filter((i) => i.severity === DIAGNOSTIC_ERROR).map((i) => i.line),
    warnings: items.filter((i) => i.severity === DIAGNOSTIC_WARNING).map((i) => i.line),
  };
}

/** @asyncapi/parser: parse and validate (its own Spectral-based ruleset included). */
export async function asyncapiParser(doc: unknown): Promise<Findings & { parsed: boolean; document?: unknown }> {
  const parser = new Parser();
  const { document, diagnostics } = await parser.parse(JSON.stringify(doc));
  return {
    parsed: document !== undefined,
    document,
    ...split(diagnostics.map((d) => ({ severity: d.severity, line: `${d.code} ${d.path.join('/')}: ${d.message}` }))),
  };
}

/** Redocly's OpenAPI linter with its `recommended` rules (the structural `struct` rule included), less one style rule. */
export async function redocly(doc: unknown): Promise<Findings> {
  // Every path of these documents ends with a slash, as Django REST framework routes do: the rule against
  // that is a style preference, and obeying it would describe another API.
  const config = await createConfig({ extends: ['recommended'], rules: { 'no-path-trailing-slash': 'off' } });
  const problems = await lintFromString({ source: JSON.stringify(doc), absoluteRef: '/openapi.json', config });
  return {
    errors: problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId} ${p.location[0]?.pointer ?? ''}: ${p.message}`),
    warnings: problems.filter((p) => p.severity === 'warn').map((p) => `${p.ruleId} ${p.location[0]?.pointer ?? ''}: ${p.message}`),
  };
}

/** Spectral with its built-in ruleset for the format (`spectral:oas` or `spectral:asyncapi`). */
export async function spectral(doc: unknown, ruleset: 'oas' | 'asyncapi'): Promise<Findings> {
  const s = new Spectral();
  s.setRuleset((ruleset === 'oas' ? oasRules : asyncapiRules) as Parameters<typeof s.setRuleset>[0]);
  const results = await s.run(new Document(JSON.stringify(doc, null, 2), JsonParser));
  return split(results.map((r) => ({ severity: r.severity, line: `${r.code} ${r.path.join('/')}: ${r.message}` })));
}

export { DIAGNOSTIC_WARNING };

// Reporter names, apart from the reporters themselves so that `--help` need not load them.
export const REPORTER_NAMES = ['console', 'json', 'junit', 'html'] as const;
export type ReporterName = (typeof REPORTER_NAMES)[number];

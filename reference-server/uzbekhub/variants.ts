export const UZBEKHUB_VARIANTS = [] as const;

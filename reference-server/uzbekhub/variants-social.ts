// UzbekHub's part-2 compliant variants (variants-social); see variants.ts.
export const SOCIAL_VARIANTS = [] as const;

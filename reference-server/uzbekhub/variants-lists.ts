// UzbekHub's part-2 compliant variants (variants-lists); see variants.ts.
export const LIST_VARIANTS = [] as const;

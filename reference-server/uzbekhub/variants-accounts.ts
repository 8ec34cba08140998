// UzbekHub's part-2 compliant variants (variants-accounts); see variants.ts.
export const ACCOUNT_VARIANTS = [] as const;

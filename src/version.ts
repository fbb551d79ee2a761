// Kept equal to package.json's version by __tests__/version.test.ts.
export const VERSION = '1.0.0'

// Kept equal to package.json's version by test/version.test.ts.
export const VERSION = '1.0.0'

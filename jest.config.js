// Jest in ESM mode: run with NODE_OPTIONS=--experimental-vm-modules (see package.json).
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
    // Its JSON schemas are imported without an import attribute: see the transform.
    '/node_modules/@actions/workflow-parser/dist/.+\\.js$':
      '<rootDir>/__fixtures__/json-import-attributes.js'
  },
  transformIgnorePatterns: ['/node_modules/(?!@actions/workflow-parser/)'],
  testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
  // Stryker's sandboxes and reports (npm run mutate) are copies of the repository.
  modulePathIgnorePatterns: ['<rootDir>/.stryker-tmp/', '<rootDir>/reports/'],
  // Most suites wait on child processes and loopback servers, not the CPU: two workers on two
  // cores keep npm test near its old length with the hostile suites added.
  maxWorkers: 2,
  testTimeout: 60000
}

// A Jest transform for @actions/workflow-parser, whose ESM build imports its JSON schemas
// without `with { type: 'json' }` (Node accepts that only for CommonJS-style loaders; Jest 30
// warns on every test file and will refuse it in its next major). It adds the attribute to
// static imports of .json files and changes nothing else.

const JSON_IMPORT = /(\bimport\s+[\w$]+\s+from\s+(["'])[^"']+\.json\2)(?!\s*(?:with|assert)\b)/g

export default {
  process(source) {
    return { code: source.replace(JSON_IMPORT, '$1 with { type: "json" }') }
  }
}

// The shape of src/: the import graph has no cycles (type-only imports count too), no file
// imports from a higher layer of the pipeline (CONTRIBUTING.md, "Layout: the data flow"), and
// no file grows past 300 lines.

import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, normalize, relative } from 'node:path'

const SRC = 'src'
const MAX_LINES = 300

/** Lowest first: a file may import only files of its own rank or a lower one. */
const LAYERS: ReadonlyArray<readonly [RegExp, number]> = [
  [/^src\/(log|version|durations|time)\.ts$/, 0],
  [/^src\/vendor\//, 0],
  [/^src\/atlas\//, 1],
  [/^src\/wait\//, 2],
  [/^src\/kinds\//, 3],
  [/^src\/inputs\//, 4],
  [/^src\/plan\//, 5],
  [/^src\/download\//, 5],
  [/^src\/report\//, 6],
  [/^src\/restore\//, 7],
  [/^src\/(main|index)\.ts$/, 8]
]

/**
 * Upward imports the code has today, `importer -> imported`. Each one is a bug to fix in src/;
 * this list may only shrink (a test below fails when an entry no longer happens).
 */
const KNOWN_UPWARD_IMPORTS: readonly string[] = []

/** Known import cycles, each as its sorted member list joined by ' '. May only shrink too. */
const KNOWN_CYCLES: readonly string[] = []

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return filesUnder(path)
    return entry.name.endsWith('.ts') ? [path.split('\\').join('/')] : []
  })
}

const files = filesUnder(SRC).sort()
const known = new Set(files)

/** The specifiers of a file's static imports and re-exports (`import type` too), and of `import('…')`. */
export function specifiersOf(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1')
  const out: string[] = []
  const patterns = [
    /(?:^|[\n;])\s*(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /(?:^|[\n;])\s*import\s*['"]([^'"]+)['"]/g,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g
  ]
  for (const pattern of patterns) for (const m of code.matchAll(pattern)) out.push(m[1])
  return out
}

/** A relative specifier as the src file it names (`./x.js` → `x.ts`); packages are left out. */
function resolve(from: string, specifier: string): string | undefined {
  if (specifier === 'undici') return 'src/vendor/undici.ts' // tsconfig.json `paths`
  if (!specifier.startsWith('.')) return undefined
  const base = normalize(join(dirname(from), specifier))
    .split('\\')
    .join('/')
  for (const candidate of [base.replace(/\.js$/, '.ts'), `${base}.ts`, `${base}/index.ts`])
    if (known.has(candidate)) return candidate
  return base
}

const graph = new Map(
  files.map(file => [
    file,
    [
      ...new Set(
        specifiersOf(readFileSync(file, 'utf8'))
          .map(s => resolve(file, s))
          .filter((f): f is string => f !== undefined)
      )
    ]
  ])
)

function rankOf(file: string): number | undefined {
  return LAYERS.find(([pattern]) => pattern.test(file))?.[1]
}

/** Strongly connected components with more than one file (or a file importing itself). */
function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let index = 0
  const indices = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const found: string[][] = []
  const visit = (v: string) => {
    indices.set(v, index)
    low.set(v, index)
    index += 1
    stack.push(v)
    onStack.add(v)
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue
      if (!indices.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indices.get(w)!))
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = []
      let w: string
      do {
        w = stack.pop()!
        onStack.delete(w)
        component.push(w)
      } while (w !== v)
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort())
    }
  }
  for (const file of graph.keys()) if (!indices.has(file)) visit(file)
  return found
}

function upwardImports(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const out: string[] = []
  for (const [file, imports] of graph) {
    const rank = rankOf(file)!
    for (const imported of imports) {
      const theirs = rankOf(imported)
      if (theirs !== undefined && theirs > rank) out.push(`${file} -> ${imported}`)
    }
  }
  return out.sort()
}

describe('the import parser', () => {
  it('finds imports, type imports, re-exports, multi-line and dynamic imports', () => {
    const text = [
      "import { a } from './a.js'",
      "import type { B } from '../b.js'",
      'import {',
      '  c,',
      '  type D',
      "} from './c.js'",
      "export { e } from './e.js'",
      "export type * from './f.js'",
      "import './side.js'",
      "const g = await import('./g.js')",
      "// import { no } from './comment.js'",
      "/* import { no } from './block.js' */",
      "import * as core from '@actions/core'"
    ].join('\n')
    expect(specifiersOf(text).sort()).toEqual(
      [
        './a.js',
        '../b.js',
        './c.js',
        './e.js',
        './f.js',
        './side.js',
        './g.js',
        '@actions/core'
      ].sort()
    )
  })

  it('sees every file of src/ and the imports between them', () => {
    expect(files).toEqual(expect.arrayContaining(['src/main.ts', 'src/restore/run.ts']))
    expect(graph.get('src/index.ts')).toEqual(['src/main.ts'])
    expect(graph.get('src/restore/run.ts')).toEqual(
      expect.arrayContaining(['src/restore/context.ts', 'src/kinds/session.ts'])
    )
    // Every relative import names an existing file.
    const dangling = [...graph].flatMap(([f, imports]) =>
      imports.filter(i => !known.has(i)).map(i => `${f} -> ${i}`)
    )
    expect(dangling).toEqual([])
  })
})

describe('the checks', () => {
  it('would catch a cycle, a type-only one too, and an upward import', () => {
    const bad = new Map([
      ['src/atlas/a.ts', ['src/atlas/b.ts']],
      ['src/atlas/b.ts', ['src/atlas/c.ts']],
      ['src/atlas/c.ts', ['src/atlas/a.ts', 'src/restore/run.ts']],
      ['src/restore/run.ts', ['src/atlas/a.ts']],
      ['src/log.ts', []]
    ])
    expect(cycles(bad).map(c => c.join(' '))).toEqual([
      'src/atlas/a.ts src/atlas/b.ts src/atlas/c.ts src/restore/run.ts'
    ])
    expect(upwardImports(bad)).toEqual(['src/atlas/c.ts -> src/restore/run.ts'])
    expect(specifiersOf("import type { Settings } from '../inputs/settings.js'")).toEqual([
      '../inputs/settings.js'
    ])
  })

  it('finds a real import graph with edges in every layer', () => {
    const edges = [...graph.values()].reduce((n, imports) => n + imports.length, 0)
    expect(edges).toBeGreaterThan(files.length)
    // Every layer above the base has a file that imports something.
    for (let rank = 1; rank <= 8; rank++)
      expect(files.some(f => rankOf(f) === rank && (graph.get(f) ?? []).length > 0)).toBe(true)
  })
})

describe('src/ structure', () => {
  it('every file has a layer', () => {
    expect(files.filter(f => rankOf(f) === undefined)).toEqual([])
  })

  it('has no import cycles (type-only imports included)', () => {
    const found = cycles(graph).map(c => c.join(' '))
    expect(found.filter(c => !KNOWN_CYCLES.includes(c))).toEqual([])
    // A fixed cycle leaves the known list: take it out.
    expect(KNOWN_CYCLES.filter(c => !found.includes(c))).toEqual([])
  })

  it('imports only from its own layer or a lower one', () => {
    const found = upwardImports(graph)
    expect(found.filter(i => !KNOWN_UPWARD_IMPORTS.includes(i))).toEqual([])
    expect(KNOWN_UPWARD_IMPORTS.filter(i => !found.includes(i))).toEqual([])
  })

  it(`has no file over ${MAX_LINES} lines`, () => {
    const long = files
      .map(f => ({ file: f, lines: readFileSync(f, 'utf8').split('\n').length }))
      .map(({ file, lines }) => ({ file, lines: lines - 1 }))
      .filter(({ lines }) => lines > MAX_LINES)
      .map(({ file, lines }) => `${relative('.', file)}: ${lines}`)
    expect(long).toEqual([])
  })
})

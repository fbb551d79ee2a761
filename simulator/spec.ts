// The official OpenAPI subsets (spec/) turned into what the simulator enforces: a route table
// with each operation's path-parameter patterns, media-type versions and request-body
// validators. Nothing here is hand-copied from the spec: it is all read from the files.

import { Ajv, type ValidateFunction } from 'ajv'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

type Json = Record<string, unknown>

export interface Route {
  operationId: string
  method: string
  template: string
  regex: RegExp
  paramNames: string[]
  paramPatterns: Record<string, RegExp>
  /** Versions the success response is served in, e.g. ['2023-01-01', '2024-08-05']. */
  versions: string[]
  /** Media types the request body may be sent in. */
  requestMediaTypes: string[]
  /** Request-body validator per media type, compiled on first use. */
  validator(mediaType: string): ValidateFunction
  roles: string[]
  sunset?: string
}

/** The repository root, from simulator/ or build/simulator/. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    const pkg = join(dir, 'package.json')
    if (
      existsSync(pkg) &&
      (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'atlas-restore-action'
    ) {
      return dir
    }
    const parent = dirname(dir)
    if (parent === dir) throw new Error('simulator: cannot find the repository root')
    dir = parent
  }
}

const MEDIA = /^application\/vnd\.atlas\.(\d{4}-\d{2}-\d{2})\+json$/

/**
 * An OpenAPI 3.0 schema as JSON Schema for a *request*: $refs inlined, `nullable` as a null
 * type, readOnly properties removed and unknown properties refused (Atlas rejects both).
 */
function requestSchema(schema: Json, components: Json, depth = 0): Json {
  if (depth > 20) return {}
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.replace('#/components/schemas/', '')
    return requestSchema(components[name] as Json, components, depth + 1)
  }
  const out: Json = {}
  for (const [key, value] of Object.entries(schema)) {
    if (
      [
        'example',
        'externalDocs',
        'description',
        'title',
        'readOnly',
        'writeOnly',
        'discriminator',
        'nullable'
      ].includes(key) ||
      key.startsWith('x-')
    )
      continue
    if (key === 'properties') {
      const props: Json = {}
      for (const [name, prop] of Object.entries(value as Json)) {
        const p = prop as Json
        const resolved =
          typeof p.$ref === 'string'
            ? (components[(p.$ref as string).replace('#/components/schemas/', '')] as Json)
            : p
        if (resolved.readOnly === true || p.readOnly === true) continue
        props[name] = requestSchema(p, components, depth + 1)
      }
      out.properties = props
      out.additionalProperties = false
    } else if (key === 'items') {
      out.items = requestSchema(value as Json, components, depth + 1)
    } else if (key === 'allOf' || key === 'oneOf' || key === 'anyOf') {
      out[key] = (value as Json[]).map(s => requestSchema(s, components, depth + 1))
    } else if (key === 'required') {
      out.required = value
    } else {
      out[key] = value
    }
  }
  if (schema.nullable === true && typeof out.type === 'string') out.type = [out.type, 'null']
  return out
}

function newAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: true, logger: false })
  const int32 = (n: number) => Number.isInteger(n) && n >= -2147483648 && n <= 2147483647
  ajv.addFormat('int32', { type: 'number', validate: int32 })
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) })
  for (const name of ['double', 'float'])
    ajv.addFormat(name, { type: 'number', validate: () => true })
  ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/)
  return ajv
}

export function loadRoutes(root = repoRoot()): Route[] {
  const ajv = newAjv()
  const routes: Route[] = []
  for (const file of ['restore-subset.json', 'tenant-subset.json']) {
    const spec = JSON.parse(readFileSync(join(root, 'spec', file), 'utf8')) as Json
    const components = (spec.components as Json).schemas as Json
    const sharedParams = ((spec.components as Json).parameters ?? {}) as Json
    for (const [template, item] of Object.entries(spec.paths as Json)) {
      for (const [method, raw] of Object.entries(item as Json)) {
        if (!['get', 'post', 'delete', 'patch', 'put'].includes(method)) continue
        const op = raw as Json
        const paramNames: string[] = []
        const regex = new RegExp(
          '^' +
            template
              .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
              .replace(/\\?\{(\w+)\\?\}/g, (_, name: string) => {
                paramNames.push(name)
                return '([^/]+)'
              }) +
            '$'
        )
        const paramPatterns: Record<string, RegExp> = {}
        for (const p of (op.parameters ?? []) as Json[]) {
          const param = (
            typeof p.$ref === 'string' ? sharedParams[(p.$ref as string).split('/').pop()!] : p
          ) as Json
          const pattern = (param.schema as Json | undefined)?.pattern
          if (param.in === 'path' && typeof pattern === 'string')
            paramPatterns[param.name as string] = new RegExp(pattern, 'u')
        }
        const responses = op.responses as Record<string, Json>
        const success = Object.entries(responses).find(([code]) => code.startsWith('2'))?.[1] ?? {}
        const versions = Object.keys((success.content ?? {}) as Json)
          .map(m => MEDIA.exec(m)?.[1])
          .filter((v): v is string => v !== undefined)
        const body = ((op.requestBody as Json | undefined)?.content ?? {}) as Record<string, Json>
        const compiled = new Map<string, ValidateFunction>()
        const validator = (media: string): ValidateFunction => {
          if (!compiled.has(media))
            compiled.set(media, ajv.compile(requestSchema(body[media].schema as Json, components)))
          return compiled.get(media)!
        }
        routes.push({
          operationId: op.operationId as string,
          method: method.toUpperCase(),
          template,
          regex,
          paramNames,
          paramPatterns,
          versions,
          requestMediaTypes: Object.keys(body),
          validator,
          roles: (op['x-rolesRequirements'] ?? []) as string[],
          ...(typeof op['x-sunset'] === 'string' && { sunset: op['x-sunset'] as string })
        })
      }
    }
  }
  return routes
}

export function mediaVersion(accept: string | undefined): string | undefined {
  if (accept === undefined) return undefined
  for (const part of accept.split(',')) {
    const v = MEDIA.exec(part.split(';')[0].trim())?.[1]
    if (v !== undefined) return v
  }
  return undefined
}

// The official OpenAPI subsets (spec/) turned into what the simulator enforces: a route table
// with each operation's path-parameter patterns, query parameters, media-type versions and
// request-body validators. Nothing is hand-copied from the spec: it is all read from the files.

import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

type Json = Record<string, unknown>

export const SPEC_FILES = ['restore-subset.json', 'tenant-subset.json'] as const

export interface QueryParam {
  name: string
  type: string
  required: boolean
  validate: ValidateFunction
}

export interface Route {
  operationId: string
  method: string
  /** The path template, e.g. `/api/atlas/v2/groups/{groupId}/clusters/{clusterName}`. */
  template: string
  regex: RegExp
  paramNames: string[]
  paramPatterns: Record<string, RegExp>
  query: QueryParam[]
  /** The success status the spec gives (200, 202 or 204). */
  successStatus: number
  /** Versions the success response is served in, oldest first, e.g. ['2023-01-01', '2024-08-05']. */
  versions: string[]
  /** `x-sunset` of each version's media type, when it has one (e.g. '2027-07-01'). */
  versionSunset: Record<string, string>
  /** Media types the request body may be sent in (empty: the operation takes no body). */
  requestMediaTypes: string[]
  requestBodyRequired: boolean
  /** Request-body validator for a media type, compiled on first use. */
  validator(mediaType: string): ValidateFunction
  roles: string[]
  /** The operation's own `x-sunset` (the tenant endpoints: 2026-01-22). */
  sunset?: string
}

/** The repository root (the directory whose package.json is atlas-restore-action). */
export function repoRoot(from: string = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from)
  for (;;) {
    const pkg = join(dir, 'package.json')
    if (
      existsSync(pkg) &&
      (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'atlas-restore-action'
    ) {
      return dir
    }
    const parent = dirname(dir)
    if (parent === dir) throw new Error('simulator: cannot find the atlas-restore-action root')
    dir = parent
  }
}

const MEDIA = /^application\/vnd\.atlas\.(\d{4}-\d{2}-\d{2})\+json$/
const DROP = new Set([
  'example',
  'examples',
  'externalDocs',
  'description',
  'title',
  'readOnly',
  'writeOnly',
  'discriminator',
  'nullable',
  'deprecated',
  'xml'
])
const refName = (ref: string) => ref.replace('#/components/schemas/', '')

/**
 * OpenAPI 3.0 schemas turned into JSON Schema for validating *request* bodies the way Atlas
 * does: `$ref`s inlined (cycles cut), `nullable` as a null type, `allOf` merged, discriminated
 * `oneOf` dispatched on the discriminator, read-only properties forbidden (`false` schemas, so
 * the error names them) and properties the schema does not list refused.
 */
class RequestSchemas {
  constructor(private readonly components: Record<string, Json>) {}

  build(schema: Json): Json {
    return this.transform(schema, [], true)
  }

  private deref(schema: Json): Json {
    let s = schema
    for (let i = 0; i < 20 && typeof s.$ref === 'string'; i++)
      s = this.components[refName(s.$ref)] ?? {}
    return s
  }

  private isReadOnly(schema: Json): boolean {
    if (schema.readOnly === true) return true
    if (typeof schema.$ref === 'string') return this.deref(schema).readOnly === true
    return false
  }

  /** The properties and required list an object schema contributes (allOf flattened, no dispatch). */
  private own(schema: Json, stack: string[]): { properties: Json; required: string[] } {
    const properties: Json = {}
    const required: string[] = []
    const visit = (s: Json, seen: string[]) => {
      if (typeof s.$ref === 'string') {
        const name = refName(s.$ref)
        if (seen.includes(name)) return
        visit(this.components[name] ?? {}, [...seen, name])
        return
      }
      for (const part of (s.allOf ?? []) as Json[]) visit(part, seen)
      Object.assign(properties, (s.properties ?? {}) as Json)
      required.push(...((s.required ?? []) as string[]))
    }
    visit(schema, stack)
    return { properties, required: [...new Set(required)] }
  }

  private objectSchema(
    parts: { properties: Json; required: string[] },
    stack: string[],
    closed: boolean,
    extraNames: string[] = []
  ): Json {
    const properties: Json = {}
    for (const [name, prop] of Object.entries(parts.properties)) {
      const p = prop as Json
      properties[name] = this.isReadOnly(p) ? false : this.transform(p, stack, true)
    }
    for (const name of extraNames) if (!(name in properties)) properties[name] = {}
    const required = parts.required.filter(name => properties[name] !== false)
    return {
      type: 'object',
      properties,
      ...(required.length > 0 && { required }),
      ...(closed && { additionalProperties: false })
    }
  }

  private transform(schema: Json, stack: string[], closed: boolean): Json {
    if (typeof schema.$ref === 'string') {
      const name = refName(schema.$ref)
      if (stack.includes(name)) return {}
      return this.transform(this.components[name] ?? {}, [...stack, name], closed)
    }
    const disc = schema.discriminator as { propertyName: string; mapping?: Record<string, string> }
    if (disc && Array.isArray(schema.oneOf) && disc.mapping) return this.polymorphic(schema, stack)
    if (Array.isArray(schema.allOf)) {
      return this.nullable(schema, this.objectSchema(this.own(schema, stack), stack, closed))
    }
    const alternatives = (schema.oneOf ?? schema.anyOf) as Json[] | undefined
    if (Array.isArray(alternatives)) {
      const branches = alternatives.map(b => this.transform(b, stack, false))
      if (schema.properties === undefined) return this.nullable(schema, { anyOf: branches })
      // Properties next to a oneOf: the object may hold the union of all of them.
      const branchNames = alternatives.flatMap(b => Object.keys(this.own(b, stack).properties))
      return this.nullable(schema, {
        ...this.objectSchema(this.own(schema, stack), stack, closed, branchNames),
        anyOf: branches
      })
    }
    const out: Json = {}
    for (const [key, value] of Object.entries(schema)) {
      if (DROP.has(key) || key.startsWith('x-')) continue
      if (key === 'properties' || key === 'required') continue
      if (key === 'items') out.items = this.transform(value as Json, stack, true)
      else if (key === 'additionalProperties' && typeof value === 'object')
        out.additionalProperties = this.transform(value as Json, stack, true)
      else out[key] = value
    }
    if (schema.properties !== undefined) {
      Object.assign(
        out,
        this.objectSchema(
          { properties: schema.properties as Json, required: (schema.required ?? []) as string[] },
          stack,
          closed && schema.additionalProperties === undefined
        )
      )
      if (typeof schema.additionalProperties === 'object')
        out.additionalProperties = this.transform(schema.additionalProperties as Json, stack, true)
      else if (schema.additionalProperties !== undefined)
        out.additionalProperties = schema.additionalProperties
    }
    return this.nullable(schema, out)
  }

  /** A base with a discriminator: the union of every subtype's properties, checked per value. */
  private polymorphic(base: Json, stack: string[]): Json {
    const disc = base.discriminator as { propertyName: string; mapping: Record<string, string> }
    const baseParts = this.own({ properties: base.properties, required: base.required }, stack)
    const names = new Set(Object.keys(baseParts.properties))
    const cases: Json[] = []
    for (const [value, ref] of Object.entries(disc.mapping)) {
      const name = refName(ref)
      if (stack.includes(name)) continue
      const sub = this.components[name] ?? {}
      // The subtype's allOf names the base again: take only the base's own part there.
      const parts = { properties: { ...baseParts.properties }, required: [...baseParts.required] }
      for (const part of [...((sub.allOf ?? []) as Json[]), sub]) {
        if (typeof part.$ref === 'string' && this.deref(part).discriminator) continue
        const p = part === sub ? { properties: sub.properties, required: sub.required } : part
        const o = this.own(p as Json, [...stack, name])
        Object.assign(parts.properties, o.properties)
        parts.required.push(...o.required)
      }
      for (const n of Object.keys(parts.properties)) names.add(n)
      cases.push({
        if: {
          properties: { [disc.propertyName]: { const: value } },
          required: [disc.propertyName]
        },
        then: this.objectSchema(parts, [...stack, name], true)
      })
    }
    return {
      ...this.objectSchema(baseParts, stack, true, [...names]),
      allOf: cases
    }
  }

  private nullable(schema: Json, out: Json): Json {
    if (schema.nullable !== true) return out
    if (typeof out.type === 'string') return { ...out, type: [out.type, 'null'] }
    return { anyOf: [out, { type: 'null' }] }
  }
}

function newAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: true, logger: false })
  const int32 = (n: number) => Number.isInteger(n) && n >= -2147483648 && n <= 2147483647
  ajv.addFormat('int32', { type: 'number', validate: int32 })
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) })
  for (const name of ['double', 'float'])
    ajv.addFormat(name, { type: 'number', validate: () => true })
  ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i)
  ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i)
  return ajv
}

const cache = new Map<string, Route[]>()

/** Every operation of both spec files, in file order (cached per repository root). */
export function loadRoutes(root = repoRoot()): Route[] {
  const cached = cache.get(root)
  if (cached) return cached
  const ajv = newAjv()
  const routes: Route[] = []
  for (const file of SPEC_FILES) {
    const spec = JSON.parse(readFileSync(join(root, 'spec', file), 'utf8')) as Json
    const components = spec.components as Json
    const schemas = new RequestSchemas(components.schemas as Record<string, Json>)
    const sharedParams = (components.parameters ?? {}) as Record<string, Json>
    for (const [template, item] of Object.entries(spec.paths as Json)) {
      for (const [method, raw] of Object.entries(item as Json)) {
        if (!['get', 'post', 'delete', 'patch', 'put'].includes(method)) continue
        const op = raw as Json
        const paramNames: string[] = []
        const regex = new RegExp(
          '^' +
            template
              .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
              .replace(/\{(\w+)\}/g, (_, name: string) => {
                paramNames.push(name)
                return '([^/]+)'
              }) +
            '$'
        )
        const paramPatterns: Record<string, RegExp> = {}
        const query: QueryParam[] = []
        for (const p of (op.parameters ?? []) as Json[]) {
          const param = (
            typeof p.$ref === 'string' ? sharedParams[p.$ref.split('/').pop()!] : p
          ) as Json
          const schema = (param.schema ?? {}) as Json
          if (param.in === 'path' && typeof schema.pattern === 'string')
            paramPatterns[param.name as string] = new RegExp(schema.pattern, 'u')
          if (param.in === 'query') {
            query.push({
              name: param.name as string,
              type: (schema.type as string | undefined) ?? 'string',
              required: param.required === true,
              validate: ajv.compile(schemas.build(schema))
            })
          }
        }
        const responses = op.responses as Record<string, Json>
        const [successCode, success] = Object.entries(responses).find(([code]) =>
          code.startsWith('2')
        ) ?? ['200', {}]
        const content = (success.content ?? {}) as Record<string, Json>
        const versions: string[] = []
        const versionSunset: Record<string, string> = {}
        for (const [media, value] of Object.entries(content)) {
          const v = MEDIA.exec(media)?.[1]
          if (v === undefined) continue
          versions.push(v)
          if (typeof value['x-sunset'] === 'string') versionSunset[v] = value['x-sunset']
        }
        versions.sort()
        const requestBody = (op.requestBody ?? {}) as Json
        const body = (requestBody.content ?? {}) as Record<string, Json>
        const compiled = new Map<string, ValidateFunction>()
        const validator = (media: string): ValidateFunction => {
          let v = compiled.get(media)
          if (!v) {
            v = ajv.compile(schemas.build(body[media].schema as Json))
            compiled.set(media, v)
          }
          return v
        }
        routes.push({
          operationId: op.operationId as string,
          method: method.toUpperCase(),
          template,
          regex,
          paramNames,
          paramPatterns,
          query,
          successStatus: Number(successCode),
          versions,
          versionSunset,
          requestMediaTypes: Object.keys(body),
          requestBodyRequired: requestBody.required === true,
          validator,
          roles: (op['x-rolesRequirements'] ?? []) as string[],
          ...(typeof op['x-sunset'] === 'string' && { sunset: op['x-sunset'] })
        })
      }
    }
  }
  cache.set(root, routes)
  return routes
}

/** The first versioned Atlas media type an Accept header names, e.g. '2023-01-01'. */
export function acceptedVersion(accept: string | undefined): string | undefined {
  if (accept === undefined) return undefined
  for (const part of accept.split(',')) {
    const v = MEDIA.exec(part.split(';')[0].trim().toLowerCase())?.[1]
    if (v !== undefined) return v
  }
  return undefined
}

export interface SchemaProblem {
  errorCode: 'INVALID_ATTRIBUTE' | 'MISSING_ATTRIBUTE'
  field: string
  detail: string
}

const PRIORITY = ['false schema', 'additionalProperties', 'required']

/** The one problem Atlas would report for a body that failed validation. */
export function describeProblem(errors: ErrorObject[]): SchemaProblem {
  const relevant = errors.filter(e => !['if', 'anyOf', 'oneOf', 'allOf'].includes(e.keyword))
  const pool = relevant.length > 0 ? relevant : errors
  const rank = (e: ErrorObject) => {
    const i = PRIORITY.indexOf(e.keyword)
    return i < 0 ? PRIORITY.length : i
  }
  const e = [...pool].sort((a, b) => rank(a) - rank(b))[0]
  const path = e.instancePath
    .split('/')
    .filter(Boolean)
    .map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'))
  const at = (name: string) => [...path, name].join('.')
  switch (e.keyword) {
    case 'additionalProperties': {
      const field = at((e.params as { additionalProperty: string }).additionalProperty)
      return {
        errorCode: 'INVALID_ATTRIBUTE',
        field,
        detail: `Invalid attribute ${field} specified.`
      }
    }
    case 'false schema': {
      const field = path.join('.')
      return {
        errorCode: 'INVALID_ATTRIBUTE',
        field,
        detail: `Invalid attribute ${field} specified: it is read-only.`
      }
    }
    case 'required': {
      const field = at((e.params as { missingProperty: string }).missingProperty)
      return {
        errorCode: 'MISSING_ATTRIBUTE',
        field,
        detail: `The required attribute ${field} was not specified.`
      }
    }
    default: {
      const field = path.join('.') || 'body'
      return {
        errorCode: 'INVALID_ATTRIBUTE',
        field,
        detail: `Invalid attribute ${field} specified: ${e.message ?? 'invalid value'}.`
      }
    }
  }
}

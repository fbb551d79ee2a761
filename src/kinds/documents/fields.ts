// Reading Atlas documents defensively: real answers carry nulls, extra fields and missing
// dates (see __tests__/fixtures/recordings), so every field is checked, never trusted.

export type Doc = Record<string, unknown>

export const asDoc = (value: unknown): Doc =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Doc) : {}

export const text = (doc: Doc, key: string): string | undefined => {
  const v = doc[key]
  return typeof v === 'string' && v !== '' ? v : undefined
}

export const flag = (doc: Doc, key: string): boolean => doc[key] === true

export const date = (doc: Doc, key: string): Date | undefined => {
  const v = text(doc, key)
  if (v === undefined) return undefined
  const d = new Date(v)
  return Number.isNaN(d.getTime()) ? undefined : d
}

export const texts = (doc: Doc, key: string): string[] => {
  const v = doc[key]
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string' && s !== '') : []
}

export const docs = (doc: Doc, key: string): Doc[] => {
  const v = doc[key]
  return Array.isArray(v) ? v.map(asDoc) : []
}

/** The document's `id`, required: a job or snapshot without one is not usable. */
export const id = (doc: Doc, what: string): string => {
  const v = text(doc, 'id')
  if (v === undefined) throw new Error(`Atlas returned a ${what} without an id`)
  return v
}

/** A deployment's connection string: SRV form where there is one. */
export const connectionString = (doc: Doc): string | undefined => {
  const strings = asDoc(doc.connectionStrings)
  return text(strings, 'standardSrv') ?? text(strings, 'standard')
}

/** `{ key: value }` when the value is known, `{}` otherwise: for spreading into results. */
export const optional = <K extends string, V>(key: K, value: V | undefined) =>
  (value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>

/**
 * The creation time inside a MongoDB ObjectId (its first 4 bytes are epoch seconds). Atlas job
 * IDs are ObjectIds: 6a794733… was created at 2026-08-10T03:36:19Z, as recorded. Undefined
 * when the ID is not one or its time is implausible.
 */
export function objectIdTime(id: string, now: number): Date | undefined {
  if (!/^[a-f0-9]{24}$/.test(id)) return undefined
  const ms = parseInt(id.slice(0, 8), 16) * 1000
  const plausible = ms > now - 366 * 24 * 3600_000 && ms < now + 24 * 3600_000
  return plausible ? new Date(ms) : undefined
}

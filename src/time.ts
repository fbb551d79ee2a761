// Dates as Atlas writes them.

/** RFC 3339 in UTC without milliseconds. */
export const rfc3339 = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z')

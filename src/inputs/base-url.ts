// baseUrl: an https origin (plain http only for loopback), never carrying credentials. A URL
// with a user:password part is never echoed as given, whatever else is wrong with it.

import { showValue, type Report } from './problems.js'

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i

/** The URL as a message may show it: any userinfo (up to the last @ of the authority) hidden. */
export function redactUserinfo(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/*)[^/?#]*@/i, '$1***@')
}

export function parseBaseUrl(text: string, problem: Report): string {
  const shown = showValue(redactUserinfo(text))
  let url: URL
  try {
    url = new URL(text)
  } catch {
    problem('baseUrl', `${shown} is not a URL: expected e.g. https://cloud.mongodb.com`)
    return text
  }
  if (url.username || url.password) {
    problem(
      'baseUrl',
      'must not carry credentials: use publicKey/privateKey or clientId/clientSecret'
    )
  } else if (url.protocol === 'http:' && !LOOPBACK.test(url.hostname)) {
    problem(
      'baseUrl',
      `${shown} uses plain http: only https is allowed (http only for loopback hosts)`
    )
  } else if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    problem('baseUrl', `${shown} is not an https URL`)
  } else if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    problem('baseUrl', `${shown} has a path: give the origin only, e.g. https://cloud.mongodb.com`)
  }
  return url.origin
}

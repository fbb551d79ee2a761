// Tests written to kill the mutants that survived in src/inputs/base-url.ts (CONTRIBUTING.md,
// Mutation testing): userinfo redaction and each baseUrl rule with its exact message.

import { describe, expect, it } from '@jest/globals'
import { parseBaseUrl, redactUserinfo } from '../../src/inputs/base-url.js'

function parse(text: string): { origin: string; problems: [string, string][] } {
  const problems: [string, string][] = []
  const origin = parseBaseUrl(text, (input, message) => problems.push([input, message]))
  return { origin, problems }
}

describe('redactUserinfo', () => {
  it('hides user and password, keeping the scheme, host and path', () => {
    expect(redactUserinfo('https://user:pw@cloud.mongodb.com/api?x=1')).toBe(
      'https://***@cloud.mongodb.com/api?x=1'
    )
  })

  it('hides everything up to the last @ of the authority', () => {
    expect(redactUserinfo('https://a@b:c@host/')).toBe('https://***@host/')
  })

  it('leaves an @ in the path, query or fragment alone', () => {
    expect(redactUserinfo('https://host/a@b')).toBe('https://host/a@b')
    expect(redactUserinfo('https://host?a@b')).toBe('https://host?a@b')
    expect(redactUserinfo('https://host#a@b')).toBe('https://host#a@b')
  })

  it('knows any scheme, in any case, with or without slashes', () => {
    expect(redactUserinfo('HTTPS://u:p@h')).toBe('HTTPS://***@h')
    expect(redactUserinfo('git+ssh.x-y://u@h')).toBe('git+ssh.x-y://***@h')
    expect(redactUserinfo('mailto:u@h')).toBe('mailto:***@h')
    expect(redactUserinfo('a1://u@h')).toBe('a1://***@h')
  })

  it('only redacts a URL that starts with its scheme', () => {
    expect(redactUserinfo(' https://u:p@h')).toBe(' https://u:p@h')
    expect(redactUserinfo('1https://u:p@h')).toBe('1https://u:p@h')
    expect(redactUserinfo('no scheme u@h')).toBe('no scheme u@h')
  })

  it('leaves a URL without userinfo as it is', () => {
    expect(redactUserinfo('https://cloud.mongodb.com')).toBe('https://cloud.mongodb.com')
  })
})

describe('parseBaseUrl', () => {
  it('returns the origin of a good https URL, reporting nothing', () => {
    expect(parse('https://cloud.mongodb.com/')).toStrictEqual({
      origin: 'https://cloud.mongodb.com',
      problems: []
    })
    expect(parse('https://cloud.mongodb.com:8443')).toStrictEqual({
      origin: 'https://cloud.mongodb.com:8443',
      problems: []
    })
  })

  it('refuses text that is not a URL, returning it unchanged and hiding any userinfo', () => {
    expect(parse('cloud dot mongodb')).toStrictEqual({
      origin: 'cloud dot mongodb',
      problems: [
        ['baseUrl', '"cloud dot mongodb" is not a URL: expected e.g. https://cloud.mongodb.com']
      ]
    })
    expect(parse('https://u:secret@exa mple.com').problems).toStrictEqual([
      [
        'baseUrl',
        '"https://***@exa mple.com" is not a URL: expected e.g. https://cloud.mongodb.com'
      ]
    ])
  })

  it.each(['https://u:p@cloud.mongodb.com', 'https://u@cloud.mongodb.com', 'https://:p@h.com'])(
    'refuses credentials in %s without echoing them',
    text => {
      expect(parse(text).problems).toStrictEqual([
        ['baseUrl', 'must not carry credentials: use publicKey/privateKey or clientId/clientSecret']
      ])
    }
  )

  it('refuses credentials before any other rule (plain http, a path)', () => {
    expect(parse('http://u:p@remote.example.com/path').problems).toStrictEqual([
      ['baseUrl', 'must not carry credentials: use publicKey/privateKey or clientId/clientSecret']
    ])
  })

  it('refuses plain http to a remote host', () => {
    expect(parse('http://cloud.mongodb.com')).toStrictEqual({
      origin: 'http://cloud.mongodb.com',
      problems: [
        [
          'baseUrl',
          '"http://cloud.mongodb.com" uses plain http: only https is allowed (http only for loopback hosts)'
        ]
      ]
    })
  })

  it.each([
    'http://localhost',
    'http://LOCALHOST:8080',
    'http://127.0.0.1:9',
    'http://127.10.200.3',
    'http://[::1]:8080'
  ])('allows plain http to the loopback host %s', text => {
    const { problems } = parse(text)
    expect(problems).toStrictEqual([])
  })

  it.each([
    'http://localhost.evil.example',
    'http://evil-localhost',
    'http://128.0.0.1',
    'http://10.127.0.0',
    'http://127.0.0.1.evil.example'
  ])('holds %s, which only looks like loopback, to https', text => {
    const { problems } = parse(text)
    expect(problems).toHaveLength(1)
    expect(problems[0][1]).toContain('uses plain http')
  })

  it('refuses a scheme other than https or http', () => {
    expect(parse('ftp://cloud.mongodb.com')).toStrictEqual({
      origin: 'ftp://cloud.mongodb.com',
      problems: [['baseUrl', '"ftp://cloud.mongodb.com" is not an https URL']]
    })
  })

  it.each([
    'https://cloud.mongodb.com/api/atlas/v2',
    'https://cloud.mongodb.com/?envelope=true',
    'https://cloud.mongodb.com/#top',
    'http://localhost:8080/api'
  ])('refuses %s, which is more than an origin', text => {
    const { origin, problems } = parse(text)
    expect(problems).toStrictEqual([
      [
        'baseUrl',
        `${JSON.stringify(text)} has a path: give the origin only, e.g. https://cloud.mongodb.com`
      ]
    ])
    expect(origin).toBe(new URL(text).origin)
  })
})

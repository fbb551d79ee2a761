// extract: true — entries that would leave the folder are refused (pure check and real crafted
// archives through node-tar), and a data directory unpacks ready for mongod --dbpath.

import { describe, expect, it } from '@jest/globals'
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { entryProblem, extractArchive, gzipSizeHint } from '../src/download/extract.js'
import { dataDirectory, tarGzBuffer, writeTarGz, type TarItem } from '../simulator/tarball.js'

const PLENTY = () => Promise.resolve(2 ** 40)

async function crafted(items: TarItem[]): Promise<{ dir: string; archive: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'extract-'))
  const archive = join(dir, 'a.tar.gz')
  writeFileSync(archive, await tarGzBuffer(items))
  return { dir, archive }
}

describe('entryProblem', () => {
  it('lets files, folders and links inside the folder through', () => {
    expect(entryProblem({ path: 'journal/WiredTigerLog.1', type: 'File' })).toBeUndefined()
    expect(entryProblem({ path: 'journal/', type: 'Directory' })).toBeUndefined()
    expect(entryProblem({ path: 'a/l', type: 'SymbolicLink', linkpath: '../b' })).toBeUndefined()
    expect(entryProblem({ path: 'h', type: 'Link', linkpath: 'a/b' })).toBeUndefined()
  })

  it('refuses absolute paths, "..", links out of the folder, devices', () => {
    expect(entryProblem({ path: '/etc/passwd', type: 'File' })).toBe('an absolute path')
    expect(entryProblem({ path: 'C:\\x', type: 'File' })).toBe('an absolute path')
    expect(entryProblem({ path: '../x', type: 'File' })).toBe('a path with ".."')
    expect(entryProblem({ path: 'a/../../x', type: 'File' })).toBe('a path with ".."')
    expect(entryProblem({ path: 'etc', type: 'SymbolicLink', linkpath: '/etc' })).toBe(
      'a symbolic link to an absolute path'
    )
    expect(entryProblem({ path: 'a/l', type: 'SymbolicLink', linkpath: '../../x' })).toBe(
      'a symbolic link that points outside the folder'
    )
    expect(entryProblem({ path: 'h', type: 'Link', linkpath: '../x' })).toBe(
      'a hard link that points outside the folder'
    )
    expect(entryProblem({ path: 'p', type: 'FIFO' })).toContain('FIFO')
  })
})

describe('extractArchive', () => {
  it('unpacks a data directory; a single top folder is the dbpath', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'extract-'))
    const archive = join(dir, 'restore.tar.gz')
    await writeTarGz(archive, dataDirectory(200_000))
    const to = await extractArchive(archive, join(dir, 'restore'), 'the archive', PLENTY)
    expect(to).toBe(join(dir, 'restore'))
    expect(readdirSync(to)).toEqual(
      expect.arrayContaining(['WiredTiger', 'WiredTiger.turtle', '_mdb_catalog.wt', 'journal'])
    )
    const nested = join(dir, 'nested.tar.gz')
    await writeTarGz(nested, dataDirectory(1000, 'restore-shard-0'))
    expect(await extractArchive(nested, join(dir, 'nested'), 'the archive', PLENTY)).toBe(
      join(dir, 'nested', 'restore-shard-0')
    )
    expect(await gzipSizeHint(archive)).toBeGreaterThan(200_000)
  })

  const hostile: [string, TarItem[]][] = [
    ['../x', [{ path: '../x', data: Buffer.from('out') }]],
    ['/abs', [{ path: '/tmp/abs-escape', data: Buffer.from('out') }]],
    ['a symlink to /etc', [{ path: 'etc', type: 'symlink', linkpath: '/etc' }]],
    ['a hard link outside', [{ path: 'h', type: 'hardlink', linkpath: '../../etc/passwd' }]]
  ]
  for (const [name, items] of hostile) {
    it(`refuses an archive with ${name}, writes nothing, keeps the download`, async () => {
      const { dir, archive } = await crafted([
        { path: 'WiredTiger', data: Buffer.from('WiredTiger\n') },
        ...items
      ])
      const folder = join(dir, 'out')
      await expect(extractArchive(archive, folder, 'archive 1 of 2', PLENTY)).rejects.toThrow(
        'Extracting archive 1 of 2: refused entries that would escape the folder'
      )
      expect(existsSync(folder)).toBe(false)
      expect(existsSync(join(dir, 'x'))).toBe(false)
      expect(existsSync('/tmp/abs-escape')).toBe(false)
      expect(existsSync(archive)).toBe(true)
    })
  }

  it('refuses a folder that is not empty, too little space, and a broken archive', async () => {
    const { dir, archive } = await crafted(dataDirectory(10_000))
    const folder = join(dir, 'out')
    await expect(
      extractArchive(archive, folder, 'the archive', () => Promise.resolve(10))
    ).rejects.toThrow('it unpacks to at least')
    await extractArchive(archive, folder, 'the archive', PLENTY)
    await expect(extractArchive(archive, folder, 'the archive', PLENTY)).rejects.toThrow(
      'exists and is not empty'
    )
    const broken = join(dir, 'broken.tar.gz')
    writeFileSync(broken, Buffer.from('not a gzip at all, just text'.repeat(10)))
    await expect(extractArchive(broken, join(dir, 'b'), 'the archive', PLENTY)).rejects.toThrow(
      'is not a valid .tar.gz'
    )
  })
})

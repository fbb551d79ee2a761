// Every socket read lands in a fresh 64 KiB buffer that only a garbage collection frees, and V8
// collects for external memory only once about 64 MB of it has piled up: at loopback speed a
// download's RSS climbs by that much. A minor (young-generation) GC per few MiB received frees
// them while they are young; it costs well under a millisecond, less than the page faults of
// fresh memory it saves. `gc` is reached through --expose-gc set at run time (the runner gives
// no way to pass node flags); where that is refused, pacing is skipped and nothing else changes.

import v8 from 'node:v8'
import vm from 'node:vm'

export type Gc = (options: { type: 'minor' }) => void

let gc: Gc | null | undefined

/** V8's `gc`, or null where it cannot be reached. */
export function youngGc(): Gc | null {
  if (gc === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc')
      const found: unknown = vm.runInNewContext('gc')
      gc = typeof found === 'function' ? (found as Gc) : null
    } catch {
      gc = null
    }
  }
  return gc
}

/** Counts bytes received and runs a minor GC every `everyBytes`. */
export function gcPacer(
  everyBytes = 2 * 1024 * 1024,
  collect: Gc | null = youngGc()
): (bytes: number) => void {
  if (collect === null) return () => {}
  let since = 0
  return bytes => {
    since += bytes
    if (since < everyBytes) return
    since = 0
    collect({ type: 'minor' })
  }
}

// What lower layers may say. main.ts passes @actions/core, tests pass a recorder.
export interface Log {
  info(message: string): void
  warning(message: string): void
  debug(message: string): void
}

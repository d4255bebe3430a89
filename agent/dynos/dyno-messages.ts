// The dyno manager's system log lines, worded exactly as Heroku's (devcenter "Dyno manager", "Error codes"). shoal
// emits them with source `shoal` where Heroku says `heroku`: `shoal[web.1]: State changed from starting to up`.

export const DYNO_MESSAGES = {
  stateChanged: (from: string, to: string) => `State changed from ${from} to ${to}`,
  starting: (command: string) => `Starting process with command \`${command}\``,
  exited: (code: number) => `Process exited with status ${code}`,
  sigterm: 'Stopping all processes with SIGTERM',
  sigkill: 'Stopping process with SIGKILL',
  r10: (seconds: number) =>
    `Error R10 (Boot timeout) -> Web process failed to bind to $PORT within ${seconds} seconds of launch`,
  r12: (seconds: number) =>
    `Error R12 (Exit timeout) -> At least one process failed to exit within ${seconds} seconds of SIGTERM`,
  /** Heroku's line before R14/R15: `Process running mem=1028MB(200.8%)` (MB of 2^20 bytes, percent of the quota). */
  memory: (bytes: number, quotaBytes: number) =>
    `Process running mem=${Math.round(bytes / 1048576)}MB(${((bytes / quotaBytes) * 100).toFixed(1)}%)`,
  r14: 'Error R14 (Memory quota exceeded)',
  r15: 'Error R15 (Memory quota vastly exceeded)',
} as const

/** The short form kept in DynoStatus.message. */
export const R10_STATUS = 'Error R10 (Boot timeout)'
export const R12_STATUS = 'Error R12 (Exit timeout)'
export const R15_STATUS = DYNO_MESSAGES.r15

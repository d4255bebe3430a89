import { runStackCommand } from '../../agent/stack/stack-main.ts'
import type { Command } from '../command.ts'

export const stackBuild: Command = {
  name: 'stack:build',
  summary: 'build (or import from cache) the stack image dynos and builds run on; never pulls',
  usage: '[--force] [--verbose] [--work-dir DIR]',
  flags: {
    force: { type: 'boolean', description: 'rebuild from debootstrap even when the image exists' },
    verbose: { type: 'boolean', description: "print the tools' own output" },
    'work-dir': { type: 'string', description: 'stack cache dir (default $SHOAL_STACK_DIR or /var/lib/shoal/stack)' },
  },
  async run(args) {
    const argv = ['build']
    if (args.flags['force'] === true) argv.push('--force')
    if (args.flags['verbose'] === true) argv.push('--verbose')
    const dir = args.flags['work-dir']
    if (typeof dir === 'string') argv.push('--work-dir', dir)
    const controller = new AbortController()
    process.once('SIGINT', () => controller.abort())
    return runStackCommand(argv, {
      out: (t) => process.stdout.write(t),
      err: (t) => process.stderr.write(t),
      signal: controller.signal,
    })
  },
}

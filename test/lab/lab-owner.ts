// Claiming a lab: an id, a subnet nothing on the machine uses, and an owner record (pid + start time) written
// before any namespace exists, so a later run can tell a live lab from a crashed one's leftovers.

import { existsSync } from 'node:fs'
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { ownerAlive, ownerRecord } from './lab-cleanup.ts'
import { isLabId, LAB_RUN_ROOT, labDirs, newLabId } from './lab-paths.ts'
import { must } from './lab-shell.ts'
import { type Cidr, pickLabSubnet, usedNetworks } from './lab-subnet.ts'

/** Subnet indexes held by other live labs on this machine. */
async function otherLabSubnets(): Promise<Set<number>> {
  const held = new Set<number>()
  if (!existsSync(LAB_RUN_ROOT)) return held
  for (const id of await readdir(LAB_RUN_ROOT)) {
    if (!isLabId(id) || !(await ownerAlive(id))) continue
    const index = Number((await readFile(join(LAB_RUN_ROOT, id, 'subnet'), 'utf8').catch(() => '')).trim())
    if (Number.isInteger(index)) held.add(index)
  }
  return held
}

/** Reads the root namespace's addresses and routes and picks a free /24 of 198.18.0.0/15. */
export async function chooseSubnet(): Promise<{ index: number; subnet: Cidr }> {
  const [addrs, routes] = await Promise.all([
    must('ip', ['-j', '-4', 'addr', 'show']),
    must('ip', ['-j', '-4', 'route', 'show', 'table', 'all']),
  ])
  return pickLabSubnet(usedNetworks(addrs, routes), await otherLabSubnets())
}

export async function claimLab(): Promise<{ id: string; subnet: Cidr }> {
  const { index, subnet } = await chooseSubnet()
  await mkdir(LAB_RUN_ROOT, { recursive: true })
  for (let attempt = 0; ; attempt++) {
    const id = newLabId()
    const dir = labDirs(id).run
    if (existsSync(dir)) continue
    // Written in a scratch dir and renamed into place: the run dir never exists without its owner record.
    const scratch = join(LAB_RUN_ROOT, `.claim-${id}-${process.pid}`)
    await mkdir(scratch, { recursive: true })
    await writeFile(join(scratch, 'owner'), await ownerRecord(process.pid))
    await writeFile(join(scratch, 'subnet'), `${index}\n`)
    try {
      await rename(scratch, dir)
      return { id, subnet }
    } catch (err) {
      await rm(scratch, { recursive: true, force: true })
      if (attempt >= 5) throw new Error(`Cannot claim a lab id: ${(err as Error).message}`)
    }
  }
}

import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { MarqueError } from '../../protocol/src/errors';

/** What `marque.lock` in a data folder says about the process that holds it. */
interface LockHolder {
  pid: number;
  /** The kernel's start time of the process (Linux), so a reused pid is not taken for the holder. */
  startTime?: string;
  startedAt: string;
  command: string;
}

/** A data folder this process holds alone until {@link DataFolder.release}. */
export interface DataFolder {
  dir: string;
  /** The process that held the folder before and was killed without releasing it, if any. */
  recoveredFrom?: number;
  /**
   * The secret that signs session tokens and invitations, kept in the folder so that a restart
   * keeps every session and 72-hour invitation valid; made once, readable by this user only.
   */
  sessionSecret(): Promise<string>;
  release(): Promise<void>;
}

const LOCK_FILE = 'marque.lock';
const SECRET_FILE = 'session-secret';

/**
 * Takes the data folder (`npm start`'s chain, embedded database and deployment record) for this
 * process: creates it private to this user and writes `marque.lock` naming the process. A folder
 * another live process holds is refused with its pid and command; a lock left by a process that
 * was killed is taken over.
 *
 * @throws MarqueError `data-folder-in-use` when another running process holds it
 */
export async function lockDataFolder(dir: string): Promise<DataFolder> {
  const folder = path.resolve(dir);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  // Folders made by older versions were readable and writable by everyone on the machine.
  await chmod(folder, 0o700);
  const file = path.join(folder, LOCK_FILE);
  const me: LockHolder = {
    pid: process.pid,
    startTime: startTimeOf(process.pid),
    startedAt: new Date().toISOString(),
    command: process.argv.slice(1).map((arg) => path.relative(process.cwd(), arg) || arg).join(' '),
  };
  let recoveredFrom: number | undefined;
  for (let attempt = 0; ; attempt++) {
    try {
      await writeFile(file, JSON.stringify(me), { flag: 'wx', mode: 0o600 });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 3) throw error;
    }
    const text = await readFile(file, 'utf8').catch(() => '');
    const holder = parseHolder(text);
    if (holder && isAlive(holder)) {
      throw new MarqueError(
        'data',
        `the data folder ${folder} is in use by process ${holder.pid} (${holder.command}, started ${holder.startedAt})`,
        {
          reason: 'data-folder-in-use',
          details: 'one data folder serves one Marque process: stop that process first, or set DATA_DIR to another folder',
        },
      );
    }
    // The holder was killed: move its lock aside, and put it back if a live process took it meanwhile.
    const aside = `${file}.${process.pid}.stale`;
    try {
      await rename(file, aside);
    } catch {
      continue;
    }
    const moved = await readFile(aside, 'utf8').catch(() => '');
    if (moved !== text) {
      await rename(aside, file).catch(() => {});
      continue;
    }
    await rm(aside, { force: true });
    recoveredFrom = holder?.pid;
  }

  let released = false;
  return {
    dir: folder,
    recoveredFrom,
    async sessionSecret() {
      const secretFile = path.join(folder, SECRET_FILE);
      try {
        await writeFile(secretFile, randomBytes(32).toString('hex'), { flag: 'wx', mode: 0o600 });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const secret = (await readFile(secretFile, 'utf8')).trim();
      if (secret.length < 32) {
        throw new MarqueError('data', `${secretFile} holds no usable secret (under 32 characters)`, {
          details: 'delete the file to make a new one (sessions and invitations signed with the old one stop working), or set SESSION_SECRET',
        });
      }
      return secret;
    },
    async release() {
      if (released) return;
      released = true;
      const current = parseHolder(await readFile(file, 'utf8').catch(() => ''));
      if (current?.pid === process.pid) await rm(file, { force: true });
    },
  };
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const holder = JSON.parse(text) as LockHolder;
    return Number.isInteger(holder.pid) && holder.pid > 0 ? holder : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(holder: LockHolder): boolean {
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    // EPERM: alive, but another user's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  const startTime = startTimeOf(holder.pid);
  if (startTime === 'zombie') return false;
  // Another process reusing the killed holder's pid.
  return !(holder.startTime && startTime && startTime !== holder.startTime);
}

/** The process's start time in clock ticks from /proc (Linux), `zombie` for one already dead, else undefined. */
function startTimeOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[0] === 'Z' ? 'zombie' : fields[19];
  } catch {
    return undefined;
  }
}

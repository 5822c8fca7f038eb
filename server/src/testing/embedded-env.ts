/**
 * This process's environment with the real-service URLs blanked: npm start's embedded defaults
 * (the embedded database, in-process presence), as a newcomer runs it, whatever this machine
 * points at. A shared Redis may hold rooms of processes long gone (a join then meets "seat
 * reservation expired"), and a shared PostgreSQL other runs' launches.
 */
export function embeddedEnv(overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, DATABASE_URL: '', REDIS_URL: '', ...overrides };
}

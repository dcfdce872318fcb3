/**
 * How this machine's CPUs idle, which decides how long a process waiting on another (the library on
 * its PostgreSQL backend, the backend on the disk) takes to wake.
 *
 * A KVM guest whose cpuidle driver is `haltpoll` polls for up to `guest_halt_poll_ns` before it
 * halts; a halted virtual CPU leaves the guest, and waking it again costs tens of microseconds on the
 * host. Linux's default is 200,000 ns; this benchmark machine boots with
 * `haltpoll.guest_halt_poll_ns=0` on its kernel command line, so every wait halts at once.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";

const PARAMETER = "/sys/module/haltpoll/parameters/guest_halt_poll_ns";
/** Linux's default (Documentation/virt/guest-halt-polling.rst, https://docs.kernel.org/virt/guest-halt-polling.html). */
export const LINUX_DEFAULT_POLL_NS = 200_000;

const read = (path: string) => {
  try {
    return readFileSync(path, "utf8").trim();
  } catch {
    return undefined;
  }
};

/** One line for a benchmark's conditions: the idle driver and, under haltpoll, how long it polls. */
export const idleConditions = (): string => {
  const driver = read("/sys/devices/system/cpu/cpuidle/current_driver") ?? "unknown";
  const poll = read(PARAMETER);
  return poll === undefined ? `cpuidle driver ${driver}` : `cpuidle driver ${driver}, guest_halt_poll_ns=${poll}`;
};

/**
 * The halt-polling setting, when this process may change it (a haltpoll guest, as root); otherwise
 * undefined, with the reason. `set` changes it for the whole machine; `restore` puts back the value
 * found, and runs on exit too.
 */
export const haltPolling = (): { found: number; set: (ns: number) => void; restore: () => void } | { unavailable: string } => {
  if (!existsSync(PARAMETER)) return { unavailable: `${PARAMETER} does not exist (not a haltpoll guest)` };
  const found = Number(read(PARAMETER));
  try {
    writeFileSync(PARAMETER, String(found));
  } catch (error) {
    return { unavailable: `${PARAMETER} cannot be written (${(error as Error).message.split("\n")[0]})` };
  }
  const restore = () => writeFileSync(PARAMETER, String(found));
  process.once("exit", restore);
  for (const signal of ["SIGINT", "SIGTERM"] as const)
    process.once(signal, () => {
      restore();
      process.exit(128 + (signal === "SIGINT" ? 2 : 15));
    });
  return { found, set: (ns) => writeFileSync(PARAMETER, String(ns)), restore };
};

/**
 * How this machine's CPUs idle, which decides how long a process waiting on another (the library on
 * its PostgreSQL backend, the backend on the disk) takes to wake.
 *
 * A KVM guest whose cpuidle driver is `haltpoll` polls for up to `guest_halt_poll_ns` before it
 * halts; a halted virtual CPU leaves the guest, and waking it again costs tens of microseconds on the
 * host. Linux's default is 200,000 ns; this benchmark machine boots with
 * `haltpoll.guest_halt_poll_ns=0` on its kernel command line, so every wait halts at once.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { constants } from "node:os";

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
 * `{ unavailable }`, saying why. `set` changes it for the whole machine; `restore` puts back the value
 * found if it was changed, and runs on exit and on SIGINT or SIGTERM too.
 */
export const haltPolling = (): { found: number; set: (ns: number) => void; restore: () => void } | { unavailable: string } => {
  const text = read(PARAMETER);
  if (text === undefined) return { unavailable: `${PARAMETER} cannot be read (not a haltpoll guest)` };
  const found = Number(text);
  try {
    writeFileSync(PARAMETER, text);
  } catch (error) {
    return { unavailable: `${PARAMETER} cannot be written (${(error as Error).message.split("\n")[0]})` };
  }
  let current = found;
  const set = (ns: number) => {
    writeFileSync(PARAMETER, String(ns));
    current = ns;
  };
  const restore = () => {
    if (current !== found) set(found);
  };
  process.once("exit", restore);
  for (const signal of ["SIGINT", "SIGTERM"] as const)
    process.once(signal, () => {
      restore();
      process.exit(128 + constants.signals[signal]);
    });
  return { found, set, restore };
};

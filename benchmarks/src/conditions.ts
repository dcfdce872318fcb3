import { execSync } from "node:child_process";
import { cpus, totalmem } from "node:os";

/** The conditions every figure is printed beside. */
export const conditions = (): string => {
  let commit = "unknown";
  try {
    commit = execSync("git rev-parse --short HEAD", { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {}
  return [
    `date ${new Date().toISOString()}`,
    `node ${process.version}`,
    `cpu ${cpus()[0]?.model ?? "?"} × ${cpus().length}`,
    `memory ${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
    `commit ${commit}`,
    `node flags ${process.execArgv.filter((a) => a.startsWith("--") && !a.includes("import")).join(" ") || "(none)"}`,
  ].join(", ");
};

export const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
export const rate = (count: number, ms: number) => `${Math.round(count / (ms / 1000)).toLocaleString("en-US")}/s`;

/** Samples RSS every 5 ms while work runs, for a peak. */
export const peakRss = () => {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 5);
  return {
    stop: () => {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage.rss());
      return peak;
    },
  };
};

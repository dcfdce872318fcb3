import { defaultServerConditions } from "vite";
import { defineProject } from "vitest/config";

// Tests run from source: resolve workspace packages through their "source" export condition.
const conditions = ["source", ...defaultServerConditions];

export default defineProject({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: { name: "core", include: ["test/**/*.test.ts"], setupFiles: ["test/fc-setup.ts"], testTimeout: 120_000, hookTimeout: 120_000 },
});

// Property tests run with a fixed seed by default, so a run in CI is the same run every time and a
// coverage check ("the generator reached returns") cannot fail by chance. FC_SEED picks another seed,
// FC_SEED=random a fresh one each run (printed by fast-check when a property fails); FC_RUNS sets
// the number of runs for a long soak.
import fc from "fast-check";

const seed = process.env.FC_SEED;
if (seed !== "random") fc.configureGlobal({ seed: Number(seed ?? 20_261_129) });

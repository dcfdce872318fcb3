// Run by the build: makes the PGlite template (a new database's data directory, as PGlite's initdb
// writes it) for the installed PGlite, once; see src/pgdata-template.ts.
import { makeTemplate } from "../dist/src/pgdata-template.js";

const { path, made } = await makeTemplate();
if (made) console.log(`PGlite template: ${path}`);

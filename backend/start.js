// `npm start`: the server precompiled into dist/backend/main.js (built when missing or older
// than the sources, see build.js; through tsx only when that build is not possible).
import { runEntry } from './build.js';
await runEntry('backend/main.ts', { say: (line) => console.log(line) });

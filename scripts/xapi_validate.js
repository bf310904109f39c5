// Checks xAPI statements (a JSON array in a file) with Learning Locker's validator and times
// each one: prints {"statements":N,"failed":F,"worst_ms":W} and the first problems.
const validate = require('xapi-validation').default;
const fs = require('fs');
const statements = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
let worst = 0, failed = 0;
for (const s of statements) {
  const t = process.hrtime.bigint();
  const warnings = validate(s);
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  worst = Math.max(worst, ms);
  if (warnings.length) { failed++; if (failed < 4) console.error(JSON.stringify(warnings.map(w => [w.path, w.message || w.constructor.name])).slice(0, 800)); }
}
console.log(JSON.stringify({statements: statements.length, failed, worst_ms: Math.round(worst * 100) / 100}));

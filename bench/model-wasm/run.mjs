// Loads the model in the probe and times embed() per 280 / 1,000 / 5,000-character post
// (fastest of repeated runs). Usage: node run.mjs PROBE.wasm MODEL.bin
import fs from 'fs';
const wasm = fs.readFileSync(process.argv[2]);
const {instance} = await WebAssembly.instantiate(wasm, {});
const e = instance.exports;
const model = fs.readFileSync(process.argv[3]);
let t = performance.now();
const p = e.alloc(model.length);
new Uint8Array(e.memory.buffer, p, model.length).set(model);
if (e.load(p, model.length) !== 0) throw new Error('load failed');
console.log(`load: ${(performance.now() - t).toFixed(1)} ms`);
const TEXT = "Honestly, the new planning tool is a mess and nobody asked the people who actually use it. Eerlijk gezegd snap ik niet waarom we dit zo nodig moesten invoeren, want het oude systeem werkte prima. Anyway, coffee first ☕ and then back to the spreadsheets. Wie heeft er nog tips? #maandag #werk ";
for (const n of [280, 1000, 5000]) {
  const text = [...TEXT.repeat(30)].slice(0, n).join('');
  const bytes = new TextEncoder().encode(text);
  const tp = e.alloc(bytes.length);
  new Uint8Array(e.memory.buffer, tp, bytes.length).set(bytes);
  let best = 1e9;
  for (let i = 0; i < (n > 1000 ? 5 : 21); i++) {
    const t0 = performance.now(); e.embed(tp, bytes.length); best = Math.min(best, performance.now() - t0);
  }
  const out = new Float32Array(e.memory.buffer, e.embed(tp, bytes.length), 512);
  console.log(`${n} chars: ${best.toFixed(2)} ms (first values ${out[0].toFixed(4)} ${out[1].toFixed(4)})`);
}

// Usage: node .ci/wasm-keep-data.mjs MAIN.wasm BINDGEN.wasm
//
// wasm-split-cli zeroes, in the main module, the data it believes only the split-off modules
// read. LLVM merges and tail-shares constants (format templates, strings), so some of those
// bytes are also read by the main module: a ClusterIP printed as "10.100.32" instead of
// "10.100.32.65" was one. The split-off modules bring their own copies of their data, written at
// the same addresses, so the main module can simply keep all of it: this puts wasm-bindgen's
// data section (and data count) back into MAIN.wasm, byte for byte. Code is left as split.
import { readFileSync, writeFileSync } from 'node:fs';

const [mainPath, bindgenPath] = process.argv.slice(2);
if (!mainPath || !bindgenPath) throw new Error('usage: wasm-keep-data.mjs MAIN.wasm BINDGEN.wasm');

/** The module's sections: [id, start, end] (start at the id byte, end past the payload). */
function sections(bytes) {
  const out = [];
  let i = 8;
  while (i < bytes.length) {
    const start = i;
    const id = bytes[i++];
    let size = 0;
    for (let shift = 0; ; shift += 7) {
      const b = bytes[i++];
      size |= (b & 0x7f) << shift;
      if (b < 0x80) break;
    }
    out.push([id, start, i + size]);
    i += size;
  }
  return out;
}

const DATA = 11;
const DATA_COUNT = 12;
const main = readFileSync(mainPath);
const bindgen = readFileSync(bindgenPath);
const kept = new Map(sections(bindgen).filter(([id]) => id === DATA || id === DATA_COUNT).map(([id, a, b]) => [id, bindgen.subarray(a, b)]));
const parts = [main.subarray(0, 8)];
const seen = new Set();
for (const [id, a, b] of sections(main)) {
  if (kept.has(id)) {
    parts.push(kept.get(id));
    seen.add(id);
  } else {
    parts.push(main.subarray(a, b));
  }
}
if (!seen.has(DATA) || seen.size !== kept.size) {
  throw new Error(`${mainPath}: its data sections do not match ${bindgenPath}'s; wasm-split-cli changed its output`);
}
writeFileSync(mainPath, Buffer.concat(parts));

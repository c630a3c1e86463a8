// Usage: node .ci/wasm-main-data.mjs MAIN.wasm BINDGEN.wasm LINKED.wasm LAZY.wasm...
//
// The data of the first load's module (MAIN, as wasm-split-cli wrote it) is rebuilt here, from
// the linker's own record of who reads what, because the splitter's attribution cannot be trusted:
// LLVM merges constants and references them with offsets, and the splitter once zeroed bytes the
// main module reads (a ClusterIP printed as "10.100.32" instead of "10.100.32.65").
//
//   1. MAIN gets wasm-bindgen's data section back, byte for byte (BINDGEN.wasm);
//   2. from LINKED.wasm (the app as lld linked it, with --emit-relocs: a symbol table and the
//      relocations of code and data), the bytes MAIN's functions can reach: every data symbol a
//      relocation in one of MAIN's functions names, whole, closed over the relocations inside
//      the data (vtables, tables of strings);
//   3. in MAIN, a byte is zeroed only if MAIN cannot reach it AND a split-off module writes that
//      same byte at that address when it is instantiated. Until then only MAIN's code runs;
//      afterwards memory holds every original byte. Zeros compress to nothing (and wasm-opt's
//      memory packing drops them).
//
// Anything unexpected (a split-off byte that differs from the original, sections that do not
// match) stops the build: better no release than one that reads zeros.
import { readFileSync, writeFileSync } from 'node:fs';

const [mainPath, bindgenPath, linkedPath, ...lazyPaths] = process.argv.slice(2);
if (!mainPath || !bindgenPath || !linkedPath) {
  throw new Error('usage: wasm-main-data.mjs MAIN.wasm BINDGEN.wasm LINKED.wasm LAZY.wasm...');
}
const DATA = 11;
const DATA_COUNT = 12;
const CODE = 10;
const IMPORT = 2;

/** A cursor over a module's bytes: LEB128 and names. */
function cursor(bytes, at = 0) {
  const c = { at };
  c.u = () => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const b = bytes[c.at++];
      value += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return value;
    }
  };
  c.s = () => {
    let value = 0;
    let shift = 0;
    let b;
    do {
      b = bytes[c.at++];
      value += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80);
    return b & 0x40 ? value - 2 ** shift : value;
  };
  c.name = () => {
    const len = c.u();
    const text = bytes.subarray(c.at, c.at + len).toString();
    c.at += len;
    return text;
  };
  return c;
}

/** The module's sections: id, custom name, [start, end) of the whole section and of its payload. */
function sections(bytes) {
  const out = [];
  const c = cursor(bytes, 8);
  while (c.at < bytes.length) {
    const start = c.at;
    const id = bytes[c.at++];
    const size = c.u();
    const payload = c.at;
    const name = id === 0 ? c.name() : '';
    out.push({ id, name, start, end: payload + size, payload, body: c.at });
    c.at = payload + size;
  }
  return out;
}

/** Function index → name, and the number of imported functions (bodies start after them). */
function functionNames(bytes, secs) {
  let imported = 0;
  const names = new Map();
  for (const s of secs) {
    const c = cursor(bytes, s.payload);
    if (s.id === IMPORT) {
      for (let n = c.u(); n > 0; n--) {
        c.name();
        c.name();
        const kind = bytes[c.at++];
        if (kind === 0) {
          c.u();
          imported++;
        } else if (kind === 1) {
          c.at++;
          if (bytes[c.at++] & 1) c.u();
          c.u();
        } else if (kind === 2) {
          if (bytes[c.at++] & 1) c.u();
          c.u();
        } else if (kind === 3) {
          c.at += 2;
        } else {
          c.at++;
          c.u();
        }
      }
    } else if (s.id === 0 && s.name === 'name') {
      c.at = s.body;
      while (c.at < s.end) {
        const sub = bytes[c.at++];
        const end = c.u() + c.at;
        if (sub === 1) {
          for (let n = c.u(); n > 0; n--) {
            const index = c.u();
            names.set(index, c.name());
          }
        }
        c.at = end;
      }
    }
  }
  return { imported, names };
}

/** Active data segments: memory address, and where their bytes are in the module. */
function dataSegments(bytes, section) {
  const out = [];
  const c = cursor(bytes, section.payload);
  for (let n = c.u(); n > 0; n--) {
    const flags = c.u();
    if (flags === 2) c.u();
    let address = -1;
    if (flags !== 1) {
      if (bytes[c.at++] !== 0x41) throw new Error('a data segment whose offset is not i32.const');
      address = c.s();
      if (bytes[c.at++] !== 0x0b) throw new Error('a data segment offset longer than one instruction');
    }
    const size = c.u();
    out.push({ address, at: c.at, size });
    c.at += size;
  }
  return out;
}

const main = readFileSync(mainPath);
const bindgen = readFileSync(bindgenPath);
const linked = readFileSync(linkedPath);

// 1. wasm-bindgen's data section (and data count) back into MAIN.
const kept = new Map(
  sections(bindgen)
    .filter(({ id }) => id === DATA || id === DATA_COUNT)
    .map(({ id, start, end }) => [id, bindgen.subarray(start, end)]),
);
const parts = [main.subarray(0, 8)];
const seen = new Set();
for (const { id, start, end } of sections(main)) {
  parts.push(kept.has(id) ? kept.get(id) : main.subarray(start, end));
  if (kept.has(id)) seen.add(id);
}
if (!seen.has(DATA) || seen.size !== kept.size) {
  throw new Error(`${mainPath}: its data sections do not match ${bindgenPath}'s; wasm-split-cli changed its output`);
}
const out = Buffer.concat(parts);

// 2. What MAIN's functions reach, from LINKED's symbols and relocations.
const lsecs = sections(linked);
const section = (pred, what) => {
  const s = lsecs.find(pred);
  if (!s) throw new Error(`${linkedPath} has no ${what}: was it linked with --emit-relocs?`);
  return s;
};
const linkedData = section((s) => s.id === DATA, 'data section');
const segments = dataSegments(linked, linkedData);
const original = new Map(); // address → byte, for the checks below
const memoryEnd = Math.max(...segments.map((s) => s.address + s.size));
const reach = new Uint8Array(memoryEnd);

const symbols = [];
{
  const linking = section((s) => s.name === 'linking', 'linking section');
  const c = cursor(linked, linking.body);
  c.u(); // version
  while (c.at < linking.end) {
    const type = linked[c.at++];
    const end = c.u() + c.at;
    if (type === 8) {
      for (let n = c.u(); n > 0; n--) {
        const kind = linked[c.at++];
        const flags = c.u();
        const defined = !(flags & 0x10);
        if (kind === 1) {
          c.name();
          if (defined) {
            const segment = segments[c.u()];
            const offset = c.u();
            symbols.push({ start: segment.address + offset, size: c.u() });
          } else {
            symbols.push({});
          }
        } else if (kind === 3) {
          c.u();
          symbols.push({});
        } else {
          c.u();
          if (defined || flags & 0x40) c.name();
          symbols.push({});
        }
      }
    }
    c.at = end;
  }
}

// Relocation types with an addend, and those that name a data symbol (the wasm tool
// conventions' Linking.md).
const WITH_ADDEND = new Set([3, 4, 5, 8, 9, 11, 14, 15, 16, 17, 21, 22, 23, 25]);
const MEMORY = new Set([3, 4, 5, 11, 14, 15, 16, 17, 21, 23, 25]);
function relocations(name) {
  const s = section((x) => x.name === name, name);
  const c = cursor(linked, s.body);
  c.u(); // the section they apply to
  const list = [];
  for (let n = c.u(); n > 0; n--) {
    const type = linked[c.at++];
    const offset = c.u();
    const index = c.u();
    const addend = WITH_ADDEND.has(type) ? c.s() : 0;
    if (MEMORY.has(type)) list.push({ offset, symbol: symbols[index], addend });
  }
  return list;
}

const pending = [];
function touch(symbol, addend) {
  if (symbol?.start === undefined) return;
  const end = symbol.start + Math.max(symbol.size, addend + 1);
  for (let a = symbol.start; a < end && a < memoryEnd; a++) {
    if (!reach[a]) {
      reach[a] = 1;
      pending.push(a);
    }
  }
}

// Code: MAIN's functions are known by name (wasm-bindgen keeps the names; its own shims touch no data).
const mainNames = new Set(functionNames(main, sections(main)).names.values());
{
  const { imported, names } = functionNames(linked, lsecs);
  const code = section((s) => s.id === CODE, 'code section');
  const c = cursor(linked, code.payload);
  const bodies = [];
  for (let n = c.u(), i = 0; i < n; i++) {
    const size = c.u();
    const start = c.at - code.payload;
    bodies.push({ start, end: start + size, inMain: mainNames.has(names.get(imported + i)) });
    c.at += size;
  }
  if (bodies.filter((b) => b.inMain).length < mainNames.size / 2) {
    throw new Error('most of the main module\'s functions are not in the linked module: names changed?');
  }
  let b = 0;
  for (const r of relocations('reloc.CODE')) {
    while (b < bodies.length && bodies[b].end <= r.offset) b++;
    if (b < bodies.length && bodies[b].inMain) touch(r.symbol, r.addend);
  }
}
// Data: a reached byte that holds an address reaches that address's symbol too.
{
  const byAddress = new Map();
  for (const r of relocations('reloc.DATA')) {
    const s = segments.find((x) => r.offset >= x.at - linkedData.payload && r.offset < x.at - linkedData.payload + x.size);
    if (!s) continue;
    const address = s.address + r.offset - (s.at - linkedData.payload);
    if (!byAddress.has(address)) byAddress.set(address, []);
    byAddress.get(address).push(r);
  }
  while (pending.length) {
    for (const r of byAddress.get(pending.pop()) ?? []) touch(r.symbol, r.addend);
  }
}

// 3. Zero what MAIN cannot reach and a split-off module brings back, identical.
for (const s of segments) {
  for (let i = 0; i < s.size; i++) original.set(s.address + i, linked[s.at + i]);
}
const restored = new Uint8Array(memoryEnd);
for (const path of lazyPaths) {
  const bytes = readFileSync(path);
  const data = sections(bytes).find((s) => s.id === DATA);
  if (!data) continue;
  for (const s of dataSegments(bytes, data)) {
    for (let i = 0; i < s.size; i++) {
      const address = s.address + i;
      if (original.get(address) !== bytes[s.at + i]) {
        throw new Error(`${path} writes another byte than the original at ${address}`);
      }
      restored[address] = 1;
    }
  }
}
let zeroed = 0;
const mainData = sections(out).find((s) => s.id === DATA);
for (const s of dataSegments(out, mainData)) {
  for (let i = 0; i < s.size; i++) {
    const address = s.address + i;
    if (original.get(address) !== out[s.at + i]) {
      throw new Error(`${mainPath}'s data differs from the linked module's at ${address}`);
    }
    if (!reach[address] && restored[address]) {
      out[s.at + i] = 0;
      zeroed++;
    }
  }
}
writeFileSync(mainPath, out);
const total = segments.reduce((n, s) => n + s.size, 0);
console.error(`wasm-main-data: the first load reaches ${reach.reduce((n, x) => n + x, 0)} of ${total} data bytes; ${zeroed} zeroed (the split-off module brings them)`);

/**
 * One event line's values (`[dt, cpu, type, fn, ...]`, already parsed) to a `SimEvent`,
 * checking every field: numbers are finite, CPUs exist, strings are defined, and closed
 * sets (outcome, lock mode, ...) hold only values this build knows. Unknown type codes
 * return null so the caller can count and skip them.
 */
import type {Injection, SimEvent} from '../sim/events.ts';
import {enumBits, enumBitsOf, enumValues, type EnumName} from './enums.ts';
import {fieldLayouts, maxTableChars, maxTableStrings, typeCodes, typeNames} from './format.ts';
import {RecordError} from './record-error.ts';
import {describe, isObject, own} from './shape.ts';

/** The string table: texts by id, and the closed sets each text belongs to. */
export interface StringTable {
	readonly texts: string[];
	readonly bits: number[];
	chars: number;
}

export function createStringTable(): StringTable {
	return {texts: [], bits: [], chars: 0};
}

const bitNames = Object.keys(enumBits) as EnumName[];

/** Values each type needs, `[dt, cpu, type, fn]` included. */
const needed = typeNames.map(type => 4 + fieldLayouts[type].length);

export class EventDecoder {
	/** Line number, for messages; kept up to date by the caller. */
	line = 0;
	/** Absolute time of the latest event line, ns. */
	previousT = 0;
	#type = '';

	constructor(
		readonly table: StringTable,
		/** CPUs of the recorded machine: `cpu` must be -1 or below it. */
		readonly cpus: number,
		/** The table was read ahead (replay): definitions must match it instead of extending it. */
		readonly preloaded = false,
	) {}

	/** Handles `["s", id, "text"]`. */
	define(values: readonly unknown[]): void {
		const [, id, text] = values;
		const {table} = this;
		if (typeof text !== 'string') this.#fail(`string definition: expected a string as the third item, got ${describe(text)}`);
		if (this.preloaded) {
			if (typeof id === 'number' && table.texts[id] === text) return;
			this.#fail(`string definition ${describe(id)} differs from the one read before`);
		}
		if (id !== table.texts.length) this.#fail(`string definition: expected id ${table.texts.length} (ids count up from 0), got ${describe(id)}`);
		if (table.texts.length >= maxTableStrings || table.chars + text.length > maxTableChars) {
			this.#fail(`the string table grows past ${maxTableStrings} strings or ${maxTableChars / 1024 / 1024} Mi characters`);
		}
		table.texts.push(text);
		table.bits.push(enumBitsOf(text));
		table.chars += text.length;
	}

	/** The event of one line, or null for a type code this build does not know. */
	decode(v: ArrayLike<unknown>, n: number): SimEvent | null {
		if (n < 4) this.#fail(`an event line needs at least [dt, cpu, type, fn], got ${n} values`);
		const dt = v[0];
		if (typeof dt !== 'number' || !Number.isSafeInteger(dt) || dt < 0) this.#fail(`time delta: expected a whole number of ns of at least 0 (time never goes backwards), got ${describe(dt)}`);
		const t = this.previousT + dt;
		if (!Number.isSafeInteger(t)) this.#fail(`time ${t} ns is past the largest exact integer`);
		this.previousT = t;
		const code = v[2];
		if (typeof code !== 'number' || !Number.isSafeInteger(code) || code < 0) this.#fail(`type: expected a type code (a whole number), got ${describe(code)}`);
		if (code >= typeNames.length) return null;
		this.#type = typeNames[code]!;
		if (n < needed[code]!) this.#fail(`${this.#type} needs ${needed[code]} values, got ${n}`);
		const cpu = v[1];
		if (typeof cpu !== 'number' || !Number.isSafeInteger(cpu) || cpu < -1 || cpu >= this.cpus) {
			this.#fail(`${this.#type} cpu: expected -1 to ${this.cpus - 1}, got ${describe(cpu)}`);
		}
		const fn = this.#str(v[3], 'fn', 0);
		switch (code) {
			case typeCodes['fault-start']:
				return {type: 'fault-start', t, cpu, fn, mm: this.#num(v[4], 'mm'), addr: this.#num(v[5], 'addr'), write: this.#bool(v[6], 'write')};
			case typeCodes['fault-end']:
				return {
					type: 'fault-end', t, cpu, fn,
					mm: this.#num(v[4], 'mm'),
					addr: this.#num(v[5], 'addr'),
					outcome: this.#str(v[6], 'outcome', enumBits.outcome) as 'ok',
					path: this.#str(v[7], 'path', enumBits.path) as 'classic',
					kind: this.#str(v[8], 'kind', enumBits.kind) as 'anon',
					latencyNs: this.#num(v[9], 'latencyNs'),
				};
			case typeCodes['spec-abort']:
				return {type: 'spec-abort', t, cpu, fn, addr: this.#num(v[4], 'addr'), reason: this.#str(v[5], 'reason', 0)};
			case typeCodes['lock-contend']:
				return {type: 'lock-contend', t, cpu, fn, lock: this.#str(v[4], 'lock', 0), mode: this.#str(v[5], 'mode', enumBits.mode) as 'read'};
			case typeCodes['lock-acquire']:
				return {type: 'lock-acquire', t, cpu, fn, lock: this.#str(v[4], 'lock', 0), mode: this.#str(v[5], 'mode', enumBits.mode) as 'read', waitNs: this.#num(v[6], 'waitNs')};
			case typeCodes['ptl-acquire']:
				return {type: 'ptl-acquire', t, cpu, fn, lock: this.#str(v[4], 'lock', 0), mode: this.#str(v[5], 'mode', enumBits.ptlMode) as 'spin', waitNs: this.#num(v[6], 'waitNs')};
			case typeCodes['lock-release']:
				return {type: 'lock-release', t, cpu, fn, lock: this.#str(v[4], 'lock', 0), mode: this.#str(v[5], 'mode', enumBits.mode) as 'read', holdNs: this.#num(v[6], 'holdNs')};
			case typeCodes['vma-alloc']:
				return {type: 'vma-alloc', t, cpu, fn, mm: this.#num(v[4], 'mm'), vma: this.#num(v[5], 'vma'), start: this.#num(v[6], 'start'), end: this.#num(v[7], 'end'), flags: this.#str(v[8], 'flags', 0)};
			case typeCodes['vma-adjust']:
				return {type: 'vma-adjust', t, cpu, fn, mm: this.#num(v[4], 'mm'), vma: this.#num(v[5], 'vma'), start: this.#num(v[6], 'start'), end: this.#num(v[7], 'end')};
			case typeCodes.step:
				return {type: 'step', t, cpu, fn, step: this.#str(v[4], 'step', enumBits.step) as 'pte-set', vma: this.#num(v[5], 'vma'), addr: this.#num(v[6], 'addr')};
			case typeCodes['vma-free']:
				return {type: 'vma-free', t, cpu, fn, mm: this.#num(v[4], 'mm'), vma: this.#num(v[5], 'vma'), deferredBy: this.#str(v[6], 'deferredBy', enumBits.deferral) as 'none', deferredNs: this.#num(v[7], 'deferredNs')};
			case typeCodes['pgtable-free']:
				return {type: 'pgtable-free', t, cpu, fn, mm: this.#num(v[4], 'mm'), addr: this.#num(v[5], 'addr'), deferredBy: this.#str(v[6], 'deferredBy', enumBits.deferral) as 'none', deferredNs: this.#num(v[7], 'deferredNs')};
			case typeCodes['writer-begin']:
				return {type: 'writer-begin', t, cpu, fn, op: this.#str(v[4], 'op', enumBits.op) as 'mmap', mm: this.#num(v[5], 'mm'), vma: this.#num(v[6], 'vma'), start: this.#num(v[7], 'start'), end: this.#num(v[8], 'end')};
			case typeCodes['writer-end']:
				return {type: 'writer-end', t, cpu, fn, op: this.#str(v[4], 'op', enumBits.op) as 'mmap', mm: this.#num(v[5], 'mm'), vma: this.#num(v[6], 'vma'), flags: this.#str(v[7], 'flags', 0), latencyNs: this.#num(v[8], 'latencyNs')};
			case typeCodes['tlb-shootdown']:
				return {type: 'tlb-shootdown', t, cpu, fn, mm: this.#num(v[4], 'mm'), targets: this.#num(v[5], 'targets'), latencyNs: this.#num(v[6], 'latencyNs')};
			case typeCodes['rcu-gp']:
				return {type: 'rcu-gp', t, cpu, fn, flavour: this.#str(v[4], 'flavour', enumBits.flavour) as 'rcu', gpNs: this.#num(v[5], 'gpNs'), callbacks: this.#num(v[6], 'callbacks')};
			case typeCodes.inject:
				return {type: 'inject', t, cpu, fn, injection: this.#injection(v[4])};
			default:
				return {type: 'violation', t, cpu, fn, kind: this.#str(v[4], 'kind', enumBits.violation) as 'bad-unlock', cpus: this.#cpuList(v[5]), addr: this.#num(v[6], 'addr'), detail: this.#str(v[7], 'detail', 0)};
		}
	}

	/**
	 * `decode` for a line the fast path parsed: every value is an integer already, so only
	 * ranges, string ids and closed sets are checked. Same events, same errors.
	 */
	decodeIntegers(v: Float64Array, n: number): SimEvent | null {
		const dt = v[0]!;
		if (dt < 0) this.#fail(`time delta: expected a whole number of ns of at least 0 (time never goes backwards), got ${dt}`);
		const t = this.previousT + dt;
		if (t > Number.MAX_SAFE_INTEGER) this.#fail(`time ${t} ns is past the largest exact integer`);
		this.previousT = t;
		const code = v[2]!;
		if (code < 0) this.#fail(`type: expected a type code (a whole number), got ${code}`);
		if (code >= typeNames.length) return null;
		this.#type = typeNames[code]!;
		if (n < needed[code]!) this.#fail(`${this.#type} needs ${needed[code]} values, got ${n}`);
		const cpu = v[1]!;
		if (cpu < -1 || cpu >= this.cpus) this.#fail(`${this.#type} cpu: expected -1 to ${this.cpus - 1}, got ${cpu}`);
		const fn = this.#id(v[3]!, 'fn', 0);
		switch (code) {
			case typeCodes['fault-start']:
				return {type: 'fault-start', t, cpu, fn, mm: v[4]!, addr: v[5]!, write: this.#bit(v[6]!, 'write')};
			case typeCodes['fault-end']:
				return {
					type: 'fault-end', t, cpu, fn, mm: v[4]!, addr: v[5]!,
					outcome: this.#id(v[6]!, 'outcome', enumBits.outcome) as 'ok',
					path: this.#id(v[7]!, 'path', enumBits.path) as 'classic',
					kind: this.#id(v[8]!, 'kind', enumBits.kind) as 'anon',
					latencyNs: v[9]!,
				};
			case typeCodes['spec-abort']:
				return {type: 'spec-abort', t, cpu, fn, addr: v[4]!, reason: this.#id(v[5]!, 'reason', 0)};
			case typeCodes['lock-contend']:
				return {type: 'lock-contend', t, cpu, fn, lock: this.#id(v[4]!, 'lock', 0), mode: this.#id(v[5]!, 'mode', enumBits.mode) as 'read'};
			case typeCodes['lock-acquire']:
				return {type: 'lock-acquire', t, cpu, fn, lock: this.#id(v[4]!, 'lock', 0), mode: this.#id(v[5]!, 'mode', enumBits.mode) as 'read', waitNs: v[6]!};
			case typeCodes['ptl-acquire']:
				return {type: 'ptl-acquire', t, cpu, fn, lock: this.#id(v[4]!, 'lock', 0), mode: this.#id(v[5]!, 'mode', enumBits.ptlMode) as 'spin', waitNs: v[6]!};
			case typeCodes['lock-release']:
				return {type: 'lock-release', t, cpu, fn, lock: this.#id(v[4]!, 'lock', 0), mode: this.#id(v[5]!, 'mode', enumBits.mode) as 'read', holdNs: v[6]!};
			case typeCodes['vma-alloc']:
				return {type: 'vma-alloc', t, cpu, fn, mm: v[4]!, vma: v[5]!, start: v[6]!, end: v[7]!, flags: this.#id(v[8]!, 'flags', 0)};
			case typeCodes['vma-adjust']:
				return {type: 'vma-adjust', t, cpu, fn, mm: v[4]!, vma: v[5]!, start: v[6]!, end: v[7]!};
			case typeCodes.step:
				return {type: 'step', t, cpu, fn, step: this.#id(v[4]!, 'step', enumBits.step) as 'pte-set', vma: v[5]!, addr: v[6]!};
			case typeCodes['vma-free']:
				return {type: 'vma-free', t, cpu, fn, mm: v[4]!, vma: v[5]!, deferredBy: this.#id(v[6]!, 'deferredBy', enumBits.deferral) as 'none', deferredNs: v[7]!};
			case typeCodes['pgtable-free']:
				return {type: 'pgtable-free', t, cpu, fn, mm: v[4]!, addr: v[5]!, deferredBy: this.#id(v[6]!, 'deferredBy', enumBits.deferral) as 'none', deferredNs: v[7]!};
			case typeCodes['writer-begin']:
				return {type: 'writer-begin', t, cpu, fn, op: this.#id(v[4]!, 'op', enumBits.op) as 'mmap', mm: v[5]!, vma: v[6]!, start: v[7]!, end: v[8]!};
			case typeCodes['writer-end']:
				return {type: 'writer-end', t, cpu, fn, op: this.#id(v[4]!, 'op', enumBits.op) as 'mmap', mm: v[5]!, vma: v[6]!, flags: this.#id(v[7]!, 'flags', 0), latencyNs: v[8]!};
			case typeCodes['tlb-shootdown']:
				return {type: 'tlb-shootdown', t, cpu, fn, mm: v[4]!, targets: v[5]!, latencyNs: v[6]!};
			case typeCodes['rcu-gp']:
				return {type: 'rcu-gp', t, cpu, fn, flavour: this.#id(v[4]!, 'flavour', enumBits.flavour) as 'rcu', gpNs: v[5]!, callbacks: v[6]!};
			default:
				// inject and violation lines hold an object or an array: never integers only.
				return this.decode(v, n);
		}
	}

	#id(x: number, field: string, bit: number): string {
		const {texts, bits} = this.table;
		if (!(x >= 0 && x < texts.length)) this.#fail(`${this.#type} ${field}: string id ${x} is not defined (the table has ${texts.length})`);
		if (bit !== 0 && (bits[x]! & bit) === 0) this.#badEnum(field, texts[x]!, bit);
		return texts[x]!;
	}

	#bit(x: number, field: string): boolean {
		if (x === 0 || x === 1) return x === 1;
		return this.#fail(`${this.#type} ${field}: expected 0 or 1, got ${x}`);
	}

	#badEnum(field: string, text: string, bit: number): never {
		const set = bitNames.find(name => enumBits[name] === bit)!;
		return this.#fail(`${this.#type} ${field}: "${text.slice(0, 40)}" is not known (allowed: ${enumValues(set).join(', ')})`);
	}

	#num(x: unknown, field: string): number {
		if (typeof x === 'number' && Number.isFinite(x)) return x;
		return this.#fail(`${this.#type} ${field}: expected a number, got ${describe(x)}`);
	}

	#bool(x: unknown, field: string): boolean {
		if (x === 0 || x === 1) return x === 1;
		return this.#fail(`${this.#type} ${field}: expected 0 or 1, got ${describe(x)}`);
	}

	/** A string-table id or an inline string; `bit` names the closed set it must be in (0: any). */
	#str(x: unknown, field: string, bit: number): string {
		let text: string;
		let bits: number;
		if (typeof x === 'number') {
			const {texts} = this.table;
			if (!(Number.isSafeInteger(x) && x >= 0 && x < texts.length)) this.#fail(`${this.#type} ${field}: string id ${x} is not defined (the table has ${texts.length})`);
			text = texts[x]!;
			bits = this.table.bits[x]!;
		} else if (typeof x === 'string') {
			text = x;
			bits = enumBitsOf(x);
		} else {
			return this.#fail(`${this.#type} ${field}: expected a string or a string id, got ${describe(x)}`);
		}
		if (bit !== 0 && (bits & bit) === 0) this.#badEnum(field, text, bit);
		return text;
	}

	#cpuList(x: unknown): number[] {
		if (!Array.isArray(x) || x.length > this.cpus + 1) return this.#fail(`violation cpus: expected an array of at most ${this.cpus + 1} CPUs, got ${describe(x)}`);
		return x.map(cpu => {
			if (typeof cpu === 'number' && Number.isSafeInteger(cpu) && cpu >= -1 && cpu < this.cpus) return cpu;
			return this.#fail(`violation cpus: expected CPUs from -1 to ${this.cpus - 1}, got ${describe(cpu)}`);
		});
	}

	#injection(x: unknown): Injection {
		if (!isObject(x)) return this.#fail(`inject: expected an injection object, got ${describe(x)}`);
		const kind = own(x, 'kind');
		const int = (key: string, min: number): number => {
			const value = own(x, key);
			if (typeof value === 'number' && Number.isSafeInteger(value) && value >= min) return value;
			return this.#fail(`inject ${key}: expected a whole number of at least ${min}, got ${describe(value)}`);
		};
		const bool = (key: string): boolean => {
			const value = own(x, key);
			return typeof value === 'boolean' ? value : this.#fail(`inject ${key}: expected true or false, got ${describe(value)}`);
		};
		switch (kind) {
			case 'mmap':
				return {kind, mm: int('mm', 0), size: int('size', 1), file: bool('file'), shared: bool('shared')};
			case 'munmap':
			case 'mprotect':
				return {kind, mm: int('mm', 0), vma: int('vma', 0)};
			case 'fault-storm':
				return {kind, mm: int('mm', 0), vma: int('vma', 0), durationNs: int('durationNs', 1)};
			default:
				return this.#fail(`inject kind: expected mmap, munmap, mprotect or fault-storm, got ${describe(kind)}`);
		}
	}

	#fail(what: string): never {
		throw new RecordError(`line ${this.line}: ${what}`);
	}
}

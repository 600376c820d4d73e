/**
 * Sweep rows as CSV: one column per figure, nested objects flattened with dots
 * (`latencyNs.p99`, `aborts.byReason.no_anon`), each lock class's totals as
 * `locks.<class>.<field>`. Violations are counted (`violations.count`); the violation
 * events themselves are in the JSON and NDJSON rows only.
 */
import type {SweepRow} from './row.ts';

export function sweepCsv(rows: readonly SweepRow[]): string {
	const flat = rows.map(flatten);
	const columns: string[] = [];
	const seen = new Set<string>();
	for (const record of flat) {
		for (const key of record.keys()) {
			if (!seen.has(key)) {
				seen.add(key);
				columns.push(key);
			}
		}
	}
	const lines = [columns.map(quote).join(','), ...flat.map(record => columns.map(c => cell(record.get(c))).join(','))];
	return lines.join('\n') + '\n';
}

function flatten(row: SweepRow): Map<string, string | number | boolean | null> {
	const out = new Map<string, string | number | boolean | null>();
	const walk = (prefix: string, value: unknown): void => {
		if (value === null || typeof value !== 'object') {
			out.set(prefix, value as string | number | boolean | null);
		} else if (prefix === 'locks') {
			for (const lock of value as SweepRow['locks']) {
				const {lockClass, ...totals} = lock;
				walk(`locks.${lockClass}`, totals);
			}
		} else if (prefix === 'violations') {
			out.set('violations.count', (value as SweepRow['violations']).count);
		} else {
			for (const [key, inner] of Object.entries(value)) walk(prefix === '' ? key : `${prefix}.${key}`, inner);
		}
	};
	walk('', row);
	return out;
}

function cell(value: string | number | boolean | null | undefined): string {
	if (value === null || value === undefined) return '';
	return typeof value === 'string' ? quote(value) : String(value);
}

function quote(text: string): string {
	return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

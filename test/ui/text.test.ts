import assert from 'node:assert/strict';
import {test} from 'node:test';
import {headerRow, planColumns, tableRow} from '../../source/ui/text/columns.ts';
import {logTime} from '../../source/ui/text/describe-event.ts';
import {centre, clip, fit, fitEnd} from '../../source/ui/text/fit.ts';
import {compactNs, formatSimTime, hex, size, speedLabel} from '../../source/ui/text/format.ts';
import {bar, sparkline} from '../../source/ui/text/sparkline.ts';

test('fit, fitEnd, clip and centre give exact widths', () => {
	assert.equal(fit('abc', 5), 'abc  ');
	assert.equal(fit('abcdef', 4), 'abc…');
	assert.equal(fitEnd('42', 5), '   42');
	assert.equal(fitEnd('123456', 3), '…56');
	assert.equal(clip('abcdef', 4), 'abc…');
	assert.equal(clip('abc', 4), 'abc');
	assert.equal(clip('abc', 0), '');
	assert.equal(centre('ab', 6), '  ab  ');
});

test('durations, sizes and addresses fit their columns', () => {
	assert.deepEqual([850, 1234, 15_000, 1_200_000, 25_000_000, 3e9, null].map(compactNs), ['850ns', '1.2µs', '15µs', '1.2ms', '25ms', '3.0s', '-']);
	assert.deepEqual([1e3, 5e5, 1e6, 2e6, 1e9].map(speedLabel), ['1 µs/s', '500 µs/s', '1 ms/s', '2 ms/s', '1 s/s']);
	assert.deepEqual([4096, 524_288, 8 * 2 ** 20, 1.5 * 2 ** 20, 2 ** 30].map(size), ['4K', '512K', '8M', '1.5M', '1G']);
	assert.equal(hex(0x7f2a_0000_0000), '7f2a00000000');
	assert.equal(formatSimTime(12_345_678), '12.346 ms');
	assert.equal(logTime(12_345_678), '12.345678');
	assert.equal(logTime(999), '0.000999');
});

test('sparklines are right-aligned, scaled, and blank for zero', () => {
	assert.equal(sparkline([1, 2, 4, 8], 6), '  ▁▂▄█');
	assert.equal(sparkline([0, 8], 2), ' █');
	assert.equal(sparkline([1, 2, 3, 4, 5], 3), '▅▇█');
	assert.equal(sparkline([4], 1, 8), '▄');
	assert.equal(bar(null, 10), ' ');
	assert.equal(bar(10, 10), '█');
	assert.equal(bar(1, 10), '▁');
});

test('the column planner drops the least important columns first and grows the rest', () => {
	const specs = [
		{key: 'a', header: 'A', width: 4},
		{key: 'b', header: 'B', width: 6, drop: 1},
		{key: 'c', header: 'C', width: 6, drop: 2, grow: 10},
		{key: 'd', header: 'D', width: 3, right: true},
	] as const;
	assert.deepEqual(planColumns(specs, 30).map(c => [c.key, c.width]), [['a', 4], ['b', 6], ['c', 14], ['d', 3]]);
	// 4 + 6 + 6 + 3 + 3 gaps = 22: at 20, `c` (highest drop) goes first.
	assert.deepEqual(planColumns(specs, 20).map(c => c.key), ['a', 'b', 'd']);
	assert.deepEqual(planColumns(specs, 9).map(c => c.key), ['a', 'd']);
	const columns = planColumns(specs, 22);
	assert.equal(headerRow(columns), 'A    B      C        D');
	assert.equal(tableRow(columns, {a: 'x', b: 'yy', c: 'zzz', d: '7'}), 'x    yy     zzz      7');
	// The last column is cut (and marked), never padded.
	assert.equal(tableRow(planColumns([{key: 'a', header: 'A', width: 3}, {key: 'b', header: 'B', width: 5}] as const, 9), {a: 'x', b: 'toolongtext'}), 'x   tool…');
});

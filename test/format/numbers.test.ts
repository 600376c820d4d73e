import assert from 'node:assert/strict';
import {test} from 'node:test';
import fc from 'fast-check';
import {exactMs, formatNs, percent, rate, thousands} from '../../source/format/numbers.ts';

test('rates keep 3 significant digits and fit 5 columns; the headless summary puts a space before the unit', () => {
	assert.deepEqual([950, 1249, 12_500, 188_000, 1_640_000, 2.5e9, null].map(r => rate(r)), ['950', '1.25k', '12.5k', '188k', '1.64M', '2.5G', '-']);
	assert.deepEqual([1_234_567, 830_400, 999, 999.7].map(r => rate(r, ' ')), ['1.23 M', '830 k', '999', '1 k']);
});

test('percent takes a share (0..1) everywhere; a share above 0 never prints as 0', () => {
	assert.deepEqual([0, 0.004, 0.496, 1, null].map(s => percent(s)), ['0%', '<1%', '50%', '100%', '-']);
	assert.deepEqual([0.463, 0.0004, 0.001, 0].map(s => percent(s, 1)), ['46.3%', '<0.1%', '0.1%', '0.0%']);
});

test('durations carry a unit', () => {
	assert.deepEqual([999, 1234, 2_000_000, 3e9, null].map(formatNs), ['999 ns', '1.23 µs', '2.000 ms', '3.000 s', '-']);
});

test('a diagram time is in milliseconds to the nanosecond', () => {
	assert.deepEqual([0, 1234, 19_656_789].map(exactMs), ['0.000000 ms', '0.001234 ms', '19.656789 ms']);
});

test('thousands writes counts as toLocaleString en-US does, without loading ICU', () => {
	for (const n of [0, 7, 999, 1000, 12_345, 999_999, 1_000_000, 721_725, -1, -1234, 2 ** 53 - 1, -(2 ** 53 - 1), 0.5, 1234.5678, 1e21, NaN]) {
		assert.equal(thousands(n), n.toLocaleString('en-US'), String(n));
	}
	fc.assert(fc.property(fc.maxSafeInteger(), n => thousands(n) === n.toLocaleString('en-US')), {numRuns: 5000});
});

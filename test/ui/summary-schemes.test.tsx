// The per-scheme summary: one row per scheme however often `s` is pressed, holding the
// latest run, the current one marked; columns left out are named in the title.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {render} from 'ink-testing-library';
import {SummaryPane} from '../../source/ui/components/SummaryPane.tsx';
import {latestPerScheme, summaryTable} from '../../source/ui/components/summary-rows.ts';
import {schemeIds} from '../../source/sim/schemes/index.ts';
import type {SchemeTotals} from '../../source/ui/index.ts';
import {stillFrame} from '../../source/ui/index.ts';
import {plain, realFrame} from './fixtures.ts';

const frame = realFrame(8);

/** `presses` presses of `s` from the first scheme: run i is scheme i mod the list. */
function cycled(presses: number): SchemeTotals[] {
	return Array.from({length: presses + 1}, (_, run) => ({scheme: schemeIds[run % schemeIds.length]!, run, summary: {...frame.summary, simNs: 1_000_000 * (run + 1)}}));
}

test('nine presses of s: one row per scheme, the re-run replacing the first, the current marked', () => {
	const totals = cycled(9);
	const latest = latestPerScheme(totals);
	assert.equal(latest.length, Math.min(schemeIds.length, 10));
	assert.deepEqual(latest.map(t => t.scheme), schemeIds.slice(0, latest.length));
	const table = summaryTable(stillFrame(frame.snapshot, {...frame, schemeTotals: totals, run: 9}), 'schemes', 120, 40);
	const names = table.rows.map(row => row['scheme']!);
	assert.equal(new Set(names.map(name => name.slice(1))).size, names.length, `a scheme listed twice: ${names.join(', ')}`);
	assert.equal(table.hidden, 0);
	const current = schemeIds[9 % schemeIds.length]!;
	assert.deepEqual(names.filter(name => name.startsWith('▶')), [`▶${current}`]);
	// The re-run's numbers, not the first run's.
	assert.equal(table.rows.find(row => row['scheme'] === `▶${current}`)!['simulated'], '10.000 ms');
});

test('the summary pane names the columns it leaves out', () => {
	const {lastFrame, unmount} = render(<SummaryPane frame={{...frame, schemeTotals: cycled(2), run: 2}} kind="schemes" width={52} height={12} focused={false} />);
	const title = plain(lastFrame()!.split('\n')[0]!);
	assert.match(title, /Summary {2}hidden: [a-z0-9/, ]*violations/);
	unmount();
});

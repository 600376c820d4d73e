import assert from 'node:assert/strict';
import {test} from 'node:test';
import {cpuView, gridPerRow} from '../../source/ui/components/cpu-layout.ts';
import {footerHeight, headerHeight, layoutDashboard, minColumns, minRows} from '../../source/ui/components/dashboard-layout.ts';

const input = {cpus: 8, selectedCpu: 0, locks: 8, summaryRows: 3, summaryFocused: false};

test('below 80×24 the layout is the too-small screen', () => {
	assert.deepEqual(layoutDashboard({...input, columns: 40, rows: 12}), {tooSmall: true, columns: 40, rows: 12});
	assert.equal(layoutDashboard({...input, columns: 79, rows: 40}).tooSmall, true);
	assert.equal(layoutDashboard({...input, columns: 120, rows: 23}).tooSmall, true);
	assert.equal(layoutDashboard({...input, columns: minColumns, rows: minRows}).tooSmall, false);
});

test('the panes fill exactly one row less than the terminal, at every size and CPU count', () => {
	for (const columns of [80, 100, 113, 120, 160, 240]) {
		for (const rows of [24, 30, 40, 60]) {
			for (const cpus of [1, 4, 8, 16, 64, 256, 1024]) {
				for (const summaryFocused of [false, true]) {
					const layout = layoutDashboard({...input, columns, rows, cpus, summaryFocused});
					assert.equal(layout.tooSmall, false);
					if (layout.tooSmall) continue;
					const where = `${columns}×${rows}, ${cpus} CPUs`;
					assert.equal(layout.height, rows - 1, where);
					assert.equal(headerHeight + layout.cpus.height + layout.middle.height + layout.bottom.height + footerHeight, rows - 1, where);
					assert.ok(layout.middle.height >= 4 && layout.bottom.height >= 5, where);
					assert.ok(layout.middle.heatmapWidth + layout.middle.summaryWidth + (layout.middle.heatmapWidth && layout.middle.summaryWidth ? 1 : 0) <= columns, where);
					assert.equal(layout.bottom.vmaWidth + 1 + layout.bottom.logWidth, columns, where);
					// The summary is always reachable: beside the heatmap, or in its place when focused.
					if (summaryFocused) assert.ok(layout.middle.summaryWidth > 0, where);
					else assert.ok(layout.middle.heatmapWidth > 0, where);
				}
			}
		}
	}
});

test('CPU panes condense: a pane each, a line each, then a grid', () => {
	assert.equal(cpuView(8, 120, 27).mode, 'panes');
	assert.equal(cpuView(8, 80, 11).mode, 'lines');
	assert.equal(cpuView(64, 120, 27).mode, 'grid');
	const grid = cpuView(256, 120, 27);
	assert.equal(grid.mode, 'grid');
	if (grid.mode === 'grid') {
		// 32 cells of 3 columns after a 5-column label: 256 CPUs in 8 rows.
		assert.equal(grid.perRow, 32);
		assert.equal(grid.rows, 8);
		assert.equal(grid.height, 11);
	}
});

test('a grid that does not fit scrolls to the selected CPU', () => {
	const view = cpuView(1024, 80, 11, 700);
	assert.equal(view.mode, 'grid');
	if (view.mode !== 'grid') return;
	assert.equal(view.perRow, gridPerRow(80));
	assert.equal(view.rows, 8);
	const row = Math.floor(700 / view.perRow);
	assert.ok(row >= view.firstRow && row < view.firstRow + view.rows);
	assert.equal(view.height, 11);
});

test('a focused summary table takes rows from the CPU pane on a small terminal', () => {
	const unfocused = layoutDashboard({...input, columns: 80, rows: 24, summaryRows: 3});
	const focused = layoutDashboard({...input, columns: 80, rows: 24, summaryRows: 3, summaryFocused: true});
	assert.ok(!unfocused.tooSmall && !focused.tooSmall);
	if (unfocused.tooSmall || focused.tooSmall) return;
	assert.equal(unfocused.cpus.mode, 'lines');
	assert.equal(focused.cpus.mode, 'grid');
	// Title, three rules and two lines per row: three rows need 10.
	assert.ok(focused.middle.height >= 10, String(focused.middle.height));
	assert.equal(focused.middle.summaryWidth, 80);
	assert.equal(focused.middle.heatmapWidth, 0);
});

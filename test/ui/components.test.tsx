// Each pane rendered by Ink (ink-testing-library): what a person sees in it.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {Box} from 'ink';
import {render} from 'ink-testing-library';
import {cpuView} from '../../source/ui/components/cpu-layout.ts';
import {CpuPane} from '../../source/ui/components/CpuPane.tsx';
import {EventLog} from '../../source/ui/components/EventLog.tsx';
import {Footer} from '../../source/ui/components/Footer.tsx';
import {Header} from '../../source/ui/components/Header.tsx';
import {HelpOverlay} from '../../source/ui/components/HelpOverlay.tsx';
import {Line} from '../../source/ui/components/Line.tsx';
import {LockHeatmap} from '../../source/ui/components/LockHeatmap.tsx';
import {SummaryPane} from '../../source/ui/components/SummaryPane.tsx';
import {TooSmall} from '../../source/ui/components/TooSmall.tsx';
import {VmaList} from '../../source/ui/components/VmaList.tsx';
import {initialUiState} from '../../source/ui/hooks/ui-state.ts';
import {plain, realFrame} from './fixtures.ts';

const frame = realFrame(8);
const frame64 = realFrame(64);
const lines = (output: string | undefined) => plain(output ?? '').split('\n');

test('Line draws its text in place of the blank Ink measures, and follows changes', () => {
	const {lastFrame, rerender, unmount} = render(
		<Box flexDirection="column">
			<Line text="first line" width={20} />
			<Line text="second" width={20} />
		</Box>,
	);
	assert.deepEqual(lines(lastFrame()), ['first line', 'second']);
	rerender(
		<Box flexDirection="column">
			<Line text="changed" width={20} />
			<Line text="second" width={20} />
		</Box>,
	);
	assert.deepEqual(lines(lastFrame()), ['changed', 'second']);
	unmount();
});

test('CpuPane: one pane per CPU at 8 CPUs, a grid with a legend at 64', () => {
	const eight = render(<CpuPane cpus={frame.snapshot.cpus} view={cpuView(8, 100, 20)} width={100} focused={false} selected={0} windowNs={250_000} />);
	const shown = lines(eight.lastFrame());
	assert.match(shown[0]!, /CPUs {2}8 · one pane each/);
	assert.ok(shown.some(line => /cpu7 +\S/.test(line)));
	assert.ok(shown.some(line => line.includes('flt/s wait')));
	eight.unmount();
	const grid = render(<CpuPane cpus={frame64.snapshot.cpus} view={cpuView(64, 100, 20)} width={100} focused selected={9} windowNs={250_000} />);
	const gridLines = lines(grid.lastFrame());
	assert.match(gridLines[0]!, /CPUs {2}64 · grid/);
	assert.ok(gridLines.some(line => line.startsWith('f fault  s spin')));
	assert.match(gridLines.at(-1)!, /^cpu9 /);
	grid.unmount();
});

test('LockHeatmap: hottest lock first, shaded cells, and a legend with the scale', () => {
	const {lastFrame, rerender, unmount} = render(<LockHeatmap locks={frame.snapshot.locks} cpus={8} axis="cpu" width={80} height={8} focused={false} selected={0} windowNs={250_000} />);
	const shown = lines(lastFrame());
	assert.match(shown[0]!, /Locks {2}locks × CPUs · wait in the last 250µs window/);
	assert.match(shown[2]!, /^mmap_sem +[·░▒▓█ ]+ +[\d.]+[nµm]s$/);
	assert.match(shown.at(-1)!, /^·0 ░<1µs ▒<10µs ▓<100µs █≥100µs wait per CPU in 250µs$/);
	rerender(<LockHeatmap locks={frame.snapshot.locks} cpus={8} axis="time" width={80} height={8} focused={false} selected={0} windowNs={250_000} />);
	assert.match(lines(lastFrame())[0]!, /locks × time/);
	unmount();
});

test('VmaList: the selected VMA is marked, freed ones say so', () => {
	const rows = frame.snapshot.vmas;
	const freed = rows.find(row => !row.live)!;
	// Freed VMAs are listed with `e` (showFreed); folded, one row counts them.
	const {lastFrame, unmount, rerender} = render(<VmaList rows={rows} selected={freed} width={64} height={30} focused showFreed />);
	const shown = lines(lastFrame());
	assert.match(shown[0]!, /VMAs {2}\d+ live, \d+ freed/);
	assert.match(shown[1]!, /VMA +START SIZE KIND +PROT SEQ REFS FAULTS STATE/);
	assert.ok(shown.some(line => new RegExp(`^▶ +#${freed.vma} .* freed`).test(line)));
	assert.ok(shown.some(line => / live$/.test(line)));
	rerender(<VmaList rows={rows} selected={freed} width={64} height={30} focused />);
	const folded = lines(lastFrame());
	assert.ok(!folded.some(line => / freed$/.test(line)));
	assert.ok(folded.some(line => /^ +\d+ freed \(e lists them\)$/.test(line)));
	unmount();
});

test('EventLog: newest last, kernel function names, the filter prompt while typing', () => {
	const {lastFrame, unmount} = render(<EventLog log={frame.log} anchor={null} width={90} height={8} focused editing filterDraft="mmap" paused={false} />);
	const shown = lines(lastFrame());
	assert.match(shown[0]!, /Events {2}\d+ events · newest last/);
	const last = frame.log.events.at(-1)!;
	assert.ok(shown.at(-2)!.includes(last.fn), `${shown.at(-2)} should name ${last.fn}`);
	assert.match(shown.at(-1)!, /^\/mmap█/);
	unmount();
});

test('SummaryPane: an ink-table of lock classes or scheme runs', () => {
	const {lastFrame, rerender, unmount} = render(<SummaryPane frame={frame} kind="locks" width={70} height={12} focused={false} />);
	const shown = lines(lastFrame());
	assert.match(shown[0]!, /Summary {2}(\d+ more rows · )?per lock class, this run/);
	assert.match(shown[1]!, /^┌─+┬/);
	assert.match(shown[2]!, /│ lock +│ wait +│ cpu time │ acquired │ contended │/);
	assert.match(shown[4]!, /│ mmap_sem +│/);
	rerender(<SummaryPane frame={frame} kind="schemes" width={100} height={12} focused />);
	assert.match(lines(lastFrame())[2]!, /│ scheme +│ simulated +│ faults\/s │ spec │ aborts │ p99 +│ violations │/);
	assert.match(lines(lastFrame())[4]!, /│ ▶mmap-sem │ 2\.000 ms/);
	unmount();
});

test('Header, Footer, HelpOverlay and TooSmall', () => {
	const header = render(<Header frame={{...frame, paused: true}} width={100} />);
	assert.match(lines(header.lastFrame())[0]!, /^‖ +PAUSED +spf-top · mmap-sem/);
	header.unmount();
	const running = render(<Header frame={frame} width={100} />);
	assert.match(lines(running.lastFrame())[0]!, /^[. ]{3} spf-top · mmap-sem/);
	running.unmount();
	const footer = render(<Footer ui={{...initialUiState, focus: 'log'}} frame={frame} width={100} />);
	assert.match(lines(footer.lastFrame())[0]!, /q quit {2}space pause {2}↑↓ scroll {2}\/ filter/);
	footer.unmount();
	const help = render(<HelpOverlay width={100} height={20} />);
	assert.ok(lines(help.lastFrame()).some(line => line.includes('fault storm')));
	help.unmount();
	const small = render(<TooSmall columns={40} rows={12} />);
	assert.deepEqual(lines(small.lastFrame()).slice(0, 2), ['terminal too small: need 80×24', 'this one is 40×12']);
	small.unmount();
});

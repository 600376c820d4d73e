import {Box, useApp, useStdin, useStdout} from 'ink';
import {useCallback, useEffect, useMemo, useReducer, useRef, useState} from 'react';
import type {VmaRow} from '../../stream/index.ts';
import {defaultVma, followLock, followVma, lockRow} from '../hooks/follow-selection.ts';
import type {DashboardCommands} from '../hooks/use-dashboard-keys.ts';
import {useDashboardKeys} from '../hooks/use-dashboard-keys.ts';
import type {FrameStore} from '../hooks/use-frame.ts';
import {useFrame} from '../hooks/use-frame.ts';
import type {TerminalSize} from '../hooks/use-terminal-size.ts';
import {useTerminalSize} from '../hooks/use-terminal-size.ts';
import type {VmaKey} from '../hooks/ui-state.ts';
import {initialUiState, uiReducer} from '../hooks/ui-state.ts';
import {suspendToShell} from '../hooks/suspend.ts';
import {cpusPerRow} from './cpu-layout.ts';
import {CpuPane} from './CpuPane.tsx';
import {layoutDashboard} from './dashboard-layout.ts';
import {EventLog} from './EventLog.tsx';
import {Footer} from './Footer.tsx';
import {Header} from './Header.tsx';
import {helpPages} from './help-lines.ts';
import {HelpOverlay} from './HelpOverlay.tsx';
import {LockHeatmap} from './LockHeatmap.tsx';
import {latestPerScheme} from './summary-rows.ts';
import {SummaryPane} from './SummaryPane.tsx';
import {TooSmall} from './TooSmall.tsx';
import {violationExtent} from './violation-lines.ts';
import {ViolationOverlay} from './ViolationOverlay.tsx';
import {shownVmas} from './vma-lines.ts';
import {VmaList} from './VmaList.tsx';
import type {LogWindow} from '../session/log-view.ts';

export interface DashboardProps {
	/** Frames to draw and the commands keys call: a `DashboardSession`. */
	readonly session: FrameStore & DashboardCommands;
	/**
	 * A fixed size instead of the terminal's (tests and the benchmark).
	 *
	 * @default the size of Ink's stdout, followed on resize
	 */
	readonly size?: TerminalSize;
}

/** The selected VMA if it is still listed, else the one the selection is about to move to (a live one). */
export function effectiveVma(rows: readonly VmaRow[], selected: VmaKey | null): VmaRow | null {
	const found = selected === null ? undefined : rows.find(row => row.mm === selected.mm && row.vma === selected.vma);
	return found ?? defaultVma(rows) ?? null;
}

/** The live dashboard: header, CPUs, locks and summary, VMAs and events, footer. */
export function Dashboard({session, size: fixedSize}: DashboardProps) {
	const {stdout} = useStdout();
	const terminalSize = useTerminalSize(stdout);
	const {columns, rows} = fixedSize ?? terminalSize;
	const frame = useFrame(session);
	const [ui, dispatch] = useReducer(uiReducer, initialUiState);
	const {exit} = useApp();
	const {stdin} = useStdin();
	// After `fg` the screen is blank: one empty frame, then the whole frame is drawn again
	// (Ink writes only frames that differ from the last).
	const [blank, setBlank] = useState(false);
	useEffect(() => {
		if (blank) setBlank(false);
	}, [blank]);
	const suspend = useCallback(() => suspendToShell({stdin, stdout}, () => setBlank(true)), [stdin, stdout]);
	const {snapshot} = frame;
	const vmaRows = useMemo(() => shownVmas(snapshot.vmas, ui.showFreed), [snapshot.vmas, ui.showFreed]);
	const selectedVma = effectiveVma(vmaRows, ui.vma);
	// Keep each selection on its object as rows come, go and re-sort (the VMA marked is the
	// one `u`, `p` and `f` act on); one whose object went moves to a neighbour, and says so.
	useEffect(() => {
		const vma = followVma(snapshot, vmaRows, ui);
		if (vma) dispatch(vma);
		const lock = followLock(snapshot.locks, ui);
		if (lock) dispatch(lock);
	});
	useEffect(() => {
		if (ui.note === null) return;
		const timer = setTimeout(() => dispatch({type: 'clear-note'}), 5000);
		return () => clearTimeout(timer);
	}, [ui.note]);
	// Scrolled back, the log shows the events it held then, however fast new ones come.
	const frozenLog = useRef<LogWindow | null>(null);
	if (ui.logAnchor === null || frozenLog.current?.filter !== frame.log.filter) frozenLog.current = ui.logAnchor === null ? null : frame.log;
	const log = frozenLog.current ?? frame.log;
	const layout = layoutDashboard({
		columns,
		rows,
		cpus: snapshot.cpus.length,
		selectedCpu: ui.cpu,
		locks: snapshot.locks.length,
		summaryRows: ui.table === 'locks' ? frame.summary.locks.length : latestPerScheme(frame.schemeTotals).length,
		summaryFocused: ui.focus === 'summary',
	});
	const page = layout.tooSmall ? 1 : Math.max(1, layout.bottom.height - 2);
	// A recording still being written holds this run: `spf-top explain FILE` draws its race again.
	const recordingFile = frame.recording === null || frame.recording.stopped || !/\.ndjson(\.gz)?$/.test(frame.recording.file) ? null : frame.recording.file;
	useDashboardKeys({
		commands: session,
		ui,
		dispatch,
		move: {
			cpus: snapshot.cpus.length,
			cpusPerRow: layout.tooSmall ? 1 : cpusPerRow(layout.cpus),
			locks: snapshot.locks.map(lock => lock.id),
			vmas: vmaRows,
			page,
			logTotal: log.total,
			logHeld: log.events.length,
			helpPages: layout.tooSmall ? 1 : helpPages(layout.width, layout.body, frame.replay !== null),
			violation: layout.tooSmall || !ui.violation ? undefined : violationExtent(frame.violation, layout.width, layout.body, recordingFile),
		},
		target: selectedVma,
		quit: exit,
		suspend,
		replay: frame.replay !== null,
		injectedMmaps: snapshot.injectedVma.count,
		hasViolation: frame.violation !== null,
	});
	// The summary pane reads only what changes twice a second, so most frames skip it.
	const totals = useMemo(() => ({summary: frame.summary, schemeTotals: frame.schemeTotals, seed: frame.seed, run: frame.run}), [frame.summary, frame.schemeTotals, frame.seed, frame.run]);

	if (blank) return <Box height={1} />;
	if (layout.tooSmall) return <TooSmall columns={columns} rows={rows} />;
	const {width, middle, bottom} = layout;
	return (
		<Box flexDirection="column" width={width} height={layout.height}>
			<Header frame={frame} width={width} />
			{ui.help ? (
				<HelpOverlay width={width} height={layout.body} replay={frame.replay !== null} page={ui.helpPage} />
			) : ui.violation ? (
				<ViolationOverlay view={frame.violation} width={width} height={layout.body} scroll={ui.violationScroll} recording={recordingFile} />
			) : (
				<>
					<CpuPane cpus={snapshot.cpus} view={layout.cpus} width={width} focused={ui.focus === 'cpus'} selected={Math.min(ui.cpu, snapshot.cpus.length - 1)} windowNs={frame.windowNs} />
					<Box height={middle.height} flexShrink={0}>
						{middle.heatmapWidth > 0 && (
							<LockHeatmap
								locks={snapshot.locks}
								cpus={snapshot.cpus.length}
								axis={ui.heatAxis}
								width={middle.heatmapWidth}
								height={middle.height}
								focused={ui.focus === 'locks'}
								selected={lockRow(snapshot.locks, ui)}
								windowNs={frame.windowNs}
							/>
						)}
						{middle.heatmapWidth > 0 && middle.summaryWidth > 0 && <Box width={1} flexShrink={0} />}
						{middle.summaryWidth > 0 && <SummaryPane frame={totals} kind={ui.table} width={middle.summaryWidth} height={middle.height} focused={ui.focus === 'summary'} />}
					</Box>
					<Box height={bottom.height} flexShrink={0}>
						<VmaList
							rows={snapshot.vmas}
							selected={selectedVma}
							width={bottom.vmaWidth}
							height={bottom.height}
							focused={ui.focus === 'vmas'}
							showFreed={ui.showFreed}
							nowNs={snapshot.timeNs}
							multiProcess={snapshot.mms.length > 1}
						/>
						<Box width={1} flexShrink={0} />
						<EventLog
							log={log}
							newest={frame.log.total}
							multiProcess={snapshot.mms.length > 1}
							anchor={ui.logAnchor}
							width={bottom.logWidth}
							height={bottom.height}
							focused={ui.focus === 'log'}
							paused={frame.paused}
							editing={ui.editing}
							filterDraft={ui.filter}
						/>
					</Box>
				</>
			)}
			<Footer ui={ui} frame={frame} width={width} />
		</Box>
	);
}

import {Table} from '@alcalzone/ink-table';
import {Box} from 'ink';
import {memo} from 'react';
import type {Frame} from '../session/frame.ts';
import {clip, joinFitting} from '../text/fit.ts';
import {paint} from '../text/paint.ts';
import {Line} from './Line.tsx';
import {paneTitle} from './pane-title.ts';
import {summaryTable} from './summary-rows.ts';
import {TableCell, TableHeader, TableSkeleton} from './TableParts.tsx';

export interface SummaryPaneProps {
	/** Only `summary`, `schemeTotals`, `seed` and `run` are read: they change twice a second at most. */
	readonly frame: Pick<Frame, 'summary' | 'schemeTotals' | 'seed' | 'run'>;
	readonly kind: 'locks' | 'schemes';
	readonly width: number;
	readonly height: number;
	readonly focused: boolean;
}

/** Run totals in a table: per lock class, or per scheme run (`t` switches). */
export const SummaryPane = memo(function SummaryPane({frame, kind, width, height, focused}: SummaryPaneProps) {
	const table = summaryTable(frame as Frame, kind, width, height);
	// The counts of what is not shown come before the title's words, which may be cut.
	const hidden = [table.hidden > 0 ? `${table.hidden} more rows` : '', table.hiddenColumns.length > 0 ? `hidden: ${table.hiddenColumns.join(', ')}` : ''].filter(Boolean);
	const info = joinFitting([...hidden, table.title, `t: ${kind === 'locks' ? 'per scheme' : 'per lock'}`], width - 'Summary'.length - 4, ' · ').text;
	return (
		<Box flexDirection="column" width={width} height={height} flexShrink={0}>
			<Line text={paneTitle('Summary', info, width, focused)} width={width} />
			{table.rows.length > 0 ? (
				<Table data={[...table.rows]} columns={[...table.columns]} cell={TableCell} header={TableHeader} skeleton={TableSkeleton} />
			) : (
				<Line text={paint.dim(clip(table.hidden > 0 ? ' no room for a row: a taller terminal shows them' : ' nothing yet', width))} width={width} />
			)}
		</Box>
	);
});

import {memo} from 'react';
import {cpuLines, type CpuLinesInput} from './cpu-lines.ts';
import {Lines} from './Lines.tsx';

/** The CPU pane's props are exactly what its lines are built from. */
export type CpuPaneProps = CpuLinesInput;

/** Every CPU: state now, rates, latency, lock-wait share and recent faults/s. */
export const CpuPane = memo(function CpuPane(props: CpuPaneProps) {
	return <Lines lines={cpuLines(props)} width={props.width} height={props.view.height} />;
});

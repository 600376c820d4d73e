import React, {memo} from 'react';
import type {CpuSnapshot} from '../../stream/index.ts';
import type {CpuView} from './cpu-layout.ts';
import {cpuLines} from './cpu-lines.ts';
import {Lines} from './Lines.tsx';

export interface CpuPaneProps {
	readonly cpus: readonly CpuSnapshot[];
	/** From `cpuView`: panes, lines or grid. */
	readonly view: CpuView;
	readonly width: number;
	readonly focused: boolean;
	readonly selected: number;
}

/** Every CPU: state now, rates, latency, lock-wait share and recent faults/s. */
export const CpuPane = memo(function CpuPane(props: CpuPaneProps) {
	return <Lines lines={cpuLines(props)} width={props.width} height={props.view.height} />;
});

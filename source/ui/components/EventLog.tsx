import React, {memo} from 'react';
import type {LogWindow} from '../session/log-view.ts';
import {Lines} from './Lines.tsx';
import {logLines} from './log-lines.ts';

export interface EventLogProps {
	readonly log: LogWindow;
	/** The bottom line's index in the log's count; null follows the newest. */
	readonly anchor: number | null;
	readonly width: number;
	readonly height: number;
	readonly focused: boolean;
	readonly paused: boolean;
	readonly editing: boolean;
	readonly filterDraft: string;
}

/** The latest events, newest last, in kernel words; filtered with `/`. */
export const EventLog = memo(function EventLog(props: EventLogProps) {
	return <Lines lines={logLines(props)} width={props.width} height={props.height} />;
});
